"""athar.ingest build: rows → records, the rules that refuse a row, and the import report."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from athar.ingest import (
    IngestError,
    Problem,
    dry_run_summary,
    prepare_import,
    write_rejects,
)
from athar.ingest.build import PROGRESS_EVERY
from athar.records import CANONICAL_FIELDS

TODAY = date(2024, 6, 1)


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _prepare(path: Path, **options: str) -> tuple[list[Problem], dict[int, dict[str, str]]]:
    prepared = prepare_import(path, today=TODAY, **options)  # type: ignore[arg-type]
    by_row = {r.row_number: r.fields for r in prepared.records}
    return prepared.report.problems, by_row


REGISTER = [
    ["رقم السجل", "الاسم", "اسم الأب", "الكنية", "تاريخ الولادة", "الفرع", "رقم الموقوف",
     "تاريخ التوقيف", "الوضع", "هاتف"],
    ["A1", "محمد", "أحمد", "الحلبي", "٢٥/١٠/١٩٩٩", "ف 227", "٦٠/٢٠١٤", "03/2012", "موقوف", "0999"],
    ["A2", "هبة", "سمير", "يوسف", "31/02/1990", "الفرع 227", "61", "2013", "أخلي سبيلها", ""],
    ["", "", "", "", "", "", "", "", "", ""],
    ["A4", "", "", "", "", "", "", "2013", "متوفى", ""],
    ["A5", "", "", "", "", "Branch 227", "٦٢", "2013-05-02", "متوفى", ""],
    ["A6", "علي", "", "", "2015", "صيدنايا", "", "2012-01-01", "مسفر", ""],
    ["A1", "خالد", "", "", "1980", "Saydnaya", "", "2012", "مسفر", ""],
    ["A8", "سامر", "", "", "2030", "Sednaya", "", "2031-01", "مسفر", ""],
    ["A9", "ريم", "", "", "25/10/85", "Military Intelligence Branch 227", "", "", "", ""],
]  # fmt: skip


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return _csv(tmp_path / "register.csv", REGISTER, delimiter=";")


def test_a_file_with_bad_rows_is_reported_row_field_problem(register: Path) -> None:
    prepared = prepare_import(
        register, source="reg_2014", source_kind="prison_register", today=TODAY
    )
    report = prepared.report
    assert not report.ok
    found = {(p.row, p.field, p.problem.split(" (")[0]) for p in report.problems}
    assert found == {
        (3, "birth_date", "February 1990 has no day 31"),
        (4, "", "empty row"),
        (5, "full_name", "no name, and no facility with a detainee number"),
        (7, "birth_date", "born after the event date"),
        (2, "record_id", "also used at row 8"),
        (8, "record_id", "also used at row 2"),
        (9, "birth_date", "birth date in the future"),
        (9, "event_date", "event date in the future"),
        (10, "birth_date", "two-digit year; write the year in full"),
    }
    assert [r.row_number for r in prepared.records] == [6]  # the nameless death record
    assert report.rows == 9 and report.imported == 1 and len(report.bad_rows) == 8
    summary = report.summary()
    assert "row 3: birth_date: February 1990 has no day 31 ('31/02/1990')" in summary


def test_rejects_hold_the_bad_rows_verbatim_with_their_problems(
    register: Path, tmp_path: Path
) -> None:
    prepared = prepare_import(register, source="reg_2014", today=TODAY)
    out = tmp_path / "rejects.csv"
    assert write_rejects(prepared.report, out) == 8
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel shows Arabic
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "7", "8", "9", "10"]
    assert rows[0]["تاريخ الولادة"] == "٢٥/١٠/١٩٩٩"  # verbatim, not normalized
    assert rows[0]["هاتف"] == "0999"
    assert rows[1]["problem"] == "birth_date: February 1990 has no day 31"
    assert (
        rows[6]["problem"]
        == "birth_date: birth date in the future; event_date: event date in the future"
    )
    assert not list(tmp_path.glob(".rejects-*"))


def test_good_rows_become_records(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "l.csv",
        [
            ["الاسم", "اسم الأب", "الكنية", "الجنس", "تاريخ الولادة", "مكان الولادة", "المحافظة",
             "الرقم الوطني", "الفرع", "رقم الموقوف", "تاريخ التوقيف", "الوضع", "الهاتف"],
            ["محمد", "أحمد", "الحلبي", "ذكر", "٢٥/١٠/١٩٨٥", "حلب", "-", "٠١٢٢٥١٢٩٥٠١",
             "الفرع ٢٢٧", "٦٠/٢٠١٤", "03/2012", "محال إلى محكمة الميدان العسكرية", "0999 123"],
        ],
    )  # fmt: skip
    prepared = prepare_import(path, source="reg", source_kind="prison_register", today=TODAY)
    assert prepared.report.ok
    (rec,) = prepared.records
    assert set(rec.fields) == set(CANONICAL_FIELDS)
    assert rec.fields["given_name"] == "محمد" and rec.fields["full_name"] == ""
    assert rec.fields["birth_date"] == "٢٥/١٠/١٩٨٥"  # as written
    assert rec.fields["governorate"] == ""  # "-" is a placeholder
    assert rec.fields["status"] == "محال إلى محكمة الميدان العسكرية"  # the original is kept
    assert (rec.birth_date, rec.event_date, rec.status, rec.sex) == (
        "1985-10-25", "2012-03", "detained", "m"
    )  # fmt: skip
    assert (rec.facility_id, rec.detainee_number, rec.national_id) == (
        "mi_227", "60/2014", "01225129501"
    )  # fmt: skip
    assert (rec.birth_place_id, rec.governorate_id) == ("aleppo", "aleppo")
    assert rec.record_id == "row-000002" and rec.source == "reg"
    assert rec.fields["source_kind"] == "prison_register"
    assert rec.raw["الهاتف"] == "0999 123" and rec.raw["المحافظة"] == "-"
    assert (rec.row_number, rec.sheet) == (2, "")
    assert prepared.report.unmapped_headers == ["الهاتف"]


def test_unmapped_values_are_reported_once_each_with_counts(register: Path) -> None:
    prepared = prepare_import(register, source="reg", today=TODAY)
    assert dict(prepared.report.unmapped["status"]) == {"مسفر": 3}
    summary = prepared.report.summary()
    assert summary.count("مسفر") == 1 and "'مسفر' ×3" in summary


def test_facility_aliases_resolve_to_one_facility(tmp_path: Path) -> None:
    labels = ["ف 227", "الفرع 227", "Branch 227", "Military Intelligence Branch 227", "فرع ٢٢٧",
              "Sednaya", "Saydnaya", "صيدنايا", "سجن صيدنايا العسكري",
              "Nowhere Prison 9"]  # fmt: skip
    rows = [["full_name", "facility"], *([f"person {i}", label] for i, label in enumerate(labels))]
    prepared = prepare_import(_csv(tmp_path / "f.csv", rows), source="s", today=TODAY)
    ids = [r.facility_id for r in prepared.records]
    assert len(set(ids[:5])) == 1 and ids[0]
    assert len(set(ids[5:9])) == 1 and ids[5] and ids[5] != ids[0]
    assert ids[9] == ""
    assert prepared.records[9].fields["facility"] == "Nowhere Prison 9"  # kept as written
    assert dict(prepared.report.unmapped["facility"]) == {"Nowhere Prison 9": 1}
    assert prepared.report.ok  # an unknown facility is a note, not a problem


def test_source_and_kind_come_from_columns(tmp_path: Path) -> None:
    rows = [
        ["record_id", "source", "source_kind", "full_name", "status"],
        ["1", "list_a", "release_list", "محمد أحمد", ""],
        ["1", "list_b", "death_record", "هبة سمير", ""],  # same id, other source: fine
        ["2", "list_c", "", "علي حسن", ""],
        ["3", "list_a", "tribunal_list", "سامر", "موقوف"],
    ]
    prepared = prepare_import(_csv(tmp_path / "c.csv", rows), today=TODAY)
    assert prepared.report.ok
    got = [(r.source, r.fields["source_kind"], r.status) for r in prepared.records]
    assert got == [
        ("list_a", "release_list", "released"),  # the kind's default status
        ("list_b", "death_record", "deceased"),
        ("list_c", "", "unknown"),
        ("list_a", "tribunal_list", "detained"),  # a free label is allowed
    ]
    assert dict(prepared.report.unmapped["source_kind"]) == {"tribunal_list": 1}


def test_source_and_kind_given_on_import_win_over_columns(tmp_path: Path) -> None:
    """``--source`` / ``--kind`` name every row's source: an NGO's "Source" column (who told
    it) must not split its list into sources called "Former detainee" and "Family"."""
    rows = [
        ["No.", "Name", "Source", "Source kind"],
        ["1", "Rami El-Jamal", "Former detainee", "witness"],
        ["2", "Ali Hassan", "Family", ""],
    ]
    path = _csv(tmp_path / "ngo.csv", rows)
    prepared = prepare_import(path, source="ngo_2024", source_kind="ngo_list", today=TODAY)
    assert prepared.report.ok
    assert [(r.source, r.fields["source_kind"]) for r in prepared.records] == [
        ("ngo_2024", "ngo_list"),
        ("ngo_2024", "ngo_list"),
    ]
    assert prepared.records[0].raw["Source"] == "Former detainee"  # kept as written
    assert set(prepared.mapping.unmapped) == {"Source", "Source kind"}


def test_a_canonical_csv_needs_no_options(tmp_path: Path) -> None:
    row = dict.fromkeys(CANONICAL_FIELDS, "")
    row |= {"record_id": "X-1", "source": "s", "source_kind": "ngo_list", "full_name": "Ali"}
    path = _csv(tmp_path / "c.csv", [list(row), list(row.values())])
    prepared = prepare_import(path, today=TODAY)
    assert prepared.report.ok and prepared.records[0].record_id == "X-1"


def test_no_source_at_all_is_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path / "n.csv", [["full_name"], ["Ali"]])
    with pytest.raises(IngestError, match="no source name"):
        prepare_import(path)


def test_source_column_with_blank_cells_and_no_option(tmp_path: Path) -> None:
    path = _csv(tmp_path / "n.csv", [["source", "full_name"], ["a", "Ali"], ["", "Omar"]])
    problems, _ = _prepare(path)
    assert [(p.row, p.field) for p in problems] == [(3, "source")]


def test_xlsx_sheets_french_headers_and_sheet_ids(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Disparus"
    ws.append(["Nom", "Prénom", "Date de naissance", "Lieu de détention", "Statut"])
    ws.append(["AL-HALABI", "Mohammad", date(1985, 3, 14), "Saydnaya", "Disparu de force"])
    ws.append(["ALI", "Hiba", "1990", "Branch 215", "Libérée"])
    deaths = wb.create_sheet("Deaths")
    deaths.append(["Full name", "Date of death", "Date of arrest", "Prison", "Prisoner No"])
    deaths.append(["Omar Khaled", "2014-02-01", "2012-05-01", "Sednaya", 1234.0])
    path = tmp_path / "ngo.xlsx"
    wb.save(path)
    prepared = prepare_import(path, source="ngo", source_kind="death_record", today=TODAY)
    assert prepared.report.ok
    first, second, death = prepared.records
    assert (first.fields["family_name"], first.fields["given_name"]) == ("AL-HALABI", "Mohammad")
    assert (first.birth_date, first.status, first.facility_id) == (
        "1985-03-14",
        "missing",
        "sednaya",
    )
    assert second.status == "released"
    assert (first.record_id, death.record_id) == ("Disparus:row-000002", "Deaths:row-000002")
    assert (death.sheet, death.event_date, death.detainee_number) == (
        "Deaths",
        "2014-02-01",
        "1234",
    )
    assert death.raw["Date of arrest"] == "2012-05-01"  # the other date stays in raw


def test_json_and_jsonl_import(tmp_path: Path) -> None:
    data = [
        {"record_id": "J1", "full_name": "محمد أحمد", "detainee_number": 77, "status": "Released"},
        {"record_id": "J2", "full_name": "Hiba Ali", "birth_date": "1990", "status": "Décédée"},
    ]
    (tmp_path / "l.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    lines = "\n".join(json.dumps(d, ensure_ascii=False) for d in data)
    (tmp_path / "l.jsonl").write_text(lines, encoding="utf-8")
    for name in ("l.json", "l.jsonl"):
        prepared = prepare_import(tmp_path / name, source="j", today=TODAY)
        assert [(r.record_id, r.status, r.detainee_number) for r in prepared.records] == [
            ("J1", "released", "77"),
            ("J2", "deceased", ""),
        ]


def test_mapping_file_applies_and_ignored_columns_are_not_kept(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "m.csv",
        [["Nom complet du détenu", "Téléphone", "Remarque"], ["Omar Ali", "+963 999", "vu à 227"]],
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "full_name: Nom complet du détenu\nnotes: Remarque\nignore: [Téléphone]\n", "utf-8"
    )
    prepared = prepare_import(path, source="m", mapping=mapping, today=TODAY)
    (rec,) = prepared.records
    assert rec.fields["full_name"] == "Omar Ali" and rec.fields["notes"] == "vu à 227"
    assert "Téléphone" not in rec.raw


def test_cp1256_semicolon_file_imports(tmp_path: Path) -> None:
    rows = [
        ["الاسم الثلاثي", "تاريخ الولادة", "السجن", "الحالة"],
        ["محمد أحمد الحلبي", "25/10/1980", "صيدنايا", "متوفى"],
        ["هبة سمير يوسف", "1990", "الفرع 215", "مفرج عنها"],
    ]
    path = _csv(tmp_path / "w.csv", rows, delimiter=";", encoding="cp1256")
    prepared = prepare_import(path, source="w", today=TODAY)
    assert prepared.table.encoding == "cp1256"
    assert [(r.fields["full_name"], r.status) for r in prepared.records] == [
        ("محمد أحمد الحلبي", "deceased"),
        ("هبة سمير يوسف", "released"),
    ]


def test_progress_counts_rows(tmp_path: Path) -> None:
    n = PROGRESS_EVERY * 2 + 5
    path = _csv(tmp_path / "p.csv", [["full_name"], *([f"name {i}"] for i in range(n))])
    seen: list[int] = []
    prepare_import(path, source="p", progress=seen.append, today=TODAY)
    assert seen == [PROGRESS_EVERY, PROGRESS_EVERY * 2, n]


def test_same_file_same_hash_changed_file_new_hash(tmp_path: Path) -> None:
    path = _csv(tmp_path / "h.csv", [["full_name"], ["Ali"]])
    first = prepare_import(path, source="h").sha256
    assert prepare_import(path, source="h").sha256 == first
    _csv(path, [["full_name"], ["Ali"], ["Omar"]])
    assert prepare_import(path, source="h").sha256 != first


def test_dry_run_shows_mapping_and_first_rows(register: Path) -> None:
    prepared = prepare_import(register, source="reg", source_kind="prison_register", today=TODAY)
    text = dry_run_summary(prepared, rows=3)
    assert "csv, utf-8, delimiter ';'" in text
    assert "رقم السجل" in text and "→ record_id" in text
    assert "هاتف" in text and "not mapped (kept in raw)" in text
    assert "تاريخ التوقيف  → event_date       known header (arrest)" in text
    assert "row 2: NOT IMPORTED: record_id: also used at row 8 ('A1')" in text
    assert "row 3: NOT IMPORTED: birth_date: February 1990 has no day 31" in text
    shown = text.split("as they will be stored:")[1].split("\n\n")[0]
    assert "row 5:" not in shown  # only the first three rows


def test_dry_run_shows_parsed_values(tmp_path: Path) -> None:
    rows = [["الاسم الثلاثي", "تاريخ الولادة", "الفرع", "رقم الموقوف", "الوضع"],
            ["محمد أحمد", "٢٥/١٠/١٩٩٩", "ف 227", "٦٠/٢٠١٤", "أخلي سبيله"]]  # fmt: skip
    prepared = prepare_import(_csv(tmp_path / "d.csv", rows), source="d", today=TODAY)
    text = dry_run_summary(prepared)
    assert "birth_date: ٢٥/١٠/١٩٩٩ → 1999-10-25" in text
    assert "facility: ف 227 → mi_227" in text
    assert "detainee_number: ٦٠/٢٠١٤ → 60/2014" in text
    assert "status: أخلي سبيله → released" in text


def test_a_column_written_month_first_is_read_month_first(tmp_path: Path) -> None:
    """A list kept in the United States writes MM/DD/YYYY: when some of its dates can only be
    read so and none only day first, the column is read month first, and the report says so."""
    rows = [
        ["full_name", "birth_date", "event_date"],
        ["Ali Hassan", "01/09/1977", "12/25/2013"],
        ["Rami Jamal", "03/14/1980", "06/02/2014"],
        ["Omar Saleh", "11/30/1969", "11/28/2012"],
    ]
    prepared = prepare_import(_csv(tmp_path / "us.csv", rows), source="s", today=TODAY)
    assert prepared.report.ok
    got = [(r.birth_date, r.event_date) for r in prepared.records]
    assert got == [
        ("1977-01-09", "2013-12-25"),
        ("1980-03-14", "2014-06-02"),
        ("1969-11-30", "2012-11-28"),
    ]
    notes = " ".join(prepared.report.notes)
    assert "birth_date: read month first" in notes and "event_date: read month first" in notes
    # One slip in a day-first list does not turn the column: it is a problem, as before.
    rows = [["full_name", "birth_date"], ["Ali", "25/10/1999"], ["Rami", "03/25/1999"],
            ["Omar", "03/26/1999"]]  # fmt: skip
    prepared = prepare_import(_csv(tmp_path / "sy.csv", rows), source="s", today=TODAY)
    assert [p.field for p in prepared.report.problems] == ["birth_date", "birth_date"]
