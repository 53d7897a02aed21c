"""`athar export`: records and persons as CSV or XLSX, for analysts and for other tools.

``records``: one row per current record — ``source, record_id, person_id`` first, then the
canonical fields as written, then the values as Athar read them (``*_norm``: ISO dates, the
canonical status, sex and numbers; ``*_id``: gazetteer places and facilities). ``persons``: one
row per person — the best-known name, status, last known place and date, and how many records
and sources document them.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from openpyxl import Workbook

from athar.places import facility as facility_by_id
from athar.records import CANONICAL_FIELDS, display_name
from athar.store import Store
from athar.store.api import NORMALIZED

RECORD_HEADER = (
    "source",
    "record_id",
    "person_id",
    *(f for f in CANONICAL_FIELDS if f not in ("source", "record_id")),
    *NORMALIZED.values(),
)
PERSON_HEADER = (
    "person_id",
    "name",
    "status",
    "last_known_place",
    "last_known_date",
    "records",
    "sources",
)
#: When records disagree on status, the stronger evidence wins.
STATUS_RANK = {"deceased": 5, "released": 4, "detained": 3, "missing": 2, "unknown": 1, "": 0}


def _table(store: Store) -> pa.Table:
    columns = ["pk", *CANONICAL_FIELDS, *NORMALIZED.values()]
    return store.records_table(list(dict.fromkeys(columns)), with_person=True)


def record_rows(store: Store) -> Iterable[Sequence[Any]]:
    """Rows of the records export (header first)."""
    yield RECORD_HEADER
    for batch in _table(store).to_batches(max_chunksize=50_000):
        for row in batch.to_pylist():
            yield tuple(row.get(c) or "" for c in RECORD_HEADER)


def person_rows(store: Store) -> Iterable[Sequence[Any]]:
    """Rows of the persons export (header first)."""
    people: dict[str, list[dict[str, Any]]] = {}
    for batch in _table(store).to_batches(max_chunksize=50_000):
        for row in batch.to_pylist():
            if row.get("person_id"):
                people.setdefault(row["person_id"], []).append(row)
    yield PERSON_HEADER
    for person_id in sorted(people):
        rows = people[person_id]
        name = max((display_name(r) for r in rows), key=lambda n: (len(n.split()), len(n)))
        status = max(
            (r.get("status_norm") or "" for r in rows), key=lambda s: STATUS_RANK.get(s, 0)
        )
        dated = [r for r in rows if r.get("event_date_norm")]
        last = max(dated, key=lambda r: r["event_date_norm"]) if dated else None
        place = ""
        if last is not None:
            located = [r for r in dated if r.get("facility_id") or r.get("facility")]
            if located:
                where = max(located, key=lambda r: r["event_date_norm"])
                place = _place_name(where)
        yield (
            person_id,
            name,
            status or "unknown",
            place,
            last["event_date_norm"] if last else "",
            len(rows),
            len({r["source"] for r in rows}),
        )


def _place_name(row: dict[str, Any]) -> str:
    fid = row.get("facility_id")
    if fid:
        try:
            return facility_by_id(fid).name_en
        except KeyError:
            pass
    return str(row.get("facility") or "")


def write(rows: Iterable[Sequence[Any]], output: Path) -> int:
    """Write rows to ``output`` (.csv or .xlsx) atomically; returns the number of data rows."""
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{output}: export writes .csv or .xlsx")
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=output.parent, suffix=suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    count = -1
    try:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                for row in rows:
                    writer.writerow(row)
                    count += 1
        else:
            book = Workbook(write_only=True)
            sheet = book.create_sheet(output.stem[:31] or "athar")
            for row in rows:
                sheet.append(list(row))
                count += 1
            book.save(tmp)
        tmp.replace(output)
    finally:
        tmp.unlink(missing_ok=True)
    return max(count, 0)


def export(store: Store, what: str, output: Path) -> int:
    """Export ``records`` or ``persons`` to ``output``; returns the number of rows written."""
    if what == "records":
        return write(record_rows(store), output)
    if what == "persons":
        return write(person_rows(store), output)
    raise ValueError(f"unknown export {what!r}: records or persons")
