"""CSV and other delimited text: encoding detected, delimiter sniffed, rows numbered by line.

The delimiter is the candidate that splits a sample of records (parsed with quoting, so commas
inside quoted names do not count) into the same number of cells most consistently; Arabic text
never confuses it because the Arabic comma "،" is not an ASCII comma.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from athar.ingest.encoding import read_text
from athar.ingest.errors import IngestError
from athar.ingest.messages import say
from athar.ingest.table import Row, Table, unique_headers

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_RECORDS = 200
_PREAMBLE_LINES = 20  # title lines a spreadsheet export may carry above the header


def _consistency(text: str, delimiter: str) -> tuple[float, int]:
    """How regularly ``delimiter`` splits the sample: (share of rows at the usual width, width)."""
    widths: list[int] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            if any(c.strip() for c in cells):
                widths.append(len(cells))
            if len(widths) >= _SAMPLE_RECORDS:
                break
    except csv.Error:
        return 0.0, 0
    if not widths:
        return 0.0, 0
    width, count = Counter(widths).most_common(1)[0]
    return round(count / len(widths), 1), width


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab | that gives the most regular table; "," for one column."""
    best, best_key = ",", (0.0, 1)
    for delimiter in DELIMITERS:
        share, width = _consistency(text, delimiter)
        if width >= 2 and (share, width) > best_key:
            best, best_key = delimiter, (share, width)
    return best


def header_index(rows: list[list[str]]) -> int:
    """Which of the first rows is the header: the first that is nearly as wide as the widest.

    Skips the title lines ("قائمة بأسماء الموقوفين", a date) exports put above a table.
    """
    filled = [sum(bool(c.strip()) for c in r) for r in rows[:_PREAMBLE_LINES]]
    widest = max(filled, default=0)
    for i, n in enumerate(filled):
        if (n >= 2 and n * 2 >= widest) or (n == 1 and widest == 1):
            return i
    return 0


def read_delimited(path: Path) -> Table:
    """Read a CSV (or TSV, or ;- or |-separated) file into a Table."""
    text, encoding = read_text(path)
    if not text.strip():
        raise IngestError(path, say("the file is empty"))
    delimiter = sniff_delimiter(text)
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise IngestError(path, say("broken CSV (%(why)s)", why=str(e)), line=start) from e
    first = header_index([cells for _, cells in records])
    headers, notes = unique_headers(records[first][1])
    if first:
        notes.append(
            say("%(lines)s line(s) above the header skipped (a title, not data)", lines=first)
        )
    rows = [
        Row(number=n, cells=_cells(headers, cells), extra=tuple(cells[len(headers) :]))
        for n, cells in records[first + 1 :]
    ]
    rows, dropped = drop_trailing_empty(rows)
    if dropped:
        notes.append(say("%(rows)s empty row(s) at the end ignored", rows=dropped))
    return Table(path, "csv", headers, rows, encoding=encoding, delimiter=delimiter, notes=notes)


def _cells(headers: list[str], cells: list[str]) -> dict[str, str]:
    return {h: cells[i] if i < len(cells) else "" for i, h in enumerate(headers)}


def drop_trailing_empty(rows: list[Row]) -> tuple[list[Row], int]:
    """Rows up to the last one with any text; blank rows after it are formatting, not data."""
    end = len(rows)
    while end and rows[end - 1].is_empty:
        end -= 1
    return rows[:end], len(rows) - end
