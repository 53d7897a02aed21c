"""`athar link`: records → features → model → scored pairs → persons, end to end.

The run reads the current records from the store, trains the model on them (human decisions are
labels once there are some), scores candidate pairs, adds the identifier rules, clusters under
the constraints, and writes the run, its links and the persons back through the store. Human
decisions win: a pair called the same is merged first, a pair called different is never merged.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from athar.config import settings as app_settings
from athar.link.cluster import RecordFacts, cluster
from athar.link.features import feature_table
from athar.link.model import Model, add_block_columns, predict_explained, train
from athar.link.rules import identifier_edges
from athar.records import Record
from athar.store import LinkIn, Store

#: Record columns linkage reads, and the names the features expect for them.
_READ = {
    "pk": "pk",
    "source_kind": "source_kind",
    "full_name": "full_name",
    "given_name": "given_name",
    "father_name": "father_name",
    "grandfather_name": "grandfather_name",
    "family_name": "family_name",
    "mother_name": "mother_name",
    "sex_norm": "sex",
    "birth_date_norm": "birth_date",
    "birth_place": "birth_place",
    "birth_place_id": "birth_place_id",
    "governorate_id": "governorate_id",
    "facility_id": "facility_id",
    "detainee_number_norm": "detainee_number",
    "national_id_norm": "national_id",
    "status_norm": "status",
    "event_date_norm": "event_date",
}
DEATH_KINDS = frozenset({"death_record"})


@dataclass
class LinkSummary:
    """What a run did, for the CLI and the run's statistics."""

    run_id: int
    records: int
    scored_pairs: int
    identifier_pairs: int
    links_saved: int
    persons: int
    threshold: float
    refusals: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_stats(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "scored_pairs": self.scored_pairs,
            "identifier_pairs": self.identifier_pairs,
            "links_saved": self.links_saved,
            "persons": self.persons,
            "refusals": self.refusals,
            "seconds": self.seconds,
        }


def feature_rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    """Store record rows renamed to what ``athar.link.features`` reads."""
    table = table.select(list(_READ)).rename_columns(list(_READ.values()))
    for batch in table.to_batches(max_chunksize=50_000):
        yield from batch.to_pylist()


def row_of(pk: int, record: Record) -> dict[str, Any]:
    """One stored ``Record`` as the row ``athar.link.features`` reads."""
    row: dict[str, Any] = dict(record.fields)
    row.update(
        pk=pk,
        sex=record.sex,
        birth_date=record.birth_date,
        birth_place_id=record.birth_place_id,
        governorate_id=record.governorate_id,
        facility_id=record.facility_id,
        detainee_number=record.detainee_number,
        national_id=record.national_id,
        status=record.status,
        event_date=record.event_date,
    )
    return row


def record_facts(features: pa.Table) -> dict[int, RecordFacts]:
    """What the clustering constraints need, per record."""
    cols = features.select(
        [
            "unique_id",
            "sex",
            "given_id",
            "given_skel",
            "father_id",
            "father_skel",
            "given_latin",
            "father_latin",
            "given_alt",
            "father_alt",
            "family_alt",
            "family_id",
            "family_skel",
            "family_latin",
            "national_id",
            "facility_id",
            "detainee_number",
            "source_kind",
            "status",
        ]
    ).to_pydict()
    facts: dict[int, RecordFacts] = {}
    for i, pk in enumerate(cols["unique_id"]):
        fac, num = cols["facility_id"][i], cols["detainee_number"][i]
        gs, fs = cols["given_skel"][i], cols["father_skel"][i]
        facts[pk] = RecordFacts(
            sex=cols["sex"][i],
            given=(
                (cols["given_id"][i], gs, cols["given_latin"][i], cols["given_alt"][i])
                if gs
                else None
            ),
            father=(
                (cols["father_id"][i], fs, cols["father_latin"][i], cols["father_alt"][i])
                if fs
                else None
            ),
            family=(
                (
                    cols["family_id"][i],
                    cols["family_skel"][i],
                    cols["family_latin"][i],
                    cols["family_alt"][i],
                )
                if cols["family_skel"][i]
                else None
            ),
            national_id=cols["national_id"][i],
            facility_number=(fac, num) if fac and num else None,
            is_death=cols["source_kind"][i] in DEATH_KINDS or cols["status"][i] == "deceased",
        )
    return facts


def artifacts_dir() -> Path:
    """Where a run leaves what `athar match` needs: the features and the model."""
    return app_settings().data_dir / "linkage"


@dataclass
class Linkage:
    """The outcome of linking a set of records in memory (before anything is stored)."""

    features: pa.Table
    model: Model
    scored_pairs: int
    identifier_pairs: int
    edges: dict[tuple[int, int], tuple[float, float, str, dict[str, Any]]]
    clusters: list[list[int]]
    refusals: dict[str, int]
    seconds: dict[str, float]


def link_rows(
    rows: Iterable[Mapping[str, Any]],
    threshold: float,
    death_threshold: float,
    *,
    decisions: Iterable[tuple[int, int, bool]] = (),
    progress: Callable[[str], None] | None = None,
) -> Linkage:
    """Link records given as rows (``pk`` plus canonical and normalized fields) into clusters.

    ``decisions`` are human verdicts (a, b, same?): labels for training, and constraints.
    """
    say = progress or (lambda _msg: None)
    decisions = list(decisions)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 2)
        clock = now

    say("computing name features")
    features = add_block_columns(feature_table(rows))
    lap("features")
    say(f"training the model on {features.num_rows:,} records")
    model = train(features, decisions)
    lap("train")
    say("scoring candidate pairs")
    scored = predict_explained(model)
    lap("predict")
    edges: dict[tuple[int, int], tuple[float, float, str, dict[str, Any]]] = {
        (s.a, s.b): (s.probability, s.weight, "model", s.explanation) for s in scored
    }
    n_identifier = 0
    for a, b, p, rule in identifier_edges(features):
        n_identifier += 1
        old = edges.get((a, b))
        explanation = old[3] if old else {}
        edges[(a, b)] = (max(p, old[0] if old else 0.0), _weight(p), rule, explanation)
    say("clustering into persons")
    clustering = cluster(
        features.column("unique_id").to_pylist(),
        ((a, b, v[0]) for (a, b), v in edges.items()),
        record_facts(features),
        threshold,
        death_threshold,
        must_link=[(a, b) for a, b, same in decisions if same],
        cannot_link=[(a, b) for a, b, same in decisions if not same],
    )
    lap("cluster")
    refusals = Counter(r.reason.split(" at ")[0] for r in clustering.refusals)
    return Linkage(
        features,
        model,
        len(scored),
        n_identifier,
        edges,
        clustering.clusters,
        dict(refusals),
        seconds,
    )


def link(
    store: Store,
    threshold: float | None = None,
    *,
    by: str = "athar",
    progress: Callable[[str], None] | None = None,
) -> LinkSummary:
    """Link every current record of the store into persons and store the run."""
    conf = app_settings()
    threshold = conf.link_threshold if threshold is None else threshold
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    say("reading records")
    table = store.records_table(list(_READ))
    decisions = [d for d in store.decisions() if d.verdict in ("same", "different")]
    result = link_rows(
        feature_rows(table),
        threshold,
        conf.death_link_threshold,
        decisions=[(d.a, d.b, d.verdict == "same") for d in decisions],
        progress=say,
    )
    say("saving the run")
    saving = time.perf_counter()
    run_id = store.save_link_run(threshold, settings={"model": result.model.settings_json()})
    links = [
        LinkIn(a, b, p, w, rule, explanation)
        for (a, b), (p, w, rule, explanation) in result.edges.items()
        if p >= conf.review_low
    ]
    saved = store.save_links(run_id, links)
    persons = store.assign_persons(run_id, result.clusters, by=by)
    save_artifacts(result.features, result.model)
    seconds = dict(result.seconds)
    seconds["save"] = round(time.perf_counter() - saving, 2)
    seconds["total"] = round(time.perf_counter() - started, 2)
    summary = LinkSummary(
        run_id=run_id,
        records=result.features.num_rows,
        scored_pairs=result.scored_pairs,
        identifier_pairs=result.identifier_pairs,
        links_saved=saved,
        persons=len(set(persons.values())),
        threshold=threshold,
        refusals=result.refusals,
        seconds=seconds,
    )
    store.finish_link_run(run_id, summary.as_stats())
    store.log_event("link_run", {"run_id": run_id, **summary.as_stats()}, by)
    return summary


def _weight(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log2(p / (1 - p))


def save_artifacts(features: pa.Table, model: Model, where: Path | None = None) -> Path:
    """Keep the features and the trained model beside the database for `athar match`."""
    where = where or artifacts_dir()
    where.mkdir(parents=True, exist_ok=True)
    pq.write_table(features, where / "features.parquet")
    model.save(where / "model.json")
    return where


def explanation_text(explanation: Mapping[str, Any]) -> list[str]:
    """The per-field explanation of a pair, in words and numbers, strongest first."""
    rows = sorted(explanation.items(), key=lambda kv: -abs(float(kv[1].get("weight", 0.0))))
    out = []
    for field_name, info in rows:
        weight = float(info.get("weight", 0.0))
        sign = "for" if weight > 0 else "against" if weight < 0 else "neutral"
        out.append(f"{info.get('label', field_name)}: {info.get('level')} ({weight:+.2f}, {sign})")
    return out
