"""``athar synth``: write a synthetic data set with a progress bar and a summary table."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from athar.synth.generate import SynthSummary, describe, generate

__all__ = ["describe", "summary_table", "synth"]


def summary_table(summary: SynthSummary) -> Table:
    """Records per file, for the terminal."""
    table = Table(title=f"Synthetic data in {summary.out_dir}")
    table.add_column("file")
    table.add_column("records", justify="right")
    for name, count in summary.records.items():
        table.add_row(name, f"{count:,}")
    table.add_row("truth.csv", f"{summary.total_records:,}", style="dim")
    table.add_section()
    table.add_row("persons generated", f"{summary.persons:,}")
    table.add_row("persons in some source", f"{summary.observed_persons:,}")
    table.add_row("seconds", f"{summary.seconds:.1f}")
    return table


def synth(
    out_dir: Path = typer.Argument(..., help="Directory to write the CSV files into."),
    persons: int = typer.Option(1000, "--persons", min=0, help="Persons to generate."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same files."),
) -> None:
    """Write synthetic sources (family reports, registers, release, NGO, death) and truth.csv."""
    console = Console()
    with Progress(
        TextColumn("[bold]generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("persons", total=persons)
        summary = generate(persons, seed, out_dir, lambda n: bar.update(task, completed=n))
    console.print(summary_table(summary))
    console.print(describe(summary))
