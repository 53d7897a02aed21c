"""athar.ingest on the synthetic sources: every file imports cleanly and its values map."""

from __future__ import annotations

from collections import Counter

import pytest

from athar.ingest import Prepared, prepare_import
from athar.synth import generate
from athar.synth.writer import SOURCE_FILES

MIN_MAPPED = 0.95


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Prepared]:
    out = tmp_path_factory.mktemp("synth-ingest")
    generate(persons=500, seed=1, out_dir=out)
    return {kind: prepare_import(out / name) for kind, (name, _) in SOURCE_FILES.items()}


def test_every_synthetic_file_imports_without_row_problems(imported: dict[str, Prepared]) -> None:
    for kind, prepared in imported.items():
        report = prepared.report
        assert report.ok, (kind, report.summary(limit=10))
        assert report.imported == report.rows > 0
        assert not report.unmapped_headers
        assert {r.fields["source_kind"] for r in prepared.records} == {kind}


def _share_mapped(imported: dict[str, Prepared], field: str) -> float:
    written = sum(1 for p in imported.values() for r in p.records if r.fields[field])
    missed = sum(sum(p.report.unmapped[field].values()) for p in imported.values())
    return 1 - missed / written


def test_statuses_and_facilities_map(imported: dict[str, Prepared]) -> None:
    assert _share_mapped(imported, "status") >= MIN_MAPPED
    assert _share_mapped(imported, "facility") >= MIN_MAPPED


def test_statuses_agree_with_their_source(imported: dict[str, Prepared]) -> None:
    released = Counter(r.status for r in imported["release_list"].records)
    deaths = Counter(r.status for r in imported["death_record"].records)
    assert set(released) == {"released"}
    assert set(deaths) == {"deceased"}
    ngo = Counter(r.status for r in imported["ngo_list"].records)
    assert set(ngo) <= {"detained", "released", "deceased", "missing", "unknown"}
    assert ngo["missing"] > ngo["unknown"]


def test_dates_and_numbers_are_normalized(imported: dict[str, Prepared]) -> None:
    records = [r for p in imported.values() for r in p.records]
    eastern = [r for r in records if any("٠" <= ch <= "٩" for ch in r.fields["event_date"])]
    assert eastern and all(r.event_date[:4].isdigit() for r in eastern)
    assert all(r.detainee_number.isascii() for r in records)
    dated = [r for r in records if r.fields["birth_date"]]
    assert all(r.birth_date for r in dated)
