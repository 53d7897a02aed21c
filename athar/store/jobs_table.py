"""The table of background jobs (imports, re-links), shared by every server process.

On the same ``Base`` as ``models.py`` (imported by ``athar.store`` so that the Store and the
model-vs-migration test see them); created by migration ``0006_jobs``.

A web server may run several worker processes: a job is started by one of them and must be
followed from any other, so its state lives here, not in memory. Like the accounts tables, rows
change (a job moves from queued to running to done); what a job did is in the event log.

Two nullable unique columns let the database itself enforce the rules, on SQLite and PostgreSQL
alike (NULLs never collide): ``single_key`` holds the kind of a job that may be asked for only
once at a time (a re-link) while it is unfinished, and ``running_slot`` is set on the one job
running on the registry, so two processes can never run two jobs at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from athar.store.models import Base, UTCDateTime, utcnow

JOB_STATES: tuple[str, ...] = ("queued", "running", "done", "failed")


class JobRow(Base):
    """One background job: what, for whom, how far, how it ended, and which process owns it."""

    __tablename__ = "jobs"
    __table_args__ = (Index(None, "created_at"), Index(None, "state"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    result_json: Mapped[str] = mapped_column(Text, default="{}")
    error: Mapped[str] = mapped_column(Text, default="")
    #: The process that runs it: "host:pid".
    owner: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Renewed by the owner while the job is unfinished; a stale one means its process died.
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    single_key: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    running_slot: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
