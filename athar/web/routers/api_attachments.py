"""``/api/attachments``: files that support records (register scans, photos), stored by SHA-256.

Anyone signed in may read attachments; an image of the dead comes blurred (rendered on the
server) unless a caseworker or admin asks for it with ``reveal=1`` — audited, and refused (still
blurred, the refusal audited) for every other role. Caseworkers and admins add files.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from starlette.responses import Response

from athar.evidence import AccessDenied, BlobCorrupt, add_attachment, attachment_image
from athar.ingest.uploads import UploadError, copy_limited, safe_name
from athar.store.evidence import ATTACHMENT_KINDS
from athar.store.evidence_api import AttachmentOut, attachments
from athar.web.api_models import AttachmentModel
from athar.web.audit import viewed
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import INLINE_TYPES, MAX_UPLOAD, blobs
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["attachments"])
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
Anyone = Annotated[Principal, Depends(require())]


def of_record(request: Request, pk: int) -> list[AttachmentOut]:
    """The attachments of record ``pk`` (404 when there is no such record); audits the view."""
    if store_of(request).record(pk) is None:
        raise HTTPException(404, "no such record")
    viewed(request, "record", str(pk))
    return attachments(store_of(request), record_pks=[pk])


def attach(
    request: Request, pk: int, file: UploadFile, kind: str, shows_dead: bool, who: Principal
) -> AttachmentOut:
    """Store an uploaded file beside record ``pk`` (400 for a bad kind or file, 404 for no
    such record). The domain logs ``attachment_added`` with who and when."""
    if kind not in ATTACHMENT_KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(ATTACHMENT_KINDS)}")
    data_dir = request.app.state.settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix=".attach-", dir=data_dir)
    try:
        target = Path(folder) / safe_name(file.filename or "file")
        copy_limited(file.file, target, MAX_UPLOAD)
        return add_attachment(
            store_of(request),
            target,
            by=who.name,
            kind=kind,
            shows_dead=shows_dead,
            record=pk,
            blobs=blobs(request),
        )
    except UploadError as exc:
        raise HTTPException(400, str(exc)) from exc
    except KeyError as exc:
        raise HTTPException(404, "no such record") from exc
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def content(request: Request, sha: str, reveal: bool, who: Principal) -> Response:
    """The attachment's bytes as ``who`` may see them (see the module doc)."""
    store = store_of(request)
    try:
        shown = attachment_image(
            store, sha, who.user.role, reveal, viewer=who.name, blobs=blobs(request)
        )
    except (KeyError, ValueError) as exc:
        raise HTTPException(404, "no such attachment") from exc
    except AccessDenied as exc:
        raise HTTPException(403, str(exc)) from exc
    except (BlobCorrupt, FileNotFoundError) as exc:
        raise HTTPException(500, f"the stored file is damaged or missing: {exc}") from exc
    viewed(request, "attachment", shown.sha256)
    rows = attachments(store, sha256=shown.sha256)
    name = rows[0].file_name if rows else shown.sha256
    if shown.blurred:
        name = f"blurred-{shown.sha256[:12]}.jpg"
    inline = shown.mime_type in INLINE_TYPES
    headers = {
        "Cache-Control": "no-store",
        "Content-Disposition": f"{'inline' if inline else 'attachment'}; "
        f"filename*=UTF-8''{quote(name)}",
        "X-Athar-Rendition": "blurred" if shown.blurred else "original",
    }
    media = shown.mime_type if inline else "application/octet-stream"
    return Response(shown.data, media_type=media, headers=headers)


@router.get("/attachments", response_model=list[AttachmentModel])
def list_attachments(
    request: Request, who: Anyone, record: Annotated[int, Query(description="a record's pk")]
) -> list[AttachmentModel]:
    """The files attached to one record, oldest first."""
    return [AttachmentModel.of(a) for a in of_record(request, record)]


@router.post("/attachments", response_model=AttachmentModel, status_code=201)
def add(
    request: Request,
    who: Caseworker,
    record: Annotated[int, Form(description="the record's pk")],
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(description=", ".join(ATTACHMENT_KINDS))] = "photo",
    shows_dead: Annotated[bool, Form()] = False,
) -> AttachmentModel:
    """Attach a file to a record (caseworkers and admins): stored once by its SHA-256, with who
    added it and when. Mark ``shows_dead`` for images of the dead: they are then served blurred
    to everyone but a caseworker or admin who asks to see them."""
    return AttachmentModel.of(attach(request, record, file, kind, shows_dead, who))


@router.get("/attachments/{sha}", response_model=list[AttachmentModel])
def describe(request: Request, sha: str, who: Anyone) -> list[AttachmentModel]:
    """Where a file (by SHA-256) is attached, and by whom."""
    try:
        rows = attachments(store_of(request), sha256=sha.lower())
    except ValueError as exc:
        raise HTTPException(404, "no such attachment") from exc
    if not rows:
        raise HTTPException(404, "no such attachment")
    return [AttachmentModel.of(a) for a in rows]


@router.get(
    "/attachments/{sha}/content",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "application/octet-stream": {}}}},
)
def get_content(
    request: Request,
    sha: str,
    who: Anyone,
    reveal: Annotated[bool, Query(description="show an image of the dead unblurred")] = False,
) -> Response:
    """The file. An image of the dead is the blurred JPEG unless a caseworker or admin asks
    with ``reveal=1`` (audited); other roles get the blurred one even then (the refusal is
    audited). Header ``X-Athar-Rendition``: ``blurred`` or ``original``."""
    return content(request, sha, reveal, who)


section = Section(name="api-attachments", router=router)
