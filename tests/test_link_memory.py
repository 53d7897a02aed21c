"""Linking in less memory gives the same links and persons as the straightforward way.

The reference below is the way the pipeline used to work (every prediction row fetched as a
tuple, an explanation dict per pair, one dict of edges, facts for every record); the pipeline
now keeps predictions as columns, reads them in batches, may score in chunks and spill to disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from link_support import home, synth_rows  # noqa: F401 (home: a fixture every test uses)

from athar import config
from athar.link import features as F
from athar.link import pipeline as P
from athar.link import settings as model_settings
from athar.link.cluster import cluster
from athar.link.model import (
    KEEP_PAIRS_ABOVE,
    Model,
    ScoredPairs,
    connect,
    level_labels,
    predict_pairs,
)
from athar.link.rules import identifier_edges

THRESHOLD, DEATH_THRESHOLD = 0.9, 0.99
Edge = tuple[float, float, str, dict[str, Any]]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    rows = synth_rows(tmp_path_factory.mktemp("synth"), persons=300, seed=5)
    return rows


@pytest.fixture(scope="module")
def linkage(rows: list[dict[str, Any]]) -> P.Linkage:
    return P.link_rows(rows, THRESHOLD, DEATH_THRESHOLD)


def reference_predictions(model: Model) -> list[tuple[int, int, float, float, dict[str, Any]]]:
    """Every prediction row as a tuple, and an explanation dict per pair (the former way)."""
    frame = model.linker.inference.predict(threshold_match_probability=KEEP_PAIRS_ABOVE)
    relation = frame.as_duckdbpyrelation()
    labels = level_labels(model.settings_json())
    names = [c for c in labels if f"gamma_{c}" in relation.columns]
    select = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    for c in names:
        select += [f"gamma_{c}", f"mw_{c}"]
        if f"mw_tf_adj_{c}" in relation.columns:
            select.append(f"coalesce(mw_tf_adj_{c}, 0) AS tf_{c}")
        else:
            select.append(f"0.0 AS tf_{c}")
    out = []
    for row in relation.select(", ".join(select)).fetchall():
        a, b, p, w = int(row[0]), int(row[1]), float(row[2]), float(row[3])
        explanation = {}
        for k, c in enumerate(names):
            gamma, mw, tf = row[4 + 3 * k : 7 + 3 * k]
            if gamma is None or gamma < 0:
                continue
            explanation[c] = {
                "label": model_settings.explanation_columns().get(c, c),
                "level": labels[c].get(int(gamma), str(gamma)),
                "weight": round(float(mw or 0.0) + float(tf or 0.0), 3),
            }
        out.append((min(a, b), max(a, b), p, w, explanation))
    return out


def reference_edges(
    scored: list[tuple[int, int, float, float, dict[str, Any]]], features: pa.Table
) -> dict[tuple[int, int], Edge]:
    edges: dict[tuple[int, int], Edge] = {(a, b): (p, w, "model", e) for a, b, p, w, e in scored}
    for a, b, p, rule in identifier_edges(features):
        old = edges.get((a, b))
        explanation = old[3] if old else {}
        edges[(a, b)] = (max(p, old[0] if old else 0.0), P._weight(p), rule, explanation)
    return edges


def test_pipeline_gives_the_same_links_and_persons_as_the_reference(
    linkage: P.Linkage,
) -> None:
    scored = reference_predictions(linkage.model)
    edges = reference_edges(scored, linkage.features)
    assert linkage.edges.as_dict() == edges
    assert linkage.scored_pairs == len(scored)
    assert any(e[2] != "model" and e[3] for e in edges.values())  # rule pairs keep explanations
    clustering = cluster(
        linkage.features.column("unique_id").to_pylist(),
        ((a, b, v[0]) for (a, b), v in edges.items()),
        P.record_facts(linkage.features),  # every record's facts
        THRESHOLD,
        DEATH_THRESHOLD,
    )
    assert linkage.clusters == clustering.clusters
    assert any(len(c) > 1 for c in clustering.clusters)


def test_chunked_and_spilled_predictions_are_the_same(linkage: P.Linkage, tmp_path: Path) -> None:
    whole = predict_pairs(linkage.model)
    chunked = predict_pairs(linkage.model, chunks=3)
    assert _by_pair(chunked) == _by_pair(whole)
    connection = linkage.model.connection
    connection.execute("SET memory_limit = '250MB'")
    connection.execute(f"SET temp_directory = '{tmp_path.as_posix()}'")
    assert _by_pair(predict_pairs(linkage.model)) == _by_pair(whole)


def _by_pair(scored: ScoredPairs) -> dict[tuple[int, int], tuple[float, float, Any]]:
    return {(s.a, s.b): (s.probability, s.weight, s.explanation) for s in scored}


def test_a_pair_two_rules_find_takes_the_later_rule(linkage: P.Linkage) -> None:
    scored = predict_pairs(linkage.model)
    a, b = int(scored.a[0]), int(scored.b[0])
    p_model = float(scored.probability[0])
    known = set(zip(scored.a.tolist(), scored.b.tolist(), strict=True))
    c, d = next((1, x) for x in range(2, 10_000) if (1, x) not in known)
    edges, n = P.merge_edges(
        scored,
        [
            (a, b, 0.9999, "national_id"),
            (c, d, 0.999, "facility_number"),
            (a, b, 0.999, "facility_number"),
        ],
    )
    pairs = edges.as_dict()
    assert n == 3 and len(edges) == len(scored) + 1
    assert pairs[(a, b)][0] == max(0.9999, p_model)
    assert pairs[(a, b)][1:3] == (P._weight(0.999), "facility_number")
    assert pairs[(a, b)][3] == scored.explanation(0) != {}
    assert pairs[(c, d)] == (0.999, P._weight(0.999), "facility_number", {})
    assert list(pairs)[-1] == (c, d)  # after the model's pairs


def test_facts_only_for_the_records_asked(linkage: P.Linkage) -> None:
    every = P.record_facts(linkage.features)
    some = [pk for pk in list(every)[::7]]
    assert P.record_facts(linkage.features, some) == {pk: every[pk] for pk in some}


def test_features_in_slices_equal_features_at_once(
    rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = F.feature_table(rows)
    monkeypatch.setattr(P, "FEATURE_SLICE", 97)
    monkeypatch.setattr(F, "PARALLEL_FROM", 40)  # computed by forked workers, a part each
    sliced = P.features_of(iter(rows))
    assert sliced.column(0).num_chunks >= 2
    assert sliced.equals(whole)
    assert P.features_of(iter(rows[:96])).equals(F.feature_table(rows[:96]))  # one slice
    assert P.features_of(iter(rows[:194])).equals(F.feature_table(rows[:194]))  # two, exactly
    assert P.features_of(F.input_table(rows)).equals(whole)  # a table, as `athar link` reads
    assert P.features_of([]).num_rows == 0


def test_duckdb_keeps_to_its_limit_and_spills_where_told(tmp_path: Path) -> None:
    connection = connect("256MB", tmp_path / "spill")
    limit = connection.execute("SELECT current_setting('memory_limit')").fetchone()
    where = connection.execute("SELECT current_setting('temp_directory')").fetchone()
    assert limit is not None and limit[0] in ("256.0 MiB", "244.1 MiB", "256.0MB", "244.1MiB")
    assert where is not None and where[0] == (tmp_path / "spill").as_posix()
    spill = tmp_path / "nested" / "spill"
    connection = connect("256MB", spill)
    assert spill.parent.is_dir()  # DuckDB makes the last level when it spills, not its parents


def test_memory_settings_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHAR_LINK_MEMORY_LIMIT", "2.5GiB")
    monkeypatch.setenv("ATHAR_LINK_CHUNK_RECORDS", "300000")
    conf = config.settings()
    assert conf.link_memory_limit == "2.5GiB" and conf.link_chunk_records == 300_000
    monkeypatch.setenv("ATHAR_LINK_MEMORY_LIMIT", "")
    assert config.settings().link_memory_limit == ""
    monkeypatch.setenv("ATHAR_LINK_MEMORY_LIMIT", "lots")
    with pytest.raises(ValueError, match="ATHAR_LINK_MEMORY_LIMIT"):
        config.settings()
    monkeypatch.setenv("ATHAR_LINK_MEMORY_LIMIT", "3GB")
    monkeypatch.setenv("ATHAR_LINK_CHUNK_RECORDS", "0")
    with pytest.raises(ValueError, match="ATHAR_LINK_CHUNK_RECORDS"):
        config.settings()
