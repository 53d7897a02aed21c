"""A small synthetic registry for the casework tests, built once per module with the CLI and
copied for each test (so tests that merge, split or re-link do not see each other's work)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from athar.cli import app

runner = CliRunner()


def build(home: Path, sources: Sequence[str], persons: int = 300, seed: int = 11) -> None:
    from athar.synth import generate

    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(home))
    mp.setenv("ATHAR_KEY_FILE", str(home / "athar.key"))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    try:
        generate(persons=persons, seed=seed, out_dir=home / "synth")
        for name in sources:
            result = runner.invoke(app, ["import", str(home / "synth" / f"{name}.csv")])
            assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["link"])
        assert result.exit_code == 0, result.output
    finally:
        mp.undo()


def use_copy(built: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp / "registry"
    shutil.copytree(built, home)
    monkeypatch.setenv("ATHAR_DATA_DIR", str(home))
    monkeypatch.setenv("ATHAR_KEY_FILE", str(home / "athar.key"))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    yield home


def truth(home: Path) -> dict[str, str]:
    """record_id → true person id."""
    with (home / "synth" / "truth.csv").open(encoding="utf-8") as fh:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}


def rows(home: Path, source: str) -> list[dict[str, str]]:
    with (home / "synth" / f"{source}.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))
