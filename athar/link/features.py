"""Record → linkage features, computed in Python by the name engine.

No raw Arabic string ever reaches a DuckDB string function (DuckDB measures strings in bytes, so one
Arabic letter counts as two). Each name part is turned here into columns that SQL only compares for
equality, or whose edit distance is safe because they are ASCII:

- ``<part>_exact``: the bare written form (equality only): the same writing.
- ``<part>_id``: the name-table id (equality only): the same name in any script.
- ``<part>_skel``: the ASCII consonant skeleton: same key, or close (edit distance) when the tables
  do not know the name.
- ``<part>_key``: id when known, else ``~skeleton``: the blocking key shared by both scripts.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from athar.ingest.kinds import defaults
from athar.ingest.status import sighting_facility, transfer_facility
from athar.names import parse_name
from athar.names.keys import rasm, skeleton
from athar.names.lexicon import lexicon
from athar.names.normalize import clean, fold_digits, is_arabic
from athar.names.parse import Unit
from athar.names.similarity import name_features, unit_features
from athar.places import facility_site, governorate_of, unknown_facility_key
from athar.places.keys import tokens as place_tokens

NAME_PARTS = ("given", "father", "grandfather", "family", "mother")
_SPLIT_FIELDS = {
    "given": "given_name",
    "father": "father_name",
    "grandfather": "grandfather_name",
    "family": "family_name",
}


@dataclass(frozen=True, slots=True)
class PartFeatures:
    exact: str | None
    id: str | None
    skel: str | None
    key: str | None
    #: The next likeliest name an ambiguous spelling may mean (Hassan: حسن, else حسان).
    alt: str | None = None


_EMPTY = PartFeatures(None, None, None, None)


def _pick(ids: frozenset[str], role: str) -> str:
    """One id for an ambiguous spelling: a name of the part's kind ("Hassan" as a family name is
    الحسن, as a given name حسن or حسان), and of those the most frequent (حسن)."""
    lex = lexicon()
    preferred = ids & (lex.family if role == "family" else lex.given)
    return lex.likeliest(preferred or ids)


@lru_cache(maxsize=262_144)
def _part_from_units(units: tuple[Unit, ...], role: str = "given") -> PartFeatures:
    """Features of one name part (normally one unit; several are joined)."""
    if not units:
        return _EMPTY
    feats = [unit_features(u) for u in units]
    exact = " ".join(u.bare for u in units)
    ids = [_pick(f.ids, role) for f in feats if f.ids]
    ident = " ".join(ids) if len(ids) == len(feats) else None
    alt: str | None = None
    if ident is not None and len(feats) == 1 and len(feats[0].ids) > 1:
        alt = _pick(feats[0].ids - {ident}, role)
    elif ident is not None and len(feats) > 1 and role == "given":
        # A double given name (محمد علي, ابراهيم خليل) goes by its first name as often as not.
        alt = _pick(feats[0].ids, role)
    elif ident is None and len(units) == 1 and units[0].script == "arabic":
        slipped = lexicon().slip_readings(units[0].bare)
        alt = _pick(slipped, role) if slipped else None
    skel = "".join(f.skel for f in feats) or None
    key: str | None = ident
    if ident is None and skel:
        # A misspelt known name (ممحد, خلد, Khled) gets the key of that name, for candidate
        # generation: its slip reading, else the one table name of its skeleton.
        key = alt or (lexicon().nearest_id(skel) if len(feats) == 1 else None) or f"~{skel}"
    return PartFeatures(exact or None, ident, skel, key, alt)


@lru_cache(maxsize=1_048_576)
def _part_from_text(text: str, role: str) -> PartFeatures:
    if not text or not text.strip():
        return _EMPTY
    return _part_from_units(tuple(f.unit for f in name_features(text)), role)


@lru_cache(maxsize=262_144)
def _double_given(text: str) -> tuple[PartFeatures, PartFeatures] | None:
    """An Arabic given-name column holding two names (محمد خير, ابراهيم خليل): a Syrian double
    given name, as (first name, second name). A full name has no column to say where the given
    name ends, so the parser reads "Mohammad Kheir Osso" or "محمد علي غازي" as given and father's
    name; the register is read the same way (``_read_double_given``) so that the two agree part
    by part.

    None for one name (عبد الرحمن and نور الدين are one unit each), a second word with the article
    (a family name), a first word the tables do not know (one name split by a typed space), or
    Latin letters: there a double name is another country's (FEBRL4's "sara louise"; read as
    given and father's name it cost FEBRL4 0.9991 → 0.9944), and Syrian lists in Latin letters
    write a full name."""
    units = tuple(f.unit for f in name_features(text)) if text.strip() else ()
    if len(units) != 2 or any(u.article or u.script != "arabic" for u in units):
        return None
    first = _part_from_units(units[:1], "given")
    if first.id is None:
        return None  # a name the tables do not know, split by a typed space ("ابرا هيم")
    return first, _part_from_units(units[1:], "father")


def _read_double_given(parts: dict[str, dict[str, pa.Array]], given: pa.Array) -> None:
    """Where the given-name field holds a double given name, its second name becomes the
    father's name and the father's the grandfather's (the grandfather's, if written, is dropped:
    a full name of five parts is read the same way), as the parser reads a full name."""
    indices, values = _distinct(pc.fill_null(given, ""))
    doubles = [_double_given(str(v)) for v in values]
    if not any(doubles):
        return
    is_double = pc.fill_null(_spread(indices, [d is not None for d in doubles], pa.bool_()), False)
    first = _part_columns([d[0] if d else _EMPTY for d in doubles], indices)
    second = _part_columns([d[1] if d else _EMPTY for d in doubles], indices)
    shift = pc.and_(is_double, pc.invert(parts["father"]["empty"]))
    for kind in (*_PART_KINDS, "empty"):
        parts["grandfather"][kind] = pc.if_else(
            shift, parts["father"][kind], parts["grandfather"][kind]
        )
        parts["father"][kind] = pc.if_else(is_double, second[kind], parts["father"][kind])
        parts["given"][kind] = pc.if_else(is_double, first[kind], parts["given"][kind])


@lru_cache(maxsize=1_048_576)
def _parts_of_full_name(full: str) -> dict[str, PartFeatures]:
    parsed = parse_name(full)
    out = {}
    for role in ("given", "father", "grandfather", "family"):
        unit = getattr(parsed, role)
        if unit is not None:
            several = parsed.family_units if role == "family" else ()
            out[role] = _part_from_units(several or (unit,), role)
    return out


@lru_cache(maxsize=1_048_576)
def _mother(text: str) -> PartFeatures:
    """Features of the mother's given name: her family name is written or not, hers or his."""
    if not text.strip():
        return _EMPTY
    return _part_from_units(tuple(f.unit for f in name_features(text))[:1])


FEATURE_SCHEMA = pa.schema(
    [("unique_id", pa.int64()), ("source_kind", pa.string())]
    + [
        (f"{part}_{kind}", pa.string())
        for part in NAME_PARTS
        for kind in ("exact", "id", "skel", "key")
    ]
    + [
        ("sex", pa.string()),
        ("birth_date", pa.string()),
        ("birth_year", pa.int32()),
        ("birth_place_id", pa.string()),
        ("governorate_id", pa.string()),
        ("facility_id", pa.string()),
        # The facility a status says the person was transferred to ("منقول إلى سجن صيدنايا").
        ("transfer_to_id", pa.string()),
        ("detainee_number", pa.string()),
        ("national_id", pa.string()),
        ("status", pa.string()),
        ("has_name", pa.bool_()),
        ("given_rasm", pa.string()),
        ("father_rasm", pa.string()),
        ("family_rasm", pa.string()),
        ("birth_place_text", pa.string()),
        ("given_latin", pa.string()),
        ("family_latin", pa.string()),
        ("father_latin", pa.string()),
        # Residence (address): see ``residence_features``.
        ("residence_text", pa.string()),
        ("residence_id", pa.string()),
        ("residence_gov", pa.string()),
        ("residence_tokens", pa.string()),
        ("residence_latin", pa.string()),
        ("residence_postcode", pa.string()),
    ]
    + [(f"{part}_alt", pa.string()) for part in NAME_PARTS]
    + [("arrest_date", pa.string()), ("arrest_month", pa.string()), ("arrest_year", pa.int32())]
    + [("end_date", pa.string()), ("end_year", pa.int32())]
)


#: A run of this many digits in an address is taken for a postcode (a house number is shorter).
POSTCODE_DIGITS = (4, 6)
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=262_144)
def _residence_token(token: str) -> str | None:
    """A word of an address as a script-free ASCII key: digits as written, else the consonant
    skeleton (حي الميدان and Hay al-Midan share "mdn"); one-letter keys say nothing."""
    if token.isdigit():
        return token
    key = skeleton(token)
    return key if len(key) >= 2 and key.isascii() else None


def residence_features(text: str, place_id: str | None) -> dict[str, str | None]:
    """Columns of a residence SQL may compare: ``residence_text`` (cleaned, equality only),
    ``residence_id`` / ``residence_gov`` (the gazetteer's town and governorate), and ASCII only
    beyond: ``residence_tokens`` (sorted distinct word keys joined by spaces, for overlap),
    ``residence_latin`` (a Latin address as written, for Jaro-Winkler) and
    ``residence_postcode`` (the last run of 4–6 digits)."""
    cleaned = clean(fold_digits(text))
    keys = {k for k in (_residence_token(t) for t in place_tokens(text)) if k}
    codes = [
        d for d in _DIGITS.findall(cleaned) if POSTCODE_DIGITS[0] <= len(d) <= POSTCODE_DIGITS[1]
    ]
    latin = " ".join(cleaned.split()) if cleaned.isascii() else ""
    return {
        "residence_text": cleaned or None,
        "residence_id": place_id or None,
        "residence_gov": governorate_of(place_id or "") or None,
        "residence_tokens": " ".join(sorted(keys)) or None,
        "residence_latin": latin or None,
        "residence_postcode": codes[-1] if codes else None,
    }


#: Input columns the features read (``pk`` an integer, every other a string or null).
INPUT_COLUMNS = (
    "source_kind",
    "full_name",
    *_SPLIT_FIELDS.values(),
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "birth_place_id",
    "governorate_id",
    "facility",
    "facility_id",
    "detainee_number",
    "national_id",
    "status",
    "status_text",
    "event_date",
    "residence",
    "residence_id",
    "notes",
)

#: Above this many records, features are computed on every core.
PARALLEL_FROM = 50_000


def _is_arrest_kind(kind: str | None) -> bool:
    """A list of this kind dates its rows by the arrest (or the entry into detention); a release
    list's date is the release, a death record's the death."""
    return defaults(kind or "").event == "arrest"


def _valid_date(date: str | None) -> str | None:
    """A full or partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), partial kept partial."""
    return date if date and len(date) in (4, 7, 10) and date[:4].isdigit() else None


def _row_sex(value: str | None) -> str | None:
    sex = (value or "").strip().lower()
    return sex if sex in ("m", "f") else None


def _sex_of_given(given_id: str | None) -> str | None:
    """The sex a known given name implies, when the record does not say (a single name only)."""
    if given_id is None or " " in given_id:
        return None
    hint = lexicon().sex.get(given_id, "")
    return hint if hint in ("m", "f") else None


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and len(iso) >= 4 and iso[:4].isdigit() else None


def _full_date(iso: str | None) -> str | None:
    return iso if iso and len(iso) == 10 else None


def _month(iso: str | None) -> str | None:
    return iso[:7] if iso and len(iso) >= 7 else None


def _opt(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def _place_text(value: str | None) -> str | None:
    return clean(value or "") or None


#: Name parts with a column of their letters without dots (``<part>_rasm``).
RASM_PARTS = ("given", "father", "family")


def _rasm(exact: str | None) -> str | None:
    """Dotless form of an Arabic name: scanned registers lose dots (جرجس / جزجس). Applied to
    a Latin writing's table name (its id) too, so that a dot lost on one side still meets the
    other across scripts (شعاد / Souad)."""
    return rasm(exact.replace(" ", "")) if exact and is_arabic(exact) else None


def _latin(exact: str | None) -> str | None:
    """The written form when it is ASCII (Latin script): the only text Jaro-Winkler may see."""
    return exact if exact and exact.isascii() else None


def _unknown_facility(text: str | None) -> str | None:
    """A facility the gazetteer does not know, by the key of its label (records that name it
    alike still meet on facility and detainee number); used where the import resolved no id."""
    return (unknown_facility_key(text) or None) if text else None


def _seen_at(notes: str | None) -> str | None:
    """The site of the facility a note says the person was last seen in (``sighting_facility``)."""
    found = sighting_facility(notes or "")
    return facility_site(found) if found else None


def _transfer_to(status_text: str | None) -> str | None:
    """The facility a free-text status says the person was moved to: a register's last word on a
    detainee is often where they went next, the place another list finds them."""
    found = transfer_facility(status_text or "")
    return facility_site(found) if found else None


def _governorate(place_id: str | None) -> str | None:
    return governorate_of(place_id or "") or None


_RESIDENCE_TEXT = ("residence_text", "residence_tokens", "residence_latin", "residence_postcode")


def _residence_of_text(text: str | None) -> tuple[str | None, ...]:
    found = residence_features(text or "", None)
    return tuple(found[k] for k in _RESIDENCE_TEXT)


# ---------------------------------------------------------------------------------------------
# Columns: each rule above runs once per distinct value, Arrow spreads the answers over the rows


def _distinct(column: pa.Array) -> tuple[pa.Array, list[Any]]:
    """Per row, the index of its value among the distinct values; and those values."""
    encoded = pc.dictionary_encode(column)
    return encoded.indices, encoded.dictionary.to_pylist()


def _spread(indices: pa.Array, answers: list[Any], kind: pa.DataType) -> pa.Array:
    """Answers per distinct value → one per row (a null index gives a null)."""
    return pc.take(pa.array(answers, type=kind), indices)


def _map(column: pa.Array, rule: Callable[[Any], Any], kind: pa.DataType) -> pa.Array:
    """``rule`` of every row's value, computed once per distinct value (null included)."""
    indices, values = _distinct(column)
    answers = [rule(v) for v in values]
    if column.null_count:
        indices = pc.fill_null(indices, len(values))
        answers.append(rule(None))
    return _spread(indices, answers, kind)


_PART_KINDS = ("exact", "id", "skel", "key", "alt")


def _part_columns(parts: list[PartFeatures], indices: pa.Array) -> dict[str, pa.Array]:
    columns = {
        kind: _spread(indices, [getattr(p, kind) for p in parts], pa.string())
        for kind in _PART_KINDS
    }
    columns["empty"] = _spread(indices, [p is _EMPTY for p in parts], pa.bool_())
    return columns


def _text_parts(column: pa.Array, rule: Callable[[str], PartFeatures]) -> dict[str, pa.Array]:
    indices, values = _distinct(pc.fill_null(column, ""))
    return _part_columns([rule(str(v)) for v in values], indices)


def _name_columns(table: Mapping[str, pa.Array]) -> dict[str, dict[str, pa.Array]]:
    """Given / father / grandfather / family / mother features of every record.

    Split fields win; a record without its given or family name takes every part it lacks from
    its full name (the parser decides the roles).
    """
    parts = {
        part: _text_parts(table[field], functools.partial(_part_from_text, role=part))
        for part, field in _SPLIT_FIELDS.items()
    }
    _read_double_given(parts, table["given_name"])
    full = pc.fill_null(table["full_name"], "")
    lacking = pc.or_(parts["given"]["empty"], parts["family"]["empty"])
    # Rows whose full name is read: a null index elsewhere gives null answers there.
    wanted = pc.if_else(lacking, full, pa.scalar(None, pa.string()))
    indices, values = _distinct(wanted)
    parsed = [_parts_of_full_name(str(v)) if str(v).strip() else {} for v in values]
    for part in _SPLIT_FIELDS:
        from_full = _part_columns([p.get(part, _EMPTY) for p in parsed], indices)
        own = parts[part]
        take_full = pc.fill_null(pc.and_(own["empty"], lacking), False)
        for kind in (*_PART_KINDS, "empty"):
            own[kind] = pc.if_else(take_full, from_full[kind], own[kind])
    parts["mother"] = _text_parts(table["mother_name"], _mother)
    return parts


def _is_end_kind(kind: str | None) -> bool:
    """A list of this kind dates its rows by the end of the detention: a release or a death."""
    return defaults(kind or "").event in ("release", "death")


def _dated_columns(table: Mapping[str, pa.Array]) -> tuple[pa.Array, pa.Array]:
    """The record's date as (date of arrest, date the detention ended), one of them null, by
    what the kind of its list says its date is. A row of no known kind that reports a release or
    a death is dated by it; a witness's report dates neither."""
    kind = table["source_kind"]
    no_kind = _map(kind, lambda k: not k, pa.bool_())
    ended = _map(table["status"], lambda s: s in ("released", "deceased"), pa.bool_())
    by_end = pc.or_(_map(kind, _is_end_kind, pa.bool_()), pc.and_(ended, no_kind))
    by_arrest = pc.and_not(_map(kind, _is_arrest_kind, pa.bool_()), by_end)
    date = _map(table["event_date"], _valid_date, pa.string())
    none = pa.scalar(None, pa.string())
    return pc.if_else(by_arrest, date, none), pc.if_else(by_end, date, none)


def input_table(rows: pa.Table | Iterable[Mapping[str, Any]]) -> pa.Table:
    """The rows as a table with every input column (absent ones null, values as strings)."""
    if isinstance(rows, pa.Table):
        table = rows
    else:
        listed = list(rows)
        data: dict[str, list[Any]] = {"pk": [int(r["pk"]) for r in listed]}
        for name in INPUT_COLUMNS:
            data[name] = [None if r.get(name) is None else str(r.get(name)) for r in listed]
        return pa.table(data, schema=_INPUT_SCHEMA)
    for name in INPUT_COLUMNS:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    return table.select(["pk", *INPUT_COLUMNS]).cast(_INPUT_SCHEMA).combine_chunks()


_INPUT_SCHEMA = pa.schema([("pk", pa.int64())] + [(name, pa.string()) for name in INPUT_COLUMNS])


def _columns(table: pa.Table) -> pa.Table:
    col = {name: table[name].combine_chunks() for name in table.column_names}
    out: dict[str, pa.Array] = {
        "unique_id": col["pk"],
        "source_kind": _map(col["source_kind"], _opt, pa.string()),
    }
    names = _name_columns(col)
    for part, feats in names.items():
        for kind in _PART_KINDS:
            out[f"{part}_{kind}"] = feats[kind]
    given_sex = _map(names["given"]["id"], _sex_of_given, pa.string())
    other_sex = _map(names["given"]["alt"], _sex_of_given, pa.string())
    # A spelling read two ways of two sexes ("Ala2": علاء or آلاء) says nothing of the sex.
    given_sex = pc.if_else(pc.fill_null(pc.not_equal(given_sex, other_sex), False), None, given_sex)
    out["sex"] = pc.coalesce(_map(col["sex"], _row_sex, pa.string()), given_sex)
    out["birth_date"] = _map(col["birth_date"], _full_date, pa.string())
    out["birth_year"] = _map(col["birth_date"], _year, pa.int32())
    for name in ("birth_place_id", "governorate_id", "facility_id", "national_id", "status"):
        out[name] = _map(col[name], _opt, pa.string())
    # Linkage compares sites: a building of a compound and the compound are one facility to a
    # list that does not say which building, and one numbering (Sednaya's red building).
    # A record that names no facility may say in its notes where the person was last seen.
    out["facility_id"] = pc.coalesce(
        _map(out["facility_id"], facility_site, pa.string()),
        _map(col["facility"], _unknown_facility, pa.string()),
        _map(col["notes"], _seen_at, pa.string()),
    )
    out["transfer_to_id"] = _map(col["status_text"], _transfer_to, pa.string())
    out["detainee_number"] = _map(col["detainee_number"], _opt, pa.string())
    keys = [names[p]["key"] for p in ("given", "family", "father")]
    out["has_name"] = pc.fill_null(
        functools.reduce(pc.or_kleene, [pc.greater(pc.utf8_length(k), 0) for k in keys]), False
    )
    for part in RASM_PARTS:
        out[f"{part}_rasm"] = pc.coalesce(
            _map(names[part]["exact"], _rasm, pa.string()),
            _map(names[part]["id"], _rasm, pa.string()),
        )
    out["birth_place_text"] = pc.coalesce(
        out["birth_place_id"], _map(col["birth_place"], _place_text, pa.string())
    )
    for part in ("given", "family", "father"):
        out[f"{part}_latin"] = _map(names[part]["exact"], _latin, pa.string())
    residence_indices, residences = _distinct(pc.fill_null(col["residence"], ""))
    found = [_residence_of_text(str(r)) for r in residences]
    for k, name in enumerate(_RESIDENCE_TEXT):
        out[name] = _spread(residence_indices, [f[k] for f in found], pa.string())
    out["residence_id"] = _map(col["residence_id"], _opt, pa.string())
    out["residence_gov"] = _map(out["residence_id"], _governorate, pa.string())
    arrest, end = _dated_columns(col)
    out["arrest_date"] = _map(arrest, _full_date, pa.string())
    out["arrest_month"] = _map(arrest, _month, pa.string())
    out["arrest_year"] = _map(arrest, _year, pa.int32())
    out["end_date"] = _map(end, _full_date, pa.string())
    out["end_year"] = _map(end, _year, pa.int32())
    return pa.table([out[f.name] for f in FEATURE_SCHEMA], schema=FEATURE_SCHEMA)


def feature_table(rows: pa.Table | Iterable[Mapping[str, Any]]) -> pa.Table:
    """Features of many records as an Arrow table (the input Splink reads).

    ``rows``: a table, or dicts, of ``pk`` and the ``INPUT_COLUMNS`` (absent ones are null).
    Every rule runs once per distinct value of what it reads (a registry writes the same names,
    places and dates over and over) and Arrow spreads the answers over the rows. The full names
    read by the parser are nearly all distinct: a large registry is split across the machine's
    cores (forked workers, each with its own caches); the order of the records is kept.
    """
    table = input_table(rows)
    workers = os.cpu_count() or 1
    if table.num_rows < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _columns(table)
    size = -(-table.num_rows // workers)
    parts = [table.slice(i, size) for i in range(0, table.num_rows, size)]
    gc.freeze()  # the collector would touch, and so copy, every object a worker inherits
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            return pa.concat_tables(pool.map(_columns, parts))
    finally:
        gc.unfreeze()


def feature_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """All linkage features of one record (``row`` holds canonical and normalized fields)."""
    return dict(feature_table([row]).to_pylist()[0])
