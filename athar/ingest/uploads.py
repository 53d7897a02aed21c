"""Files uploaded through the web, kept until they are imported: ``<data_dir>/uploads/<id>/``.

An upload gets a random id (the only handle a browser holds); the file keeps its own name (the
import report and the source's history name it) beside ``upload.json``, which remembers the
source name, kind and the header mapping chosen so far. ``mapping_from_choices`` turns the choice
a person made for every column into the same ``MappingFile`` a YAML mapping file would give.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping as Choices
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from athar.ingest.build import build_records
from athar.ingest.errors import IngestError
from athar.ingest.mapping import IGNORED, Mapping, MappingFile, given_fields, map_headers
from athar.ingest.messages import say
from athar.ingest.pipeline import Prepared
from athar.ingest.readers import file_hash, read_table
from athar.ingest.table import Table
from athar.records import CANONICAL_FIELDS

#: A column's choice: a canonical field, "" (kept in the verbatim row only) or "ignore".
IGNORE = "ignore"
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CHUNK = 1 << 20


class UploadError(ValueError):
    """An upload that cannot be kept or found."""


@dataclass
class Upload:
    """One staged file and what was chosen for its import."""

    id: str
    file_name: str
    source: str = ""
    kind: str = ""
    #: header → choice; empty = the automatic mapping.
    choices: dict[str, str] = field(default_factory=dict)
    by: str = ""
    job: str = ""

    def path(self, root: Path) -> Path:
        return root / self.id / self.file_name


def uploads_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "uploads"


def safe_name(name: str) -> str:
    """A file name without folders or control characters (Arabic letters are kept)."""
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    name = name.strip(" .")
    return name[:150] or "upload"


def stage_upload(
    root: Path, file_name: str, stream: BinaryIO, *, by: str, max_bytes: int
) -> Upload:
    """Copy ``stream`` to a new upload folder under ``root``; UploadError when it is empty or
    larger than ``max_bytes``."""
    upload = Upload(secrets.token_urlsafe(18), safe_name(file_name), by=by)
    folder = root / upload.id
    folder.mkdir(parents=True, mode=0o700)
    try:
        copy_limited(stream, upload.path(root), max_bytes)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    save_upload(root, upload)
    return upload


def copy_limited(stream: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy ``stream`` to ``target``; UploadError when it is empty or over ``max_bytes``."""
    size = 0
    with target.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise UploadError(
                    say("the file is larger than %(mb)s MB", mb=max_bytes // (1 << 20))
                )
            out.write(chunk)
    if size == 0:
        raise UploadError(say("the file is empty"))
    return size


def save_upload(root: Path, upload: Upload) -> None:
    meta = root / upload.id / "upload.json"
    tmp = meta.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(upload), ensure_ascii=False), encoding="utf-8")
    tmp.replace(meta)


def load_upload(root: Path, upload_id: str) -> Upload:
    """The staged upload ``upload_id``; UploadError when there is none."""
    if not _ID.match(upload_id):
        raise UploadError("no such upload")
    meta = root / upload_id / "upload.json"
    if not meta.is_file():
        raise UploadError("no such upload")
    data = json.loads(meta.read_text(encoding="utf-8"))
    upload = Upload(**data)
    if upload.id != upload_id or safe_name(upload.file_name) != upload.file_name:
        raise UploadError("no such upload")
    return upload


def mapping_from_choices(
    root: Path, upload: Upload, headers: Iterable[str], choices: Choices[str, str]
) -> MappingFile:
    """The mapping a person chose, one choice per header, as a complete mapping file: every
    canonical field is decided (filled by the headers that chose it, or by none), so nothing
    is mapped automatically behind their back. Unknown choices raise UploadError."""
    headers = list(headers)
    fields: dict[str, list[str]] = {f: [] for f in CANONICAL_FIELDS}
    ignore: list[str] = []
    for header in headers:
        choice = choices.get(header, "")
        if choice == IGNORE:
            ignore.append(header)
        elif choice in fields:
            fields[choice].append(header)
        elif choice:
            raise UploadError(f"{header}: {choice!r} is not a canonical field")
    return MappingFile(
        upload.path(root),
        {f: tuple(hs) for f, hs in fields.items()},
        tuple(ignore),
    )


def choice_of(column_field: str, how: str) -> str:
    """The choice a mapped column stands for (for showing the automatic mapping)."""
    if how == IGNORED:
        return IGNORE
    return column_field


@dataclass
class Preview:
    """An upload read, mapped and checked as it would be imported now (nothing written)."""

    upload: Upload
    table: Table | None = None
    mapping: Mapping | None = None
    prepared: Prepared | None = None
    #: Why it cannot be imported as it stands (the file cannot be read, no source name…).
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.prepared is not None and self.prepared.report.ok and not self.error


def preview(root: Path, upload: Upload) -> Preview:
    """What importing ``upload`` with its chosen source, kind and mapping would do."""
    path = upload.path(root)
    out = Preview(upload)
    try:
        out.table = read_table(path)
    except IngestError as exc:
        out.error = (
            say("%(file)s: %(why)s", file=upload.file_name, why=exc.message)
            if exc.line is None
            else say(
                "%(file)s: %(why)s (line %(line)s)",
                file=upload.file_name,
                why=exc.message,
                line=exc.line,
            )
        )
        return out
    chosen = (
        mapping_from_choices(root, upload, out.table.headers, upload.choices)
        if upload.choices
        else None
    )
    try:
        given = given_fields(upload.source, upload.kind)
        out.mapping = map_headers(out.table.headers, chosen, kind=upload.kind, given=given)
    except IngestError as exc:
        out.error = exc.message
        return out
    if not upload.source.strip() and not out.mapping.has("source"):
        out.error = say("no source name: give one, or map a column to source")
        return out
    records, report = build_records(
        out.table, out.mapping, source=upload.source, source_kind=upload.kind
    )
    out.prepared = Prepared(path, file_hash(path), out.table, out.mapping, records, report)
    return out


def mapping_for_import(root: Path, upload: Upload) -> MappingFile | None:
    """The mapping file to import ``upload`` with: its choices, or None for the automatic one."""
    if not upload.choices:
        return None
    headers = read_table(upload.path(root)).headers
    return mapping_from_choices(root, upload, headers, upload.choices)
