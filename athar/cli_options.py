"""What every ``athar`` sub-command shares: the ``--db`` and ``--by`` options, opening the store
they name, and ending with a clear message on stderr."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from athar.config import settings

if TYPE_CHECKING:
    from athar.store import Store

err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: ATHAR_DATABASE_URL or ./athar.db)."),
]
ByOption = Annotated[str, typer.Option("--by", help="Who acts (kept in the audit log).")]


def open_store(db: str | None) -> Store:
    """The store at ``--db``, or the configured one."""
    from athar.store import Store  # SQLAlchemy and Alembic: loaded only by commands that use them

    return Store.open(db or settings().database_url)


def fail(message: object, *, code: int = 1, label: str = "error") -> typer.Exit:
    """Print ``label: message`` in red on stderr; the exit to raise."""
    err.print(f"[red]{label}:[/red] {message}")
    return typer.Exit(code)
