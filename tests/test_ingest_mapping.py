"""athar.ingest mapping: Arabic, English and French headers onto the canonical fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.ingest import IngestError, load_mapping_file, map_headers
from athar.ingest.kinds import KIND_DEFAULTS
from athar.ingest.mapping import CANONICAL, FROM_FILE, IGNORED, KNOWN, NAME_RULE, UNMAPPED
from athar.ingest.synonyms import event_headers, field_headers, header_key, name_headers
from athar.records import CANONICAL_FIELDS, SOURCE_KINDS, STATUSES

EXAMPLE = Path(__file__).parent / "data" / "ingest" / "mapping_example.yaml"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("الاسم الثلاثي", "full_name"),
        ("الاسم الكامل", "full_name"),
        ("الاسم الأول", "given_name"),
        ("الإسم الاول", "given_name"),  # hamza variants
        ("اسم الأب", "father_name"),
        ("اسم الاب", "father_name"),
        ("اسم  الأب :", "father_name"),  # spacing and punctuation
        ("اسم الجد", "grandfather_name"),
        ("الكنية", "family_name"),
        ("اللقب", "family_name"),
        ("العائلة", "family_name"),
        ("اسم الأم", "mother_name"),
        ("الجنس", "sex"),
        ("تاريخ الولادة", "birth_date"),
        ("تاريخ الميلاد", "birth_date"),
        ("تاريخ الولادة (يوم/شهر/سنة)", "birth_date"),  # a bracketed hint
        ("مكان الولادة", "birth_place"),
        ("المحافظة", "governorate"),
        ("الرقم الوطني", "national_id"),
        ("الفرع", "facility"),
        ("السجن", "facility"),
        ("مكان الاحتجاز", "facility"),
        ("رقم الموقوف", "detainee_number"),
        ("رقم السجين", "detainee_number"),
        ("تاريخ الاعتقال", "event_date"),
        ("تاريخ التوقيف", "event_date"),
        ("تاريخ الإفراج", "event_date"),
        ("تاريخ الوفاة", "event_date"),
        ("الوضع", "status"),
        ("الحالة", "status"),
        ("المصير", "status"),
        ("ملاحظات", "notes"),
        ("Full Name", "full_name"),
        ("First name", "given_name"),
        ("Father's name", "father_name"),
        ("Surname", "family_name"),
        ("LAST NAME", "family_name"),
        ("Family name", "family_name"),
        ("Mother", "mother_name"),
        ("D.O.B.", "birth_date"),
        ("Date of birth (DD/MM/YYYY)", "birth_date"),
        ("Place of birth", "birth_place"),
        ("Prison", "facility"),
        ("Detention facility", "facility"),
        ("Branch", "facility"),
        ("Detainee No.", "detainee_number"),
        ("Prisoner number", "detainee_number"),
        ("Date of arrest", "event_date"),
        ("Fate", "status"),
        ("Status", "status"),
        ("Notes", "notes"),
        ("Prénom", "given_name"),
        ("Nom du père", "father_name"),
        ("Date de naissance", "birth_date"),
        ("Lieu de naissance", "birth_place"),
        ("Statut", "status"),
        ("Nom de famille", "family_name"),
    ],
)
def test_known_headers(header: str, field: str) -> None:
    column = map_headers([header]).columns[0]
    assert column.field == field
    assert column.how in (KNOWN, CANONICAL)


@pytest.mark.parametrize("field", CANONICAL_FIELDS)
def test_canonical_names_are_headers(field: str) -> None:
    for header in (field, field.upper(), field.replace("_", " ").title()):
        column = map_headers([header]).columns[0]
        assert (column.field, column.how) == (field, CANONICAL)


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["الاسم", "الوضع"], ["full_name", "status"]),
        (["الاسم", "اسم الأب", "الكنية"], ["given_name", "father_name", "family_name"]),
        (["Name", "Surname"], ["given_name", "family_name"]),
        (["Nom", "Prénom"], ["family_name", "given_name"]),
        (["Nom"], ["full_name"]),
        (["Name", "Father"], ["full_name", "father_name"]),  # "Rami El-Jamal" | "Abd al-Ilah"
        (["الاسم / Name", "اسم الأب / Father"], ["full_name", "father_name"]),
    ],
)
def test_a_bare_name_header_depends_on_its_neighbours(
    headers: list[str], fields: list[str]
) -> None:
    mapping = map_headers(headers)
    assert [c.field for c in mapping.columns] == fields
    assert mapping.columns[0].how == NAME_RULE


@pytest.mark.parametrize(
    ("kind", "chosen"),
    [
        ("death_record", "تاريخ الوفاة"),
        ("release_list", "تاريخ الإفراج"),
        ("prison_register", "تاريخ الاعتقال"),
        ("", "تاريخ الاعتقال"),
    ],
)
def test_the_kind_chooses_which_date_is_the_event(kind: str, chosen: str) -> None:
    headers = ["الاسم الثلاثي", "تاريخ الاعتقال", "تاريخ الإفراج", "تاريخ الوفاة"]
    mapping = map_headers(headers, kind=kind)
    assert [h for h, f in mapping.fields.items() if f == "event_date"] == [chosen]
    assert set(mapping.unmapped) == set(headers[1:]) - {chosen}


def test_unknown_and_repeated_headers_stay_in_raw() -> None:
    mapping = map_headers(["full_name", "الاسم الكامل", "رقم الهاتف", "Colour"])
    assert mapping.fields == {"full_name": "full_name"}
    assert mapping.unmapped == ["الاسم الكامل", "رقم الهاتف", "Colour"]
    assert "already filled" in mapping.columns[1].how
    assert mapping.columns[2].how == UNMAPPED


def test_mapping_file_overrides() -> None:
    mf = load_mapping_file(EXAMPLE)
    headers = [
        "اسم المعتقل الكامل",
        "الاسم",
        "تاريخ الاعتقال",
        "تاريخ الوفاة",
        "الرقم",
        "ملاحظات",
        "هاتف العائلة",
        "العنوان",
        "الفرع",
    ]
    mapping = map_headers(headers, mf, kind="prison_register")
    assert mapping.fields == {
        "اسم المعتقل الكامل": "full_name",
        "تاريخ الوفاة": "event_date",  # the file's choice beats the kind's
        "الرقم": "detainee_number",
        "الفرع": "facility",  # automatic mapping still applies to the rest
    }
    assert mapping.ignored == {"هاتف العائلة", "العنوان"}
    assert set(mapping.unmapped) == {"الاسم", "تاريخ الاعتقال", "ملاحظات"}
    assert {c.how for c in mapping.columns if c.header in mapping.fields} >= {FROM_FILE}
    assert {c.how for c in mapping.columns if c.header == "العنوان"} == {IGNORED}


def test_mapping_file_matches_headers_through_folding(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("father_name: اسم الاب\n", encoding="utf-8")
    mapping = map_headers(["اسم الأب"], load_mapping_file(path))
    assert mapping.fields == {"اسم الأب": "father_name"}


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("fullname: الاسم\n", "not a canonical field", None),
        ("full_name: [الاسم, {a: 1}]\n", "expected a header", None),
        ("full_name: [unclosed\n", "invalid YAML", 2),
        ("- full_name\n", "expected a mapping", None),
    ],
)
def test_bad_mapping_files(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IngestError, match=message) as caught:
        load_mapping_file(path)
    assert caught.value.path == path and caught.value.line == line


def test_a_mapping_naming_an_absent_header_lists_the_real_ones(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("full_name: Nom complet\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"no header 'Nom complet'.*Name, Status"):
        map_headers(["Name", "Status"], load_mapping_file(path))


def test_header_table_is_unambiguous() -> None:
    """No folded header means two things, and none shadows a canonical name."""
    owner: dict[str, str] = {}
    tables = [(f, hs) for f, hs in field_headers().items()]
    tables += [(f"event_date/{e}", hs) for e, hs in event_headers().items()]
    tables += [("name", name_headers())]
    for field, headers in tables:
        for h in headers:
            key = header_key(h)
            assert owner.setdefault(key, field) == field, (h, owner[key], field)
    for field in CANONICAL_FIELDS:
        assert owner.get(header_key(field.replace("_", " ")), field).startswith(field)
    assert set(field_headers()) <= set(CANONICAL_FIELDS)


def test_known_kinds_carry_defaults() -> None:
    assert set(KIND_DEFAULTS) == set(SOURCE_KINDS)
    assert {d.status for d in KIND_DEFAULTS.values()} <= set(STATUSES)
    assert {d.event for d in KIND_DEFAULTS.values()} <= set(event_headers())


def test_a_header_in_two_languages_maps_by_either() -> None:
    """NGO lists label columns in Arabic and English at once; each part is a known header."""
    headers = [
        "No.", "اسم الأم / Mother", "سنة الولادة / Birth year", "Governorate - المحافظة",
        "الرقم الوطني | National No.", "تاريخ الاعتقال / Arrest date",
        "مكان الاحتجاز / Place of detention", "الوضع / Status", "Notes (يوم/شهر/سنة)",
    ]  # fmt: skip
    mapping = map_headers(headers, kind="ngo_list")
    assert [c.field for c in mapping.columns] == [
        "record_id", "mother_name", "birth_date", "governorate", "national_id", "event_date",
        "facility", "status", "notes",
    ]  # fmt: skip
    assert mapping.columns[5].event == "arrest"


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        # a release list: its serial, its authority, its date of release
        (["م", "الجهة", "تاريخ الإخلاء"], ["record_id", "facility", "event_date"]),
        # a forensic catalogue: its case number, the detainee's number and branch
        (["رقم الحالة", "رقم المعتقل", "الجهة"], ["record_id", "detainee_number", "facility"]),
    ],
)
def test_headers_of_registers_and_catalogues(headers: list[str], fields: list[str]) -> None:
    assert [c.field for c in map_headers(headers).columns] == fields


def test_a_source_column_yields_to_the_source_given_on_import() -> None:
    """An NGO's "Source" column says who told it (a former detainee), not which list the
    record is from: with --source given it stays in raw; without, it names the sources."""
    headers = ["Name", "Source"]
    given = map_headers(headers, given=frozenset({"source"}))
    assert [c.field for c in given.columns] == ["full_name", ""]
    assert "given on import" in given.columns[1].how
    assert [c.field for c in map_headers(headers).columns] == ["full_name", "source"]
