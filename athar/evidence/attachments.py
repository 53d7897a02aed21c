"""Files that support the records: scans of register pages, photos, documents.

``add_attachment`` puts the file in the blob store by its SHA-256 and records, beside the record,
facility or event it supports, its original name, type, size, when it was captured (if known),
when and by whom it was added: the chain of custody of a piece of evidence. ``attachment_image``
is the only way an image leaves the store for display: images of the dead go out blurred unless
a caseworker or admin chooses to see them, and never plainly to anyone else.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from athar.config import settings
from athar.evidence.access import AccessDenied, may_reveal_dead
from athar.evidence.blobs import BlobStore, check_sha256
from athar.evidence.images import cached_blur, image_mime
from athar.stats.facilities import facility_id_of
from athar.store import Store
from athar.store.evidence_api import AttachmentOut, add_attachment_row, attachments


@dataclass(frozen=True)
class Rendition:
    """What may be shown of an attachment to one viewer."""

    sha256: str
    data: bytes
    mime_type: str
    blurred: bool


def add_attachment(
    store: Store,
    file: Path,
    *,
    by: str,
    kind: str,
    shows_dead: bool,
    record: int | None = None,
    facility: str | None = None,
    event: int | None = None,
    captured_at: datetime | None = None,
    blobs: BlobStore | None = None,
) -> AttachmentOut:
    """Store ``file`` (content-addressed, verified) and attach it to one record (pk), facility
    (id or label) or facility event (id). Adding the same file to the same target again returns
    the row already there. ``captured_at``: when the photo or scan was taken, if known (UTC)."""
    if not by.strip():
        raise ValueError("an attachment needs who adds it (by)")
    if captured_at is not None and captured_at.tzinfo is None:
        raise ValueError("captured_at must carry its timezone (UTC)")
    file = Path(file)
    facility_id = facility_id_of(facility) if facility is not None else None
    blob = (blobs or BlobStore.default()).put(file)
    mime = image_mime(blob.path) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    row, _new = add_attachment_row(
        store,
        sha256=blob.sha256,
        file_name=file.name,
        mime_type=mime,
        size=blob.size,
        kind=kind,
        shows_dead=shows_dead,
        by=by,
        record_pk=record,
        facility_id=facility_id,
        event_id=event,
        captured_at=captured_at,
    )
    return row


def attachment_image(
    store: Store,
    sha: str,
    viewer_role: str,
    reveal: bool = False,
    *,
    viewer: str = "",
    blobs: BlobStore | None = None,
) -> Rendition:
    """The attachment ``sha`` as ``viewer`` (of ``viewer_role``) may see it.

    A file no attachment row marks as showing the dead is returned as stored. One that shows the
    dead is returned as stored only to a caseworker or admin who asks to ``reveal`` it (audited);
    everyone else gets the blurred rendition, and a reveal they ask for is refused in the audit
    log. A file of the dead that is no image has no blurred form: it is refused outright.
    """
    sha = check_sha256(sha)
    rows = attachments(store, sha256=sha)
    if not rows:
        raise KeyError(f"no attachment with sha256 {sha}")
    store_ = blobs or BlobStore.default()
    mime = rows[0].mime_type
    if not any(r.shows_dead for r in rows):
        return Rendition(sha, store_.read(sha), mime, blurred=False)
    payload = {"sha256": sha, "role": viewer_role}
    actor = viewer or "(anonymous)"
    if reveal and may_reveal_dead(viewer_role):
        data = store_.read(sha)
        store.log_event("dead_image_revealed", payload, actor)
        return Rendition(sha, data, mime, blurred=False)
    if reveal:
        store.log_event("dead_image_reveal_refused", payload, actor)
    if not mime.startswith("image/"):
        raise AccessDenied(f"attachment {sha} shows the dead and is not an image: not shown")
    conf = settings()
    data = cached_blur(store_.read(sha), sha, conf.blur_dir, conf.blur_strength)
    return Rendition(sha, data, "image/jpeg", blurred=True)
