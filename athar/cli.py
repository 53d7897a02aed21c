"""The `athar` command. Each sub-command is a thin shell over a domain function.

Loading the command must stay light, or every `athar --help` waits seconds: the sub-command
modules import the database layer, the importers and linkage inside the commands that use them
(``tests/test_cli_startup.py`` holds this)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from athar import __version__
from athar.accounts_cli import app as user_app
from athar.accounts_cli import serve
from athar.evidence.cli import evidence_app, facility_app, sighting_app
from athar.inquiries.cli import app as inquiry_app
from athar.names.cli import app as names_app
from athar.places.cli import app as places_app
from athar.registry_cli import register as register_registry
from athar.review.cli import app as review_app
from athar.search.cli import search_command
from athar.synth.cli import synth

if TYPE_CHECKING:
    from athar.accounts import Issued
    from athar.store import Store

app = typer.Typer(
    help="Athar (أثر): find the detained and disappeared of Syria across scattered records.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(names_app, name="names")

#: The account ``athar demo`` creates for signing in to the web app.
DEMO_ADMIN = "admin"


app.add_typer(places_app, name="places", help="Governorates, towns and detention facilities.")
app.add_typer(review_app, name="review")
app.add_typer(inquiry_app, name="inquiry")
app.command("synth")(synth)
app.add_typer(sighting_app, name="sighting")
app.add_typer(evidence_app, name="evidence")
app.add_typer(facility_app, name="facility")
app.command("search")(search_command)
register_registry(app)
app.add_typer(user_app, name="user")
app.command("serve")(serve)


@app.command()
def status() -> None:
    """The registry at a glance: records, sources, persons, last linkage run."""
    from athar.counts import registry_counts
    from athar.store import Store

    with Store.open() as store:
        counts = registry_counts(store)
    typer.echo(
        f"records: {counts.records:,}\nsources: {counts.sources:,}\npersons: {counts.persons:,}"
    )
    last = (
        f"#{counts.last_run_id} at {counts.last_run_at:%Y-%m-%d %H:%M} UTC"
        if counts.last_run_at
        else "none"
    )
    typer.echo(f"last linkage run: {last}")


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
        admin = _demo_admin(store)
    typer.echo(
        f"linked {run.records:,} records into {run.persons:,} persons "
        f"(run {run.run_id}, {run.seconds['total']:.0f} s); registry: {out}/athar.db"
    )
    typer.echo(
        f"\nWeb: sign in as {admin.user.name} with the one-time password {admin.secret}\n"
        f"     (run: ATHAR_DATA_DIR={out} .venv/bin/athar serve)"
    )
    typer.echo(
        f"\nTry: ATHAR_DATA_DIR={out} .venv/bin/athar match 'Mohammad Al-Halabi'\n"
        f"     ATHAR_DATA_DIR={out} .venv/bin/athar export persons --output {out}/persons.csv"
    )


def _demo_admin(store: Store) -> Issued:
    """The demo's admin with a fresh one-time password (created on the first demo)."""
    from athar import accounts

    existing = store.user(DEMO_ADMIN)
    if existing is None:
        return accounts.add_user(store, DEMO_ADMIN, "admin", by="demo")
    if existing.disabled:
        store.set_disabled(DEMO_ADMIN, False, by="demo")
    return accounts.reset_password(store, DEMO_ADMIN, by="demo")


if __name__ == "__main__":
    app()
