"""The import page: upload, check the header mapping and the validation report, import; the job
page that follows an import or a re-link. JSON twin: ``api_import``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.ingest.uploads import Upload, preview
from athar.records import CANONICAL_FIELDS, SOURCE_KINDS
from athar.web.auth import Principal, require
from athar.web.evidence import (
    HOW_LABELS,
    JOB_KINDS,
    JOB_MESSAGES,
    JOB_STATES,
    runner,
    uploads_root,
)
from athar.web.labels import FIELD_LABELS, KIND_LABELS
from athar.web.routers.api_import import (
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
        "job_messages": JOB_MESSAGES,
    }


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
            error=_("The file could not be kept: %(why)s") % {"why": exc.detail},
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
        view=preview_out(view),
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
        return _preview_page(request, upload, status_code=exc.status_code, error=exc.detail)
    return RedirectResponse(f"/import/{upload.id}", status_code=303)


@router.post("/import/{upload_id}/start")
def start(request: Request, upload_id: str, who: Importer) -> Response:
    upload = staged(request, upload_id)
    try:
        job = start_import(request, upload, who)
    except HTTPException as exc:
        return _preview_page(request, upload, status_code=exc.status_code, error=exc.detail)
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
