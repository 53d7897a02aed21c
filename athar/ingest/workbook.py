"""XLSX workbooks: every sheet, or a chosen one, each cell as the text a person sees.

Numbers that are identifiers must not turn into "1234.0", dates must not turn into
"1999-10-25 00:00:00", and a national number formatted with leading zeros keeps them.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from athar.ingest.delimited import drop_trailing_empty, header_index
from athar.ingest.errors import IngestError
from athar.ingest.messages import say
from athar.ingest.table import Row, Table, unique_headers

_ZERO_PADDED = re.compile(r"^0+$")
_HEADER_SEARCH_ROWS = 20


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell value as text: whole numbers without ".0", dates as ISO, zero padding kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if _ZERO_PADDED.match(number_format or "") and value >= 0:
            text = text.zfill(len(number_format))
        return text
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _sheet_rows(ws: Any) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
        texts = [cell_text(c.value, getattr(c, "number_format", "General")) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        out.append((number, texts))
    return out


def _choose(names: list[str], sheet: str | None, path: Path) -> list[str]:
    if sheet is None:
        return names
    if sheet in names:
        return [sheet]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return [names[int(sheet) - 1]]
    raise IngestError(path, f"no sheet {sheet!r}; the sheets are {', '.join(names)}")


def read_workbook(path: Path, sheet: str | None = None) -> Table:
    """Read the sheets of an XLSX file (all, or ``sheet`` by name or 1-based position)."""
    fh = path.open("rb")  # a file object: openpyxl would refuse a workbook named .csv
    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        fh.close()
        raise IngestError(path, say("not a readable XLSX workbook (%(why)s)", why=str(e))) from e
    try:
        names = [ws.title for ws in wb.worksheets]
        headers: list[str] = []
        rows: list[Row] = []
        notes: list[str] = []
        read: list[str] = []
        for name in _choose(names, sheet, path):
            records = _sheet_rows(wb[name])
            if not any(cells for _, cells in records):
                notes.append(say("sheet %(sheet)r is empty", sheet=name))
                continue
            first = header_index([cells for _, cells in records[:_HEADER_SEARCH_ROWS]])
            sheet_headers, header_notes = unique_headers(records[first][1])
            notes += [say("sheet %(sheet)r: %(note)s", sheet=name, note=n) for n in header_notes]
            if first:
                notes.append(
                    say(
                        "sheet %(sheet)r: %(rows)s row(s) above the header skipped",
                        sheet=name,
                        rows=first,
                    )
                )
            headers += [h for h in sheet_headers if h not in headers]
            sheet_rows = [
                Row(
                    number=n,
                    cells={
                        h: cells[i] if i < len(cells) else "" for i, h in enumerate(sheet_headers)
                    },
                    sheet=name,
                    extra=tuple(cells[len(sheet_headers) :]),
                )
                for n, cells in records[first + 1 :]
            ]
            sheet_rows, _ = drop_trailing_empty(sheet_rows)
            rows += sheet_rows
            read.append(name)
    finally:
        wb.close()
        fh.close()
    if not read:
        raise IngestError(path, say("the workbook has no data"))
    return Table(path, "xlsx", headers, rows, sheets=read, notes=notes)
