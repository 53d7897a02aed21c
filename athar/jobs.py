"""Long work off the request: imports and linkage runs, one at a time, with a status to poll.

Job state lives in the store (table ``jobs``, ``athar.store.jobs_api``), so a web server with
several worker processes answers a job's status from any of them, and a restart keeps finished
jobs. The process that was asked for a job runs it: each process has one ``JobRunner`` (one
thread) that runs its own queued jobs in order, and the store lets only one job run on the
registry at a time across all processes (an import and a link would otherwise fight over the
same registry, and a link run takes minutes and the machine's cores). Asking for a link while
one is queued or running anywhere returns that job instead of a second one. States:
``queued``, ``running``, ``done``, ``failed``.

A job whose process died never finishes by itself; it is shown (and stored) as failed: a process
on this host is checked directly (its pid), one on another host (PostgreSQL shared by several
machines) by its heartbeat, renewed every ``ATHAR_JOB_STALE_SECONDS / 4`` while it has
unfinished jobs and taken for dead after ``ATHAR_JOB_STALE_SECONDS``.

The two jobs do what the CLI does, with the same domain functions and in the same order:
``import_job`` imports one file (``athar.ingest.importer.import_file``) and then matches the open
inquiries again (``athar.inquiries.matching.rematch_open_inquiries``); ``link_job`` runs
``athar.link.pipeline.link`` and then matches the inquiries again.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from athar.store import Store
from athar.store import jobs_api as stored

STATES = ("queued", "running", "done", "failed")
#: Jobs listed on the jobs page and API, newest first.
KEEP = 200
#: How often a runner waiting for the registry to be free looks again (seconds).
POLL = 0.25
#: Progress is written at most this often (seconds), unless its message changes.
PROGRESS_EVERY = 0.5
#: Why a job whose process died is failed.
ORPHANED = "the server process running this job stopped before it finished"


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


def _job(found: stored.StoredJob) -> Job:
    return Job(
        id=found.id,
        kind=found.kind,
        by=found.by,
        state=found.state,
        message=found.message,
        done=found.done,
        total=found.total,
        result=found.result,
        error=found.error,
        created=found.created or datetime.now(UTC),
        finished=found.finished,
    )


class Progress:
    """Handed to a running job's work: report a message and/or units done. Written to the
    store when the message changes, else at most every ``PROGRESS_EVERY`` seconds."""

    def __init__(self, runner: JobRunner, job_id: str) -> None:
        self._runner = runner
        self._id = job_id
        self._message: str | None = None
        self._written = 0.0

    def __call__(
        self, message: str | None = None, done: int | None = None, total: int | None = None
    ) -> None:
        now = time.monotonic()
        if message == self._message and now - self._written < PROGRESS_EVERY:
            return
        if message is not None:
            self._message = message
        self._written = now
        stored.set_progress(self._runner.store, self._id, message=message, done=done, total=total)


Work = Callable[[Progress], dict[str, Any]]


class JobFailed(Exception):
    """A job's work ends with this to fail with a message meant for people (no traceback)."""


def process_name() -> str:
    """This process as a job's owner: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def orphaned(job: stored.StoredJob, now: datetime, stale: timedelta) -> bool:
    """Whether an unfinished job's process is gone: its pid when it ran on this host, its
    heartbeat when it ran elsewhere."""
    host, _, pid = job.owner.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    return job.heartbeat is None or now - job.heartbeat > stale


class JobRunner:
    """This process's runner: one thread running the jobs asked of it, one at a time, when the
    registry is free; plus a heartbeat while it has unfinished jobs."""

    def __init__(self, store: Store, *, stale_seconds: float | None = None) -> None:
        if stale_seconds is None:
            from athar.config import settings

            stale_seconds = settings().job_stale_seconds
        self.store = store
        self.owner = process_name()
        self.stale = timedelta(seconds=stale_seconds)
        self._pending: deque[tuple[str, Work]] = deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._beating: threading.Thread | None = None

    def submit(
        self, kind: str, by: str, work: Work, *, total: int = 0, single: bool = False
    ) -> Job:
        """Queue ``work``; with ``single``, a queued or running job of ``kind`` (of any process)
        is returned instead of starting another."""
        if single:
            self.reap()  # a re-link of a dead process must not block a new one
        found, new = stored.add_job(
            self.store,
            secrets.token_urlsafe(9),
            kind,
            by,
            self.owner,
            total=total,
            single=single,
        )
        if new:
            with self._lock:
                self._pending.append((found.id, work))
                self._start_threads()
            self._wake.set()
        return _job(found)

    def get(self, job_id: str) -> Job | None:
        self.reap()
        found = stored.get_job(self.store, job_id)
        return _job(found) if found else None

    def jobs(self) -> list[Job]:
        """The newest ``KEEP`` jobs of every process, newest first."""
        self.reap()
        return [_job(j) for j in stored.list_jobs(self.store, KEEP)]

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job has finished (tests and scripts)."""
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

    def reap(self) -> int:
        """Fail the unfinished jobs whose process died; how many."""
        now = datetime.now(UTC)
        dead = [
            j.id
            for j in stored.unfinished_jobs(self.store)
            if j.owner != self.owner and orphaned(j, now, self.stale)
        ]
        return stored.fail_jobs(self.store, dead, ORPHANED) if dead else 0

    def stop(self) -> None:
        """Stop after the running job (if any); this process's jobs still queued fail."""
        self._stopped.set()
        self._wake.set()
        with self._lock:
            left = [job_id for job_id, _ in self._pending]
            self._pending.clear()
        if left:
            stored.fail_jobs(self.store, left, "the server stopped before this job started")

    # ------------------------------------------------------------------ the threads

    def _start_threads(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="athar-jobs", daemon=True)
            self._thread.start()
        # SQLite is one file on one host: a job's process is checked by its pid, and a
        # heartbeat would only queue behind a long import's write lock.
        if self.store.backend == "sqlite":
            return
        if self._beating is None or not self._beating.is_alive():
            self._beating = threading.Thread(
                target=self._heartbeat, name="athar-jobs-heartbeat", daemon=True
            )
            self._beating.start()

    def _loop(self) -> None:
        while not self._stopped.is_set():
            with self._lock:
                head = self._pending[0] if self._pending else None
            if head is None:
                self._wake.wait(1.0)
                self._wake.clear()
                continue
            job_id, work = head
            try:
                if stored.registry_busy(self.store) and not self.reap():
                    self._wake.wait(POLL)  # read, not write, while another job runs
                    self._wake.clear()
                    continue
                claimed = stored.claim_job(self.store, job_id)
                if not claimed:
                    current = stored.get_job(self.store, job_id)
                    if current is not None and current.state == "queued":
                        self.reap()  # the registry may be held by a dead process
                        self._wake.wait(POLL)
                        self._wake.clear()
                        continue
            except Exception:  # the store is unreachable for a moment: try again
                traceback.print_exc()
                self._stopped.wait(1.0)
                continue
            with self._lock:
                if self._pending and self._pending[0][0] == job_id:
                    self._pending.popleft()
            if claimed:
                self._run(job_id, work)

    def _run(self, job_id: str, work: Work) -> None:
        try:
            result = work(Progress(self, job_id))
        except JobFailed as exc:
            stored.finish_job(self.store, job_id, "failed", error=str(exc))
        except Exception as exc:  # a job must never kill the worker
            traceback.print_exc()
            stored.finish_job(self.store, job_id, "failed", error=f"{type(exc).__name__}: {exc}")
        else:
            stored.finish_job(self.store, job_id, "done", result=result)

    def _heartbeat(self) -> None:
        every = max(0.5, self.stale.total_seconds() / 4)
        while not self._stopped.wait(every):
            try:
                stored.beat(self.store, self.owner)
            except Exception:  # a busy store delays a beat; the next one counts
                traceback.print_exc()


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
            "decisions": summary.decisions.as_dict(),
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
