"""``/api/import`` and ``/api/jobs``: upload a file, see and change its header mapping and
validation report, import it in the background; start a re-link; follow a job.

The same domain functions as ``athar import`` and ``athar link`` (``athar.jobs``), so an import
from the web also matches the open inquiries again afterwards, as the CLI does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field

from athar.ingest.uploads import (
    IGNORE,
    Preview,
    Upload,
    UploadError,
    choice_of,
    load_upload,
    mapping_for_import,
    preview,
    save_upload,
    stage_upload,
)
from athar.jobs import Job, import_job, link_job
from athar.records import CANONICAL_FIELDS
from athar.web.audit import audit
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import MAX_UPLOAD, runner, uploads_root
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["import and jobs"])
Importer = Annotated[Principal, Depends(require("caseworker"))]

FIRST_ROWS = 10
MAX_PROBLEMS = 500


class ColumnOut(BaseModel):
    header: str
    #: The canonical field this column fills ("" = kept in the verbatim row only).
    field: str
    #: How it was mapped: "canonical name", "known header", "mapping file" (chosen), …
    how: str
    #: For event_date: arrest, release, death or report, when the header says.
    event: str = ""
    #: What a mapping choice for this column is now: a field, "" or "ignore".
    choice: str


class ProblemOut(BaseModel):
    row: int
    sheet: str = ""
    field: str
    problem: str
    value: str = ""


class RowOut(BaseModel):
    row: int
    sheet: str = ""
    #: The canonical fields as they will be stored (empty ones left out).
    fields: dict[str, str]
    #: Set when the row will not be imported.
    problems: list[str] = Field(default_factory=list)


class ReportOut(BaseModel):
    ok: bool
    rows: int
    importable: int
    problems: list[ProblemOut]
    more_problems: int = 0
    notes: list[str]
    unmapped_headers: list[str]
    #: Values kept as written but not understood, by what they were meant as.
    not_understood: dict[str, dict[str, int]]


class ImportPreview(BaseModel):
    """A staged upload as it would be imported now: nothing is written until ``start``."""

    id: str
    file_name: str
    source: str
    kind: str
    format: str = ""
    encoding: str = ""
    sha256: str = ""
    columns: list[ColumnOut] = Field(default_factory=list)
    first_rows: list[RowOut] = Field(default_factory=list)
    report: ReportOut | None = None
    #: Why it cannot be imported as it stands (unreadable file, no source name…).
    error: str = ""
    #: The import job, once started.
    job: str = ""


class MappingIn(BaseModel):
    """Change the source name, kind, or the field of some columns (header → canonical field,
    "" to keep a column only in the verbatim row, "ignore" to drop it). Columns not named keep
    what they map to now."""

    source: str | None = None
    kind: str | None = None
    choices: dict[str, str] = Field(default_factory=dict)


class JobOut(BaseModel):
    id: str
    kind: str
    by: str
    state: str
    message: str
    done: int
    total: int
    percent: int | None
    result: dict[str, Any]
    error: str
    created: datetime
    finished: datetime | None


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.id,
        kind=job.kind,
        by=job.by,
        state=job.state,
        message=job.message,
        done=job.done,
        total=job.total,
        percent=job.percent,
        result=job.result,
        error=job.error,
        created=job.created,
        finished=job.finished,
    )


def preview_out(view: Preview) -> ImportPreview:
    upload = view.upload
    out = ImportPreview(
        id=upload.id,
        file_name=upload.file_name,
        source=upload.source,
        kind=upload.kind,
        error=view.error,
        job=upload.job,
    )
    if view.table is not None:
        out.format, out.encoding = view.table.format, view.table.encoding
    if view.mapping is not None:
        out.columns = [
            ColumnOut(
                header=c.header,
                field=c.field,
                how=c.how,
                event=c.event,
                choice=choice_of(c.field, c.how),
            )
            for c in view.mapping.columns
        ]
    prepared = view.prepared
    if prepared is None:
        return out
    out.sha256 = prepared.sha256
    report = prepared.report
    by_place = {(r.sheet, r.row_number): r for r in prepared.records}
    problems = report.problems_by_row()
    for row in prepared.table.rows[:FIRST_ROWS]:
        rec = by_place.get((row.sheet, row.number))
        out.first_rows.append(
            RowOut(
                row=row.number,
                sheet=row.sheet,
                fields={k: v for k, v in rec.fields.items() if v} if rec else {},
                problems=[p.what for p in problems.get((row.sheet, row.number), [])],
            )
        )
    out.report = ReportOut(
        ok=report.ok,
        rows=report.rows,
        importable=report.imported,
        problems=[
            ProblemOut(row=p.row, sheet=p.sheet, field=p.field, problem=p.problem, value=p.value)
            for p in report.problems[:MAX_PROBLEMS]
        ],
        more_problems=max(0, len(report.problems) - MAX_PROBLEMS),
        notes=report.notes,
        unmapped_headers=report.unmapped_headers,
        not_understood={k: dict(v.most_common()) for k, v in report.unmapped.items() if v},
    )
    return out


def staged(request: Request, upload_id: str) -> Upload:
    """The upload ``upload_id`` (404 when there is none)."""
    try:
        return load_upload(uploads_root(request), upload_id)
    except UploadError as exc:
        raise HTTPException(404, str(exc)) from exc


def stage(request: Request, file: UploadFile, source: str, kind: str, who: Principal) -> Upload:
    """Keep an uploaded file under a new id (400 when it is empty or too large)."""
    try:
        upload = stage_upload(
            uploads_root(request),
            file.filename or "upload",
            file.file,
            by=who.name,
            max_bytes=MAX_UPLOAD,
        )
    except UploadError as exc:
        raise HTTPException(400, str(exc)) from exc
    upload.source, upload.kind = source.strip(), kind.strip()
    save_upload(uploads_root(request), upload)
    audit(request, "import.upload", upload=upload.id, file_name=upload.file_name)
    return upload


def change_mapping(request: Request, upload: Upload, body: MappingIn) -> Preview:
    """Apply ``body`` to the upload; 400 for a choice that is no canonical field."""
    root = uploads_root(request)
    if body.source is not None:
        upload.source = body.source.strip()
    if body.kind is not None:
        upload.kind = body.kind.strip()
    if body.choices:
        current = preview(root, upload)
        if current.mapping is None:
            raise HTTPException(400, current.error or "the file cannot be read")
        merged = {c.header: choice_of(c.field, c.how) for c in current.mapping.columns}
        for header, choice in body.choices.items():
            if header not in merged:
                raise HTTPException(400, f"the file has no column {header!r}")
            if choice not in ("", IGNORE, *CANONICAL_FIELDS):
                raise HTTPException(400, f"{header}: {choice!r} is not a canonical field")
            merged[header] = choice
        upload.choices = merged
    save_upload(root, upload)
    return preview(root, upload)


def start_import(request: Request, upload: Upload, who: Principal) -> Job:
    """Queue the import of a checked upload; 409 when it has problems or was started already."""
    root = uploads_root(request)
    if upload.job:
        job = runner(request).get(upload.job)
        if job is not None and job.state != "failed":
            raise HTTPException(409, "this file's import was started already")
    view = preview(root, upload)
    if not view.ok:
        raise HTTPException(
            409, view.error or "the file has rows with problems: nothing was imported"
        )
    work = import_job(
        store_of(request),
        upload.path(root),
        by=who.name,
        source=upload.source,
        kind=upload.kind,
        mapping=mapping_for_import(root, upload),
    )
    job = runner(request).submit(
        "import", who.name, work, total=len(view.table.rows) if view.table else 0
    )
    upload.job = job.id
    save_upload(root, upload)
    audit(
        request,
        "job.start",
        job=job.id,
        job_kind="import",
        upload=upload.id,
        file_name=upload.file_name,
    )
    return job


def start_link(request: Request, who: Principal) -> Job:
    """Queue a re-link (or return the one queued or running)."""
    job = runner(request).submit(
        "link", who.name, link_job(store_of(request), by=who.name), single=True
    )
    audit(request, "job.start", job=job.id, job_kind="link")
    return job


def job_of(request: Request, job_id: str) -> Job:
    job = runner(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return job


@router.post("/import", response_model=ImportPreview, status_code=201)
def upload_file(
    request: Request,
    who: Importer,
    file: Annotated[UploadFile, File(description="CSV, XLSX, JSON or JSON Lines")],
    source: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> ImportPreview:
    """Upload a file to import (caseworkers and admins). Nothing is imported yet: the answer is
    the automatic header mapping, the first rows as they would be stored and the validation
    report (problems named by row and field)."""
    upload = stage(request, file, source, kind, who)
    return preview_out(preview(uploads_root(request), upload))


@router.get("/import/{upload_id}", response_model=ImportPreview)
def get_preview(request: Request, upload_id: str, who: Importer) -> ImportPreview:
    """The upload as it would be imported now."""
    return preview_out(preview(uploads_root(request), staged(request, upload_id)))


@router.post("/import/{upload_id}/mapping", response_model=ImportPreview)
def set_mapping(request: Request, upload_id: str, body: MappingIn, who: Importer) -> ImportPreview:
    """Change the source name, kind or column mapping; answers the new preview."""
    return preview_out(change_mapping(request, staged(request, upload_id), body))


@router.post("/import/{upload_id}/start", response_model=JobOut, status_code=202)
def start(request: Request, upload_id: str, who: Importer) -> JobOut:
    """Import the upload in the background (refused with 409 while its report has problems).
    Follow it at ``/api/jobs/{id}``; open inquiries are matched again when it is done."""
    return job_out(start_import(request, staged(request, upload_id), who))


@router.get("/jobs", response_model=list[JobOut])
def list_jobs(request: Request, who: Importer) -> list[JobOut]:
    """The newest import and link jobs, newest first."""
    return [job_out(j) for j in runner(request).jobs()]


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(request: Request, job_id: str, who: Importer) -> JobOut:
    """A job's state (queued, running, done, failed), progress and message."""
    return job_out(job_of(request, job_id))


@router.post("/jobs/link", response_model=JobOut, status_code=202)
def relink(request: Request, who: Importer) -> JobOut:
    """Link every record into persons again, in the background, one run at a time: while a
    link is queued or running, that job is answered instead of a new one."""
    return job_out(start_link(request, who))


section = Section(name="api-import", router=router)
