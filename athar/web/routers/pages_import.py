"""The import page: upload, check the header mapping and the validation report, import; the job
page that follows an import or a re-link. JSON twin: ``api_import``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.ingest.uploads import Preview, Upload, preview
from athar.records import CANONICAL_FIELDS, SOURCE_KINDS
from athar.web.auth import Principal, require
from athar.web.evidence import (
    HOW_LABELS,
    JOB_KINDS,
    JOB_STATES,
    problem_text,
    runner,
    uploads_root,
)
from athar.web.i18n import message_of, translated
from athar.web.labels import FIELD_LABELS, KIND_LABELS
from athar.web.routers.api_import import (
    ImportPreview,
    MappingIn,
    change_mapping,
    job_of,
    preview_out,
    stage,
    staged,
    start_import,
    start_link,
)
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
Importer = Annotated[Principal, Depends(require("caseworker"))]


def _labels() -> dict[str, Any]:
    return {
        "field_labels": FIELD_LABELS,
        "how_labels": HOW_LABELS,
        "fields": CANONICAL_FIELDS,
        "kinds": SOURCE_KINDS,
        "kind_labels": KIND_LABELS,
        "job_states": JOB_STATES,
        "job_kinds": JOB_KINDS,
    }


def _in_language(view: Preview, gettext: Any) -> ImportPreview:
    """The preview as the API answers it, its messages (file error, row problems, notes) in the
    page's language: read from the domain's messages, which keep their msgids."""
    out = preview_out(view)
    out.error = translated(view.error, gettext) if view.error else ""
    if view.prepared is None or out.report is None:
        return out
    report = view.prepared.report
    for shown, problem in zip(out.report.problems, report.problems, strict=False):
        shown.problem = translated(problem.problem, gettext)
    out.report.notes = [translated(note, gettext) for note in report.notes]
    by_row = report.problems_by_row()
    for row in out.first_rows:
        row.problems = [problem_text(p, gettext) for p in by_row.get((row.sheet, row.row), [])]
    return out


def _refusal(request: Request, exc: HTTPException) -> str:
    return translated(message_of(exc), gettext_for(request))


@router.get("/import")
def import_page(request: Request, who: Importer) -> Response:
    return render(request, "evidence/import.html", jobs=runner(request).jobs()[:10], **_labels())


@router.post("/import")
def upload(
    request: Request,
    who: Importer,
    file: Annotated[UploadFile, File()],
    source: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> Response:
    try:
        staged_upload = stage(request, file, source, kind, who)
    except HTTPException as exc:
        _ = gettext_for(request)
        return render(
            request,
            "evidence/import.html",
            status_code=exc.status_code,
            error=_("The file could not be kept: %(why)s")
            % {"why": translated(message_of(exc), _)},
            jobs=runner(request).jobs()[:10],
            **_labels(),
        )
    return RedirectResponse(f"/import/{staged_upload.id}", status_code=303)


def _preview_page(
    request: Request, upload: Upload, status_code: int = 200, **context: object
) -> Response:
    view = preview(uploads_root(request), upload)
    return render(
        request,
        "evidence/preview.html",
        status_code=status_code,
        view=_in_language(view, gettext_for(request)),
        ok=view.ok,
        **_labels(),
        **context,
    )


@router.get("/import/{upload_id}")
def preview_page(request: Request, upload_id: str, who: Importer) -> Response:
    return _preview_page(request, staged(request, upload_id))


@router.post("/import/{upload_id}")
async def change(request: Request, upload_id: str, who: Importer) -> Response:
    """The mapping form: source, kind and ``col-<n>`` = the field of the n-th column."""
    upload = staged(request, upload_id)
    form = await request.form()
    current = preview(uploads_root(request), upload)
    choices: dict[str, str] = {}
    if current.mapping is not None:
        for i, column in enumerate(current.mapping.columns):
            value = form.get(f"col-{i}")
            if isinstance(value, str):
                choices[column.header] = value
    body = MappingIn(
        source=str(form.get("source", upload.source)),
        kind=str(form.get("kind", upload.kind)),
        choices=choices,
    )
    try:
        change_mapping(request, upload, body)
    except HTTPException as exc:
        return _preview_page(
            request, upload, status_code=exc.status_code, error=_refusal(request, exc)
        )
    return RedirectResponse(f"/import/{upload.id}", status_code=303)


@router.post("/import/{upload_id}/start")
def start(request: Request, upload_id: str, who: Importer) -> Response:
    upload = staged(request, upload_id)
    try:
        job = start_import(request, upload, who)
    except HTTPException as exc:
        return _preview_page(
            request, upload, status_code=exc.status_code, error=_refusal(request, exc)
        )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/jobs/link")
def relink(request: Request, who: Importer) -> Response:
    job = start_link(request, who)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, who: Importer) -> Response:
    return render(request, "evidence/job.html", job=job_of(request, job_id), **_labels())


@router.get("/jobs/{job_id}/status")
def job_status(request: Request, job_id: str, who: Importer) -> Response:
    """The job's status block alone, for HTMX to poll until the job has finished."""
    return render(request, "evidence/_job.html", job=job_of(request, job_id), **_labels())


section = Section(name="import", router=router, nav=(NavLink("/import", N_("Import"), order=60),))
