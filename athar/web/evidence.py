"""What the import, job, sighting and attachment pages share: the app's job runner, where uploads
are kept, the blob store, and the labels people read for canonical fields and job messages."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from fastapi import Request
from jinja2 import pass_context
from jinja2.runtime import Context

from athar.evidence.blobs import BlobStore
from athar.ingest.report import Problem
from athar.ingest.uploads import uploads_dir
from athar.jobs import JobRunner
from athar.sightings import WitnessIdentity, witness_of
from athar.web.auth import Principal, store_of
from athar.web.i18n import translated
from athar.web.labels import FIELD_LABELS
from athar.web.sections import N_
from athar.web.templating import environment

#: The largest file the import page and attachment upload accept.
MAX_UPLOAD = 200 << 20

_runner_lock = threading.Lock()


def ltr(value: object) -> str:
    """Text kept left-to-right inside a sentence of either direction (Unicode isolates)."""
    return f"\u2066{value}\u2069"


environment.filters["ltr"] = ltr


def problem_text(problem: Problem, gettext: Any) -> str:
    """One problem of a row in ``gettext``'s language: the field as people name it, what is
    wrong, and the value as written."""
    text = translated(problem.problem, gettext)
    if problem.field:
        field = gettext(FIELD_LABELS.get(problem.field, problem.field))
        text = f"{field}: {text}"
    return f"{text} ({problem.value!r})" if problem.value else text


def runner(request: Request) -> JobRunner:
    """The app's one job runner (made on first use); jobs themselves live in the store, so
    every worker process of the server sees them all."""
    state = request.app.state
    with _runner_lock:
        found: JobRunner | None = getattr(state, "jobs", None)
        if found is None:
            found = JobRunner(store_of(request), stale_seconds=state.settings.job_stale_seconds)
            state.jobs = found
            request.app.router.on_shutdown.append(found.stop)
    return found


def witness_for(request: Request, pk: int, who: Principal) -> WitnessIdentity:
    """The witness of statement ``pk`` for ``who`` (audited in the store); raises
    ``AccessDenied`` for anyone but its caseworker and admins, ``KeyError`` for no statement."""
    return witness_of(
        store_of(request), pk, who.name, who.user.role, key_file=request.app.state.settings.key_file
    )


def uploads_root(request: Request) -> Path:
    return uploads_dir(request.app.state.settings.data_dir)


def blobs(request: Request) -> BlobStore:
    return BlobStore(request.app.state.settings.blob_dir)


JOB_STATES: dict[str, str] = {
    "queued": N_("waiting"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}

JOB_KINDS: dict[str, str] = {"import": N_("Import"), "link": N_("Re-link")}

#: Progress messages of the import and link jobs (``athar.jobs``, ``athar.link.pipeline``);
#: others are shown as they are. A job's message is stored as its English text.
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

#: Progress messages that carry a number, read back from their English: pattern → msgid.
JOB_COUNTED_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"training the model on (?P<records>[\d,]+) records"),
        N_("training the model on %(records)s records"),
    ),
)


def job_message(message: str, gettext: Any) -> str:
    """A job's progress message in ``gettext``'s language (as it is when not known)."""
    if message in JOB_MESSAGES:
        return str(gettext(JOB_MESSAGES[message]))
    for pattern, msgid in JOB_COUNTED_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return str(gettext(msgid)) % found.groupdict()
    return message


@pass_context
def _job_message(context: Context, message: str) -> str:
    return job_message(message, context["gettext"])


environment.filters["job_message"] = _job_message

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
