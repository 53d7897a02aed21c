"""`athar match`: score one new record against the whole registry, without re-training.

A linkage run leaves its features and its trained model beside the database
(``athar.link.pipeline.save_artifacts``). Matching registers the new record next to them in
DuckDB, generates candidates with the model's own blocking rules, and scores them with the
trained model — the same numbers a full run would give.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from splink import Linker
from splink.backends.duckdb import DuckDBAPI

from athar.link.features import feature_table
from athar.link.model import add_block_columns, level_labels
from athar.link.settings import MATCH_BLOCKS, MATCH_SWAPPED, explanation_columns

#: The new record's id inside a match query (never a stored record's pk, which start at 1).
NEW_RECORD_ID = 0


class NotLinkedYet(Exception):
    """There is no linkage run to match against."""


@dataclass(frozen=True)
class Candidate:
    pk: int
    probability: float
    weight: float
    explanation: dict[str, dict[str, Any]]


class Matcher:
    """The registry prepared for many match queries (load once, query often). ``extra``: feature
    rows (``feature_table`` + ``add_block_columns``) of records the run did not see."""

    def __init__(self, artifacts: Path, extra: Any = None):
        features = artifacts / "features.parquet"
        model = artifacts / "model.json"
        if not features.is_file() or not model.is_file():
            raise NotLinkedYet(f"no linkage run in {artifacts}: run `athar link` first")
        self.settings: dict[str, Any] = json.loads(model.read_text(encoding="utf-8"))
        self.labels = level_labels(self.settings)
        self.connection = duckdb.connect()
        self.connection.execute(
            f"CREATE TABLE existing AS SELECT * FROM read_parquet('{_sql_path(features)}')"
        ).fetchall()
        if extra is not None and extra.num_rows:  # records imported since the run (Arrow)
            self.connection.register("extra_records", extra)
            self.connection.execute(
                "INSERT INTO existing BY NAME SELECT * FROM extra_records"
            ).fetchall()
            self.connection.unregister("extra_records")
        self.db_api = DuckDBAPI(self.connection)
        self.existing = self.db_api.register("existing", table_name="existing_records")
        self.linker = Linker(self.existing, self.settings, log_level=logging.ERROR)
        for column in tf_columns(self.settings):
            self.linker.table_management.compute_tf_table(column)
        self._queries = 0

    def _register(self, rows: list[dict[str, Any]]) -> Any:
        self._queries += 1
        table = add_block_columns(feature_table(rows))
        return self.db_api.register(table, table_name=f"query_{self._queries}")

    def match(self, record: Mapping[str, Any], top: int = 10) -> list[Candidate]:
        """The best ``top`` stored records for one new record (canonical field names).

        Candidates are the stored records sharing a key with it (``MATCH_BLOCKS``), found by one
        indexed scan; only they are scored with the model.
        """
        row = dict(record)
        row["pk"] = NEW_RECORD_ID
        table = add_block_columns(feature_table([row]))
        values = table.to_pylist()[0]
        where, params = _candidate_filter(values)
        if not where:
            return []
        self._queries += 1
        name = f"candidates_{self._queries}"
        # DuckDB 2: every result is fetched in full before the next call on the connection.
        self.connection.execute(
            f"CREATE TEMP TABLE {name} AS SELECT * FROM existing WHERE {where}", params
        ).fetchall()
        if self.connection.execute(f"SELECT count(*) FROM {name}").fetchall() == [(0,)]:
            return []
        candidates = self.db_api.register(name, table_name=f"{name}_frame")
        new = self.db_api.register(table, table_name=f"query_{self._queries}")
        frame = self.linker.inference.predict_between(
            candidates, new, blocking_rules_to_generate_predictions=["1=1"]
        )
        return self._candidates(frame.as_duckdbpyrelation(), top)

    def score(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> Candidate | None:
        """Score one given pair with the trained model, whatever blocking would have said.

        Both rows need a ``pk``; the candidate returned carries ``b``'s pk.
        """
        frame = self.linker.inference.predict_between(
            self._register([dict(a)]),
            self._register([dict(b)]),
            blocking_rules_to_generate_predictions=["1=1"],
        )
        found = self._candidates(frame.as_duckdbpyrelation(), 1, new_id=int(a["pk"]))
        return found[0] if found else None

    def _candidates(self, relation: Any, top: int, new_id: int = NEW_RECORD_ID) -> list[Candidate]:
        names = [c for c in self.labels if f"gamma_{c}" in relation.columns]
        cols = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
        cols += [f"gamma_{c}" for c in names] + [f"mw_{c}" for c in names]
        rows = relation.select(", ".join(cols)).fetchall()
        out = []
        labels = explanation_columns()
        for r in rows:
            left, right = int(r[0]), int(r[1])
            pk = right if left == new_id else left
            gammas = r[4 : 4 + len(names)]
            weights = r[4 + len(names) :]
            explanation = {
                c: {
                    "label": labels.get(c, c),
                    "level": self.labels[c].get(int(g), str(g)),
                    "weight": round(float(w or 0.0), 3),
                }
                for c, g, w in zip(names, gammas, weights, strict=True)
                if g is not None and g >= 0
            }
            out.append(Candidate(pk, float(r[2]), float(r[3]), explanation))
        out.sort(key=lambda c: -c.probability)
        return out[:top]

    def close(self) -> None:
        self.connection.close()


def _candidate_filter(values: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """SQL condition (and its parameters) selecting stored records that share a key."""
    clauses: list[str] = []
    params: list[Any] = []
    for columns in MATCH_BLOCKS:
        if all(values.get(c) is not None for c in columns):
            clauses.append(" AND ".join(f'"{c}" = ?' for c in columns))
            params.extend(values[c] for c in columns)
    for pairs in MATCH_SWAPPED:
        if all(values.get(mine) is not None for mine, _ in pairs):
            clauses.append(" AND ".join(f'"{theirs}" = ?' for _, theirs in pairs))
            params.extend(values[mine] for mine, _ in pairs)
    return " OR ".join(f"({c})" for c in clauses), params


def tf_columns(settings: Mapping[str, Any]) -> list[str]:
    """The columns the model adjusts by term frequency (their tables must be registered)."""
    found = {
        str(level["tf_adjustment_column"])
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    return sorted(found)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
