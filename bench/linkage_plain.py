"""The baseline of the linkage benchmark: a plain Splink set-up without Arabic expertise.

This is what a competent analyst who knows Splink but not Arabic names would write for these
lists: every name is transliterated with ``anyascii`` and lower-cased, split on spaces (first token
= first name, last token = surname, the tokens between = middle), and compared with Jaro-Winkler
levels; birth year (with a ±1 level), place and facility are compared as written. The model is
trained the usual way (prior from a deterministic rule, u by random sampling, m by EM on two
blocks) and clustered with Splink's connected components at 0.9.

It reads the same ``athar.records.Record``\\ s as Athar (the fields as written plus the ISO birth
date and the digits of the identifiers that ingest leaves on every record), so both systems get
identical input. ``bench/linkage.py`` runs it; it can also be used alone from Python:
``clusters, seconds = link_plain(records)``.

Beyond the columns named in issue 3 it also compares what any analyst would not leave unused:
the exact birth date above the year, sex, the national number, the (facility, detainee number)
pair and the address as one string (Jaro-Winkler), and blocks on the national number. Where a
record has split name fields they are used directly (given → first name, family → surname,
father → father's name) instead of re-splitting.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from anyascii import anyascii
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from athar.names.parse import split_leading_capitals
from athar.records import Record

#: Cluster at this match probability (issue 3).
THRESHOLD = 0.9
#: Random pairs for the u probabilities.
U_MAX_PAIRS = 2_000_000
#: Pairs kept from prediction: only what clustering at THRESHOLD reads.
PREDICT_ABOVE = THRESHOLD

_QUOTES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
SPLIT_PARTS = ("given_name", "father_name", "grandfather_name", "family_name")
#: Generic cleaning any analyst does: titles, and the particle written apart (al-Masri, El Ali).
TITLES = frozenset({"dr", "doctor", "eng", "mr", "mrs", "ms", "prof"})
PARTICLES = frozenset({"al", "el"})

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("first_name", pa.string()),
        ("middle_name", pa.string()),
        ("surname", pa.string()),
        ("father_name", pa.string()),
        ("father_or_middle", pa.string()),
        ("birth_date", pa.string()),
        ("birth_year", pa.int32()),
        ("birth_place", pa.string()),
        ("residence", pa.string()),
        ("facility", pa.string()),
        ("detainee_number", pa.string()),
        ("facility_number", pa.string()),
        ("national_id", pa.string()),
        ("sex", pa.string()),
    ]
)


def ascii_lower(text: str) -> str:
    """anyascii, lower case, apostrophes dropped, other punctuation to spaces."""
    text = _QUOTES.sub("", anyascii(text or "").lower())
    return _NOT_ALNUM.sub(" ", text).strip()


def _opt(text: str) -> str | None:
    return text or None


def _tokens(text: str) -> list[str]:
    """Cleaned tokens: titles and stand-alone particles dropped (competent cleaning)."""
    return [t for t in ascii_lower(text).split() if t not in TITLES and t not in PARTICLES]


def name_columns(fields: Mapping[str, str], competent: bool) -> tuple[str, str, str, str]:
    """(first, middle, surname, father) of one record."""
    parts = [fields.get(p, "") for p in SPLIT_PARTS]
    if not competent:  # the recipe: one string, first / middle / last token
        text = fields.get("full_name", "") or " ".join(p for p in parts if p)
        tokens = ascii_lower(text).split()
        first = tokens[0] if tokens else ""
        surname = tokens[-1] if len(tokens) > 1 else ""
        return first, " ".join(tokens[1:-1]), surname, ascii_lower(parts[1])
    given, father, grandfather, family = (" ".join(_tokens(p)) for p in parts)
    if any((given, father, grandfather, family)):  # split fields: each by its role
        first, surname = given, family
        middle = " ".join(p for p in (father, grandfather) if p)
        if not first or not surname:  # a part missing: the tokens of what is there
            tokens = " ".join(p for p in (given, father, grandfather, family) if p).split()
            first = first or (tokens[0] if len(tokens) > 1 or not surname else "")
            surname = surname or (tokens[-1] if len(tokens) > 1 else "")
        return first, middle, surname, father
    full = fields.get("full_name", "")
    caps = split_leading_capitals(full)
    if caps is not None:
        rest = _tokens(caps[1])
        surname = " ".join(_tokens(caps[0]))
        return (rest[0] if rest else ""), " ".join(rest[1:]), surname, ""
    tokens = _tokens(full)
    first = tokens[0] if tokens else ""
    surname = tokens[-1] if len(tokens) > 1 else ""
    return first, " ".join(tokens[1:-1]), surname, ""


def plain_row(pk: int, record: Record, competent: bool = True) -> dict[str, Any]:
    """One record as the plain model's columns."""
    f = record.fields
    first, middle, surname, father = name_columns(f, competent)
    birth = record.birth_date
    year = int(birth[:4]) if birth[:4].isdigit() else None
    facility = ascii_lower(f.get("facility", ""))
    number = record.detainee_number
    return {
        "unique_id": pk,
        "first_name": _opt(first),
        "middle_name": _opt(middle),
        "surname": _opt(surname),
        "father_name": _opt(father),
        "father_or_middle": _opt(father or middle),
        "birth_date": birth if len(birth) == 10 else None,
        "birth_year": year,
        "birth_place": _opt(ascii_lower(f.get("birth_place", ""))),
        "residence": _opt(ascii_lower(f.get("residence", ""))),
        "facility": _opt(facility),
        "detainee_number": _opt(number),
        "facility_number": f"{facility}#{number}" if facility and number else None,
        "national_id": _opt(record.national_id),
        "sex": _opt(record.sex),
    }


def plain_table(records: Iterable[tuple[int, Record]], competent: bool = True) -> pa.Table:
    rows = [plain_row(pk, r, competent) for pk, r in records]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def birth_comparison(competent: bool) -> cl.CustomComparison:
    levels: list[Any] = [
        {
            "sql_condition": '"birth_year_l" IS NULL OR "birth_year_r" IS NULL',
            "label_for_charts": "missing",
            "is_null_level": True,
        },
        {"sql_condition": '"birth_year_l" = "birth_year_r"', "label_for_charts": "same year"},
        {
            "sql_condition": 'abs("birth_year_l" - "birth_year_r") <= 1',
            "label_for_charts": "year ±1",
        },
        {"sql_condition": "ELSE", "label_for_charts": "different"},
    ]
    if competent:
        same_date = {"sql_condition": '"birth_date_l" = "birth_date_r"', "label_for_charts": "date"}
        levels.insert(1, same_date)
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_description="birth date / year",
        comparison_levels=levels,
    )


def comparisons(competent: bool) -> list[Any]:
    jw = [0.92, 0.8]
    out: list[Any] = [
        cl.JaroWinklerAtThresholds("first_name", jw).configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("surname", jw).configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("father_or_middle", jw),
        birth_comparison(competent),
        cl.ExactMatch("birth_place"),
        cl.ExactMatch("facility"),
    ]
    if competent:
        out += [
            cl.ExactMatch("facility_number"),
            cl.ExactMatch("national_id"),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("residence", [0.92, 0.8]),
        ]
    return out


def blocking_rules(competent: bool) -> list[Any]:
    rules: list[Any] = [
        block_on("first_name", "surname"),
        block_on("surname", "birth_year"),
        block_on("facility", "detainee_number"),
        block_on("first_name", "birth_year"),
    ]
    if competent:
        rules += [
            block_on("national_id"),
            block_on("substr(first_name, 1, 3)", "substr(surname, 1, 3)"),
        ]
    return rules


def settings(competent: bool = True) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(competent),
        blocking_rules_to_generate_predictions=blocking_rules(competent),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def count_comparisons(table: pa.Table, competent: bool = True) -> dict[str, int]:
    """Marginal candidate pairs of each blocking rule (what an analyst checks first)."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    connection = duckdb.connect()
    frame = DuckDBAPI(connection).register(table, table_name="plain_records")
    records = count_comparisons_from_blocking_rules(
        frame,
        blocking_rules=blocking_rules(competent),
        link_type="dedupe_only",
        record_sample_proportion=1.0,
    )
    connection.close()
    return {r["blocking_rule"]: int(r["marginal_comparison_count"]) for r in records}


def link_table(
    table: pa.Table, threshold: float = THRESHOLD, competent: bool = True
) -> tuple[list[list[int]], dict[str, float]]:
    """Train, predict and cluster; clusters of unique ids (singletons included), and seconds."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 2)
        clock = now

    connection = duckdb.connect()
    db_api = DuckDBAPI(connection)
    frame = db_api.register(table, table_name="plain_records")
    linker = Linker(frame, settings(competent), log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "birth_year")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=1)
    # EM: names are estimated on the year/place block, everything else on the name block.
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"), estimate_without_term_frequencies=True
    )
    # A list with addresses but no birth places (FEBRL) blocks on the address instead.
    has_places = table.column("birth_place").null_count < table.num_rows
    place = "birth_place" if has_places else "residence"
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_year", place), estimate_without_term_frequencies=True
    )
    lap("train")
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_ABOVE)
    n_pairs = predictions.as_duckdbpyrelation().count("*").fetchall()[0][0]
    lap("predict")
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    # DuckDB 2: fetch fully before any other call on this connection.
    rows = clustered.as_duckdbpyrelation().select("cluster_id, unique_id").fetchall()
    lap("cluster")
    seconds["scored_pairs"] = float(n_pairs)
    connection.close()
    groups: dict[Any, list[int]] = {}
    for cid, uid in rows:
        groups.setdefault(cid, []).append(int(uid))
    return list(groups.values()), seconds


def link_plain(
    records: Sequence[tuple[int, Record]], threshold: float = THRESHOLD, competent: bool = True
) -> tuple[list[list[int]], dict[str, float]]:
    """The whole plain path from records to clusters."""
    started = time.perf_counter()
    table = plain_table(records, competent)
    prepare = round(time.perf_counter() - started, 2)
    clusters, seconds = link_table(table, threshold, competent)
    return clusters, {"prepare": prepare, **seconds}
