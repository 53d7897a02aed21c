"""Which canonical field each header of a file fills: automatic, with a mapping file on top.

Automatic mapping knows the canonical names themselves and the headers of ``synonyms``. A
mapping file (YAML) overrides it::

    full_name: الاسم الثلاثي          # canonical field: the header as the file writes it
    event_date: [تاريخ الوفاة, Date of death]   # several spellings (sheets that differ)
    notes: null                        # fill no column into this field
    residence: [Street, Town]          # an address over several columns: joined, in file order
    ignore: [رقم الهاتف, العنوان]       # columns not imported at all, not even kept in raw
    defaults:                          # a value for rows that leave the field empty
      facility: سجن صيدنايا العسكري      # (a register of one prison names no prison on its rows)

A header that maps to nothing is kept only in the record's ``raw`` and named in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from athar.ingest.errors import IngestError
from athar.ingest.kinds import defaults
from athar.ingest.synonyms import (
    event_headers,
    field_headers,
    header_key,
    header_keys,
    name_headers,
)
from athar.records import CANONICAL_FIELDS

FROM_FILE = "mapping file"
CANONICAL = "canonical name"
KNOWN = "known header"
NAME_RULE = "name rule"
IGNORED = "ignored"
UNMAPPED = "not mapped (kept in raw)"

_CANONICAL_KEYS = {header_key(f.replace("_", " ")): f for f in CANONICAL_FIELDS}
_KNOWN_KEYS = {header_key(h): f for f, hs in field_headers().items() for h in hs}
_EVENT_KEYS = {header_key(h): event for event, hs in event_headers().items() for h in hs}
_NAME_KEYS = {header_key(h): header_key(h) for h in name_headers()}
_EVENT_ORDER = ("arrest", "report", "release", "death")


def _known(header: str, table: dict[str, str]) -> str | None:
    """What ``table`` says of a header, by its whole folded form or, for a bilingual header, by
    the first of its parts the table knows."""
    return next((table[k] for k in header_keys(header) if k in table), None)


@dataclass(frozen=True, slots=True)
class Column:
    """One header of the file and what becomes of it."""

    header: str
    field: str  # canonical field, or "" when the column is kept in raw only (or ignored)
    how: str  # FROM_FILE, CANONICAL, KNOWN, NAME_RULE, IGNORED, UNMAPPED, or why not mapped
    event: str = ""  # for event_date: arrest, release, death or report, when the header says


@dataclass(frozen=True, slots=True)
class Mapping:
    """Every header of a file, in file order, with the field it fills."""

    columns: tuple[Column, ...]

    @property
    def fields(self) -> dict[str, str]:
        """header → canonical field, for the mapped headers."""
        return {c.header: c.field for c in self.columns if c.field}

    @property
    def unmapped(self) -> list[str]:
        return [c.header for c in self.columns if not c.field and c.how != IGNORED]

    @property
    def ignored(self) -> set[str]:
        return {c.header for c in self.columns if c.how == IGNORED}

    def has(self, field_name: str) -> bool:
        return any(c.field == field_name for c in self.columns)


@dataclass(frozen=True, slots=True)
class MappingFile:
    """A parsed mapping file: field → the headers that fill it (none: fill nothing), ignores."""

    path: Path
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)


def _strings(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str | int):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return tuple(str(v) for v in value)
    raise IngestError(path, f"{key}: expected a header or a list of headers, not {value!r}")


def load_mapping_file(path: Path | str) -> MappingFile:
    """Read and check a YAML mapping file (format in this module's docstring)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise IngestError(path, f"cannot read the mapping file: {e.strerror or e}") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise IngestError(path, f"invalid YAML ({e})", line=line) from e
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(path, "expected a mapping of canonical field: header")
    fields: dict[str, tuple[str, ...]] = {}
    ignore: tuple[str, ...] = ()
    defaults: dict[str, str] = {}
    for key, value in data.items():
        if key == "ignore":
            ignore = _strings(value, path, "ignore")
        elif key == "defaults":
            if not isinstance(value, dict):
                raise IngestError(path, "defaults: expected a mapping of canonical field: value")
            defaults = check_defaults({str(k): str(v) for k, v in value.items()}, path)
        elif key in CANONICAL_FIELDS:
            fields[key] = _strings(value, path, key)
        else:
            raise IngestError(
                path,
                f"{key!r} is not a canonical field ({', '.join(CANONICAL_FIELDS)}), ignore or "
                "defaults",
            )
    return MappingFile(path, fields, ignore, defaults)


#: Fields a default may not fill: an id must differ row by row; the source and its kind have
#: their own options.
_NO_DEFAULT = frozenset({"record_id", "source", "source_kind"})


def check_defaults(defaults: dict[str, str], where: Path | str) -> dict[str, str]:
    """``defaults`` (canonical field → value for rows that leave it empty), checked."""
    for name, value in defaults.items():
        if name not in CANONICAL_FIELDS:
            raise IngestError(where, f"default {name!r} is not a canonical field")
        if name in _NO_DEFAULT:
            raise IngestError(
                where, f"default {name!r}: give it with --source / --kind or a column"
            )
        if not value.strip():
            raise IngestError(where, f"default {name!r} has no value")
    return {k: v.strip() for k, v in defaults.items()}


def parse_defaults(pairs: list[str], where: str = "--default") -> dict[str, str]:
    """``FIELD=VALUE`` pairs (the command line's ``--default``) as checked defaults."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise IngestError(where, f"{pair!r}: expected FIELD=VALUE, e.g. facility=Sednaya")
        out[name.strip()] = value
    return check_defaults(out, where)


def _find(header: str, headers: list[str]) -> str | None:
    """The file's header a mapping file means: exact, else the one header with the same key."""
    if header in headers:
        return header
    same = [h for h in headers if header_key(h) == header_key(header)]
    return same[0] if len(same) == 1 else None


def _apply_file(mf: MappingFile, headers: list[str], columns: dict[str, Column]) -> set[str]:
    """Set the columns the mapping file names; returns the fields it decided (filled or not)."""
    decided: set[str] = set()
    for wanted in mf.ignore:
        found = _find(wanted, headers)
        if found is not None:
            columns[found] = Column(found, "", IGNORED)
    for field_name, wanted_headers in mf.fields.items():
        decided.add(field_name)
        found_any = False
        for wanted in wanted_headers:
            found = _find(wanted, headers)
            if found is not None:
                columns[found] = Column(found, field_name, FROM_FILE)
                found_any = True
        if wanted_headers and not found_any:
            raise IngestError(
                mf.path,
                f"{field_name}: no header {' or '.join(map(repr, wanted_headers))} in the file; "
                f"its headers are {', '.join(headers)}",
            )
    return decided


def given_fields(source: str, source_kind: str) -> frozenset[str]:
    """The fields an importer's options set for every row: ``source`` and ``source_kind``."""
    return frozenset(
        f for f, value in (("source", source), ("source_kind", source_kind)) if value.strip()
    )


def map_headers(
    headers: list[str],
    mapping_file: MappingFile | None = None,
    kind: str = "",
    given: frozenset[str] = frozenset(),
) -> Mapping:
    """The field each header fills. ``kind`` (the source kind) says which date is the event
    when a file has several (a death record's date of death over its date of arrest).

    ``given`` names the fields the importer set itself (``source`` from ``--source``,
    ``source_kind`` from ``--kind``): a column that only looks like one of them ("Source":
    who told the NGO) is then kept in raw, unless the mapping file maps it.
    """
    columns: dict[str, Column] = {}
    decided: set[str] = set()
    if mapping_file is not None:
        decided = _apply_file(mapping_file, headers, columns)
    taken = set(decided) | {c.field for c in columns.values() if c.field}
    by_importer = given - taken  # the mapping file, when it maps one of them, wins
    taken |= by_importer
    # Canonical names first, then known headers, so "full_name" beats "الاسم الكامل".
    for rank in (CANONICAL, KNOWN):
        for h in headers:
            if h in columns:
                continue
            target = _known(h, _CANONICAL_KEYS if rank == CANONICAL else _KNOWN_KEYS)
            if target is None:
                continue
            if target in by_importer:
                columns[h] = Column(h, "", f"not mapped: {target} given on import (kept in raw)")
            elif target in taken:
                columns[h] = Column(h, "", f"not mapped: {target} already filled (kept in raw)")
            else:
                columns[h] = Column(h, target, rank)
                taken.add(target)
    _map_event_dates(headers, columns, taken, kind)
    _map_names(headers, columns, taken)
    for h in headers:
        columns.setdefault(h, Column(h, "", UNMAPPED))
    return Mapping(tuple(columns[h] for h in headers))


def _map_event_dates(
    headers: list[str], columns: dict[str, Column], taken: set[str], kind: str
) -> None:
    events = {h: _known(h, _EVENT_KEYS) for h in headers if h not in columns}
    dated = [(h, event) for h, event in events.items() if event is not None]
    if not dated:
        return
    preferred = defaults(kind).event
    order = (preferred, *(e for e in _EVENT_ORDER if e != preferred))
    chosen = min(dated, key=lambda he: order.index(he[1]))
    for h, event in dated:
        if h == chosen[0] and "event_date" not in taken:
            columns[h] = Column(h, "event_date", KNOWN, event)
        else:
            columns[h] = Column(h, "", "not mapped: event_date already filled (kept in raw)", event)
    taken.add("event_date")


def _map_names(headers: list[str], columns: dict[str, Column], taken: set[str]) -> None:
    for h in headers:
        key = None if h in columns else _known(h, _NAME_KEYS)
        if key is None:
            continue
        if key == "nom" and "given_name" in taken:
            target = "family_name"
        elif "family_name" in taken:
            # Beside a family name column it is the given name; beside a father's name alone it
            # may hold given and family name ("Rami El-Jamal" | "Abd al-Ilah"), and a full name
            # of one word is read as the given name anyway.
            target = "given_name"
        else:
            target = "full_name"
        if target in taken:
            columns[h] = Column(h, "", f"not mapped: {target} already filled (kept in raw)")
        else:
            columns[h] = Column(h, target, NAME_RULE)
            taken.add(target)
