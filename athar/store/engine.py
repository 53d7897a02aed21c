"""Engines for both databases from one URL setting.

SQLite gets WAL (readers never wait for the writer), foreign keys, a busy timeout, and real
transactions: the stdlib driver otherwise starts a transaction only at the first write, so the reads
before it would not see the same snapshot (SQLAlchemy's documented recipe, ``BEGIN`` on begin).
Writes begin with ``BEGIN IMMEDIATE``: one writer at a time, the others wait (up to the timeout).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 60_000
#: Execution option marking a connection's next transaction as a write (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "athar_write"


def normalize_url(url: str) -> URL:
    """The URL with the driver Athar ships for PostgreSQL (psycopg 3) when none is named."""
    if url.startswith("postgres://"):  # the form some hosting services hand out
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created if missing."""
    parsed = normalize_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if is_memory(parsed):
            kwargs["poolclass"] = StaticPool  # one connection, or each would see its own database
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            assert parsed.database is not None
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        _sqlite_setup(engine, memory=is_memory(parsed))
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_setup(engine: Engine, *, memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
