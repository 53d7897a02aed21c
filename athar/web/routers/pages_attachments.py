"""Attachments: a record's files (upload for caseworkers and admins), one file's page with the
choice to see an image of the dead unblurred, and the file itself.
JSON twin: ``api_attachments``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.evidence.access import may_reveal_dead
from athar.records import display_name
from athar.store.evidence import ATTACHMENT_KINDS
from athar.store.evidence_api import attachments
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import ATTACHMENT_KINDS as KIND_LABELS
from athar.web.routers.api_attachments import attach, content, of_record
from athar.web.sections import Section
from athar.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
Anyone = Annotated[Principal, Depends(require())]


def _record_page(
    request: Request, pk: int, who: Principal, status_code: int = 200, **context: object
) -> Response:
    rows = of_record(request, pk)
    stored = store_of(request).record(pk)
    assert stored is not None  # of_record answered 404 otherwise
    return render(
        request,
        "evidence/attachments.html",
        status_code=status_code,
        pk=pk,
        fields=stored.record.fields,
        name=display_name(stored.record.fields),
        rows=rows,
        kinds=ATTACHMENT_KINDS,
        kind_labels=KIND_LABELS,
        may_attach=who.has(("caseworker",)),
        **context,
    )


@router.get("/records/{pk}/attachments")
def record_attachments(request: Request, pk: int, who: Anyone) -> Response:
    return _record_page(request, pk, who, added=request.query_params.get("added") == "1")


@router.post("/records/{pk}/attachments")
def upload(
    request: Request,
    pk: int,
    who: Caseworker,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()] = "photo",
    shows_dead: Annotated[str, Form()] = "",
) -> Response:
    try:
        attach(request, pk, file, kind, shows_dead == "1", who)
    except HTTPException as exc:
        if exc.status_code == 404:
            raise
        _ = gettext_for(request)
        return _record_page(
            request,
            pk,
            who,
            status_code=exc.status_code,
            error=_("The file was not attached: %(why)s") % {"why": exc.detail},
        )
    return RedirectResponse(f"/records/{pk}/attachments?added=1", status_code=303)


@router.get("/attachments/{sha}/view")
def view(
    request: Request,
    sha: str,
    who: Anyone,
    reveal: Annotated[bool, Query()] = False,
) -> Response:
    """One file: blurred when it shows the dead; caseworkers and admins may choose to see it."""
    try:
        rows = attachments(store_of(request), sha256=sha.lower())
    except ValueError as exc:
        raise HTTPException(404, "no such attachment") from exc
    if not rows:
        raise HTTPException(404, "no such attachment")
    shows_dead = any(r.shows_dead for r in rows)
    may_reveal = may_reveal_dead(who.user.role)
    return render(
        request,
        "evidence/attachment.html",
        sha=rows[0].sha256,
        rows=rows,
        first=rows[0],
        shows_dead=shows_dead,
        may_reveal=may_reveal,
        revealed=reveal and shows_dead and may_reveal,
        kind_labels=KIND_LABELS,
    )


@router.get("/attachments/{sha}")
def file(
    request: Request,
    sha: str,
    who: Anyone,
    reveal: Annotated[bool, Query()] = False,
) -> Response:
    """The file itself, as ``who`` may see it (blurred, or the original)."""
    return content(request, sha, reveal, who)


section = Section(name="attachments", router=router)
