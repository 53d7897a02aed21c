"""Schema migrations, run from code: an installed Athar carries its migrations and needs no
``alembic.ini``. ``python -m athar.store`` gives developers the usual Alembic commands."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from athar.store.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None, url: str | None = None) -> Config:
    """An Alembic config pointing at the migrations inside the package. With ``engine`` the
    migrations run on its connections (and so get its SQLite set-up)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def migrate(url_or_engine: str | Engine, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (every head by default: feature branches of the schema
    each carry their own chain); a no-op when it is there."""
    if isinstance(url_or_engine, str):
        engine = make_engine(url_or_engine)
        try:
            command.upgrade(alembic_config(engine), revision)
        finally:
            engine.dispose()
    else:
        command.upgrade(alembic_config(url_or_engine), revision)
