"""The store's side of background jobs: functions taking a ``Store``, each one transaction.

``athar.jobs`` decides what a job does and when; this module only keeps its state where every
server process can read it (table ``jobs``, ``jobs_table.py``). The rules "one re-link at a
time" and "one running job on the registry" are unique columns, so they hold across processes
without any lock of our own: the losing insert or claim gets an ``IntegrityError``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from athar.store.api import Store
from athar.store.jobs_table import JobRow
from athar.store.models import utcnow

#: The value of ``running_slot`` on the one running job.
SLOT = "registry"
UNFINISHED = ("queued", "running")


@dataclass(frozen=True)
class StoredJob:
    id: str
    kind: str
    by: str
    state: str
    message: str
    done: int
    total: int
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    owner: str = ""
    created: datetime | None = None
    started: datetime | None = None
    finished: datetime | None = None
    heartbeat: datetime | None = None


def _job(row: Any) -> StoredJob:
    return StoredJob(
        id=row.id,
        kind=row.kind,
        by=row.requested_by,
        state=row.state,
        message=row.message,
        done=row.done,
        total=row.total,
        result=json.loads(row.result_json or "{}"),
        error=row.error,
        owner=row.owner,
        created=row.created_at,
        started=row.started_at,
        finished=row.finished_at,
        heartbeat=row.heartbeat_at,
    )


def add_job(
    store: Store,
    job_id: str,
    kind: str,
    by: str,
    owner: str,
    *,
    total: int = 0,
    single: bool = False,
) -> tuple[StoredJob, bool]:
    """Queue a job; ``(job, True)``. With ``single``, while a job of ``kind`` is unfinished (in
    any process) that one is returned instead: ``(existing, False)``."""
    now = utcnow()
    values = dict(
        id=job_id,
        kind=kind,
        requested_by=by,
        state="queued",
        message="",
        done=0,
        total=total,
        result_json="{}",
        error="",
        owner=owner,
        created_at=now,
        heartbeat_at=now,
        single_key=kind if single else None,
    )
    try:
        with store._write() as conn:
            conn.execute(insert(JobRow).values(**values))
    except IntegrityError:
        if not single:
            raise
        with store._engine.connect() as conn:
            row = conn.execute(select(JobRow).where(JobRow.single_key == kind)).first()
        if row is None:  # it finished in between: try once more
            return add_job(store, job_id, kind, by, owner, total=total, single=single)
        return _job(row), False
    found = get_job(store, job_id)
    assert found is not None
    return found, True


def get_job(store: Store, job_id: str) -> StoredJob | None:
    with store._engine.connect() as conn:
        row = conn.execute(select(JobRow).where(JobRow.id == job_id)).first()
    return _job(row) if row else None


def list_jobs(store: Store, limit: int = 200) -> list[StoredJob]:
    """The newest ``limit`` jobs, newest first."""
    with store._engine.connect() as conn:
        rows = conn.execute(
            select(JobRow).order_by(JobRow.created_at.desc(), JobRow.id).limit(limit)
        ).all()
    return [_job(r) for r in rows]


def unfinished_jobs(store: Store) -> list[StoredJob]:
    with store._engine.connect() as conn:
        rows = conn.execute(select(JobRow).where(JobRow.state.in_(UNFINISHED))).all()
    return [_job(r) for r in rows]


def set_progress(
    store: Store,
    job_id: str,
    *,
    message: str | None = None,
    done: int | None = None,
    total: int | None = None,
) -> None:
    """Note a running job's progress (and that its process is alive)."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if message is not None:
        values["message"] = message
    if done is not None:
        values["done"] = done
    if total is not None:
        values["total"] = total
    with store._write() as conn:
        conn.execute(update(JobRow).where(JobRow.id == job_id).values(**values))


def registry_busy(store: Store) -> bool:
    """Whether a job is running on the registry now (a read: waiting runners ask this first)."""
    with store._engine.connect() as conn:
        found = conn.execute(select(JobRow.id).where(JobRow.running_slot == SLOT)).first()
    return found is not None


def claim_job(store: Store, job_id: str) -> bool:
    """Start a queued job if no job is running on the registry; whether it was started."""
    now = utcnow()
    try:
        with store._write() as conn:
            changed = conn.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "queued")
                .values(state="running", running_slot=SLOT, started_at=now, heartbeat_at=now)
            ).rowcount
    except IntegrityError:  # another job holds the slot
        return False
    return bool(changed)


def finish_job(
    store: Store,
    job_id: str,
    state: str,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> None:
    """End a job as ``done`` or ``failed``, freeing the registry and its kind's single key."""
    if state not in ("done", "failed"):
        raise ValueError(f"a job ends as done or failed, not {state!r}")
    values: dict[str, Any] = {
        "state": state,
        "finished_at": utcnow(),
        "running_slot": None,
        "single_key": None,
        "error": error,
    }
    if result is not None:
        values["result_json"] = json.dumps(result, ensure_ascii=False, default=str)
    with store._write() as conn:
        conn.execute(
            update(JobRow).where(JobRow.id == job_id, JobRow.state.in_(UNFINISHED)).values(**values)
        )


def beat(store: Store, owner: str) -> int:
    """Renew the heartbeat of every unfinished job of ``owner``; how many."""
    with store._write() as conn:
        return int(
            conn.execute(
                update(JobRow)
                .where(JobRow.owner == owner, JobRow.state.in_(UNFINISHED))
                .values(heartbeat_at=utcnow())
            ).rowcount
        )


def fail_jobs(store: Store, job_ids: Iterable[str], why: str) -> int:
    """Fail these jobs if they are still unfinished (their process died); how many."""
    ids = sorted(set(job_ids))
    if not ids:
        return 0
    with store._write() as conn:
        return int(
            conn.execute(
                update(JobRow)
                .where(JobRow.id.in_(ids), JobRow.state.in_(UNFINISHED))
                .values(
                    state="failed",
                    finished_at=utcnow(),
                    running_slot=None,
                    single_key=None,
                    error=why,
                )
            ).rowcount
        )
