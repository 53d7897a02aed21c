"""``athar search TEXT``: the search box on the command line (a thin shell over ``search``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from athar.config import settings

if TYPE_CHECKING:
    from athar.search.index import SearchIndex
    from athar.search.service import Result
    from athar.store import Store

console = Console()
err = Console(stderr=True)


def search_command(
    text: Annotated[str, typer.Argument(help="Names in any script, any order; a birth year.")],
    father: Annotated[str | None, typer.Option("--father", help="Father's name.")] = None,
    mother: Annotated[str | None, typer.Option("--mother", help="Mother's name.")] = None,
    birth_year: Annotated[
        str | None, typer.Option("--birth-year", help="Birth year, e.g. 1985.")
    ] = None,
    governorate: Annotated[
        str | None, typer.Option("--governorate", help="Governorate, Arabic or English.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many persons to show.")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON, as the web API does.")
    ] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the search index first.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: ATHAR_DATABASE_URL or ./athar.db)."),
    ] = None,
) -> None:
    """Find persons by name (Arabic, Latin or Arabizi, partial, any order), with why they match."""
    from athar.search.query import QueryError, parse_query
    from athar.search.service import search
    from athar.store import Store

    try:
        query = parse_query(
            text, father=father, mother=mother, birth_year=birth_year, governorate=governorate
        )
    except QueryError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    with Store.open(db or settings().database_url) as store:
        index = _index(store, rebuild)
        try:
            results = search(index, query, limit)
        except QueryError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
    if as_json:
        payload = {"query": query.describe(), "results": [r.to_dict() for r in results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not results:
        console.print("no person matches")
        return
    console.print(_table(results, query.describe()))


def _index(store: Store, rebuild: bool) -> SearchIndex:
    """The index from the data dir, built (with a progress bar) when missing or stale."""
    from athar.search.service import open_index

    with Progress(
        TextColumn("search index"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("records", total=None)
        return open_index(
            store,
            rebuild=rebuild,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _table(results: list[Result], query: dict[str, object]) -> Table:
    title = " ".join(str(n) for n in query["names"])  # type: ignore[attr-defined]
    if query.get("birth_year"):
        title += f", born {query['birth_year']}"
    table = Table(title=f"search: {title}")
    table.add_column("#", justify="right")
    table.add_column("person")
    table.add_column("score", justify="right")
    table.add_column("name")
    table.add_column("why")
    table.add_column("status")
    table.add_column("last known")
    table.add_column("records", justify="right")
    for rank, r in enumerate(results, 1):
        why = "; ".join(
            f"{w.query} → {w.matched or '—'} ({w.level}{', ' + w.role if w.role else ''})"
            for w in r.why
        )
        last = ", ".join(x for x in (r.last_place, r.last_date) if x)
        table.add_row(
            str(rank),
            r.person_id or f"record {r.record_pks[0]}",
            f"{r.score:.3f}",
            r.name,
            why,
            r.status,
            last,
            str(r.record_count),
        )
    return table
