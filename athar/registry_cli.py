"""`athar import | link | match | explain | export | sources`: the registry from the terminal.

Thin shells over the domain functions (``athar.ingest.importer``, ``athar.link``,
``athar.export``): parse options, show progress, print results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from athar.cli_options import DbOption, open_store
from athar.records import display_name

if TYPE_CHECKING:
    from athar.store import Store

console = Console()
err = Console(stderr=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, JSON or JSON Lines file.")],
    source: Annotated[
        str, typer.Option("--source", help="Dataset name (or a source column).")
    ] = "",
    kind: Annotated[str, typer.Option("--kind", help="Source kind, e.g. prison_register.")] = "",
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="YAML: canonical field → header.")
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX: only this sheet.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the mapping and first rows; write nothing.")
    ] = False,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Import the good rows; bad ones go to a reject file."),
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where bad rows go (with --skip-bad-rows).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who imports (kept with the source).")] = "cli",
    default: Annotated[
        list[str] | None,
        typer.Option(
            "--default",
            help="FIELD=VALUE for rows that leave FIELD empty (a register of one prison: "
            "facility=Sednaya). Repeatable.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import a list into the registry, keeping every original row verbatim."""
    from athar.ingest import IngestError, dry_run_summary, prepare_import
    from athar.ingest.importer import ImportRefused, import_file
    from athar.ingest.mapping import parse_defaults

    try:
        defaults = parse_defaults(default or [])
        if dry_run:
            prepared = prepare_import(
                file,
                source=source,
                source_kind=kind,
                mapping=mapping,
                sheet=sheet,
                defaults=defaults,
            )
            console.print(dry_run_summary(prepared))
            return
        with _progress() as bar, open_store(db) as store:
            task = bar.add_task(f"reading {file.name}", total=None)
            result = import_file(
                store,
                file,
                source=source,
                kind=kind,
                mapping=mapping,
                sheet=sheet,
                skip_bad_rows=skip_bad_rows,
                rejects_path=rejects,
                by=by,
                progress=lambda n: bar.update(task, completed=n),
                defaults=defaults,
            )
    except IngestError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except ImportRefused as exc:
        err.print(exc.prepared.report.summary())
        err.print("[red]refused:[/red] nothing was imported (fix the rows, or --skip-bad-rows)")
        raise typer.Exit(1) from exc
    report = result.prepared.report
    for name, outcome in result.outcomes.items():
        if outcome.already_imported:
            console.print(f"{name}: this file was imported before; nothing changed")
        else:
            console.print(
                f"{name}: version {outcome.version}, {outcome.inserted} records "
                f"({outcome.new} new, {outcome.changed} changed, {outcome.removed} removed)"
            )
    if result.rejects:
        console.print(f"{result.rejected} bad rows written to {result.rejects}")
    if report.notes or report.unmapped_headers or any(report.unmapped.values()):
        console.print(report.summary(limit=0))
    _rematch_inquiries(db, by)


def _rematch_inquiries(db: str | None, by: str) -> None:
    """Families' inquiries are matched again after every import and link."""
    from athar.inquiries.cli import report_rematch
    from athar.inquiries.matching import rematch_open_inquiries

    with open_store(db) as store, err.status("matching inquiries"):
        summary = rematch_open_inquiries(store, by=by)
    report_rematch(summary.matched, sum(len(v) for v in summary.new.values()), summary.note)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def link_command(
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", min=0.0, max=1.0, help="Match probability to link at."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Link every record into persons (train, score, cluster), keeping human decisions."""
    from athar.link.pipeline import link

    with open_store(db) as store, err.status("linking") as status:
        summary = link(store, threshold, by="cli", progress=lambda m: status.update(m))
    console.print(
        f"run {summary.run_id}: {summary.records:,} records → {summary.persons:,} persons "
        f"at threshold {summary.threshold} ({summary.scored_pairs:,} pairs scored, "
        f"{summary.identifier_pairs:,} by identifiers, {summary.links_saved:,} links kept)"
    )
    if summary.refusals:
        shown = ", ".join(f"{k}: {v}" for k, v in summary.refusals.items())
        console.print(f"merges refused (these pairs go to review): {shown}")
    check = summary.decisions
    if check.decided:
        console.print(
            f"reviewers' decisions: the model's scores agree with {check.agreeing:,} of "
            f"{check.decided:,} (the doubtful pairs reviewers were asked); "
            f"{check.same_apart:,} called one person it scored below the threshold, "
            f"{check.different_linked:,} called two persons it scored above, "
            f"{check.unscored:,} not scored this run — the decisions hold either way"
        )
    console.print("seconds: " + ", ".join(f"{k} {v}" for k, v in summary.seconds.items()))
    _rematch_inquiries(db, "cli")


def _record_label(store: Store, pk: int) -> str:
    stored = store.record(pk)
    if stored is None:
        return f"#{pk}"
    f = stored.record.fields
    return f"{f.get('source')}:{f.get('record_id')} {display_name(f)}".strip()


def match_command(
    name: Annotated[str, typer.Argument(help="The sought person's name, any script.")],
    father: Annotated[str, typer.Option("--father", help="Father's name.")] = "",
    mother: Annotated[str, typer.Option("--mother", help="Mother's name.")] = "",
    birth: Annotated[str, typer.Option("--birth", help="Birth date or year (ISO).")] = "",
    sex: Annotated[str, typer.Option("--sex", help="m or f.")] = "",
    top: Annotated[int, typer.Option("--top", min=1, help="How many candidates.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    db: DbOption = None,
) -> None:
    """Score one new record (a family's inquiry) against the registry, without re-training."""
    from athar.link.match import Matcher, NotLinkedYet
    from athar.link.pipeline import artifacts_dir

    record = {
        "full_name": name,
        "father_name": father,
        "mother_name": mother,
        "birth_date": birth,
        "sex": sex,
    }
    try:
        matcher = Matcher(artifacts_dir())
    except NotLinkedYet as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    candidates = matcher.match(record, top=top)
    with open_store(db) as store:
        persons = store.persons_of([c.pk for c in candidates])
        out: list[dict[str, Any]] = [
            {
                "record": c.pk,
                "person_id": persons.get(c.pk),
                "label": _record_label(store, c.pk),
                "probability": round(c.probability, 4),
                "why": c.explanation,
            }
            for c in candidates
        ]
    if as_json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return
    table = Table("person", "record", "probability", "why")
    for row in out:
        why = "; ".join(f"{v['label']}: {v['level']}" for v in row["why"].values())
        table.add_row(row["person_id"] or "", row["label"], f"{row['probability']:.3f}", why)
    console.print(table)


def _parse_ref(store: Store, ref: str) -> int:
    if ref.isdigit():
        return int(ref)
    source, sep, record_id = ref.partition(":")
    stored = store.record_by_key(source, record_id) if sep else None
    if stored is None:
        raise typer.BadParameter(f"{ref}: no such record (use PK or SOURCE:RECORD_ID)")
    return stored.pk


def explain_command(
    a: Annotated[str, typer.Argument(help="A record: PK or SOURCE:RECORD_ID.")],
    b: Annotated[str, typer.Argument(help="Another record.")],
    db: DbOption = None,
) -> None:
    """Explain one pair: the match weight of each field, in words and numbers."""
    from athar.link.explain import explain_pair

    with open_store(db) as store:
        pa_, pb_ = _parse_ref(store, a), _parse_ref(store, b)
        result = explain_pair(store, pa_, pb_)
        console.print(f"{_record_label(store, pa_)}\n{_record_label(store, pb_)}")
    console.print(f"match probability {result.probability:.4f} (weight {result.weight:+.2f})")
    for line in result.lines:
        console.print(f"  {line}")
    for note in result.notes:
        console.print(f"  note: {note}")


def export_command(
    what: Annotated[str, typer.Argument(help="records or persons")],
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.csv or FILE.xlsx")],
    db: DbOption = None,
) -> None:
    """Export records (with their person) or persons as CSV or XLSX."""
    from athar.export import export

    if what not in ("records", "persons"):
        raise typer.BadParameter("records or persons")
    with open_store(db) as store:
        n = export(store, what, output)
    console.print(f"{n:,} {what} written to {output}")


def sources_command(db: DbOption = None) -> None:
    """List the imported sources and their versions."""
    with open_store(db) as store:
        rows = store.sources()
    table = Table("source", "kind", "version", "records", "imported", "by", "current")
    for s in rows:
        table.add_row(
            s.name,
            s.kind,
            str(s.version),
            str(s.row_count),
            s.imported_at.strftime("%Y-%m-%d %H:%M"),
            s.imported_by,
            "yes" if s.current else "",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("link")(link_command)
    app.command("match")(match_command)
    app.command("explain")(explain_command)
    app.command("export")(export_command)
    app.command("sources")(sources_command)
