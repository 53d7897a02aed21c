"""What the import, job, sighting and attachment pages share: the app's job runner, where uploads
are kept, the blob store, and the labels people read for canonical fields and job messages."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import Request

from athar.evidence.blobs import BlobStore
from athar.ingest.uploads import uploads_dir
from athar.jobs import JobRunner
from athar.web.sections import N_
from athar.web.templating import environment

#: The largest file the import page and attachment upload accept.
MAX_UPLOAD = 200 << 20

_runner_lock = threading.Lock()


def ltr(value: object) -> str:
    """Text kept left-to-right inside a sentence of either direction (Unicode isolates)."""
    return f"\u2066{value}\u2069"


environment.filters["ltr"] = ltr


def runner(request: Request) -> JobRunner:
    """The app's one job runner (made on first use)."""
    state = request.app.state
    with _runner_lock:
        found: JobRunner | None = getattr(state, "jobs", None)
        if found is None:
            found = JobRunner()
            state.jobs = found
            request.app.router.on_shutdown.append(found.stop)
    return found


def uploads_root(request: Request) -> Path:
    return uploads_dir(request.app.state.settings.data_dir)


def blobs(request: Request) -> BlobStore:
    return BlobStore(request.app.state.settings.blob_dir)


#: Canonical fields as people read them.
FIELD_LABELS: dict[str, str] = {
    "record_id": N_("Record id"),
    "source": N_("Source"),
    "source_kind": N_("Source kind"),
    "full_name": N_("Full name"),
    "given_name": N_("Given name"),
    "father_name": N_("Father's name"),
    "grandfather_name": N_("Grandfather's name"),
    "family_name": N_("Family name"),
    "mother_name": N_("Mother's name"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birth_place": N_("Place of birth"),
    "governorate": N_("Governorate"),
    "national_id": N_("National number"),
    "facility": N_("Facility"),
    "detainee_number": N_("Detainee number"),
    "event_date": N_("Event date"),
    "status": N_("Status"),
    "notes": N_("Notes"),
}

KIND_LABELS: dict[str, str] = {
    "family_report": N_("family report"),
    "prison_register": N_("prison register"),
    "release_list": N_("release list"),
    "ngo_list": N_("NGO list"),
    "death_record": N_("death record"),
    "witness_statement": N_("witness statement"),
}

STATUS_LABELS: dict[str, str] = {
    "detained": N_("detained"),
    "released": N_("released"),
    "deceased": N_("deceased"),
    "missing": N_("missing"),
    "unknown": N_("unknown"),
}

JOB_STATES: dict[str, str] = {
    "queued": N_("waiting"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}

JOB_KINDS: dict[str, str] = {"import": N_("Import"), "link": N_("Re-link")}

#: Progress messages of the import and link jobs (others are shown as they are).
JOB_MESSAGES: dict[str, str] = {
    "reading the file": N_("reading the file"),
    "checking rows": N_("checking rows"),
    "matching inquiries": N_("matching inquiries"),
    "done": N_("done"),
    "reading records": N_("reading records"),
    "computing name features": N_("computing name features"),
    "scoring candidate pairs": N_("scoring candidate pairs"),
    "clustering into persons": N_("clustering into persons"),
    "saving the run": N_("saving the run"),
}

#: How a column was mapped (``athar.ingest.mapping``), as people read it.
HOW_LABELS: dict[str, str] = {
    "mapping file": N_("your choice"),
    "canonical name": N_("field name"),
    "known header": N_("known header"),
    "name rule": N_("name column"),
    "ignored": N_("not imported"),
    "not mapped (kept in raw)": N_("not recognised: kept as written"),
}

ATTACHMENT_KINDS: dict[str, str] = {
    "register_scan": N_("register scan"),
    "photo": N_("photo"),
    "document": N_("document"),
    "video": N_("video"),
    "other": N_("other"),
}

#: Types served inline; anything else is sent as a download, never rendered by the browser.
INLINE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "application/pdf"}
)
