"""The `athar` command. Each sub-command is a thin shell over a domain function."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from athar import __version__
from athar.names.cli import app as names_app
from athar.places.cli import app as places_app
from athar.registry_cli import register as register_registry
from athar.search.cli import search_command
from athar.synth.cli import synth

app = typer.Typer(
    help="Athar (أثر): find the detained and disappeared of Syria across scattered records.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(names_app, name="names")


app.add_typer(places_app, name="places", help="Governorates, towns and detention facilities.")
app.command("synth")(synth)
app.command("search")(search_command)
register_registry(app)


@app.command()
def version() -> None:
    """Print Athar's version."""
    typer.echo(__version__)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo registry.")] = Path(
        "demo-data"
    ),
    persons: Annotated[int, typer.Option("--persons", min=10, help="Synthetic persons.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 1,
) -> None:
    """Build a demo registry: synthetic sources, imported and linked into persons."""
    from athar.config import using_data_dir
    from athar.ingest.importer import import_file
    from athar.link.pipeline import link
    from athar.store import Store
    from athar.synth import generate
    from athar.synth.cli import describe

    summary = generate(persons=persons, seed=seed, out_dir=out / "sources")
    typer.echo(describe(summary))
    with using_data_dir(out), Store.open() as store:
        for name in sorted(summary.records):
            if name == "truth.csv":
                continue
            result = import_file(store, out / "sources" / name, by="demo")
            for source, outcome in result.outcomes.items():
                state = "already there" if outcome.already_imported else f"{outcome.inserted}"
                typer.echo(f"imported {source}: {state}")
        run = link(store, by="demo")
    typer.echo(
        f"linked {run.records:,} records into {run.persons:,} persons "
        f"(run {run.run_id}, {run.seconds['total']:.0f} s); registry: {out}/athar.db"
    )
    typer.echo(
        f"\nTry: ATHAR_DATA_DIR={out} .venv/bin/athar match 'Mohammad Al-Halabi'\n"
        f"     ATHAR_DATA_DIR={out} .venv/bin/athar export persons --output {out}/persons.csv"
    )


if __name__ == "__main__":
    app()
