"""From a file to stored records: the one import flow that the CLI and the web share.

A file with problems is refused as a whole, with a report naming row, field and problem — unless
the caller asks to skip bad rows, which then go to a reject file. Storing is all or nothing per
source; the same file again is a no-op; a changed file becomes a new version of its source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from athar.ingest.mapping import MappingFile
from athar.ingest.pipeline import Prepared, prepare_import
from athar.ingest.report import write_rejects
from athar.records import Record
from athar.store import ImportOutcome, Store


class ImportRefused(Exception):
    """The file has rows with problems and the caller did not ask to skip them."""

    def __init__(self, prepared: Prepared):
        self.prepared = prepared
        super().__init__(prepared.report.summary())


@dataclass
class ImportResult:
    """What an import did: the report, and one outcome per source the file held."""

    prepared: Prepared
    outcomes: dict[str, ImportOutcome] = field(default_factory=dict)
    rejects: Path | None = None
    rejected: int = 0


def import_file(
    store: Store,
    path: Path | str,
    *,
    source: str = "",
    kind: str = "",
    mapping: Path | str | MappingFile | None = None,
    sheet: str | None = None,
    skip_bad_rows: bool = False,
    rejects_path: Path | str | None = None,
    by: str = "athar",
    progress: Callable[[int], None] | None = None,
    defaults: dict[str, str] | None = None,
) -> ImportResult:
    """Read, validate and store one file; raises ``ImportRefused`` or ``IngestError``."""
    prepared = prepare_import(
        path,
        source=source,
        source_kind=kind,
        mapping=mapping,
        sheet=sheet,
        progress=progress,
        defaults=defaults,
    )
    result = ImportResult(prepared)
    if not prepared.report.ok:
        if not skip_bad_rows:
            raise ImportRefused(prepared)
        target = Path(rejects_path) if rejects_path else _default_rejects(prepared.path)
        result.rejected = write_rejects(prepared.report, target)
        result.rejects = target
    groups: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in prepared.records:
        groups[(record.source, record.fields.get("source_kind", "") or kind)].append(record)
    for (name, source_kind), records in groups.items():
        result.outcomes[name] = store.import_source(
            name=name,
            kind=source_kind,
            file_name=prepared.path.name,
            file_hash=prepared.sha256,
            imported_by=by,
            records=records,
        )
    return result


def _default_rejects(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")
