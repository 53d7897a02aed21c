"""One call from a file on disk to records and a report, for ``athar import`` and the web upload.

Pure: nothing is written. The caller stores ``records`` (all or nothing) when ``report.ok``,
or when told to skip bad rows (after ``write_rejects``); ``sha256`` tells a re-import of the same
file (a no-op) from a changed one (a new version of the source).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from athar.ingest.build import build_records
from athar.ingest.errors import IngestError
from athar.ingest.mapping import (
    Mapping,
    MappingFile,
    given_fields,
    load_mapping_file,
    map_headers,
)
from athar.ingest.readers import file_hash, read_table
from athar.ingest.report import Report
from athar.ingest.table import Table
from athar.records import Record


@dataclass(slots=True)
class Prepared:
    """A file read, mapped and turned into records, not yet stored."""

    path: Path
    sha256: str
    table: Table
    mapping: Mapping
    records: list[Record]
    report: Report


def prepare_import(
    path: Path | str,
    *,
    source: str = "",
    source_kind: str = "",
    mapping: Path | str | MappingFile | None = None,
    sheet: str | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    defaults: dict[str, str] | None = None,
) -> Prepared:
    """Read ``path``, map its headers (``mapping`` file on top), build its records.

    ``defaults`` (field → value, ``--default``) fill what rows leave empty, over the mapping
    file's own ``defaults``.

    Raises IngestError when the file or mapping file cannot be read, or when the rows can have
    no source name (no ``source`` option and no source column).
    """
    path = Path(path)
    mapping_file = load_mapping_file(mapping) if isinstance(mapping, Path | str) else mapping
    digest = file_hash(path) if path.is_file() else ""
    table = read_table(path, sheet=sheet)
    columns = map_headers(
        table.headers, mapping_file, kind=source_kind, given=given_fields(source, source_kind)
    )
    if not source.strip() and not columns.has("source"):
        raise IngestError(path, "no source name: give --source NAME, or a column named source")
    filled = {**(mapping_file.defaults if mapping_file else {}), **(defaults or {})}
    records, report = build_records(
        table,
        columns,
        source=source,
        source_kind=source_kind,
        today=today,
        progress=progress,
        defaults=filled,
    )
    return Prepared(path, digest, table, columns, records, report)
