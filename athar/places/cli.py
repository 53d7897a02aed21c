"""``athar places``: ask the gazetteer what a label means, or list what it knows.

A reviewer checking why two records were or were not linked needs to see which facility "ف 227"
became and how sure the match was; this is that view, in a table or as JSON lines for scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from athar import places

app = typer.Typer(
    help="Places and detention facilities: resolve labels to the gazetteer, list its entries.",
    no_args_is_help=True,
)


class ResolveKind(StrEnum):
    facility = "facility"
    town = "town"
    governorate = "governorate"
    place = "place"


class ListKind(StrEnum):
    facility = "facility"
    town = "town"
    governorate = "governorate"


@app.command("resolve")
def resolve_cmd(
    texts: Annotated[list[str], typer.Argument(help="Labels as written, in any script.")],
    kind: Annotated[
        ResolveKind | None,
        typer.Option("--kind", "-k", help="Only look for this kind of place."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per label instead of text.")
    ] = False,
) -> None:
    """Say which facility, town or governorate each TEXT means; exit 1 if any means nothing."""
    missing = 0
    for text in texts:
        match = places.resolve(text, kind.value if kind else None)
        missing += match is None
        if as_json:
            payload = {"text": text, "match": asdict(match) if match else None}
            typer.echo(json.dumps(payload, ensure_ascii=False))
        elif match is None:
            typer.echo(f"{text}\tno match")
        else:
            typer.echo(
                f"{text}\t{match.kind} {match.id}\t{match.name_en} / {match.name_ar}\t"
                f"confidence {match.confidence:.2f}\t({match.lat:.4f}, {match.lon:.4f}) "
                f"{match.accuracy}\tvia {match.matched_alias!r}"
            )
    if missing:
        raise typer.Exit(1)


@app.command("list")
def list_cmd(
    kind: Annotated[
        ListKind, typer.Option("--kind", "-k", help="Which table to list.")
    ] = ListKind.facility,
) -> None:
    """List the facilities, towns or governorates the gazetteer knows."""
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    if kind is ListKind.facility:
        columns = ("id", "kind", "name_en", "name_ar", "governorate", "lat", "lon", "accuracy")
        rows = [
            (f.id, f.kind, f.name_en, f.name_ar, f.governorate, f"{f.lat:.4f}", f"{f.lon:.4f}",
             f.accuracy)
            for f in places.facilities()
        ]  # fmt: skip
    elif kind is ListKind.town:
        columns = ("id", "name_en", "name_ar", "governorate", "lat", "lon", "accuracy")
        rows = [
            (t.id, t.name_en, t.name_ar, t.governorate, f"{t.lat:.4f}", f"{t.lon:.4f}", t.accuracy)
            for t in places.towns()
        ]
    else:
        columns = ("id", "name_en", "name_ar", "lat", "lon")
        rows = [
            (g.id, g.name_en, g.name_ar, f"{g.lat:.4f}", f"{g.lon:.4f}")
            for g in places.governorates()
        ]
    table = Table(title=f"{kind.value}: {len(rows)}")
    for column in columns:
        table.add_column(column, no_wrap=column in ("id", "lat", "lon"))
    for row in rows:
        table.add_row(*row)
    Console().print(table)
