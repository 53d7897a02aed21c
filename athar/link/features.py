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

import multiprocessing as mp
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa

from athar.ingest.kinds import defaults
from athar.names import parse_name
from athar.names.keys import rasm, skeleton
from athar.names.lexicon import lexicon
from athar.names.normalize import clean, fold_digits, is_arabic
from athar.names.parse import Unit
from athar.names.similarity import name_features, unit_features
from athar.places import governorate_of
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
    skel = "".join(f.skel for f in feats) or None
    key: str | None = ident
    if ident is None and skel:
        # A misspelt known name (خلد, Khled) gets the key of that name, for candidate generation.
        key = (lexicon().nearest_id(skel) if len(feats) == 1 else None) or f"~{skel}"
    return PartFeatures(exact or None, ident, skel, key, alt)


@lru_cache(maxsize=1_048_576)
def _part_from_text(text: str, role: str) -> PartFeatures:
    if not text or not text.strip():
        return _EMPTY
    return _part_from_units(tuple(f.unit for f in name_features(text)), role)


@lru_cache(maxsize=1_048_576)
def _parts_of_full_name(full: str) -> dict[str, PartFeatures]:
    parsed = parse_name(full)
    out = {}
    for role in ("given", "father", "grandfather", "family"):
        unit = getattr(parsed, role)
        if unit is not None:
            out[role] = _part_from_units((unit,), role)
    return out


def name_parts(row: Mapping[str, Any]) -> dict[str, PartFeatures]:
    """Given / father / grandfather / family / mother features of one record.

    Split fields win; a full name fills the parts it can (the parser decides the roles).
    """
    parts = {p: _part_from_text(str(row.get(f) or ""), p) for p, f in _SPLIT_FIELDS.items()}
    full = str(row.get("full_name") or "")
    if full.strip() and any(parts[p] is _EMPTY for p in ("given", "family")):
        for role, feats in _parts_of_full_name(full).items():
            if parts[role] is _EMPTY:
                parts[role] = feats
    parts["mother"] = _mother(str(row.get("mother_name") or ""))
    return parts


@lru_cache(maxsize=1_048_576)
def _mother(text: str) -> PartFeatures:
    """Features of the mother's given name: her family name is written or not, hers or his."""
    if not text.strip():
        return _EMPTY
    return _part_from_units(tuple(f.unit for f in name_features(text))[:1])


def _sex(row: Mapping[str, Any], given: PartFeatures) -> str | None:
    sex = str(row.get("sex") or "").strip().lower()
    if sex in ("m", "f"):
        return sex
    if given.id is not None and " " not in given.id:
        hint = lexicon().sex.get(given.id, "")
        if hint in ("m", "f"):
            return hint
    return None


def _year(iso: str) -> int | None:
    return int(iso[:4]) if len(iso) >= 4 and iso[:4].isdigit() else None


def _opt(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


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
        ("detainee_number", pa.string()),
        ("national_id", pa.string()),
        ("status", pa.string()),
        ("has_name", pa.bool_()),
        ("given_rasm", pa.string()),
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
)


def _arrest_date(row: Mapping[str, Any]) -> str | None:
    """The record's date when it is the date of arrest (or of entering detention): what the
    kind of its list says its date is (a release list's is the release, a death record's the
    death). A partial date (``YYYY`` or ``YYYY-MM``) stays partial."""
    if defaults(str(row.get("source_kind") or "")).event != "arrest":
        return None
    if row.get("status") in ("released", "deceased") and not row.get("source_kind"):
        return None  # a row of no known kind that reports a release or a death is dated by it
    date = str(row.get("event_date") or "")
    return date if len(date) in (4, 7, 10) and date[:4].isdigit() else None


def feature_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """All linkage features of one record (``row`` holds canonical and normalized fields)."""
    parts = name_parts(row)
    out: dict[str, Any] = {"unique_id": int(row["pk"]), "source_kind": _opt(row.get("source_kind"))}
    for part, feats in parts.items():
        out[f"{part}_exact"] = feats.exact
        out[f"{part}_id"] = feats.id
        out[f"{part}_skel"] = feats.skel
        out[f"{part}_key"] = feats.key
        out[f"{part}_alt"] = feats.alt
    birth = str(row.get("birth_date") or "")
    out["sex"] = _sex(row, parts["given"])
    out["birth_date"] = birth if len(birth) == 10 else None
    out["birth_year"] = _year(birth)
    for name in ("birth_place_id", "governorate_id", "facility_id", "national_id", "status"):
        out[name] = _opt(row.get(name))
    out["detainee_number"] = _opt(row.get("detainee_number"))
    out["has_name"] = any(parts[p].key for p in ("given", "family", "father"))
    exact = parts["given"].exact
    # Dotless form of an Arabic given name: scanned registers lose dots (جرجس / جزجس).
    out["given_rasm"] = rasm(exact.replace(" ", "")) if exact and is_arabic(exact) else None
    for part in ("given", "family", "father"):
        # The written form when it is ASCII (Latin script): the only text Jaro-Winkler may see.
        written = parts[part].exact
        out[f"{part}_latin"] = written if written and written.isascii() else None
    place = clean(str(row.get("birth_place") or ""))
    out["birth_place_text"] = out["birth_place_id"] or place or None
    arrest = _arrest_date(row)
    out["arrest_date"] = arrest if arrest and len(arrest) == 10 else None
    out["arrest_month"] = arrest[:7] if arrest and len(arrest) >= 7 else None
    out["arrest_year"] = int(arrest[:4]) if arrest else None
    out.update(residence_features(str(row.get("residence") or ""), _opt(row.get("residence_id"))))
    return out


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


#: Below this many records, features are computed in this process; above, on every core.
PARALLEL_FROM = 50_000


def _features_chunk(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist([feature_row(r) for r in rows], schema=FEATURE_SCHEMA)


def feature_table(rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Features of many records as an Arrow table (the input Splink reads).

    Pure Python, one record at a time: a large registry is split across the machine's cores
    (forked workers, each with its own caches); the order of the records is kept.
    """
    listed = rows if isinstance(rows, list) else list(rows)
    workers = os.cpu_count() or 1
    if len(listed) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return _features_chunk(listed)
    size = -(-len(listed) // workers)
    chunks = [listed[i : i + size] for i in range(0, len(listed), size)]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        tables = list(pool.map(_features_chunk, chunks))
    return pa.concat_tables(tables)
