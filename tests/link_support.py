"""Records for linkage tests: a small synthetic registry as the rows `athar link` reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from athar.ingest import prepare_import
from athar.link import pipeline as P
from athar.synth import generate

SOURCE_FILES = ("prison_register", "release_list", "death_record", "family_report", "ngo_list")


def synth_rows(out: Path, persons: int, seed: int) -> list[dict[str, Any]]:
    """Generate ``persons`` into ``out`` and read every source back, pks numbered from 1."""
    generate(persons=persons, seed=seed, out_dir=out)
    rows: list[dict[str, Any]] = []
    for name in SOURCE_FILES:
        for record in prepare_import(out / f"{name}.csv").records:
            rows.append(P.row_of(len(rows) + 1, record))
    return rows


@pytest.fixture(scope="module", autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory of the test module's own (DuckDB may spill under it): import this
    fixture into a module and every test of it runs there."""
    where = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(where))
    yield where
    mp.undo()
