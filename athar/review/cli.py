"""`athar review list | decide | undo | merge | split`: the review loop from the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from athar.cli_options import ByOption, DbOption, fail, open_store

if TYPE_CHECKING:
    from athar.review.decide import ActionResult

app = typer.Typer(help="Review uncertain pairs; merge and split persons.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept with the decision).")]


def _report(result: ActionResult) -> None:
    applied = "applied to persons now" if result.regrouped else "persons unchanged"
    console.print(
        f"action {result.action_id}: {len(result.decision_ids)} decision(s), {applied}; "
        f"persons: {', '.join(result.persons) or '—'}"
    )


@app.command("list")
def list_command(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many pairs.")] = 20,
    db: DbOption = None,
) -> None:
    """The pairs whose answer would change most, both records side by side."""
    from athar.review.queue import review_queue

    with open_store(db) as store:
        items = review_queue(store, limit)
    if not items:
        console.print("nothing to review")
        return
    for item in items:
        state = "together" if item.together else "apart"
        console.print(
            f"[bold]{item.a.pk} ~ {item.b.pk}[/bold]  p={item.probability:.3f} "
            f"({state}, {item.reach} records, priority {item.priority:.2f}, rule {item.rule})"
        )
        table = Table(
            "field",
            f"{item.a.source}:{item.a.record_id}",
            f"{item.b.source}:{item.b.record_id}",
            "",
        )
        for d in item.diffs:
            style = {"different": "red", "similar": "yellow", "missing": "dim"}.get(d.mark, "")
            table.add_row(d.field, d.a, d.b, f"[{style}]{d.mark}[/{style}]" if style else d.mark)
        console.print(table)
        for w in item.weights:
            console.print(f"   {w.label}: {w.level} ({w.weight:+.2f})")


@app.command("decide")
def decide_command(
    a: Annotated[int, typer.Argument(help="A record pk.")],
    b: Annotated[int, typer.Argument(help="Another record pk.")],
    answer: Annotated[str, typer.Argument(help="accept, reject or unsure")],
    reason: ReasonOption = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Accept (same person), reject (different) or leave a pair unsure."""
    from athar.review.decide import decide

    with open_store(db) as store:
        _run(lambda: decide(store, a, b, answer, reason, by))


@app.command("undo")
def undo_command(
    action: Annotated[int, typer.Argument(help="A review action id.")],
    reason: ReasonOption = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Undo a review action: its decisions and its regrouping."""
    from athar.review.decide import undo

    with open_store(db) as store:
        _run(lambda: undo(store, action, reason, by))


@app.command("merge")
def merge_command(
    persons: Annotated[list[str], typer.Argument(help="Two or more person ids.")],
    reason: ReasonOption = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Merge persons into one."""
    from athar.review.decide import merge

    with open_store(db) as store:
        _run(lambda: merge(store, persons, reason, by))


@app.command("split")
def split_command(
    person: Annotated[str, typer.Argument(help="The person to split.")],
    records: Annotated[
        list[int], typer.Option("--records", help="Records that go apart (repeat the option).")
    ],
    reason: ReasonOption = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Split a person: the given records become a person of their own."""
    from athar.review.decide import split

    with open_store(db) as store:
        _run(lambda: split(store, person, records, reason, by))


def _run(act: object) -> None:
    from athar.review.decide import ReviewRefused

    try:
        result = act()  # type: ignore[operator]
    except ReviewRefused as exc:
        raise fail(exc, label="refused") from exc
    _report(result)
