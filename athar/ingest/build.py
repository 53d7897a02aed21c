"""Rows of a Table → canonical Records, and the Report of what could not be taken as it is.

The canonical fields keep what the source wrote (trimmed; placeholders such as "-" or "غير
معروف" become empty, status and notes excepted); the Record's typed fields hold the parsed,
normalized values linkage uses; ``raw`` keeps every cell verbatim except ignored columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from athar.ingest.dates import date_order, parse_date
from athar.ingest.kinds import defaults
from athar.ingest.mapping import Mapping
from athar.ingest.messages import say
from athar.ingest.report import Problem, Report
from athar.ingest.status import map_status
from athar.ingest.table import Row, Table
from athar.ingest.validate import date_problems, identifies, repeated
from athar.ingest.values import (
    is_placeholder,
    normalize_national_id,
    normalize_number,
    normalize_sex,
    tidy,
)
from athar.places import resolve, resolve_address, resolve_facility, resolve_place
from athar.records import CANONICAL_FIELDS, SOURCE_KINDS, Record

PROGRESS_EVERY = 1000  # rows between two progress callbacks
_AS_WRITTEN = frozenset({"status", "notes"})  # placeholders here are words, kept
#: Fields a file may spread over several columns (street, quarter, town): joined in file order.
_JOINED = frozenset({"residence"})


@dataclass(slots=True)
class _Draft:
    row: Row
    fields: dict[str, str]
    generated_id: bool


def row_id(row: Row) -> str:
    """A stable id for a row of a file that has none: its place in the file."""
    number = f"row-{row.number:06d}"
    return f"{row.sheet}:{number}" if row.sheet else number


def _fields(
    row: Row, columns: dict[str, str], source: str, kind: str, defaults: dict[str, str]
) -> _Draft:
    fields = dict.fromkeys(CANONICAL_FIELDS, "")
    for header, name in columns.items():
        value = row.cells.get(header, "").strip()
        if name not in _AS_WRITTEN and is_placeholder(value):
            value = ""
        if value and name in _JOINED and fields[name] and value not in fields[name].split(", "):
            fields[name] = f"{fields[name]}, {value}"
        elif value and not fields[name]:
            fields[name] = value
    if not row.is_empty:
        for name, value in defaults.items():
            fields[name] = fields[name] or value
    fields["source"] = fields["source"] or source.strip()
    fields["source_kind"] = fields["source_kind"] or kind.strip()
    generated = not fields["record_id"]
    if generated:
        fields["record_id"] = row_id(row)
    return _Draft(row, fields, generated)


def _raw(row: Row, ignored: set[str]) -> dict[str, str]:
    raw = {h: v for h, v in row.cells.items() if h not in ignored}
    for i, value in enumerate(row.extra, start=1):
        if value.strip():
            raw[f"(extra {i})"] = value
    return raw


class _Builder:
    """One pass over the drafts: problems, normalized values, and the unmapped tallies."""

    def __init__(self, report: Report, today: str, month_first: frozenset[str]) -> None:
        self.report = report
        self.today = today
        self.month_first = month_first  # date fields this file writes MM/DD/YYYY

    def problems(self, d: _Draft) -> list[Problem]:
        row, f = d.row, d.fields

        def problem(field: str, text: str, value: str = "") -> Problem:
            return Problem(row.number, field, text, value, row.sheet)

        if row.is_empty:
            return [problem("", say("empty row"))]
        out: list[Problem] = []
        extra = [v for v in row.extra if v.strip()]
        if extra:
            out.append(problem("", say("cells beyond the last header"), " | ".join(extra)))
        if not f["source"]:
            out.append(problem("source", say("no source name (give --source or fill the column)")))
        if not identifies(f):
            out.append(problem("full_name", say("no name, and no facility with a detainee number")))
        parsed = {}
        for name in ("birth_date", "event_date"):
            parsed[name], why = parse_date(f[name], name in self.month_first)
            if why:
                out.append(problem(name, why, f[name]))
        for name, why in date_problems(parsed["birth_date"], parsed["event_date"], self.today):
            out.append(problem(name, why, f[name]))
        return out

    def record(self, d: _Draft) -> Record:
        f = d.fields
        unmapped = self.report.unmapped
        rec = Record(fields=f, raw={}, row_number=d.row.number, sheet=d.row.sheet)
        rec.birth_date = parse_date(f["birth_date"], "birth_date" in self.month_first)[0]
        rec.event_date = parse_date(f["event_date"], "event_date" in self.month_first)[0]
        kind = f["source_kind"]
        if kind and kind not in SOURCE_KINDS:
            unmapped["source_kind"][kind] += 1
        status = f["status"]
        if not tidy(status) or is_placeholder(status):
            rec.status = defaults(kind).status
        else:
            rec.status, matched = map_status(status)
            if not matched:
                unmapped["status"][status] += 1
        if f["sex"]:
            rec.sex = normalize_sex(f["sex"])
            if not rec.sex:
                unmapped["sex"][f["sex"]] += 1
        rec.detainee_number = normalize_number(f["detainee_number"])
        if f["national_id"]:
            rec.national_id = normalize_national_id(f["national_id"])
            if not rec.national_id:
                unmapped["national_id"][f["national_id"]] += 1
        self._places(rec)
        return rec

    def _places(self, rec: Record) -> None:
        f, unmapped = rec.fields, self.report.unmapped
        if f["facility"]:
            m = resolve_facility(f["facility"])
            rec.facility_id = m.id if m else ""
            if m is None:
                unmapped["facility"][f["facility"]] += 1
        governorate = ""
        if f["birth_place"]:
            m = resolve_place(f["birth_place"])
            if m is None:
                unmapped["birth_place"][f["birth_place"]] += 1
            elif m.kind == "town":
                rec.birth_place_id, governorate = m.id, m.governorate
            else:
                governorate = m.id
        if f["governorate"]:
            m = resolve(f["governorate"], "governorate")
            if m is None:
                unmapped["governorate"][f["governorate"]] += 1
            else:
                governorate = m.id
        rec.governorate_id = governorate
        # An address is mostly words no gazetteer holds: no tally of what did not resolve.
        residence = resolve_address(f["residence"]) if f["residence"] else None
        rec.residence_id = residence.id if residence else ""


def build_records(
    table: Table,
    mapping: Mapping,
    *,
    source: str = "",
    source_kind: str = "",
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    defaults: dict[str, str] | None = None,
) -> tuple[list[Record], Report]:
    """The records of every row without problems, and the report of the whole file.

    ``source`` and ``source_kind`` fill rows whose file has no such column (or an empty cell);
    ``defaults`` (field → value) fill other fields a row leaves empty.
    ``progress`` receives the number of rows done, every ``PROGRESS_EVERY`` rows and at the end.
    The caller refuses the file when ``report.ok`` is False, unless told to skip the bad rows.
    """
    report = Report(table.path, rows=len(table.rows), notes=list(table.notes))
    report.unmapped_headers = mapping.unmapped
    ignored = mapping.ignored
    columns = mapping.fields
    drafts = [_fields(row, columns, source, source_kind, defaults or {}) for row in table.rows]
    month_first = set()
    for name in ("birth_date", "event_date"):
        flipped, evidence = date_order(d.fields[name] for d in drafts)
        if flipped:
            month_first.add(name)
            report.notes.append(
                say(
                    "%(field)s: read month first (MM/DD/YYYY): %(dates)s date(s) can only be read "
                    "so, none only day first",
                    field=name,
                    dates=evidence,
                )
            )
    builder = _Builder(report, (today or date.today()).isoformat(), frozenset(month_first))
    duplicates = repeated(
        ((d.fields["source"], d.fields["record_id"]), d.row) for d in drafts if not d.row.is_empty
    )
    records: list[Record] = []
    for done, d in enumerate(drafts, start=1):
        problems = builder.problems(d)
        key = (d.fields["source"], d.fields["record_id"])
        if key in duplicates and not d.row.is_empty:
            others = [r.where for r in duplicates[key] if r is not d.row]
            also = say("also used at %(rows)s", rows=others)
            problems.append(Problem(d.row.number, "record_id", also, key[1], d.row.sheet))
        # Tallies of values not understood cover bad rows too: a refused file's report is the
        # one its owner fixes it from.
        rec = None if d.row.is_empty else builder.record(d)
        if problems:
            report.problems += problems
            report.bad_rows.append(d.row)
        elif rec is not None:
            rec.raw = _raw(d.row, ignored)
            records.append(rec)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(drafts)):
            progress(done)
    report.imported = len(records)
    generated = sum(d.generated_id for d in drafts if not d.row.is_empty)
    if generated and not mapping.has("record_id"):
        report.notes.append(say("no record_id column: ids made from row numbers (row-000002, ...)"))
    elif generated:
        report.notes.append(
            say("%(rows)s row(s) without a record_id got one from the row number", rows=generated)
        )
    return records, report
