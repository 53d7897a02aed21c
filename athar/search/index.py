"""The search index: the registry's current records, grouped by person, with name keys that let
any spelling in either script find them.

Built from ``Store.records_table`` (or any Arrow table with those columns and ``person_id``):

- every record keeps its name parts (given, father, grandfather, family, mother) as codes into one
  vocabulary of written forms, its birth year, governorate, facility, status and event date;
- an *entity* is a person of the latest link run, or a record no run has placed in a person;
- posting lists map name keys to records: a unit's table ids (محمد, Mohammad, Mhd and Mo7ammad
  share ``i:محمد``) and its consonant skeleton (``s:mhmd``, shared by both scripts and by names
  the tables do not know). They live in two flat numpy arrays (CSR), so a million records take
  tens of megabytes and load in a fraction of a second;
- a key's posting length is its document frequency: the provider weights keys by it, so
  Mohammad (one person in eight) does not flood the candidates.

The index is saved as one ``.npz`` file in the data dir with a fingerprint of the registry it
was built from (latest event id, latest link run, record count); ``athar.search.service`` loads
it when the fingerprint still holds and rebuilds it when the registry changed.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from athar.names import parse_name
from athar.names.keys import skeleton, split_skeletons
from athar.names.lexicon import lexicon
from athar.names.parse import Unit
from athar.names.similarity import UnitFeatures, name_features
from athar.places import facility as facility_by_id
from athar.places import town as town_by_id
from athar.records import STATUSES

#: Bump when the file layout or the keys change: an older file is then rebuilt, never misread.
# 20: a full name's Arabizi digit read as ق keeps that reading in its part (2awwas: قواس);
# 19: the mother's name indexed under its role; 18: an assimilated ʿAbd only before its sun
# letter (Abdin Khalil is two names);
# 17: a first w or y is a consonant in a Latin skeleton (Ysser: ysr); 16: a family name
# first in capitals is all its capital words (ATRACHE EL HASSAN); 15: Arabizi 3 opening a
# word before a consonant (3bd: Abd); 14: family names' tables (Hage, Hamoui, Obeid, Kilani
# ...); 13: French ç as s and a final é as -eh (Fayçal, Hamadé); 12: Arabizi digits for ق and the
# Egyptian hard g read as table names (Tare2, Gamil), an ʿAbd compound last read as the given
# name of a name written family first; 11: slips of the pen (ممد: محمد) compare as close;
# 10: Abdus Salam, family-only or al- first, Alani (athar.names); 8: titles in a name
FORMAT = 20
#: Parts whose keys (table ids, skeletons of names the tables lack) are also indexed under their
#: role ("given|i:محمد"), so a query's given name meeting a record's given name counts more than
#: meeting its father's name. The mother's name is indexed under its role only: it is not part
#: of the person's name, but a family that gives it must reach the register that writes it.
ROLE_KEYS = {0: "given", 3: "family", 4: "mother"}
#: Name parts kept per record, in this order (columns of ``SearchIndex.parts``).
PARTS = ("given", "father", "grandfather", "family", "mother")
#: The parts whose units are indexed and aligned with the query's name (the mother is a filter).
NAME_ROLES = PARTS[:4]
_SPLIT_FIELDS = ("given_name", "father_name", "grandfather_name", "family_name", "mother_name")
#: Columns of ``Store.records_table`` the index reads.
INDEX_COLUMNS = (
    "pk",
    "source",
    "full_name",
    *_SPLIT_FIELDS,
    "birth_date_norm",
    "birth_place_id",
    "governorate_id",
    "facility_id",
    "status_norm",
    "event_date_norm",
)
#: Records turned into index rows per batch (bounds the memory of Python objects while building).
BUILD_BATCH = 50_000
NONE = -1
#: The index's lists of strings (saved as NUL-terminated UTF-8 blobs).
_LISTS = ("strings", "entities", "terms", "governorates", "facilities", "sources",
          "unit_text", "unit_bare", "unit_fold", "unit_skel", "unit_vkey", "unit_rasm",
          "unit_ids")  # fmt: skip
#: Name units kept per record for the scorer (a record with more keeps its first ones).
MAX_UNITS = 8
_ARABIC, _ARTICLE = 1, 2
#: Query units whose comparisons with the indexed units a loaded index remembers.
UNIT_MEMO = 1024
#: Query units whose postings the provider keeps (``SearchIndex.remembered``).
KEY_MEMO = 256
_MISSING = object()
_T = TypeVar("_T")


def unit_terms(f: UnitFeatures) -> list[str]:
    """Index keys of one name unit: its table ids and its consonant skeleton, and the skeleton
    again as ``u:`` when the tables do not know the unit (a spelling they lack, الشليش for
    شاليش), so a query can tell it from a known *other* name with that skeleton (محمود, محمد)."""
    terms = [f"i:{i}" for i in sorted(f.ids)]
    if f.skel:
        terms.append(f"s:{f.skel}")
        if not f.ids:
            terms.append(f"u:{f.skel}")
    if f.rasm and not f.ids:
        # an unknown Arabic spelling's letters without dots: a dot lost or misplaced in a
        # scanned register (القتاني for القباني) still meets the name
        terms.append(f"r:{f.rasm}")
    return terms


def query_terms(f: UnitFeatures) -> list[str]:
    """Keys a query unit looks up: its table ids, its skeleton, the skeleton among units the
    tables do not know, and the table name a misspelt known name most likely is (Khled → خالد),
    as linkage blocking does; for a Latin writing the tables lack, also its skeletons with a
    digraph read as two letters (Fat-hi: فتحي)."""
    terms = [f"i:{i}" for i in sorted(f.ids)]
    if f.skel:
        terms += [f"s:{f.skel}", f"u:{f.skel}"]
    if not f.ids and f.skel:
        near = lexicon().nearest_id(f.skel)
        if near:
            terms.append(f"i:{near}")
        if f.script == "latin":
            terms += [f"{k}:{s}" for s in split_skeletons(f.unit.bare) for k in "su"]
    terms += [f"s:{s}" for s in table_skeletons(f) if s != f.skel]
    terms += [f"r:{r}" for r in table_rasms(f)]
    return terms


def table_rasms(f: UnitFeatures) -> list[str]:
    """The letters without dots of a unit and of the Arabic table names it is: what a record
    that lost their dots still writes."""
    forms = [name_features(i) for i in sorted(f.ids)]
    return sorted({f.rasm, *(u[0].rasm for u in forms if u)} - {""})


def table_skeletons(f: UnitFeatures) -> list[str]:
    """Skeletons of the Arabic table names a unit is: what most records write for it, and what
    a misspelt Arabic record still shares (Samih's skeleton drops the final h that سامح keeps,
    so ساامح in a register is found through سامح's)."""
    return sorted({skeleton(i) for i in f.ids} - {""})


def unit_df(index: SearchIndex, f: UnitFeatures) -> int:
    """How many records carry this unit, by its most specific key: its table names (a rare name
    is rare even when its skeleton is shared with Hassan), or for a spelling the tables do not
    know, the name it most likely is, and otherwise its skeleton."""

    def df(term: str) -> int:
        tid = index.term_id(term)
        return index.df(tid) if tid is not None else 0

    if f.ids:
        return max(df(f"i:{i}") for i in f.ids)
    if not f.skel:
        return 0
    near = lexicon().nearest_id(f.skel)
    if near:
        return max(df(f"i:{near}"), df(f"u:{f.skel}"))
    return df(f"s:{f.skel}")


def record_parts(row: Mapping[str, Any]) -> tuple[str, ...]:
    """The five name parts of a record, as written: split fields win, and a full name fills the
    parts it can (the name parser decides the roles: given first, family last ...)."""
    parts = [str(row.get(f) or "").strip() for f in _SPLIT_FIELDS]
    full = str(row.get("full_name") or "").strip()
    if full and (not parts[0] or not parts[3]):
        parsed = _parse_roles(full)
        for k in range(len(NAME_ROLES)):
            if not parts[k] and parsed[k]:
                parts[k] = parsed[k]
    return tuple(parts)


_PARSED: dict[str, tuple[str, ...]] = {}


def _parse_roles(full: str) -> tuple[str, ...]:
    found = _PARSED.get(full)
    if found is None:
        parsed = parse_name(full)
        found = tuple(_as_written(getattr(parsed, role)) for role in NAME_ROLES)
        if len(_PARSED) < 200_000:
            _PARSED[full] = found
    return found


def _as_written(unit: Unit | None) -> str:
    """A parsed unit's text as a part to read again alone: an Arabizi digit the tables read as
    ق (2awwas: قواس, 3abdul2ader) is written q, since the cleaned text has lost the digit."""
    if unit is None:
        return ""
    if unit.qaf and not lexicon().ids(replace(unit, qaf="")):
        return f"al {unit.qaf}" if unit.article else unit.qaf
    return unit.text


def _display(row: Mapping[str, Any]) -> str:
    split = " ".join(str(row.get(f) or "").strip() for f in _SPLIT_FIELDS[:4] if row.get(f))
    full = str(row.get("full_name") or "").strip()
    return split if len(split.split()) >= len(full.split()) else full


def _event_number(iso: str | None) -> int:
    """A partial ISO date as a sortable integer: 2013-05-02 → 20130502, 2013 → 20130000."""
    text = str(iso or "")
    try:
        year = int(text[:4])
        month = int(text[5:7]) if len(text) >= 7 else 0
        day = int(text[8:10]) if len(text) >= 10 else 0
    except ValueError:
        return 0
    return year * 10_000 + month * 100 + day


def event_text(number: int) -> str:
    """Back from ``_event_number`` to a partial ISO date ("" for unknown)."""
    if number <= 0:
        return ""
    year, rest = divmod(int(number), 10_000)
    month, day = divmod(rest, 100)
    if not month:
        return f"{year:04d}"
    if not day:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _birth_year(iso: str | None) -> int:
    text = str(iso or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else 0


def _governorate_of(row: Mapping[str, Any]) -> str:
    gov = str(row.get("governorate_id") or "")
    if gov:
        return gov
    town = str(row.get("birth_place_id") or "")
    if town:
        try:
            return town_by_id(town).governorate
        except KeyError:
            return ""
    return ""


class _Codes:
    """A growing vocabulary: value → small integer."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: list[str] = []
        self.codes: dict[str, int] = {}
        for v in values:
            self.code(v)

    def code(self, value: str) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass
class SearchIndex:
    """The registry prepared for search (build with ``build_index``, or ``load``)."""

    meta: dict[str, Any]
    strings: list[str]  # written name parts and display names
    entities: list[str]  # person id, or "" for a record in no person
    rec_entity: npt.NDArray[np.int32]
    rec_pk: npt.NDArray[np.int64]
    rec_parts: npt.NDArray[np.int32]  # (records, 5) codes into strings, NONE when empty
    rec_display: npt.NDArray[np.int32]
    rec_birth_year: npt.NDArray[np.int16]  # 0 unknown
    rec_governorate: npt.NDArray[np.int16]  # code into governorates, NONE unknown
    rec_facility: npt.NDArray[np.int16]  # code into facilities, NONE unknown
    rec_status: npt.NDArray[np.int8]  # code into STATUSES
    rec_event: npt.NDArray[np.int32]  # partial date as yyyymmdd, 0 unknown
    rec_source: npt.NDArray[np.int16]  # code into sources
    ent_offsets: npt.NDArray[np.int64]  # entity e's records: ent_records[offsets[e]:offsets[e+1]]
    ent_records: npt.NDArray[np.int32]
    terms: list[str]
    post_offsets: npt.NDArray[np.int64]  # term t's records: post_records[offsets[t]:offsets[t+1]]
    post_records: npt.NDArray[np.int32]
    governorates: list[str]
    facilities: list[str]
    sources: list[str]
    # the name units of the records' name parts, once each, with what comparison needs of them
    # (``unit(code)``), and per record its units in written order with the part each came from
    rec_units: npt.NDArray[np.int32]  # (records, width) codes into the units, NONE past the end
    rec_unit_role: npt.NDArray[np.int8]  # (records, width) index into NAME_ROLES, NONE past the end
    unit_text: list[str]
    unit_bare: list[str]
    unit_fold: list[str]
    unit_skel: list[str]
    unit_vkey: list[str]
    unit_rasm: list[str]
    unit_ids: list[str]  # table ids joined by "|"
    unit_flags: npt.NDArray[np.uint8]  # _ARABIC | _ARTICLE
    _term_ids: dict[str, int] = field(default_factory=dict, repr=False)
    _units: list[UnitFeatures | None] = field(default_factory=list, repr=False)
    _unit_scores: dict[UnitFeatures, dict[int, complex]] = field(default_factory=dict, repr=False)
    _scratch: threading.local = field(default_factory=threading.local, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _deletions: dict[str, list[int]] | None = field(default=None, repr=False)
    _writes_family: npt.NDArray[np.bool_] | None = field(default=None, repr=False)
    _remembered: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self._term_ids:
            self._term_ids = {t: i for i, t in enumerate(self.terms)}

    # ------------------------------------------------------------------ sizes and lookups

    @property
    def n_records(self) -> int:
        return len(self.rec_pk)

    @property
    def n_entities(self) -> int:
        return len(self.entities)

    def term_id(self, term: str) -> int | None:
        return self._term_ids.get(term)

    def postings(self, term_id: int) -> npt.NDArray[np.int32]:
        """The records that carry one key (ascending record indices)."""
        return self.post_records[self.post_offsets[term_id] : self.post_offsets[term_id + 1]]

    def df(self, term_id: int) -> int:
        return int(self.post_offsets[term_id + 1] - self.post_offsets[term_id])

    def entity_records(self, entity: int) -> npt.NDArray[np.int32]:
        return self.ent_records[self.ent_offsets[entity] : self.ent_offsets[entity + 1]]

    def part(self, record: int, k: int) -> str:
        code = int(self.rec_parts[record, k])
        return self.strings[code] if code >= 0 else ""

    def display(self, record: int) -> str:
        return self.strings[int(self.rec_display[record])]

    @contextmanager
    def positions(self, records: npt.NDArray[np.int32]) -> Iterator[npt.NDArray[np.int32]]:
        """A map from record index to its position in ``records`` (-1 for the others), for the
        length of a ``with`` block: one scratch array per thread, reset on the way out, so a
        query looks up a key's records in its candidates by one gather."""
        scratch = getattr(self._scratch, "pos", None)
        if scratch is None:
            scratch = self._scratch.pos = np.full(self.n_records, -1, np.int32)
        scratch[records] = np.arange(len(records), dtype=np.int32)
        try:
            yield scratch
        finally:
            scratch[records] = -1

    def writes_family(self) -> npt.NDArray[np.bool_]:
        """Per record, whether its name writes a family name (release lists often do not)."""
        if self._writes_family is None:
            self._writes_family = (self.rec_unit_role == NAME_ROLES.index("family")).any(axis=1)
        return self._writes_family

    def union(self, postings: Sequence[npt.NDArray[np.int32]]) -> npt.NDArray[np.int32]:
        """The records of any of ``postings``, ascending: marked in a per-thread scratch mask
        and read back, cheaper than sorting a hundred thousand repeated indices."""
        mark = getattr(self._scratch, "mark", None)
        if mark is None:
            mark = self._scratch.mark = np.zeros(self.n_records, np.bool_)
        for hits in postings:
            mark[hits] = True
        found = np.flatnonzero(mark).astype(np.int32)
        mark[found] = False
        return found

    def remembered(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """``make()``, kept for the last ``KEY_MEMO`` keys: what the provider reads from the
        postings for one query unit (queries repeat Mohammad and Halabi)."""
        with self._memo_lock:
            found = self._remembered.pop(key, _MISSING)
            if found is not _MISSING:
                self._remembered[key] = found  # most recently used last
                return cast(_T, found)
        made = make()
        with self._memo_lock:
            while len(self._remembered) >= KEY_MEMO:
                del self._remembered[next(iter(self._remembered))]
            self._remembered[key] = made
        return made

    def unit_scores(self, q: UnitFeatures) -> dict[int, complex]:
        """The scorer's memo of one query unit against indexed units (code → score, level):
        queries repeat names (Mohammad, Halabi), so a server compares each pair once. Kept for
        the last ``UNIT_MEMO`` query units (a memo holds at most one entry per indexed unit).

        Each (score, level) is kept as ``complex(score, level)``: both exact, and an atom. A dict
        of ints and atoms is one the cyclic garbage collector never visits, while a dict of
        tuples it walks entry by entry: half a million remembered pairs made each of its full
        passes 60 ms longer, in the middle of a search."""
        with self._memo_lock:
            found = self._unit_scores.pop(q, None)
            if found is None:
                found = {}
                while len(self._unit_scores) >= UNIT_MEMO:
                    del self._unit_scores[next(iter(self._unit_scores))]
            self._unit_scores[q] = found  # most recently used last
            return found

    def unit(self, code: int) -> UnitFeatures:
        """The features of one indexed name unit, rebuilt from the file (no parsing)."""
        if not self._units:
            self._units = [None] * len(self.unit_text)
        found = self._units[code]
        if found is None:
            flags = int(self.unit_flags[code])
            script = "arabic" if flags & _ARABIC else "latin"
            unit = Unit(self.unit_text[code], self.unit_bare[code], script, bool(flags & _ARTICLE))
            ids = self.unit_ids[code]
            found = self._units[code] = UnitFeatures(
                unit,
                frozenset(ids.split("|")) if ids else frozenset(),
                self.unit_fold[code],
                self.unit_skel[code],
                self.unit_vkey[code],
                self.unit_rasm[code],
            )
        return found

    def warm(self) -> None:
        """Build now what the first searches would otherwise build on their way: the features
        of every indexed unit and the skeletons one edit away (a server's keeper does this in
        the background once an index is in place)."""
        if self._deletions is None:
            self._deletions = _deletion_index(self.terms)
        for code in range(len(self.unit_text)):
            self.unit(code)
        self.writes_family()

    def similar_skeletons(self, skel: str, *, unknown_only: bool = False) -> list[int]:
        """Skeleton keys one edit away from ``skel`` (a typo in the query or in the record): a
        symmetric-deletion lookup, built on first use.

        With ``unknown_only`` (for a query unit the tables know), only the ``u:`` keys of
        spellings the tables do not know: a typo in a record makes a spelling the tables lack,
        while a known name one edit away (حسن, حسين) is another name. A query unit the tables
        do not know may itself be the typo, of any name: all skeleton keys."""
        if len(skel) < 2:
            return []
        if self._deletions is None:
            self._deletions = _deletion_index(self.terms)
        found: set[int] = set()
        # two letters meet only the longer skeletons they are with a letter lost (السن for
        # الحسن, Zainan for Zainab): two-letter names one edit from each other are legion
        for variant in {skel, *_deletes(skel)} if len(skel) >= 3 else {skel}:
            found.update(self._deletions.get(variant, ()))
        found.discard(self._term_ids.get(f"s:{skel}", -1))
        if not unknown_only:
            return sorted(found)
        unknown = (self._term_ids.get(f"u:{self.terms[t][2:]}") for t in found)
        return sorted(t for t in unknown if t is not None)

    # ------------------------------------------------------------------ file

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a reader never sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {
            name: getattr(self, name)
            for name in (
                "rec_entity",
                "rec_pk",
                "rec_parts",
                "rec_display",
                "rec_birth_year",
                "rec_governorate",
                "rec_facility",
                "rec_status",
                "rec_event",
                "rec_source",
                "ent_offsets",
                "ent_records",
                "post_offsets",
                "post_records",
                "rec_units",
                "rec_unit_role",
                "unit_flags",
            )
        }
        for name in _LISTS:
            arrays[f"{name}_blob"] = _blob(getattr(self, name))
        meta = {**self.meta, "format": FORMAT}
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read an index file; ``IndexFormatError`` when it was written by another layout."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                if meta.get("format") != FORMAT:
                    raise IndexFormatError(
                        f"{path} has index format {meta.get('format')}, this Athar reads {FORMAT}"
                    )
                lists = {name: _unblob(data[f"{name}_blob"]) for name in _LISTS}
                arrays = {
                    k: data[k]
                    for k in data.files
                    if not k.endswith("_blob") and k != "meta"  # the rest are numpy arrays
                }
        except (OSError, ValueError, KeyError) as exc:
            if isinstance(exc, IndexFormatError):
                raise
            raise IndexFormatError(f"cannot read search index {path}: {exc}") from exc
        return cls(meta=meta, **lists, **arrays)  # type: ignore[arg-type]


class IndexFormatError(ValueError):
    """An index file that this version cannot read (rebuild it)."""


def _blob(values: Sequence[str]) -> npt.NDArray[np.uint8]:
    if any("\x00" in v for v in values):
        raise ValueError("a value holds a NUL character")
    # every value ends with NUL, so [] and [""] stay apart
    return np.frombuffer("".join(f"{v}\x00" for v in values).encode("utf-8"), dtype=np.uint8)


def _unblob(blob: npt.NDArray[np.uint8]) -> list[str]:
    return bytes(blob).decode("utf-8").split("\x00")[:-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _deletion_index(terms: Sequence[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for tid, term in enumerate(terms):
        if not term.startswith("s:") or len(term) < 4:
            continue
        skel = term[2:]
        # a skeleton of two letters only as itself: a longer one with a letter lost meets it
        # (المصي for المصري), while two-letter names one edit from each other are legion
        for variant in {skel, *_deletes(skel)} if len(skel) >= 3 else {skel}:
            index.setdefault(variant, []).append(tid)
    return index


# ---------------------------------------------------------------------- building


def build_index(
    table: pa.Table,
    meta: Mapping[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SearchIndex:
    """Index an Arrow table of records (``INDEX_COLUMNS`` plus ``person_id``).

    ``progress(done, total)`` is called after each batch of records.
    """
    missing = [c for c in (*INDEX_COLUMNS, "person_id") if c not in table.column_names]
    if missing:
        raise ValueError(f"records table lacks columns {missing}")
    started = time.perf_counter()
    n = table.num_rows
    strings = _Codes()
    entities = _Codes()
    governorates = _Codes()
    facilities = _Codes()
    sources = _Codes()
    terms = _Codes()
    status_code = {s: k for k, s in enumerate(STATUSES)}
    string_terms: dict[int, tuple[int, ...]] = {}

    rec_entity = np.empty(n, np.int32)
    rec_pk = np.empty(n, np.int64)
    rec_parts = np.full((n, len(PARTS)), NONE, np.int32)
    rec_display = np.empty(n, np.int32)
    rec_birth_year = np.zeros(n, np.int16)
    rec_governorate = np.full(n, NONE, np.int16)
    rec_facility = np.full(n, NONE, np.int16)
    rec_status = np.zeros(n, np.int8)
    rec_event = np.zeros(n, np.int32)
    rec_source = np.zeros(n, np.int16)
    post_terms: list[int] = []
    post_recs: list[int] = []
    units = _Codes()
    unit_feats: list[UnitFeatures] = []
    string_units: dict[int, tuple[int, ...]] = {}
    rec_units = np.full((n, MAX_UNITS), NONE, np.int32)
    rec_unit_role = np.full((n, MAX_UNITS), NONE, np.int8)

    def units_of(code: int) -> tuple[int, ...]:
        found = string_units.get(code)
        if found is None:
            out = []
            for f in name_features(strings.values[code]):
                key = f"{int(f.unit.script == 'arabic')}{int(f.unit.article)}{f.unit.text}"
                u = units.code(key)
                if u == len(unit_feats):
                    unit_feats.append(f)
                out.append(u)
            found = string_units[code] = tuple(out)
        return found

    def terms_of(code: int) -> tuple[int, ...]:
        found = string_terms.get(code)
        if found is None:
            keys: list[str] = []
            for f in name_features(strings.values[code]):
                keys.extend(unit_terms(f))
            found = string_terms[code] = tuple(sorted({terms.code(k) for k in keys}))
        return found

    role_terms: dict[tuple[int, str], tuple[int, ...]] = {}

    def role_terms_of(code: int, role: str) -> tuple[int, ...]:
        found = role_terms.get((code, role))
        if found is None:
            found = tuple(
                terms.code(f"{role}|{terms.values[t]}")
                for t in terms_of(code)
                # table ids, and skeletons of unknowns (not the wider s: and r: keys)
                if not terms.values[t].startswith(("s:", "r:"))
            )
            role_terms[(code, role)] = found
        return found

    r = 0
    for batch in table.select([*INDEX_COLUMNS, "person_id"]).to_batches(BUILD_BATCH):
        for row in batch.to_pylist():
            person = row["person_id"] or ""
            rec_entity[r] = entities.code(person or f"\x01{row['pk']}")
            rec_pk[r] = row["pk"]
            mine: set[int] = set()
            slot = 0
            for k, text in enumerate(record_parts(row)):
                if text:
                    code = strings.code(text)
                    rec_parts[r, k] = code
                    if k < len(NAME_ROLES):
                        mine.update(terms_of(code))
                        for u in units_of(code):
                            if slot < MAX_UNITS:
                                rec_units[r, slot] = u
                                rec_unit_role[r, slot] = k
                                slot += 1
                    if k in ROLE_KEYS:
                        mine.update(role_terms_of(code, ROLE_KEYS[k]))
            for t in sorted(mine):
                post_terms.append(t)
                post_recs.append(r)
            rec_display[r] = strings.code(_display(row))
            rec_birth_year[r] = _birth_year(row["birth_date_norm"])
            gov = _governorate_of(row)
            if gov:
                rec_governorate[r] = governorates.code(gov)
            if row["facility_id"]:
                rec_facility[r] = facilities.code(row["facility_id"])
            rec_status[r] = status_code.get(row["status_norm"] or "unknown", status_code["unknown"])
            rec_event[r] = _event_number(row["event_date_norm"])
            rec_source[r] = sources.code(row["source"] or "")
            r += 1
        if progress is not None:
            progress(r, n)

    pt = np.asarray(post_terms, dtype=np.int32)
    pr = np.asarray(post_recs, dtype=np.int32)
    order = np.argsort(pt, kind="stable")  # records stay ascending within a key
    post_records = pr[order]
    post_offsets = np.zeros(len(terms.values) + 1, np.int64)
    np.cumsum(np.bincount(pt, minlength=len(terms.values)), out=post_offsets[1:])
    ent_records = np.argsort(rec_entity, kind="stable").astype(np.int32)
    ent_offsets = np.zeros(len(entities.values) + 1, np.int64)
    np.cumsum(np.bincount(rec_entity, minlength=len(entities.values)), out=ent_offsets[1:])
    width = max(1, int((rec_units >= 0).sum(axis=1).max())) if n else 1
    info = dict(meta or {})
    info.update(
        format=FORMAT,
        records=n,
        entities=len(entities.values),
        terms=len(terms.values),
        build_seconds=round(time.perf_counter() - started, 2),
    )
    return SearchIndex(
        meta=info,
        strings=strings.values,
        # a record in no person is its own entity; its id is kept empty (the record pk says it)
        entities=[e if not e.startswith("\x01") else "" for e in entities.values],
        rec_entity=rec_entity,
        rec_pk=rec_pk,
        rec_parts=rec_parts,
        rec_display=rec_display,
        rec_birth_year=rec_birth_year,
        rec_governorate=rec_governorate,
        rec_facility=rec_facility,
        rec_status=rec_status,
        rec_event=rec_event,
        rec_source=rec_source,
        ent_offsets=ent_offsets,
        ent_records=ent_records,
        terms=terms.values,
        post_offsets=post_offsets,
        post_records=post_records,
        governorates=governorates.values,
        facilities=facilities.values,
        sources=sources.values,
        rec_units=np.ascontiguousarray(rec_units[:, :width]),
        rec_unit_role=np.ascontiguousarray(rec_unit_role[:, :width]),
        unit_text=[f.unit.text for f in unit_feats],
        unit_bare=[f.unit.bare for f in unit_feats],
        unit_fold=[f.fold for f in unit_feats],
        unit_skel=[f.skel for f in unit_feats],
        unit_vkey=[f.vkey for f in unit_feats],
        unit_rasm=[f.rasm for f in unit_feats],
        unit_ids=["|".join(sorted(f.ids)) for f in unit_feats],
        unit_flags=np.array(
            [(f.unit.script == "arabic") * _ARABIC | f.unit.article * _ARTICLE for f in unit_feats],
            dtype=np.uint8,
        ),
    )


def facility_label(facility_id: str) -> str:
    """A facility's English name (its id when the gazetteer no longer knows it)."""
    try:
        return facility_by_id(facility_id).name_en
    except KeyError:
        return facility_id
