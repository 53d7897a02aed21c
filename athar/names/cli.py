"""`athar names ...`: the name engine from the command line, for analysts and for checking it."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from athar.names import analyze
from athar.names.rank import Gallery, rank_one
from athar.names.similarity import compare

app = typer.Typer(help="Understand, compare and rank names in Arabic and Latin script.")
console = Console()


@app.command()
def normalize(
    texts: Annotated[list[str], typer.Argument(help="Names to analyse, in any script.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Show how Athar reads a name: script, cleaned form, parts, match keys, romanization."""
    for text in texts:
        info = analyze(text)
        if as_json:
            print(json.dumps(info, ensure_ascii=False))
            continue
        table = Table(title=text, show_header=False)
        for key, value in info.items():
            if key == "units":
                value = "; ".join(
                    f"{u['text']} (key {u['key']}, skeleton {u['skeleton']})" for u in value
                )
            elif isinstance(value, dict):
                value = ", ".join(f"{k}: {v}" for k, v in value.items())
            table.add_row(key, str(value))
        console.print(table)


@app.command("compare")
def compare_cmd(
    a: Annotated[str | None, typer.Argument(help="First name.")] = None,
    b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    pairs: Annotated[
        Path | None,
        typer.Option("--pairs", help="CSV with columns a,b; writes a,b,level,score to stdout."),
    ] = None,
) -> None:
    """Compare two names (level and a score in [0, 1]), or every pair of a CSV file."""
    if pairs is not None:
        _compare_file(pairs)
        return
    if a is None or b is None:
        raise typer.BadParameter("give two names, or --pairs FILE.csv")
    result = compare(a, b)
    console.print(f"level: [bold]{result.level.name.lower()}[/bold]  score: {result.score:.4f}")
    for p in result.pairs:
        console.print(f"  {p.a}  ~  {p.b}: {p.level.name.lower()} ({p.score:.2f})")
    for side, rest in (("first", result.unmatched_a), ("second", result.unmatched_b)):
        if rest:
            console.print(f"  only in the {side} name: {', '.join(rest)}")


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise typer.BadParameter(f"{path}: {exc.strerror}") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise typer.BadParameter(
                f"{path}: missing column(s) {', '.join(missing)} (has: {reader.fieldnames})"
            )
        return list(reader)


def _compare_file(path: Path) -> None:
    rows = _read_rows(path, ("a", "b"))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["a", "b", "level", "score"])
    for row in rows:
        result = compare(row["a"] or "", row["b"] or "")
        out.writerow([row["a"], row["b"], result.level.name.lower(), f"{result.score:.4f}"])


@app.command()
def rank(
    gallery: Annotated[Path, typer.Option("--gallery", help="CSV id,name: the list to search.")],
    queries: Annotated[Path, typer.Option("--queries", help="CSV id,name: the names to find.")],
    top: Annotated[int, typer.Option("--top", min=1, help="Answers per query.")] = 10,
) -> None:
    """Find each query name in the gallery: writes query_id,rank,gallery_id,score as CSV."""
    g_rows = _read_rows(gallery, ("id", "name"))
    q_rows = _read_rows(queries, ("id", "name"))
    prepared = Gallery([(r["id"], r["name"] or "") for r in g_rows])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["query_id", "rank", "gallery_id", "score"])
    for row in q_rows:
        for hit in rank_one(prepared, row["id"], row["name"] or "", top):
            out.writerow([hit.query_id, hit.rank, hit.gallery_id, f"{hit.score:.4f}"])
