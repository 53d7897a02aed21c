"""Shared by the evidence tests: one small synthetic registry.

The registry is built once per test session (a few hundred synthetic persons imported, two
sightings of register detainees recorded by a caseworker, then ``athar link``), as a team would.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from athar.config import using_data_dir
from athar.ingest.dates import parse_date
from athar.ingest.importer import import_file
from athar.link.pipeline import link
from athar.sightings import RecordedSighting, WitnessIdentity, record_sighting
from athar.store import Store
from athar.synth import generate


@dataclass(frozen=True)
class Registry:
    home: Path
    url: str
    sightings: dict[str, RecordedSighting]  # register record_id → the sighting of that person
    truth: dict[str, str]  # record_id → true person


_BUILT: dict[str, Registry] = {}


def build_registry(home: Path) -> Registry:
    """The shared registry (built on first use)."""
    if "registry" in _BUILT:
        return _BUILT["registry"]
    home.mkdir(parents=True, exist_ok=True)
    generate(persons=300, seed=3, out_dir=home / "synth")
    with (home / "synth" / "truth.csv").open(encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    with (home / "synth" / "prison_register.csv").open(encoding="utf-8") as fh:
        register = list(csv.DictReader(fh))
    chosen = [
        r
        for r in register
        if r["given_name"] and r["father_name"] and r["family_name"] and r["facility"]
    ][:2]
    sightings: dict[str, RecordedSighting] = {}
    with using_data_dir(home):
        url = f"sqlite:///{home / 'athar.db'}"
        with Store.open(url) as store:
            for path in sorted((home / "synth").glob("*.csv")):
                if path.name != "truth.csv":
                    import_file(store, path, by="test")
            for i, row in enumerate(chosen):
                sightings[row["record_id"]] = record_sighting(
                    store,
                    facility=row["facility"],
                    seen_date=f"{2015 + i}-03",
                    condition="thin, a wound on the left arm",
                    witness=WitnessIdentity(f"Witness {i}", contact=f"+963 900 00{i}"),
                    by="caseworker-a",
                    given_name=row["given_name"],
                    father_name=row["father_name"],
                    family_name=row["family_name"],
                    birth_date=parse_date(row["birth_date"])[0][:4],  # the year alone
                    sex=row["sex"],
                )
            link(store, by="test")
    _BUILT["registry"] = Registry(home, url, sightings, truth)
    return _BUILT["registry"]


def use_registry(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Registry:
    """The shared registry, with the environment pointing at it (its database and key file)."""
    registry = build_registry(tmp_path_factory.getbasetemp() / "evidence-registry")
    monkeypatch.setenv("ATHAR_DATA_DIR", str(registry.home))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATHAR_KEY_FILE", raising=False)
    return registry
