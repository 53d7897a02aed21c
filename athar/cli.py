"""The `athar` command. Each sub-command is a thin shell over a domain function."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from athar import __version__
from athar.names.cli import app as names_app
from athar.places.cli import app as places_app
from athar.registry_cli import register as register_registry
from athar.synth.cli import synth

app = typer.Typer(
    help="Athar (أثر): find the detained and disappeared of Syria across scattered records.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(names_app, name="names")


app.add_typer(places_app, name="places", help="Governorates, towns and detention facilities.")
app.command("synth")(synth)
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
    """Build a synthetic demo registry and say what was made."""
    from athar.synth import generate
    from athar.synth.cli import describe

    summary = generate(persons=persons, seed=seed, out_dir=out)
    typer.echo(describe(summary))
    typer.echo(
        "\nNext: `athar names normalize 'محمد عبد الرحمن الحلبي'`, "
        "`athar places resolve 'الفرع 227'`, "
        f"`athar names rank --gallery ... --queries ...` on the CSVs in {out}/."
    )


if __name__ == "__main__":
    app()
