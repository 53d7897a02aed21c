"""The one exception ingest raises: a file that cannot be read at all, named with where."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file Athar cannot read (encoding, format, broken quoting, bad mapping file).

    Row-level problems are not exceptions: they go to the import report, so that one bad row
    does not hide the others.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}, line {line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")
