"""`athar match`: score one new record against the whole registry, without re-training.

A linkage run leaves its features and its trained model beside the database
(``athar.link.pipeline.save_artifacts``). Matching registers the new record next to them in
DuckDB, generates candidates with the model's own blocking rules, and scores them with the
trained model — the same numbers a full run would give.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import Linker
from splink.backends.duckdb import DuckDBAPI
from splink.internals.comparison_vector_values import (
    compute_comparison_vector_values_from_id_pairs_sqls,
)
from splink.internals.predict import predict_from_comparison_vectors_sqls_using_settings
from splink.internals.term_frequencies import _join_tf_to_input_table_sql

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
    """The registry prepared for many match queries (load once, query often).

    Splink writes the scoring SQL of a model (comparison vectors, Bayes factors, term-frequency
    adjustments) through sqlglot, which costs seconds per call. A matcher has Splink write that
    SQL once, for "candidates × one new record", and runs it for each query with only the
    candidate filter changing: the same numbers as ``predict_between``, in milliseconds.

    ``extra``: feature rows (``feature_table`` + ``add_block_columns``) of records the run did
    not see (imported since), matched like the rest.
    """

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
            # Only the run's columns: a newer Athar may compute features the run did not have.
            stored = {r[0] for r in self.connection.execute("DESCRIBE existing").fetchall()}
            extra = extra.select([c for c in extra.column_names if c in stored])
            self.connection.register("extra_records", extra)
            self.connection.execute(
                "INSERT INTO existing BY NAME SELECT * FROM extra_records"
            ).fetchall()
            self.connection.unregister("extra_records")
        existing = DuckDBAPI(self.connection).register("existing", table_name="existing_records")
        linker = Linker(existing, self.settings, log_level=logging.ERROR)
        self._uid = linker._settings_obj.column_info_settings.unique_id_input_column.unquote().name
        # Term frequencies as Splink defines them, joined onto the stored records once, and kept
        # in memory for new records: a query then joins nothing (a join would hash the whole
        # frequency table, 0.1 s a query at a million records).
        self._tf: dict[str, dict[Any, float]] = {}
        for column in tf_columns(self.settings):
            self.connection.execute(_tf_table_sql(column)).fetchall()
            rows = self.connection.execute(
                f'SELECT "{column}", "tf_{column}" FROM "__splink__df_tf_{column}"'
            ).fetchall()
            self._tf[column] = dict(rows)
        self.connection.execute(
            "CREATE OR REPLACE TABLE existing AS " + _join_tf_to_input_table_sql(linker, "existing")
        ).fetchall()
        self._scoring = _scoring_sql(linker)
        #: The match weight of two records about which nothing is known (the prior's).
        prior = float(linker._settings_obj._probability_two_random_records_match)
        self.prior_weight = math.log2(prior / (1 - prior))
        self._columns = [c for c in self.labels if f"gamma_{c}" in self._scoring]
        # Load the name tables and compile the query plan now, not in the first query.
        self.match({"full_name": "محمد أحمد", "birth_date": "1980"})

    def match(self, record: Mapping[str, Any], top: int = 10) -> list[Candidate]:
        """The best ``top`` stored records for one new record (canonical field names).

        Candidates are the stored records sharing a key with it (``MATCH_BLOCKS``), found by one
        scan; only they are scored with the model.
        """
        row = dict(record)
        row["pk"] = NEW_RECORD_ID
        table = add_block_columns(feature_table([row]))
        where, params = _candidate_filter(table.to_pylist()[0])
        if not where:
            return []
        # The candidates' row ids first (a scan of the key columns only), then their rows into a
        # small table: selecting whole rows under the filter would read every column of every
        # record, and the scoring SQL reads its input more than once.
        ids = [
            r[0]
            for r in self.connection.execute(
                f"SELECT rowid FROM existing WHERE {where}", params
            ).fetchall()
        ]
        if not ids:
            return []
        self.connection.execute(
            "CREATE OR REPLACE TEMP TABLE match_ids AS SELECT unnest(?::BIGINT[]) AS id", [ids]
        ).fetchall()
        self.connection.execute(
            "CREATE OR REPLACE TEMP TABLE match_candidates AS "
            "SELECT e.* FROM existing AS e SEMI JOIN match_ids ON e.rowid = match_ids.id"
        ).fetchall()
        return self._score("SELECT * FROM match_candidates", [], table, top)

    def score(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> Candidate | None:
        """Score one given pair with the trained model, whatever blocking would have said.

        Both rows need a ``pk``; the candidate returned carries ``b``'s pk.
        """
        # Both sides carry the blocking columns: Splink's SQL selects them.
        given = self._with_tf(add_block_columns(feature_table([dict(b)])))
        self.connection.register("match_given", given)
        try:
            query = add_block_columns(feature_table([dict(a)]))
            found = self._score("SELECT * FROM match_given", [], query, 1)
        finally:
            self.connection.unregister("match_given")
        return found[0] if found else None

    def _score(
        self, candidates_sql: str, params: list[Any], query: pa.Table, top: int
    ) -> list[Candidate]:
        """Run the model's scoring SQL on ``candidates_sql`` × the one-row ``query``."""
        query = self._with_tf(query)
        self.connection.register("match_query", query)
        try:
            sql = self._scoring.format(candidates=candidates_sql)
            # DuckDB 2: every result is fetched in full before the next call on the connection.
            cursor = self.connection.execute(sql, params)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        finally:
            self.connection.unregister("match_query")
        return self._candidates(names, rows, top)

    def _with_tf(self, table: pa.Table) -> pa.Table:
        """``table`` with the registry's term frequency of each of its values (None if unseen)."""
        for column, frequencies in self._tf.items():
            values = table.column(column).to_pylist()
            table = table.append_column(
                f"tf_{column}", pa.array([frequencies.get(v) for v in values], pa.float64())
            )
        return table

    def _candidates(
        self, names: list[str], rows: list[tuple[Any, ...]], top: int
    ) -> list[Candidate]:
        at = {n: i for i, n in enumerate(names)}
        labels = explanation_columns()
        out = []
        for r in rows:
            explanation = {}
            for c in self._columns:
                gamma = r[at[f"gamma_{c}"]]
                if gamma is None or gamma < 0:
                    continue
                weight = r[at[f"mw_{c}"]] if f"mw_{c}" in at else 0.0
                tf_weight = r[at[f"mw_tf_adj_{c}"]] if f"mw_tf_adj_{c}" in at else 0.0
                explanation[c] = {
                    "label": labels.get(c, c),
                    "level": self.labels[c].get(int(gamma), str(gamma)),
                    "weight": round(float(weight or 0.0) + float(tf_weight or 0.0), 3),
                }
            pk = int(r[at[f"{self._uid}_l"]])
            out.append(
                Candidate(
                    pk, float(r[at["match_probability"]]), float(r[at["match_weight"]]), explanation
                )
            )
        out.sort(key=lambda c: (-c.probability, c.pk))
        return out[:top]

    def close(self) -> None:
        self.connection.close()


def _scoring_sql(linker: Linker) -> str:
    """Splink's own scoring SQL for ``{candidates}`` × the registered table ``match_query``, as
    one statement of chained CTEs (the steps ``predict_between`` runs after blocking)."""
    settings = linker._settings_obj
    uid = settings.column_info_settings.unique_id_input_column
    steps = [
        # Both sides carry their term-frequency columns already (see ``Matcher.__init__``).
        ("match_left", "{candidates}"),
        ("match_right", "SELECT * FROM match_query"),
        (
            "__splink__blocked_id_pairs",
            f"SELECT '0' AS match_key, l.{uid.name} AS join_key_l, r.{uid.name} AS join_key_r "
            "FROM match_left AS l CROSS JOIN match_right AS r",
        ),
    ]
    generated = compute_comparison_vector_values_from_id_pairs_sqls(
        settings._columns_to_select_for_blocking,
        settings._columns_to_select_for_comparison_vector_values,
        input_tablename_l="match_left",
        input_tablename_r="match_right",
        source_dataset_input_column=None,
        unique_id_input_column=uid,
        sql_dialect_str="duckdb",
    ) + predict_from_comparison_vectors_sqls_using_settings(settings)
    for step in generated:
        # Literal braces in Splink's SQL must survive str.format of the candidates.
        steps.append((step["output_table_name"], step["sql"].replace("{", "{{").replace("}", "}}")))
    ctes = ",\n".join(f"{name} AS (\n{sql}\n)" for name, sql in steps[:-1])
    return f"WITH {ctes}\n{steps[-1][1]}"


def _tf_table_sql(column: str) -> str:
    """A term-frequency table as Splink defines it, under the name its SQL expects."""
    return (
        f'CREATE TABLE "__splink__df_tf_{column}" AS SELECT "{column}", '
        f'CAST(count(*) AS DOUBLE) / (SELECT count("{column}") FROM existing) AS "tf_{column}" '
        f'FROM existing WHERE "{column}" IS NOT NULL GROUP BY "{column}"'
    )


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
