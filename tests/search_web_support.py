"""A linked synthetic registry for the search page's tests (API and browser), built once per
session through the CLI (``athar import`` of each source, ``athar link``), with one account per
role, and the true persons whose records are written in one script only."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from athar import accounts
from athar.cli import app as cli
from athar.config import Settings, settings
from athar.search.keeper import forget_keepers
from athar.search.service import forget_cached
from athar.store import Store
from athar.synth import generate
from athar.synth.pools import pools
from athar.synth.population import Person, families
from athar.web.search_index import forget_keepers as forget_web_keepers

PERSONS, SEED = 150, 11
SOURCES = ("prison_register", "family_report", "release_list", "ngo_list", "death_record")
PASSWORD = "correct horse battery"
ROLES = ("admin", "caseworker", "reviewer", "analyst")


@dataclass
class Registry:
    home: Path
    config: Settings
    store: Store
    people: dict[str, Person]
    #: true person id → the rows its records were written from
    rows: dict[str, list[dict[str, str]]]

    def pks(self, person_id: str) -> set[int]:
        """Store pks of a true person's records."""
        found = set()
        for r in self.rows[person_id]:
            record = self.store.record_by_key(r["source"], r["record_id"])
            assert record is not None
            found.add(record.pk)
        return found

    def written_only(self, arabic: bool) -> list[Person]:
        """True persons all of whose named records are in Arabic (or all in Latin) script."""
        chosen = []
        for pid, rows in sorted(self.rows.items()):
            named = [r for r in rows if names_of(r).strip()]
            if named and all(is_arabic(names_of(r)) == arabic for r in named):
                chosen.append(self.people[pid])
        return chosen


def rows_by_person(synth: Path) -> dict[str, list[dict[str, str]]]:
    """True person id → the rows its records were written from (``athar synth`` output)."""
    with (synth / "truth.csv").open(encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    rows: dict[str, list[dict[str, str]]] = {}
    for name in SOURCES:
        with (synth / f"{name}.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows.setdefault(truth[row["record_id"]], []).append(row)
    return rows


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def names_of(row: Mapping[str, str]) -> str:
    return " ".join(
        row.get(f, "") for f in ("full_name", "given_name", "father_name", "family_name")
    )


@pytest.fixture(scope="session")
def search_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    home = tmp_path_factory.mktemp("search-web")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(home))
    for name in ("ATHAR_DATABASE_URL", "ATHAR_SEARCH_INDEX", "ATHAR_COOKIE_SECURE"):
        mp.delenv(name, raising=False)
    runner = CliRunner()
    generate(persons=PERSONS, seed=SEED, out_dir=home / "synth")
    for name in SOURCES:
        done = runner.invoke(cli, ["import", str(home / "synth" / f"{name}.csv")])
        assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["link"])
    assert done.exit_code == 0, done.output
    rows = rows_by_person(home / "synth")
    people = {p.person_id: p for _, members in families(PERSONS, SEED, pools()) for p in members}
    forget_cached()
    forget_keepers()
    forget_web_keepers()
    config = settings()
    store = Store.open(config.database_url)
    for role in ROLES:
        accounts.add_user(store, role, role, by="test", password=PASSWORD)
    try:
        yield Registry(home, config, store, people, rows)
    finally:
        forget_keepers()
        forget_web_keepers()
        forget_cached()
        store.close()
        mp.undo()
