"""A record's place of residence (address): headers in both languages, the gazetteer place it
names, the store and the export, and what linkage makes of two residences."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest
from databases import database_urls
from sqlalchemy import text

from athar.export import export
from athar.ingest import prepare_import
from athar.ingest.importer import import_file
from athar.link.features import FEATURE_SCHEMA, feature_row, residence_features
from athar.link.settings import (
    blocking_rules,
    comparisons,
    explanation_columns,
    residence_comparison,
)
from athar.places import resolve_address
from athar.store import Store

HEADER = ["رقم السجل", "الاسم الأول", "الكنية", "مكان الإقامة"]
ROWS = [
    ["A1", "محمد", "الحلبي", "حي الميدان، دمشق"],
    ["A2", "هبة", "يوسف", "دوما - ريف دمشق"],
    ["A3", "علي", "الشامي", "شارع بغداد ١٢"],
]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


@pytest.fixture
def arabic_csv(tmp_path: Path) -> Path:
    return _csv(tmp_path / "family.csv", [HEADER, *ROWS])


@pytest.fixture
def english_xlsx(tmp_path: Path) -> Path:
    rows = [
        ["Record ID", "First name", "Surname", "Address"],
        ["E1", "Mohammad", "Halabi", "Midan, Damascus"],
        ["E2", "Heba", "Youssef", "12 Baghdad Street, Douma"],
    ]
    return _xlsx(tmp_path / "ngo.xlsx", rows)


def test_arabic_header_maps_to_residence_kept_verbatim_and_resolved(arabic_csv: Path) -> None:
    prepared = prepare_import(arabic_csv, source="family", source_kind="family_report")
    assert prepared.report.ok
    by_id = {r.record_id: r for r in prepared.records}
    assert by_id["A1"].fields["residence"] == "حي الميدان، دمشق"  # as written
    assert by_id["A1"].residence_id == "midan"  # a quarter of Damascus in the gazetteer
    assert by_id["A2"].residence_id == "douma"
    assert by_id["A3"].fields["residence"] == "شارع بغداد ١٢"
    assert by_id["A3"].residence_id == ""  # a street: no place the gazetteer knows
    assert by_id["A1"].raw["مكان الإقامة"] == "حي الميدان، دمشق"


@pytest.mark.parametrize(
    "header", ["العنوان", "محل الإقامة", "السكن", "Residence", "Domicile", "Adresse", "Address"]
)
def test_residence_headers_in_three_languages(tmp_path: Path, header: str) -> None:
    path = _csv(tmp_path / "f.csv", [["record_id", "full_name", header], ["1", "عمر", "حمص"]])
    prepared = prepare_import(path, source="s")
    assert prepared.records[0].fields["residence"] == "حمص"
    assert prepared.records[0].residence_id == "homs"


def test_english_xlsx_header_maps_to_residence(english_xlsx: Path) -> None:
    prepared = prepare_import(english_xlsx, source="ngo", source_kind="ngo_list")
    by_id = {r.record_id: r for r in prepared.records}
    assert by_id["E1"].fields["residence"] == "Midan, Damascus"
    assert by_id["E1"].residence_id == "midan"
    assert by_id["E2"].residence_id == "douma"


def test_an_address_over_several_columns_is_joined_by_a_mapping(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "f.csv",
        [
            ["id", "name", "Street", "Town"],
            ["1", "عمر", "شارع بغداد", "دوما"],
            ["2", "علي", "", "داريا"],
        ],
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("residence: [Street, Town]\n", encoding="utf-8")
    prepared = prepare_import(path, source="s", mapping=mapping)
    assert [r.fields["residence"] for r in prepared.records] == ["شارع بغداد, دوما", "داريا"]
    assert [r.residence_id for r in prepared.records] == ["douma", "darayya"]


def test_resolve_address_takes_only_confident_parts() -> None:
    match = resolve_address("Hay al-Midan, Damascus")
    assert match is not None and match.id == "midan" and match.kind == "town"
    # Foreign places that a fuzzy spelling would make Syrian towns (Kalorama → Karama).
    for text_ in ("260, shortland crescent, kookaburra village, kalorama, 3130, nsw", "Dargam"):
        assert resolve_address(text_) is None
    gov = resolve_address("ريف دمشق")
    assert gov is not None and gov.kind == "governorate"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_urls(request, tmp_path)


def test_residence_reaches_the_store_and_the_export(
    url: str, tmp_path: Path, arabic_csv: Path, english_xlsx: Path
) -> None:
    with Store.open(url) as store:
        import_file(store, arabic_csv, source="family", kind="family_report")
        import_file(store, english_xlsx, source="ngo", kind="ngo_list")
        stored = {s.record.record_id: s.record for s in store.current_records()}
        assert stored["A1"].fields["residence"] == "حي الميدان، دمشق"
        assert stored["A1"].residence_id == "midan"
        assert stored["E2"].fields["residence"] == "12 Baghdad Street, Douma"
        table = store.records_table(["pk", "residence", "residence_id"])
        assert set(table.column("residence_id").to_pylist()) >= {"midan", "douma"}
        out = tmp_path / "records.csv"
        export(store, "records", out)
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = {r["record_id"]: r for r in csv.DictReader(fh)}
        assert rows["A2"]["residence"] == "دوما - ريف دمشق"
        assert rows["E1"]["residence"] == "Midan, Damascus"
        # Record content, so append-only like the rest of the row.
        with pytest.raises(Exception, match="append-only"), store._engine.begin() as conn:
            conn.execute(text("UPDATE record_rows SET residence = 'x'"))


# ------------------------------------------------------------------------------ linkage


def _level(left: dict[str, Any], right: dict[str, Any]) -> str:
    """The residence comparison's level for two feature rows, evaluated by DuckDB in order."""
    comparison = residence_comparison().get_comparison("duckdb")
    columns = [f.name for f in FEATURE_SCHEMA]
    values = {f"{c}_l": left.get(c) for c in columns} | {f"{c}_r": right.get(c) for c in columns}
    con = duckdb.connect()
    select = ", ".join(f"${i + 1} AS {name}" for i, name in enumerate(values))
    con.execute(f"CREATE TABLE pair AS SELECT {select}", list(values.values()))
    for level in comparison.comparison_levels:
        condition = level.sql_condition
        if condition == "ELSE" or con.execute(f"SELECT ({condition}) FROM pair").fetchone()[0]:
            return str(level.label_for_charts)
    raise AssertionError("no level")


def _features(residence: str) -> dict[str, Any]:
    match = resolve_address(residence)
    row = {"pk": 1, "given_name": "محمد", "residence": residence}
    row["residence_id"] = match.id if match else ""
    return feature_row(row)


def test_same_town_written_differently_and_different_towns() -> None:
    assert _level(_features("حي الميدان، دمشق"), _features("Midan, Damascus")) == "same town"
    assert _level(_features("دوما"), _features("Douma, Rif Dimashq")) == "same town"
    assert _level(_features("Douma"), _features("Darayya")) == "same governorate"
    assert _level(_features("حمص"), _features("Douma")) == "different"
    assert _level(_features("حمص"), _features("حمص")) == "same address"
    assert _level(_features("حمص"), {}) == "missing"


def test_free_text_addresses_compare_by_ascii_word_keys() -> None:
    a = _features("8, light street, pinehill, windermere, 3212, vic")
    b = _features("8, light setreet, pine hill, windermere, 3212, vic")
    assert _level(a, b) == "mostly the same address"
    c = _features("14, wynn street, tathra, bilpin, 2529, vic")
    assert _level(a, c) == "some of the address agrees"  # street and state only
    assert _level(a, _features("3, ocean road, byron bay, 2481, nsw")) == "different"
    # Arabic and Latin writings of one name share its consonant key (بغداد, Baghdad).
    arabic, latin = _features("شارع بغداد"), _features("Baghdad street")
    assert set(arabic["residence_tokens"].split()) & set(latin["residence_tokens"].split())
    assert _level(arabic, latin) == "some of the address agrees"


def test_residence_features_are_ascii_beyond_equality() -> None:
    f = residence_features("شارع بغداد ١٢، دوما ٢٣٤٥٦", "douma")
    assert f["residence_id"] == "douma" and f["residence_gov"] == "rif_dimashq"
    assert f["residence_postcode"] == "23456"  # Eastern digits folded, the last 4–6 digit run
    assert f["residence_latin"] is None  # Arabic: never reaches Jaro-Winkler
    assert f["residence_tokens"] is not None and f["residence_tokens"].isascii()
    assert "12" in f["residence_tokens"].split()
    assert residence_features("", None) == dict.fromkeys(f, None)


def test_the_model_compares_residence_and_explains_it() -> None:
    names = [c.get_comparison("duckdb").output_column_name for c in comparisons()]  # type: ignore[union-attr]
    assert "residence" in names
    assert explanation_columns()["residence"] == "place of residence"
    rules = " ".join(r.get_blocking_rule("duckdb").blocking_rule_sql for r in blocking_rules())
    assert "residence_postcode" in rules
