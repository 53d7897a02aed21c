"""`athar link`: records → features → model → scored pairs → persons, end to end.

The run reads the current records from the store, trains the model on them (human decisions are
labels once there are some), scores candidate pairs, adds the identifier rules, clusters under
the constraints, and writes the run, its links and the persons back through the store. Human
decisions win: a pair called the same is merged first, a pair called different is never merged.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from athar.config import settings as app_settings
from athar.link import features as feature_module
from athar.link.cluster import NameFacts, RecordFacts, cluster
from athar.link.features import feature_table
from athar.link.labels import DecisionCheck, check_decisions
from athar.link.model import Model, ScoredPairs, add_block_columns, predict_pairs, train
from athar.link.rules import identifier_edges
from athar.records import DEATH_KINDS, Record
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
    "facility": "facility",
    "facility_id": "facility_id",
    "detainee_number_norm": "detainee_number",
    "national_id_norm": "national_id",
    "status_norm": "status",
    "status": "status_text",
    "event_date_norm": "event_date",
    "residence": "residence",
    "residence_id": "residence_id",
    "notes": "notes",
}


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
    #: The run's scores against reviewers' decisions (``athar.link.labels``).
    decisions: DecisionCheck = field(default_factory=DecisionCheck)

    def as_stats(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "scored_pairs": self.scored_pairs,
            "identifier_pairs": self.identifier_pairs,
            "links_saved": self.links_saved,
            "persons": self.persons,
            "refusals": self.refusals,
            "seconds": self.seconds,
            "decisions": self.decisions.as_dict(),
        }


def feature_input(table: pa.Table) -> pa.Table:
    """Store record columns renamed to what ``athar.link.features`` reads."""
    return table.select(list(_READ)).rename_columns(list(_READ.values()))


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
        status_text=record.fields.get("status"),
        event_date=record.event_date,
        residence_id=record.residence_id,
    )
    return row


#: Feature columns the clustering constraints read.
_FACT_COLUMNS = [
    "unique_id",
    "sex",
    "given_id",
    "given_skel",
    "father_id",
    "father_skel",
    "given_latin",
    "father_latin",
    "family_id",
    "family_skel",
    "family_latin",
    "given_alt",
    "father_alt",
    "family_alt",
    "national_id",
    "facility_id",
    "detainee_number",
    "source_kind",
    "status",
    "given_rasm",
    "end_year",
    "arrest_year",
]


def _name(c: Mapping[str, list[Any]], part: str, i: int) -> NameFacts:
    """One name part as the constraints see it (id, skeleton, Latin writing, other reading, and
    for the given name its letters without dots)."""
    rasm = c["given_rasm"][i] if part == "given" else None
    return (
        c[f"{part}_id"][i],
        c[f"{part}_skel"][i],
        c[f"{part}_latin"][i],
        c[f"{part}_alt"][i],
        rasm,
    )


def record_facts(features: pa.Table, only: Iterable[int] | None = None) -> dict[int, RecordFacts]:
    """What the clustering constraints need, per record (``only`` these records, when given:
    the clustering looks only at records in some pair).

    Read a batch of rows at a time, and equal names share one tuple: at a million records,
    Python objects for every value of every record at once took more memory than the features.
    """
    cols = features.select(_FACT_COLUMNS)
    if only is not None:
        wanted = pa.array(sorted(set(only)), pa.int64())
        cols = cols.filter(pc.is_in(cols.column("unique_id"), value_set=wanted))
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        return shared.setdefault(value, value)

    facts: dict[int, RecordFacts] = {}
    for batch in cols.to_batches(max_chunksize=50_000):
        c = batch.to_pydict()
        for i, pk in enumerate(c["unique_id"]):
            fac, num = c["facility_id"][i], c["detainee_number"][i]
            gs, fs, ms = c["given_skel"][i], c["father_skel"][i], c["family_skel"][i]
            death_record = c["source_kind"][i] in DEATH_KINDS
            is_death = death_record or c["status"][i] == "deceased"
            ended = c["end_year"][i]  # the year a release or a death is dated, for lists so dated
            facts[pk] = RecordFacts(
                sex=one(c["sex"][i]),
                given=one(_name(c, "given", i)) if gs else None,
                father=one(_name(c, "father", i)) if fs else None,
                family=one(_name(c, "family", i)) if ms else None,
                national_id=c["national_id"][i],
                facility_number=(fac, num) if fac and num else None,
                is_death=is_death,
                is_death_record=death_record,
                death_year=ended if is_death else None,
                release_year=ended if c["status"][i] == "released" else None,
                arrest_year=c["arrest_year"][i],
            )
    return facts


#: Rows given as dicts are gathered into Arrow tables this many at a time (a dict of a row is
#: a few kilobytes; its columns in Arrow a few hundred bytes).
FEATURE_SLICE = 250_000


def features_of(rows: pa.Table | Iterable[Mapping[str, Any]]) -> pa.Table:
    """The feature table of the records: a table of them (as ``feature_input`` gives), or rows
    as dicts, which are read a slice at a time into one Arrow table first."""
    if isinstance(rows, pa.Table):
        return feature_table(rows)
    it = iter(rows)
    slices: list[pa.Table] = []
    while chunk := list(itertools.islice(it, FEATURE_SLICE)):
        slices.append(feature_module.input_table(chunk))
    if not slices:
        return feature_table([])
    return feature_table(pa.concat_tables(slices))


def artifacts_dir() -> Path:
    """Where a run leaves what `athar match` needs: the features and the model."""
    return app_settings().data_dir / "linkage"


#: How a pair was scored: by the model, or by an identifier rule (``athar.link.rules``).
RULES = ("model", "national_id", "facility_number")


@dataclass
class Edges:
    """Every scored pair of a run (a < b) as columns: the model's pairs in the order scored, then
    the pairs only an identifier rule found.

    An identifier rule raises a pair's probability to at least its own, and gives it the rule's
    name and weight; the model's explanation of the pair, when it scored it, is kept.
    """

    a: np.ndarray  # int64
    b: np.ndarray  # int64
    probability: np.ndarray  # float64
    weight: np.ndarray  # float64
    rule: np.ndarray  # int8: index into RULES
    scored_row: np.ndarray  # int64: the pair's row in ``scored``, -1 when the model missed it
    scored: ScoredPairs

    def __len__(self) -> int:
        return len(self.a)

    def explanation(self, i: int) -> dict[str, Any]:
        row = int(self.scored_row[i])
        return self.scored.explanation(row) if row >= 0 else {}

    def at_least(self, probability: float) -> np.ndarray:
        """Positions of the pairs at or above ``probability``, in order."""
        return np.flatnonzero(self.probability >= probability)

    def triples(self, probability: float = 0.0) -> Iterator[tuple[int, int, float]]:
        """(a, b, probability) of the pairs at or above ``probability``, in order."""
        keep = self.at_least(probability)
        return zip(
            self.a[keep].tolist(),
            self.b[keep].tolist(),
            self.probability[keep].tolist(),
            strict=True,
        )

    def links(self, probability: float = 0.0) -> Iterator[LinkIn]:
        """The pairs at or above ``probability`` as links to store (explanations built one by
        one, never all at once)."""
        for i in self.at_least(probability).tolist():
            yield LinkIn(
                int(self.a[i]),
                int(self.b[i]),
                float(self.probability[i]),
                float(self.weight[i]),
                RULES[self.rule[i]],
                self.explanation(i),
            )

    def as_dict(self) -> dict[tuple[int, int], tuple[float, float, str, dict[str, Any]]]:
        """(a, b) → (probability, weight, rule, explanation): for tests and small registries."""
        return {
            (int(self.a[i]), int(self.b[i])): (
                float(self.probability[i]),
                float(self.weight[i]),
                RULES[self.rule[i]],
                self.explanation(i),
            )
            for i in range(len(self))
        }


def _pair_keys(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if len(a) and (int(a.min()) < 0 or int(b.max()) >= 2**31):
        raise ValueError("record ids must be between 0 and 2**31 to be paired")
    return (a.astype(np.int64) << 32) | b.astype(np.int64)


def merge_edges(
    scored: ScoredPairs, identified: Iterable[tuple[int, int, float, str]]
) -> tuple[Edges, int]:
    """The model's pairs with the identifier rules' pairs, and how many rule pairs there were.

    Rules are applied in the order given: a pair two rules find takes the later rule's name and
    weight and the highest probability of all.
    """
    found: dict[tuple[int, int], tuple[float, float, int]] = {}
    n_identifier = 0
    for a, b, p, name in identified:
        n_identifier += 1
        old = found.get((a, b))
        found[(a, b)] = (max(p, old[0]) if old else p, _weight(p), RULES.index(name))
    probability = scored.probability.copy()
    weight = scored.weight.copy()
    rules = np.zeros(len(scored), np.int8)
    ident_a = np.fromiter((k[0] for k in found), np.int64, len(found))
    ident_b = np.fromiter((k[1] for k in found), np.int64, len(found))
    ident_p = np.fromiter((v[0] for v in found.values()), np.float64, len(found))
    ident_w = np.fromiter((v[1] for v in found.values()), np.float64, len(found))
    ident_rule = np.fromiter((v[2] for v in found.values()), np.int8, len(found))
    # Where the model scored a rule's pair: its row; else -1.
    keys = _pair_keys(scored.a, scored.b)
    wanted = _pair_keys(ident_a, ident_b)
    row = np.full(len(wanted), -1, np.int64)
    if len(keys) and len(wanted):
        order = np.argsort(keys, kind="stable")
        at = order[np.minimum(np.searchsorted(keys, wanted, sorter=order), len(keys) - 1)]
        same = keys[at] == wanted
        row[same] = at[same]
    both = row >= 0
    hit = row[both]
    probability[hit] = np.maximum(probability[hit], ident_p[both])
    weight[hit] = ident_w[both]
    rules[hit] = ident_rule[both]
    new = ~both
    edges = Edges(
        a=np.concatenate([scored.a, ident_a[new]]),
        b=np.concatenate([scored.b, ident_b[new]]),
        probability=np.concatenate([probability, ident_p[new]]),
        weight=np.concatenate([weight, ident_w[new]]),
        rule=np.concatenate([rules, ident_rule[new]]),
        scored_row=np.concatenate(
            [np.arange(len(scored), dtype=np.int64), np.full(int(new.sum()), -1)]
        ),
        scored=scored,
    )
    return edges, n_identifier


@dataclass
class Linkage:
    """The outcome of linking a set of records in memory (before anything is stored)."""

    features: pa.Table
    model: Model
    scored_pairs: int
    identifier_pairs: int
    edges: Edges
    clusters: list[list[int]]
    refusals: dict[str, int]
    seconds: dict[str, float]


def link_rows(
    rows: pa.Table | Iterable[Mapping[str, Any]],
    threshold: float,
    death_threshold: float,
    *,
    decisions: Iterable[tuple[int, int, bool]] = (),
    progress: Callable[[str], None] | None = None,
) -> Linkage:
    """Link records given as rows (``pk`` plus canonical and normalized fields: a table, or
    dicts) into clusters.

    ``decisions`` are human verdicts (a, b, same?): constraints on the clustering (a confirmed
    pair stays together, a rejected one apart), never training labels (``athar.link.model``).
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
    features = add_block_columns(features_of(rows))
    lap("features")
    say(f"training the model on {features.num_rows:,} records")
    conf = app_settings()
    model = train(
        features,
        memory_limit=conf.link_memory_limit,
        temp_directory=conf.link_temp_dir,
    )
    lap("train")
    say("scoring candidate pairs")
    scored = predict_pairs(model, chunks=math.ceil(features.num_rows / conf.link_chunk_records))
    lap("predict")
    edges, n_identifier = merge_edges(
        scored, identifier_edges(features, conf.national_id_min_digits)
    )
    say("clustering into persons")
    must_link = [(a, b) for a, b, same in decisions if same]
    cannot_link = [(a, b) for a, b, same in decisions if not same]
    strong = edges.at_least(threshold)
    involved = np.concatenate([edges.a[strong], edges.b[strong]]).tolist()
    involved += [pk for pair in must_link + cannot_link for pk in pair]
    clustering = cluster(
        features.column("unique_id").to_pylist(),
        edges.triples(threshold),
        record_facts(features, involved),
        threshold,
        death_threshold,
        must_link=must_link,
        cannot_link=cannot_link,
        given_name_veto=conf.given_name_veto,
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
    decisions = [
        (d.a, d.b, d.verdict == "same")
        for d in store.decisions()
        if d.verdict in ("same", "different")
    ]
    result = link_rows(
        # No name holds the records' table: it is freed once its features are computed.
        feature_input(store.records_table(list(_READ))),
        threshold,
        conf.death_link_threshold,
        decisions=decisions,
        progress=say,
    )
    say("saving the run")
    saving = time.perf_counter()
    run_id = store.save_link_run(threshold, settings={"model": result.model.settings_json()})
    saved = store.save_links(run_id, result.edges.links(conf.review_low))
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
        decisions=check_decisions(
            result.edges.a, result.edges.b, result.edges.probability, decisions, threshold
        ),
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
