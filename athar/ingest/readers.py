"""Read any supported file into a Table: the format from the name, checked against the bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from athar.ingest.delimited import read_delimited
from athar.ingest.errors import IngestError
from athar.ingest.jsonfile import read_json, read_json_lines
from athar.ingest.messages import say
from athar.ingest.table import Table
from athar.ingest.workbook import read_workbook

_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls (and .doc)


def detect_format(path: Path) -> str:
    """csv, xlsx, json or jsonl: the bytes win over the name (a workbook saved as .csv)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as e:
        raise IngestError(
            path, say("cannot read the file: %(why)s", why=str(e.strerror or e))
        ) from e
    if head.startswith(_OLE2):
        raise IngestError(
            path, say("old Excel .xls format; save it as .xlsx or CSV and import that")
        )
    if head.startswith(_ZIP):
        return "xlsx"
    fmt = _BY_SUFFIX.get(path.suffix.lower())
    if fmt == "xlsx":
        raise IngestError(path, say("not an XLSX workbook (it is not a zip archive)"))
    if fmt is not None:
        return fmt
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "jsonl" if path.suffix.lower() != ".json" else "json"
    return "csv"


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    """The header and rows of a CSV, XLSX, JSON or JSON Lines file, cells verbatim.

    ``sheet`` (XLSX only) chooses one sheet by name or 1-based position; without it every sheet
    is read. Raises IngestError, naming the file (and line when known), when it cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, say("no such file"))
    fmt = detect_format(path)
    if sheet is not None and fmt != "xlsx":
        raise IngestError(path, f"--sheet applies to XLSX workbooks, and this is {fmt}")
    if fmt == "xlsx":
        return read_workbook(path, sheet)
    if fmt == "json":
        try:
            return read_json(path)
        except IngestError as e:
            if not e.message.startswith("invalid JSON (Extra data"):
                raise
            return read_json_lines(path)  # JSON Lines saved as .json
    if fmt == "jsonl":
        return read_json_lines(path)
    return read_delimited(path)


def file_hash(path: Path | str) -> str:
    """SHA-256 of the file's bytes: the same file imported twice is recognised as the same."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
