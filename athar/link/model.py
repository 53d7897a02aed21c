"""Train Athar's Splink model on the records and score candidate pairs (DuckDB backend).

Only this package knows Splink. m and u probabilities are estimated from the data (u by random
sampling, m by expectation maximisation over blocks chosen so that brothers never dominate a
session). Human decisions do not re-estimate m: they are constraints on the clustering
(``athar.link.cluster``). The pairs a reviewer decides are the review queue's doubtful ones, no
sample of the matches, and m estimated from them made linkage worse: at 20,000 persons 500
decisions took F1 from 0.9561 to 0.9537 and death-link precision from 0.9995 to 0.9954, where
the same decisions as constraints alone raise F1 to 0.9593 (``bench/review.py``).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from splink import Linker, block_on
from splink.backends.duckdb import DuckDBAPI
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_vector_values import (
    compute_comparison_vector_values_from_id_pairs_sqls,
)
from splink.internals.dialects import SplinkDialect
from splink.internals.exceptions import SplinkException
from splink.internals.pipeline import CTEPipeline
from splink.internals.predict import predict_from_comparison_vectors_sqls
from splink.internals.settings import Settings
from splink.internals.splink_dataframe import SplinkDataFrame
from splink.internals.vertically_concatenate import enqueue_df_concat_with_tf

from athar.link import settings as model_settings
from athar.link.block_keys import Column, capped, counts, joined, present
from athar.link.levels import floor_alike_levels
from athar.link.recall_blocks import add_recall_blocks

log = logging.getLogger(__name__)

#: A (given, family) pair of names held by more records than this blocks with the birth years too.
COMMON_PAIR_RECORDS = 25
#: The most records a block of names may hold after its refinements (the birth half-decade, then
#: the year): beyond, its pairs agree on nothing but a common name, which says too little to
#: link them, and other rules (father, mother, dates, facility) find those that agree on more.
BLOCK_CAP = 100
#: The most records a block of a guessing rule (a typo, a lost dot) may hold; a larger one is
#: dropped: its pairs are nearly all namesakes, and their number grows with the square of it.
GUESS_BLOCK_CAP = 25
#: Share of true pairs that agree on given, family and father's name and birth year together.
PRIOR_RULE_RECALL = 0.3
#: Deterministic rules that estimate the prior, strictest first.
PRIOR_RULES = (
    block_on("given_key", "family_key", "father_key", "birth_year"),
    block_on("given_key", "family_key", "birth_date"),
    block_on("given_key", "family_key", "birth_year"),
)
#: Records whose blocks an EM session reads: a larger registry trains on a share of its blocks.
EM_RECORDS = 300_000
#: How many random pairs estimate the u probabilities.
U_SAMPLE_PAIRS = 2_000_000
#: Pairs below this probability are not kept from prediction (review starts higher).
KEEP_PAIRS_ABOVE = 0.05


def _frequency_block(
    first: Column, second: Column, *finer: Column, cap: int | None = None
) -> pa.Array:
    """``first|second`` where that pair of values is rare enough, else refined by each of
    ``finer`` in turn while the block holds more than ``COMMON_PAIR_RECORDS`` records; with a
    ``cap``, no block at all where the last refinement still holds more than ``cap``."""
    block = joined([first, second])
    for extra in finer:
        refined = pc.binary_join_element_wise(
            block, pc.coalesce(pc.cast(extra, pa.string()), ""), "|"
        )
        block = pc.if_else(pc.less_equal(counts(block), COMMON_PAIR_RECORDS), block, refined)
    return block if cap is None else capped(block, cap)


def _head(column: pa.ChunkedArray) -> pa.Array:
    return pc.utf8_slice_codeunits(present(column), 0, 2)


def add_block_columns(table: pa.Table) -> pa.Table:
    """Blocking keys that respect name frequency.

    ``name_block`` is given + family key, ``lineage_block`` given + father key,
    ``family_facility_block`` family key + facility (typos in the given name), ``rasm_block`` the
    dotless given name + family key, ``rasm_lineage_block`` and ``rasm_family_block`` the dotless
    given name + the dotless father's or family name. Mohammad is held by about one man in
    eight; blocking on "Mohammad + family name" would compare every Mohammad of a large family
    with every other.
    Where a pair of names is shared by more than ``COMMON_PAIR_RECORDS`` records, the block also
    needs the birth half-decade; a guessing rule's block is dropped beyond ``GUESS_BLOCK_CAP``.
    """
    given, family = table.column("given_key"), table.column("family_key")
    birth_year = table.column("birth_year")
    years = pc.divide(birth_year, 5)  # the half-decade
    fam_head, given_head = _head(table.column("family_skel")), _head(table.column("given_skel"))
    blocks = {
        "name_block": (given, family, years, birth_year),
        "family_year_block": (family, birth_year, given_head),
        # Lists without birth years that date the arrest.
        "arrest_block": (given, family, table.column("arrest_year"), table.column("arrest_month")),
    }
    # Typos and second readings: a rule that guesses finds few true pairs among many, so its
    # blocks are capped (a block of Mohammad + "Kh…" in one half-decade holds thousands).
    guesses = {
        # A son of the same father, the family name unknown or another: records without a
        # family name (a death record, a release list) reach their person this way.
        "lineage_block": (given, table.column("father_key"), years),
        "family_facility_block": (family, table.column("facility_id"), years),
        "rasm_block": (table.column("given_rasm"), family, years),  # dots lost in a scan
        # Dots lost in the father's or the family name as well (محمود / مجمود, المصري / المضري).
        "rasm_lineage_block": (table.column("given_rasm"), table.column("father_rasm"), years),
        "rasm_family_block": (table.column("given_rasm"), table.column("family_rasm"), years),
        # One-letter typos: a key of one part with the first consonants of the other.
        "given_family_head": (given, fam_head, years),
        "family_given_head": (family, given_head, years),
    }
    for name, (first, second, *finer) in blocks.items():
        table = table.append_column(name, _frequency_block(first, second, *finer, cap=BLOCK_CAP))
    for name, (first, second, *finer) in guesses.items():
        table = table.append_column(
            name, _frequency_block(first, second, *finer, cap=GUESS_BLOCK_CAP)
        )
    return add_recall_blocks(table)


def key_collision_rate(features: pa.Table, column: str) -> float:
    """Chance that two random records with a value share it: the sum of squared frequencies."""
    counts = pc.value_counts(features.column(column).drop_null()).field("counts")
    n = pc.sum(counts).as_py() or 0
    if not n:
        return 1e-6
    shares = pc.divide(pc.cast(counts, pa.float64()), float(n))
    return max(1e-9, float(pc.sum(pc.multiply(shares, shares)).as_py()))


@dataclass
class Model:
    """A trained linker over one feature table."""

    linker: Linker
    connection: duckdb.DuckDBPyConnection
    db_api: DuckDBAPI

    def save(self, path: Path) -> None:
        """Write the trained model as Splink JSON (what `athar match` loads)."""
        self.linker.misc.save_model_to_json(str(path), overwrite=True)

    def release(self) -> None:
        """Drop the tables Splink computed on the way (DuckDB frees their memory); the trained
        model stays, and anything asked of it later recomputes what it needs."""
        self.linker.table_management.invalidate_cache()

    def settings_json(self) -> dict[str, Any]:
        """The trained model as Splink settings (comparisons with m and u)."""
        completed: dict[str, Any] = self.linker._settings_obj._as_completed_dict()
        return json.loads(json.dumps(completed, default=str))


def _block_has_pairs(features: pa.Table, columns: tuple[str, ...], at_least: int = 20) -> bool:
    """Whether joining on these columns gives at least ``at_least`` pairs of records."""
    present = features.select(list(columns)).drop_null()
    if present.num_rows == 0:
        return False
    sizes = present.group_by(list(columns)).aggregate([([], "count_all")]).column("count_all")
    pairs = pc.sum(pc.divide(pc.multiply(sizes, pc.subtract(sizes, 1)), 2)).as_py()
    return (pairs or 0) >= at_least


def _estimate_prior(linker: Linker, n_records: int) -> None:
    """The prior from deterministic rules, strictest first; the first that finds pairs wins.

    A rule needs fields that lists often leave out, so it finds only a fraction of the true pairs:
    ``PRIOR_RULE_RECALL`` says how much. A list where no rule finds anything (one record per
    person, or no shared fields) gets one expected duplicate per record as its prior.
    """
    for rule in PRIOR_RULES:
        try:
            linker.training.estimate_probability_two_random_records_match(
                [rule], recall=PRIOR_RULE_RECALL
            )
        except (SplinkException, ValueError):
            continue
        if 0.0 < linker._settings_obj._probability_two_random_records_match < 1.0:
            return
    pairs = max(1, n_records * (n_records - 1) // 2)
    linker._settings_obj._probability_two_random_records_match = min(0.5, n_records / pairs)


def training_block(columns: tuple[str, ...], records: int) -> BlockingRuleCreator:
    """An EM session's block: pairs agreeing on ``columns``, and in a large registry only those
    of some blocks (a share chosen by a hash of the first column, so that every pair of a block
    chosen is kept): m is learnt as well from ``EM_RECORDS`` records' blocks as from all."""
    share = math.ceil(records / EM_RECORDS)
    if share <= 1:
        return block_on(*columns)
    equal = " AND ".join(f'l."{c}" = r."{c}"' for c in columns)
    return CustomRule(f'{equal} AND hash(l."{columns[0]}") % {share} = 0')


def _em_session(linker: Linker, columns: tuple[str, ...], records: int) -> None:
    """One EM session blocked on ``columns``.

    A session can drive a level's m to exactly 0 (every pair at that level surely two people),
    which Splink refuses half-way. Its estimates are dropped and the other sessions' stand; but
    Splink (4.0) has by then changed the model in place: the comparisons the block fixes are
    removed from it and the prior is the block's own (about 0.5 on a list written by other
    hands: every candidate pair linked). So the model is restored from a copy taken before.
    """
    before = linker._settings_obj.core_model_settings.copy()
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            training_block(columns, records), estimate_without_term_frequencies=True
        )
    except ValueError as error:
        if "below the minimum allowed value" not in str(error):
            raise
        linker._settings_obj.core_model_settings = before
        log.warning("EM session on %s dropped: %s", columns, error)


def connect(
    memory_limit: str = "", temp_directory: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that keeps within ``memory_limit`` by spilling to ``temp_directory``.

    DuckDB's own default is 80 % of the machine's memory, whatever else the process holds (the
    features, the pairs): at a million records that let the process grow past the machine's share.
    """
    connection = duckdb.connect()
    if memory_limit:
        connection.execute(f"SET memory_limit = '{memory_limit}'")
    if temp_directory is not None:
        # DuckDB makes the directory itself, only if it spills, but not its parents.
        temp_directory.parent.mkdir(parents=True, exist_ok=True)
        where = temp_directory.as_posix().replace("'", "''")
        connection.execute(f"SET temp_directory = '{where}'")
    return connection


def train(
    features: pa.Table,
    *,
    memory_limit: str = "",
    temp_directory: Path | None = None,
) -> Model:
    """Estimate the model from the records (u by random sampling, m by EM)."""
    connection = connect(memory_limit, temp_directory)
    db_api = DuckDBAPI(connection)
    frame = db_api.register(features, table_name="records")
    linker = Linker(
        frame,
        model_settings.settings(family_u=key_collision_rate(features, "family_key")),
        log_level=logging.ERROR,
    )
    _estimate_prior(linker, features.num_rows)
    linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    for columns in model_settings.TRAINING_BLOCKS:
        # A list without one of these fields (no father's names, no full dates) leaves the block
        # empty, and Splink would fail half-way through the session: skip it beforehand.
        if not _block_has_pairs(features, columns):
            log.info("EM session on %s skipped: no pairs", columns)
            continue
        _em_session(linker, columns, features.num_rows)
    for comparison, level, weight in floor_alike_levels(linker._settings_obj):
        log.info("%s: %s weighed %.2f after EM; floored at 0", comparison, level, weight)
    return Model(linker, connection, db_api)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """A candidate pair with its probability, match weight, and the weight of each field."""

    a: int
    b: int
    probability: float
    weight: float
    explanation: dict[str, dict[str, Any]]


def level_labels(settings_json: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Comparison → comparison vector value → the level's label.

    Splink numbers the levels that are not the null level from the top down (the first, most
    similar level has the highest value, the last, ELSE, has 0).
    """
    out: dict[str, dict[int, str]] = {}
    for comparison in settings_json["comparisons"]:
        name = comparison.get("output_column_name") or comparison.get("column_name")
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        out[str(name)] = {
            len(levels) - 1 - i: str(lv.get("label_for_charts", "")) for i, lv in enumerate(levels)
        }
    return out


@dataclass
class ScoredPairs:
    """The scored candidate pairs of a run as columns (a < b), not as one object per pair.

    A million pairs held as Python dicts of per-field explanations took gigabytes; here a pair is
    two ids, two floats, and per comparison its level (``gamma``, -1 when a side is missing) and
    its weight (the level's match weight plus the term-frequency adjustment). ``explanation(i)``
    builds the per-field dict of one pair when it is needed (to store or to show it).
    """

    a: np.ndarray  # int64
    b: np.ndarray  # int64
    probability: np.ndarray  # float64
    weight: np.ndarray  # float64
    fields: tuple[str, ...]  # comparison output columns
    gamma: np.ndarray  # int8, one row per pair, one column per field
    field_weight: np.ndarray  # float64, same shape
    labels: dict[str, dict[int, str]]  # field → level value → label

    def __len__(self) -> int:
        return len(self.a)

    @classmethod
    def concat(cls, parts: list[ScoredPairs]) -> ScoredPairs:
        """The pairs of several parts scored by one model, as one."""
        if len(parts) == 1:
            return parts[0]
        first = parts[0]
        return cls(
            a=np.concatenate([p.a for p in parts]),
            b=np.concatenate([p.b for p in parts]),
            probability=np.concatenate([p.probability for p in parts]),
            weight=np.concatenate([p.weight for p in parts]),
            fields=first.fields,
            gamma=np.concatenate([p.gamma for p in parts]),
            field_weight=np.concatenate([p.field_weight for p in parts]),
            labels=first.labels,
        )

    def explanation(self, i: int) -> dict[str, dict[str, Any]]:
        """The weight of each field of pair ``i`` (the fields missing on a side say nothing)."""
        names = model_settings.explanation_columns()
        out = {}
        for k, field in enumerate(self.fields):
            gamma = int(self.gamma[i, k])
            if gamma < 0:
                continue
            out[field] = {
                "label": names.get(field, field),
                "level": self.labels[field].get(gamma, str(gamma)),
                "weight": round(float(self.field_weight[i, k]), 3),
            }
        return out

    def pair(self, i: int) -> ScoredPair:
        return ScoredPair(
            int(self.a[i]),
            int(self.b[i]),
            float(self.probability[i]),
            float(self.weight[i]),
            self.explanation(i),
        )

    def __iter__(self) -> Iterator[ScoredPair]:
        return (self.pair(i) for i in range(len(self)))


#: Prediction rows fetched from DuckDB at a time (Arrow record batches, never all as tuples).
FETCH_ROWS = 200_000


def predict_pairs(model: Model, chunks: int = 1) -> ScoredPairs:
    """Score the candidate pairs above ``KEEP_PAIRS_ABOVE`` and keep them as columns.

    The candidates are found by ``blocked_pairs``; ``chunks`` > 1 scores them in that many parts,
    one after another (fewer pairs in memory at once, the same pairs). Each scored part stays in
    DuckDB (under its memory limit, spilling beyond it), is read a batch at a time, then dropped.
    """
    chunks = max(1, chunks)
    blocked = blocked_pairs(model.connection, model_settings.blocking_rules())
    parts: list[ScoredPairs] = []
    try:
        for part in range(chunks):
            name = f"{blocked}_{part}"  # a view: the part is read, never copied
            model.connection.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {blocked}"
                + (f" WHERE join_key_l % {chunks} = {part}" if chunks > 1 else "")
            )
            try:
                pairs = model.db_api.table_to_splink_dataframe("__splink__blocked_id_pairs", name)
                scored = _score_pairs(model, pairs)
                try:
                    parts.append(_fetch_pairs(model, scored.as_duckdbpyrelation()))
                finally:
                    scored.drop_table_from_database_and_remove_from_cache()
            finally:
                model.connection.execute(f"DROP VIEW IF EXISTS {name}")
    finally:
        model.connection.execute(f"DROP TABLE IF EXISTS {blocked}")
        model.release()  # drops the records with term frequencies Splink cached for scoring
    return ScoredPairs.concat(parts)


def _score_pairs(model: Model, pairs: SplinkDataFrame) -> SplinkDataFrame:
    """Splink's scoring of the candidate ``pairs`` (``match_key``, ``join_key_l``,
    ``join_key_r``) above ``KEEP_PAIRS_ABOVE``, keeping what Athar reads (each comparison's
    level and weights) and not the compared values: ``linker.inference.predict`` writes both
    records' value of every compared column beside each pair, which at a million records held
    more than DuckDB's memory limit could spill."""
    linker = model.linker
    settings = linker._settings_obj
    uid = settings.column_info_settings.unique_id_input_column
    pipeline = CTEPipeline([pairs])
    enqueue_df_concat_with_tf(linker, pipeline)
    pipeline.enqueue_list_of_sqls(
        compute_comparison_vector_values_from_id_pairs_sqls(
            settings._columns_to_select_for_blocking,
            Settings.columns_to_select_for_comparison_vector_values(
                unique_id_input_columns=settings.column_info_settings.unique_id_input_columns,
                comparisons=settings.core_model_settings.comparisons,
                retain_matching_columns=False,
                additional_columns_to_retain=[],
            ),
            input_tablename_l="__splink__df_concat_with_tf",
            input_tablename_r="__splink__df_concat_with_tf",
            source_dataset_input_column=None,
            unique_id_input_column=uid,
            link_type=settings._link_type,
            sql_dialect_str="duckdb",
        )
    )
    pipeline.enqueue_list_of_sqls(
        predict_from_comparison_vectors_sqls(
            unique_id_input_columns=settings.column_info_settings.unique_id_input_columns,
            core_model_settings=settings.core_model_settings,
            sql_dialect=SplinkDialect.from_string("duckdb"),
            threshold_match_probability=KEEP_PAIRS_ABOVE,
            retain_intermediate_calculation_columns=True,
            retain_matching_columns=False,
            training_mode=True,  # keeps each comparison's level (gamma_*) in the output
        )
    )
    return linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)


_COLUMN = re.compile(r'"?\b[lr]"?\."?([A-Za-z_][A-Za-z0-9_]*)"?')
_blocked_tables = itertools.count(1)


def blocked_pairs(
    connection: duckdb.DuckDBPyConnection,
    rules: Iterable[BlockingRuleCreator],
    records: str = "records",
) -> str:
    """The candidate pairs of the blocking rules, as Splink finds them, in a new table: one row
    per pair (``join_key_l`` < ``join_key_r``), ``match_key`` the first rule that finds it.

    Splink joins the whole records table (every feature column, as strings) and checks every
    earlier rule against each candidate so that a pair comes once. Here the rules run on a
    narrow copy holding only the columns they read, each value replaced by a 64-bit hash, and
    the pairs of all rules are grouped once: joins and grouping see integers only. The rules'
    SQL only ever equates columns, which hashing keeps (two values sharing a hash would only
    add a candidate, which the model scores like any other; with 64 bits it does not happen at
    this scale).
    """
    sqls = [rule.get_blocking_rule("duckdb").blocking_rule_sql for rule in rules]
    columns = sorted({c for sql in sqls for c in _COLUMN.findall(sql)})
    number = next(_blocked_tables)
    keys, pairs = f"__athar_block_keys_{number}", f"__athar_blocked_{number}"
    hashed = ", ".join(
        f'CASE WHEN "{c}" IS NULL THEN NULL ELSE hash("{c}") END AS "{c}"' for c in columns
    )
    connection.execute(
        f"CREATE OR REPLACE TABLE {keys} AS SELECT unique_id, {hashed} FROM {records}"
    )
    found = " UNION ALL ".join(
        f"SELECT {k}::UTINYINT AS rule, l.unique_id AS join_key_l, r.unique_id AS join_key_r "
        f"FROM {keys} AS l JOIN {keys} AS r ON ({sql}) WHERE l.unique_id < r.unique_id"
        for k, sql in enumerate(sqls)
    )
    try:
        connection.execute(
            f"CREATE OR REPLACE TABLE {pairs} AS SELECT min(rule)::UTINYINT AS match_key, "
            f"join_key_l, join_key_r FROM ({found}) GROUP BY join_key_l, join_key_r"
        )
    finally:
        connection.execute(f"DROP TABLE IF EXISTS {keys}")
    return pairs


def _fetch_pairs(model: Model, relation: duckdb.DuckDBPyRelation) -> ScoredPairs:
    labels = level_labels(model.settings_json())
    fields = tuple(c for c in labels if f"gamma_{c}" in relation.columns)
    select = [
        "least(unique_id_l, unique_id_r) AS a",
        "greatest(unique_id_l, unique_id_r) AS b",
        "match_probability",
        "match_weight",
    ]
    for c in fields:
        tf = f"coalesce(mw_tf_adj_{c}, 0)" if f"mw_tf_adj_{c}" in relation.columns else "0.0"
        select += [
            f"coalesce(gamma_{c}, -1)::TINYINT AS gamma_{c}",
            f"coalesce(mw_{c}, 0)::DOUBLE + {tf}::DOUBLE AS weight_{c}",
        ]
    reader = relation.select(", ".join(select)).to_arrow_reader(FETCH_ROWS)
    parts: dict[str, list[np.ndarray]] = {}
    for batch in reader:
        for name, column in zip(batch.schema.names, batch.columns, strict=True):
            parts.setdefault(name, []).append(column.to_numpy(zero_copy_only=False))

    def col(name: str, dtype: Any) -> np.ndarray:
        return np.concatenate(parts[name]).astype(dtype) if name in parts else np.empty(0, dtype)

    n = len(col("a", np.int64))
    gamma = np.empty((n, len(fields)), np.int8)
    field_weight = np.empty((n, len(fields)), np.float64)
    for k, c in enumerate(fields):
        gamma[:, k] = col(f"gamma_{c}", np.int8)
        field_weight[:, k] = col(f"weight_{c}", np.float64)
    return ScoredPairs(
        a=col("a", np.int64),
        b=col("b", np.int64),
        probability=col("match_probability", np.float64),
        weight=col("match_weight", np.float64),
        fields=fields,
        gamma=gamma,
        field_weight=field_weight,
        labels=labels,
    )
