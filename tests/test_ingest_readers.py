"""athar.ingest readers: every encoding, delimiter and format lists arrive in, read verbatim."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from athar.ingest import IngestError, detect_format, file_hash, read_table
from athar.ingest.delimited import sniff_delimiter
from athar.ingest.workbook import cell_text

HEADER = ["الاسم الثلاثي", "اسم الأم", "تاريخ الولادة", "الفرع", "رقم الموقوف", "الوضع"]
ROWS = [
    ["محمد أحمد الحلبي", "فاطمة", "٢٥/١٠/١٩٩٩", "الفرع 227", "٦٠/٢٠١٤", "أخلي سبيله"],
    ["عبد الرحمن خالد العلي", "زينب", "1985", "صيدنايا", "1234", "متوفى"],
    ["هبة سمير يوسف", "", "03/1990", "Branch 215", "", "مختفية قسرياً"],
]


def _csv_text(delimiter: str, rows: list[list[str]] = ROWS) -> str:
    return "\r\n".join(delimiter.join(r) for r in [HEADER, *rows]) + "\r\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _western(rows: list[list[str]]) -> list[list[str]]:
    """Windows-1256 has no Eastern Arabic digits; files in it carry Western ones."""
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    return [[c.translate(table) for c in r] for r in rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize(
    ("codec", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16", b"", "utf-16"),  # Python writes a BOM
        ("utf-16-le", b"", "utf-16-le"),  # no BOM: told by the byte pattern
        ("utf-16-be", b"", "utf-16-be"),
        ("cp1256", b"", "cp1256"),  # Arabic Windows / Excel "CSV"
    ],
)
def test_csv_encodings_and_delimiters(
    tmp_path: Path, codec: str, prefix: bytes, detected: str, delimiter: str
) -> None:
    rows = _western(ROWS) if codec == "cp1256" else ROWS
    path = _write(tmp_path / "list.csv", prefix + _csv_text(delimiter, rows).encode(codec))
    table = read_table(path)
    assert (table.format, table.encoding, table.delimiter) == ("csv", detected, delimiter)
    assert table.headers == HEADER
    assert [r.number for r in table.rows] == [2, 3, 4]
    assert [list(r.cells.values()) for r in table.rows] == rows


def test_cp1256_real_bytes_of_arabic_names(tmp_path: Path) -> None:
    # Bytes as Arabic Windows writes them, not produced by our own round trip of a str.
    header = "الاسم;اسم الأب;الكنية".encode("cp1256")
    assert header.startswith(b"\xc7\xe1\xc7\xd3\xe3;")
    body = b"\xe3\xcd\xe3\xcf;\xc3\xcd\xe3\xcf;\xc7\xe1\xcd\xe1\xc8\xed\r\n"  # محمد;أحمد;الحلبي
    table = read_table(_write(tmp_path / "l.csv", header + b"\r\n" + body))
    assert table.encoding == "cp1256" and table.delimiter == ";"
    assert table.rows[0].cells == {"الاسم": "محمد", "اسم الأب": "أحمد", "الكنية": "الحلبي"}


def test_cp1252_french_list(tmp_path: Path) -> None:
    text = "nom;prénom;statut\r\nHALABI;Mohammad;Libéré\r\nALI;Hiba;Disparue de force\r\n"
    table = read_table(_write(tmp_path / "fr.csv", text.encode("cp1252")))
    assert table.rows[0].cells["statut"] == "Libéré"
    assert table.rows[1].cells["prénom"] == "Hiba"


def test_quoted_fields_keep_delimiters_and_newlines(tmp_path: Path) -> None:
    text = 'name,notes,status\n"Halabi, Mohammad","seen in 227,\nthen Sednaya",missing\nAli,,x\n'
    table = read_table(_write(tmp_path / "q.csv", text.encode()))
    assert table.delimiter == ","
    assert table.rows[0].cells["name"] == "Halabi, Mohammad"
    assert table.rows[0].cells["notes"] == "seen in 227,\nthen Sednaya"
    assert [r.number for r in table.rows] == [2, 4]  # the line each row starts on


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a;b;c\n1,5;2;3\n4;5,5;6\n", ";"),  # decimal commas do not fool it
        ("الاسم،الكنية\tالوضع\nمحمد، أحمد\tمتوفى\n", "\t"),  # the Arabic comma is not a comma
        ("name\nMohammad\nAhmad\n", ","),  # one column
        ('"a|b",c\n"x|y",z\n', ","),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_title_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    text = "قائمة بأسماء الموقوفين\n\nالاسم,الوضع,الفرع\nمحمد,موقوف,227\n"
    table = read_table(_write(tmp_path / "t.csv", text.encode()))
    assert table.headers == ["الاسم", "الوضع", "الفرع"]
    assert table.rows[0].number == 4
    assert any("above the header" in n for n in table.notes)


def test_ragged_rows_repeated_and_blank_headers(tmp_path: Path) -> None:
    text = "name,name,,status\nA,B,C,D,extra\nE\n\n\n"
    table = read_table(_write(tmp_path / "r.csv", text.encode()))
    assert table.headers == ["name", "name (2)", "column 3", "status"]
    assert table.rows[0].extra == ("extra",)
    assert table.rows[1].cells == {"name": "E", "name (2)": "", "column 3": "", "status": ""}
    assert len(table.rows) == 2  # trailing blank lines are not rows
    assert len(table.notes) == 3


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "الموقوفون"
    ws.append(["الاسم الثلاثي", "تاريخ الولادة", "رقم الموقوف", "الرقم الوطني", "الوزن"])
    ws.append(["محمد أحمد", datetime(1999, 10, 25), 1234, 1234567890, 70.5])
    ws.append(["هبة سمير", date(1985, 3, 1), 1234.0, "0123", None])
    ws["D2"].number_format = "00000000000"  # a national number shown with its leading zero
    ws.append([None, None, None, None, None])
    deaths = wb.create_sheet("Deaths")
    deaths.append(["Title of the list"])
    deaths.append(["full name", "date of death", "facility"])
    deaths.append(["Ahmad Ali", "2013-05-02", "Sednaya"])
    wb.create_sheet("empty")
    wb.save(path)
    return path


def test_xlsx_all_sheets(tmp_path: Path) -> None:
    table = read_table(_workbook(tmp_path / "book.xlsx"))
    assert table.format == "xlsx"
    assert table.sheets == ["الموقوفون", "Deaths"]
    assert table.headers[:5] == [
        "الاسم الثلاثي",
        "تاريخ الولادة",
        "رقم الموقوف",
        "الرقم الوطني",
        "الوزن",
    ]
    assert table.headers[5:] == ["full name", "date of death", "facility"]
    first, second, death = table.rows
    assert first.cells == {
        "الاسم الثلاثي": "محمد أحمد",
        "تاريخ الولادة": "1999-10-25",
        "رقم الموقوف": "1234",
        "الرقم الوطني": "01234567890",
        "الوزن": "70.5",
    }
    assert second.cells["رقم الموقوف"] == "1234"  # a float id is not "1234.0"
    assert second.cells["الرقم الوطني"] == "0123"
    assert (first.sheet, first.number, second.number) == ("الموقوفون", 2, 3)
    assert (death.sheet, death.number) == ("Deaths", 3)
    assert death.cells == {
        "full name": "Ahmad Ali",
        "date of death": "2013-05-02",
        "facility": "Sednaya",
    }


@pytest.mark.parametrize("sheet", ["Deaths", "2"])
def test_xlsx_chosen_sheet(tmp_path: Path, sheet: str) -> None:
    table = read_table(_workbook(tmp_path / "book.xlsx"), sheet=sheet)
    assert table.sheets == ["Deaths"] and len(table.rows) == 1


def test_xlsx_unknown_sheet_names_the_sheets(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"no sheet 'Releases'.*Deaths"):
        read_table(_workbook(tmp_path / "book.xlsx"), sheet="Releases")


def test_workbook_saved_as_csv_is_read_as_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx").rename(tmp_path / "book.csv")
    assert detect_format(path) == "xlsx"
    assert read_table(path).format == "xlsx"


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (None, "General", ""),
        (12.0, "General", "12"),
        (12.25, "General", "12.25"),
        (11223344556.0, "General", "11223344556"),
        (42, "00000", "00042"),
        (datetime(2012, 3, 4, 0, 0), "General", "2012-03-04"),
        (datetime(2012, 3, 4, 10, 30), "General", "2012-03-04 10:30:00"),
        (True, "General", "TRUE"),
        ("  as written ", "General", "  as written "),
    ],
)
def test_cell_text(value: object, fmt: str, text: str) -> None:
    assert cell_text(value, fmt) == text


def test_json_array_and_records_object(tmp_path: Path) -> None:
    rows = [
        {"full_name": "محمد أحمد", "detainee_number": 1234, "birth_date": "1985"},
        {"full_name": "Hiba", "notes": {"seen": "227"}, "age": 30.0, "x": None},
    ]
    for data in (rows, {"records": rows}):
        path = tmp_path / "l.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        table = read_table(path)
        assert table.format == "json"
        assert table.headers == ["full_name", "detainee_number", "birth_date", "notes", "age", "x"]
        assert table.rows[0].cells["detainee_number"] == "1234"
        assert table.rows[1].cells["notes"] == '{"seen": "227"}'
        assert table.rows[1].cells["age"] == "30"
        assert [r.number for r in table.rows] == [1, 2]


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"full_name": "محمد"}\n\n{"full_name": "هبة", "sex": "f"}\n', encoding="utf-8")
    table = read_table(path)
    assert table.format == "jsonl"
    assert [(r.number, r.cells["full_name"]) for r in table.rows] == [(1, "محمد"), (3, "هبة")]


def test_json_lines_saved_as_json(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    path.write_text('{"full_name": "a"}\n{"full_name": "b"}\n', encoding="utf-8")
    assert [r.cells["full_name"] for r in read_table(path).rows] == ["a", "b"]


def _damaged_utf8() -> bytes:
    good = _csv_text(",").encode("utf-8")
    return good.replace("فاطمة".encode(), "فاطمة".encode()[:-1] + b"\xff", 1)


@pytest.mark.parametrize(
    ("name", "data", "message", "line"),
    [
        ("l.csv", bytes(range(256)) * 4, "binary data", None),
        ("l.csv", b"", "empty", None),
        ("l.csv", b'name,notes\n"unterminated,x\n', "broken CSV", 2),
        ("l.csv", _damaged_utf8(), "UTF-8 with 2 damaged", 2),
        ("l.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel", None),
        ("l.xlsx", b"name,status\n", "not an XLSX", None),
        ("l.json", b'[{"a": 1},\n {"a": 2,}]', "invalid JSON", 2),
        ("l.json", b'{"count": 3}', "list of objects", None),
        ("l.json", b"[1, 2]", "record 1 is not an object", None),
        ("l.json", b"[]", "no records", None),
        ("l.jsonl", b'{"a": 1}\n[1]\n', "not an object", 2),
    ],
)
def test_unreadable_files_name_the_file(
    tmp_path: Path, name: str, data: bytes, message: str, line: int | None
) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(IngestError, match=message) as caught:
        read_table(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(path) in str(caught.value)


def test_corrupt_workbook_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    with pytest.raises(IngestError, match="not a readable XLSX"):
        read_table(broken)
    with pytest.raises(IngestError, match="no such file"):
        read_table(tmp_path / "absent.csv")


def test_sheet_option_is_for_workbooks(tmp_path: Path) -> None:
    path = _write(tmp_path / "l.csv", _csv_text(",").encode())
    with pytest.raises(IngestError, match="XLSX"):
        read_table(path, sheet="1")


def test_file_hash_tells_same_from_changed(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", b"name\nx\n")
    b = _write(tmp_path / "b.csv", b"name\nx\n")
    c = _write(tmp_path / "c.csv", b"name\ny\n")
    assert file_hash(a) == file_hash(b) != file_hash(c)
    assert len(file_hash(a)) == 64
