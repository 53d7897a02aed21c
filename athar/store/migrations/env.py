"""Alembic environment: runs the migrations on the engine ``athar.store.migrate`` hands over, or on
``sqlalchemy.url`` for command-line use."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from athar.store import accounts as _accounts  # noqa: F401  (its tables join Base.metadata)
from athar.store.engine import make_engine
from athar.store.models import Base

# Any number stays the same across processes; PostgreSQL holds it while one process migrates.
ADVISORY_LOCK = 7_240_301


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # two web workers starting at once must not both create the tables
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK})
        context.run_migrations()


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    owned = engine is None
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no database: set sqlalchemy.url or pass an engine")
        engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("Athar's migrations run online only")
run_migrations_online()
