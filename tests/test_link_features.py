"""Linkage features: what SQL may compare, the same across scripts, and the same in parallel."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.ingest import prepare_import
from athar.link import features as F
from athar.link.pipeline import row_of
from athar.synth import generate


def test_keys_meet_across_scripts_and_skeletons_are_ascii() -> None:
    a = F.feature_row({"pk": 1, "full_name": "محمد عبد الرحمن الحلبي"})
    b = F.feature_row({"pk": 2, "full_name": "Mhd Abd Al Rahman Halabi"})
    for part in ("given", "father"):
        assert a[f"{part}_key"] == b[f"{part}_key"]
    for row in (a, b):
        for part in ("given", "father", "family"):
            assert row[f"{part}_skel"].isascii()  # no Arabic reaches a DuckDB string function


def test_known_different_names_get_different_ids() -> None:
    a = F.feature_row({"pk": 1, "given_name": "حسن", "family_name": "الخطيب"})
    b = F.feature_row({"pk": 2, "given_name": "Hussein", "family_name": "Al-Khatib"})
    assert a["given_id"] != b["given_id"]
    assert a["family_id"] == b["family_id"]


def test_release_list_name_without_family_name() -> None:
    row = F.feature_row({"pk": 1, "full_name": "محمد أسامة محمد"})
    assert row["family_key"] is None and row["grandfather_key"] is not None


def test_parallel_features_equal_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(persons=150, seed=3, out_dir=tmp_path)
    rows = []
    for name in ("prison_register.csv", "family_report.csv"):
        for record in prepare_import(tmp_path / name).records:
            rows.append(row_of(len(rows) + 1, record))
    serial = F.feature_table(rows)
    monkeypatch.setattr(F, "PARALLEL_FROM", 10)
    parallel = F.feature_table(rows)
    assert parallel.equals(serial)
    assert parallel.column("unique_id").to_pylist() == list(range(1, len(rows) + 1))
