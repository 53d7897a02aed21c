"""Long work off the request: imports and linkage runs, one at a time, with a status to poll.

A ``JobRunner`` owns one worker thread and a queue: jobs run in the order they were asked for,
never two at once (an import and a link would otherwise fight over the same registry, and a link
run takes minutes and the machine's cores). Asking for a link while one is queued or running
returns that job instead of a second one. States: ``queued``, ``running``, ``done``, ``failed``.

The two jobs do what the CLI does, with the same domain functions and in the same order:
``import_job`` imports one file (``athar.ingest.importer.import_file``) and then matches the open
inquiries again (``athar.inquiries.matching.rematch_open_inquiries``); ``link_job`` runs
``athar.link.pipeline.link`` and then matches the inquiries again.

Job status lives in memory (a restarted server forgets finished jobs; the registry's event log
keeps what they did). One runner per process: run the web app with a single worker process.
"""

from __future__ import annotations

import queue
import secrets
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from athar.store import Store

STATES = ("queued", "running", "done", "failed")
#: Finished jobs kept for their status pages, oldest forgotten first.
KEEP = 200


@dataclass(frozen=True)
class Job:
    """What a job is doing. ``done``/``total``: units of progress (rows; 0 total = unknown)."""

    id: str
    kind: str  # "import" or "link"
    by: str
    state: str = "queued"
    message: str = ""
    done: int = 0
    total: int = 0
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None

    @property
    def finished_or_failed(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def percent(self) -> int | None:
        return int(100 * self.done / self.total) if self.total else None


class Progress:
    """Handed to a running job's work: report a message and/or units done."""

    def __init__(self, runner: JobRunner, job_id: str) -> None:
        self._runner = runner
        self._id = job_id

    def __call__(
        self, message: str | None = None, done: int | None = None, total: int | None = None
    ) -> None:
        changes: dict[str, Any] = {}
        if message is not None:
            changes["message"] = message
        if done is not None:
            changes["done"] = done
        if total is not None:
            changes["total"] = total
        self._runner._update(self._id, **changes)


Work = Callable[[Progress], dict[str, Any]]


class JobFailed(Exception):
    """A job's work ends with this to fail with a message meant for people (no traceback)."""


class JobRunner:
    """One worker thread running queued jobs one at a time."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple[str, Work] | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def submit(
        self, kind: str, by: str, work: Work, *, total: int = 0, single: bool = False
    ) -> Job:
        """Queue ``work``; with ``single``, a queued or running job of ``kind`` is returned
        instead of starting another."""
        with self._lock:
            if single:
                for job in self._jobs.values():
                    if job.kind == kind and not job.finished_or_failed:
                        return job
            job = Job(secrets.token_urlsafe(9), kind, by, total=total)
            self._jobs[job.id] = job
            self._forget_old()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="athar-jobs", daemon=True)
                self._thread.start()
        self._queue.put((job.id, work))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        """Every job remembered, newest first."""
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.created, reverse=True)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job has finished (tests and scripts)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job is None:
                raise KeyError(job_id)
            if job.finished_or_failed:
                return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job.state}: {job.message}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._queue.put(None)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = replace(job, **changes)

    def _forget_old(self) -> None:
        finished = sorted(
            (j for j in self._jobs.values() if j.finished_or_failed), key=lambda j: j.created
        )
        for job in finished[: max(0, len(finished) - KEEP)]:
            del self._jobs[job.id]

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job_id, work = item
            self._update(job_id, state="running")
            try:
                result = work(Progress(self, job_id))
            except JobFailed as exc:
                self._finish(job_id, "failed", error=str(exc))
            except Exception as exc:  # a job must never kill the worker
                traceback.print_exc()
                self._finish(job_id, "failed", error=f"{type(exc).__name__}: {exc}")
            else:
                self._finish(job_id, "done", result=result)

    def _finish(self, job_id: str, state: str, **changes: Any) -> None:
        self._update(job_id, state=state, finished=datetime.now(UTC), **changes)


# ------------------------------------------------------------------ the two jobs


def import_job(
    store: Store,
    path: Path,
    *,
    by: str,
    source: str = "",
    kind: str = "",
    mapping: Any = None,
) -> Work:
    """The work of importing ``path`` (as ``athar import`` does), then re-matching inquiries."""

    def work(progress: Progress) -> dict[str, Any]:
        from athar.ingest import IngestError
        from athar.ingest.importer import ImportRefused, import_file

        progress("reading the file")
        try:
            result = import_file(
                store,
                path,
                source=source,
                kind=kind,
                mapping=mapping,
                by=by,
                progress=lambda n: progress("checking rows", done=n),
            )
        except ImportRefused as exc:
            raise JobFailed(
                f"{exc.prepared.report.summary(limit=20)}\nnothing was imported"
            ) from exc
        except IngestError as exc:
            raise JobFailed(str(exc)) from exc
        outcomes = {
            name: {
                "version": o.version,
                "inserted": o.inserted,
                "new": o.new,
                "changed": o.changed,
                "removed": o.removed,
                "already_imported": o.already_imported,
            }
            for name, o in result.outcomes.items()
        }
        progress("matching inquiries")
        rematched = _rematch(store, by)
        progress("done")
        return {"sources": outcomes, "inquiries": rematched}

    return work


def link_job(store: Store, *, by: str) -> Work:
    """The work of ``athar link`` (every record into persons), then re-matching inquiries."""

    def work(progress: Progress) -> dict[str, Any]:
        from athar.link.pipeline import link

        summary = link(store, by=by, progress=lambda message: progress(message))
        progress("matching inquiries")
        rematched = _rematch(store, by)
        progress("done")
        return {
            "run_id": summary.run_id,
            "records": summary.records,
            "persons": summary.persons,
            "threshold": summary.threshold,
            "refusals": summary.refusals,
            "inquiries": rematched,
        }

    return work


def _rematch(store: Store, by: str) -> dict[str, Any]:
    from athar.inquiries.matching import rematch_open_inquiries

    summary = rematch_open_inquiries(store, by=by)
    return {
        "matched": summary.matched,
        "new_candidates": sum(len(v) for v in summary.new.values()),
        "note": summary.note,
    }
