"""Linkage features: what SQL may compare, the same across scripts, and the same in parallel."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.ingest import prepare_import
from athar.link import features as F
from athar.link import settings
from athar.link.pipeline import row_of
from athar.link.rules import identifier_edges
from athar.places import facility, resolve_facility
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


def _level(comparison: object, a: dict[str, object], b: dict[str, object]) -> str:
    """The label of the first level of a Splink comparison that two feature rows meet, evaluated
    by DuckDB as in a linkage run."""
    import duckdb
    import pyarrow as pa

    cols = {f"{k}_l": [a[k]] for k in a} | {f"{k}_r": [b[k]] for k in b}
    schema = pa.schema(
        [pa.field(f"{f.name}_{s}", f.type) for s in ("l", "r") for f in F.FEATURE_SCHEMA]
    )
    pair = pa.Table.from_pydict(cols, schema=schema)  # noqa: F841 (read by DuckDB by name)
    built = comparison.get_comparison("duckdb")  # type: ignore[attr-defined]
    for level in built.comparison_levels:
        if level.sql_condition.strip() == "ELSE":
            return str(level.label_for_charts)
        met = duckdb.sql(f"SELECT coalesce(({level.sql_condition}), false) FROM pair").fetchall()
        if met[0][0]:
            return str(level.label_for_charts)
    raise AssertionError("no level met")


def test_an_ambiguous_latin_spelling_reads_as_the_commoner_name_and_keeps_the_other() -> None:
    hassan = F.feature_row({"pk": 1, "given_name": "Hassan", "family_name": "Al-Khatib"})
    hasan = F.feature_row({"pk": 2, "given_name": "حسن", "family_name": "الخطيب"})
    hassaan = F.feature_row({"pk": 3, "given_name": "حسان", "family_name": "الخطيب"})
    assert hassan["given_id"] == hasan["given_id"]  # حسن is listed (and given) far more often
    assert hassaan["given_id"] == hassan["given_alt"]
    given = settings.name_comparison("given", "given name")
    assert _level(given, hassan, hasan) == "same name"
    assert _level(given, hassan, hassaan) == "same name in another reading"
    assert _level(given, hasan, hassaan) == "different names"


def test_a_family_name_without_fathers_is_weighed_apart_from_the_lineage() -> None:
    register = F.feature_row(
        {"pk": 1, "given_name": "قصي", "father_name": "أحمد", "family_name": "أبو دياب"}
    )
    report = F.feature_row({"pk": 2, "full_name": "Qussai Abu Diab"})
    brother = F.feature_row(
        {"pk": 3, "given_name": "عمر", "father_name": "أحمد", "family_name": "أبو دياب"}
    )
    lineage, family = settings.lineage_comparison(0.01), settings.family_comparison(0.01)
    assert _level(lineage, register, report) == "missing"
    assert _level(family, register, report) == "same family name"
    assert _level(family, register, brother) == "missing"
    assert _level(lineage, register, brother) == "father and family agree"


def test_a_family_name_meets_a_father_where_neither_record_names_the_other() -> None:
    """A register that names the father and no family (عمر son of خالد) and a list's "Omar
    Khalid", read as given and family name: the family comparison sets the one against the
    other instead of saying nothing."""
    register = F.feature_row({"pk": 1, "given_name": "عمر", "father_name": "خالد"})
    same = F.feature_row({"pk": 2, "full_name": "Omar Khalid"})
    other = F.feature_row({"pk": 3, "full_name": "Omar Hassan"})
    lineage, family = settings.lineage_comparison(0.01), settings.family_comparison(0.01)
    assert _level(lineage, register, same) == "missing"
    assert _level(family, register, same) == _level(family, same, register)
    assert _level(family, register, same) == "one's family name is the other's father's name"
    assert _level(family, other, register) == "one's family name is not the other's father's name"
    # Two records that both lack the family name still compare nothing here.
    alone = F.feature_row({"pk": 4, "given_name": "عمر"})
    assert _level(family, register, alone) == "missing"


def test_a_year_alone_is_not_a_date_that_differs() -> None:
    birth = settings.birth_comparison()
    full = F.feature_row({"pk": 1, "given_name": "قصي", "birth_date": "1966-11-18"})
    year = F.feature_row({"pk": 2, "given_name": "قصي", "birth_date": "1966"})
    other_day = F.feature_row({"pk": 3, "given_name": "قصي", "birth_date": "1966-02-03"})
    assert _level(birth, full, year) == "same year, one gives only the year"
    assert _level(birth, full, other_day) == "same year, other day"


def test_a_given_name_across_scripts_is_weighed_apart_from_one_script() -> None:
    arabic = F.feature_row({"pk": 1, "given_name": "حسن", "family_name": "الخطيب"})
    latin = F.feature_row({"pk": 2, "given_name": "Hasan", "family_name": "Al-Khatib"})
    other = F.feature_row({"pk": 3, "given_name": "Hassan", "family_name": "Khatib"})
    one = settings.name_comparison("given", "given name", scripts="arabic")
    latin_pair = settings.name_comparison("given", "given name", scripts="latin")
    two = settings.name_comparison("given", "given name", scripts="two")
    assert _level(one, arabic, latin) == "missing"
    assert _level(two, arabic, latin) == "same name"
    assert _level(one, arabic, arabic) == "same writing"
    assert _level(two, arabic, arabic) == "missing"
    assert _level(latin_pair, latin, other) == "same name"
    assert _level(latin_pair, arabic, latin) == "missing"


def test_the_date_of_arrest_is_the_date_of_a_list_that_dates_arrests() -> None:
    report = F.feature_row(
        {"pk": 1, "source_kind": "family_report", "given_name": "قصي", "event_date": "2012-04"}
    )
    register = F.feature_row(
        {"pk": 2, "source_kind": "prison_register", "given_name": "قصي", "event_date": "2012-04-30"}
    )
    release = F.feature_row(
        {"pk": 3, "source_kind": "release_list", "given_name": "قصي", "event_date": "2012-04-30"}
    )
    assert (report["arrest_month"], report["arrest_date"]) == ("2012-04", None)
    assert release["arrest_year"] is None  # a release list's date is the release
    arrest = settings.arrest_comparison()
    assert _level(arrest, report, register) == "same month"
    assert _level(arrest, register, release) == "missing"
    later = dict(register, arrest_date="2013-01-02", arrest_month="2013-01", arrest_year=2013)
    assert _level(arrest, register, later) == "a year apart"


def test_a_governorate_alone_places_a_record_for_the_place_of_birth() -> None:
    """Lists with a governorate column and no town are compared by the governorate."""
    place = settings.place_comparison()
    town = F.feature_row({"pk": 1, "given_name": "حمزة", "birth_place_id": "suwayda_city",
                          "governorate_id": "suwayda"})  # fmt: skip
    gov = F.feature_row({"pk": 2, "given_name": "Hamza", "governorate_id": "suwayda"})
    other = F.feature_row({"pk": 3, "given_name": "Hamza", "governorate_id": "homs"})
    nowhere = F.feature_row({"pk": 4, "given_name": "Hamza"})
    assert _level(place, town, gov) == "same governorate"
    assert _level(place, gov, gov) == "same governorate"
    assert _level(place, gov, other) == "different"
    assert _level(place, town, nowhere) == "missing"


def test_a_detainee_number_without_its_facility_is_weighed_apart() -> None:
    """A death record gives the number alone; at one facility the number names one person, and
    each facility numbers its own, so numbers at two facilities say little."""
    number = settings.detainee_number_comparison()
    register = F.feature_row({"pk": 1, "given_name": "آمنة", "facility_id": "mi_235",
                              "detainee_number": "235/2016"})  # fmt: skip
    death = F.feature_row({"pk": 2, "full_name": "آمنة محمد", "detainee_number": "235/2016"})
    same_place = F.feature_row({"pk": 3, "given_name": "آمنة", "facility_id": "mi_235",
                                "detainee_number": "235/2016"})  # fmt: skip
    other = F.feature_row({"pk": 4, "given_name": "آمنة", "facility_id": "sednaya",
                           "detainee_number": "12/2017"})  # fmt: skip
    assert _level(number, register, death) == "same number, a facility not named"
    assert _level(number, register, same_place) == "same number, same facility"
    assert _level(number, register, other) == "another number, another facility"
    assert _level(number, death, F.feature_row({"pk": 5, "given_name": "x"})) == "missing"


def test_a_release_lists_given_and_fathers_name_meets_the_register() -> None:
    """ "بديع عبد الرحمن" on a release list reads as given and family name; the register names
    عبد الرحمن as the father: the family comparison says so rather than "different", and the
    two share a block."""
    from athar.link.model import add_block_columns

    release = {"pk": 1, "full_name": "بديع عبد الرحمن", "birth_date": "1993-05-06"}
    register = {"pk": 2, "given_name": "بديع", "father_name": "عبد الرحمن",
                "family_name": "كشيشيان", "birth_date": "1993-05-06"}  # fmt: skip
    stranger = {"pk": 3, "given_name": "بديع", "father_name": "سمير", "family_name": "حداد"}
    a, b, c = (F.feature_row(r) for r in (release, register, stranger))
    family = settings.family_comparison(0.01)
    assert _level(family, a, b) == "one's family name is the other's father's name"
    assert _level(family, a, c) == "different"
    blocks = add_block_columns(F.feature_table([release, register, stranger]))
    keys = blocks.column("given_second_block").to_pylist()
    assert keys[0] == keys[1] != keys[2]


def test_a_family_name_of_two_words_in_capitals_meets_the_registers_family_column() -> None:
    """ "ATRACHE EL HASSAN Oussama" on a list sorted by family name and a register's family
    column "الاطرش الحسن": one family name of two words, the same on both sides."""
    ngo = F.feature_row({"pk": 1, "full_name": "ATRACHE EL HASSAN Oussama Doreid"})
    register = F.feature_row({"pk": 2, "given_name": "اسامة", "father_name": "دريد",
                              "family_name": "الاطرش الحسن"})  # fmt: skip
    assert ngo["family_id"] is not None
    for part in ("given", "father", "family"):
        assert ngo[f"{part}_key"] == register[f"{part}_key"], part


def test_a_family_name_split_by_a_typo_keeps_its_skeleton_for_the_birth_date_block() -> None:
    """ "George" typed "georg e": the key differs, the skeleton does not, and a block on the
    birth date with the family skeleton pairs the two."""
    a = F.feature_row({"pk": 1, "given_name": "Zara", "family_name": "George",
                       "birth_date": "1915-09-20"})  # fmt: skip
    b = F.feature_row({"pk": 2, "given_name": "Alexander", "family_name": "georg e",
                       "birth_date": "1915-09-20"})  # fmt: skip
    assert a["family_skel"] == b["family_skel"]
    rules = [r.get_blocking_rule("duckdb").blocking_rule_sql for r in settings.blocking_rules()]
    assert any("birth_date" in r and "family_skel" in r for r in rules)


def test_a_spelling_read_as_names_of_two_sexes_says_nothing_of_the_sex() -> None:
    """ "Ala2" is علاء (a man) or آلاء (a woman): no sex is read from it, so a register's
    woman آلاء is not set against it. Names of one sex in every reading still say it."""
    sex = {n: F.feature_row({"pk": 1, "given_name": n})["sex"] for n in ("Ala2", "آلاء", "علاء")}
    assert sex == {"Ala2": None, "آلاء": "f", "علاء": "m"}
    assert F.feature_row({"pk": 1, "given_name": "Hassan"})["sex"] == "m"  # حسن or حسان
    assert F.feature_row({"pk": 1, "given_name": "Ala2", "sex": "F"})["sex"] == "f"


def test_a_given_name_with_its_dots_lost_is_its_own_level_in_both_scripts() -> None:
    """شعاد is سعاد with dots lost (the tables know no شعاد); across scripts it meets the table
    name that "Souad" reads as. Two names the tables know apart stay "different names"."""
    row = F.feature_row
    arabic = settings.name_comparison("given", "given name", scripts="arabic")
    across = settings.name_comparison("given", "given name", scripts="two")
    lost, souad, suad = (row({"pk": k, "given_name": n}) for k, n in
                         ((1, "شعاد"), (2, "Souad"), (3, "سعاد")))  # fmt: skip
    assert _level(arabic, lost, suad) == "same letters without dots"
    assert _level(across, lost, souad) == "same letters without dots"
    hasan, husayn = row({"pk": 4, "given_name": "حسن"}), row({"pk": 5, "given_name": "حسين"})
    assert _level(arabic, hasan, husayn) == "different names"


@pytest.mark.parametrize(
    ("left", "right", "level"),
    [
        # "surname, given name" read in the wrong order, one part changed: learnt, not
        # "different"; both names swapped stay the level of no evidence
        (("James", "Coleman"), ("Howie", "James"), "one's family name is the other's given name"),
        (("Howie", "James"), ("James", "Coleman"), "one's family name is the other's given name"),
        (("James", "Coleman"), ("Coleman", "James"), "swapped (no evidence)"),
        (("James", "Coleman"), ("Howie", "Bishop"), "different"),
        # a dot lost (الحطيب for الخطيب) agrees, in either script, as a one-letter typo would
        (("أحمد", "الخطيب"), ("أحمد", "الحطيب"), "same family name"),
        (("Ahmad", "Al-Khatib"), ("أحمد", "الحطيب"), "same family name"),
        (("أحمد", "الحطيب"), ("أحمد", "الحلبي"), "different"),
    ],
)
def test_family_name_levels_for_swaps_and_lost_dots(
    left: tuple[str, str], right: tuple[str, str], level: str
) -> None:
    a, b = (F.feature_row({"pk": k, "given_name": g, "family_name": f})
            for k, (g, f) in enumerate((left, right), 1))  # fmt: skip
    assert _level(settings.family_comparison(0.01), a, b) == level


def test_a_transfer_that_names_the_other_records_facility_is_its_own_level() -> None:
    """A register's last word on a detainee is often where they went: "منقول إلى سجن صيدنايا"
    on branch 235's register and Sednaya's own line for the same man are the journey, not two
    facilities that disagree. Any phrasing the status rules read, in either script."""
    facility = settings.facility_comparison()
    moved = "منقول إلى سجن صيدنايا"
    branch = F.feature_row({"pk": 1, "given_name": "وائل", "facility_id": "mi_235",
                            "status": "detained", "status_text": moved})  # fmt: skip
    sednaya = F.feature_row({"pk": 2, "full_name": "Wael Hamoud", "facility_id": "sednaya"})
    adra = F.feature_row({"pk": 3, "full_name": "Wael Hamoud", "facility_id": "adra",
                          "status_text": "Transferred to Branch 235 on 2013-02-01"})  # fmt: skip
    assert branch["transfer_to_id"] == "sednaya"
    assert adra["transfer_to_id"] == "mi_235"
    assert sednaya["transfer_to_id"] is None
    assert _level(facility, branch, sednaya) == "transferred from one to the other"
    assert _level(facility, sednaya, branch) == "transferred from one to the other"
    assert _level(facility, adra, branch) == "transferred from one to the other"
    assert _level(facility, sednaya, adra) == "different"
    assert _level(facility, sednaya, sednaya) == "same"
    assert _level(facility, branch, F.feature_row({"pk": 4, "given_name": "x"})) == "missing"


def test_dates_a_few_days_apart_and_day_month_swaps_have_their_levels() -> None:
    """A family remembers the arrest to within days ("early December" written 2013-12-02, a list
    has 2013-11-17); a clerk reads 08/02/1984 month first. Each is a level of its own, for EM to
    weigh, apart from dates that merely share a year."""
    arrest, birth = settings.arrest_comparison(), settings.birth_comparison()

    def row(pk: int, arrested: str = "", born: str = "") -> dict[str, object]:
        return F.feature_row({"pk": pk, "source_kind": "family_report", "given_name": "علي",
                              "event_date": arrested, "birth_date": born})  # fmt: skip

    assert _level(arrest, row(1, "2013-12-02"), row(2, "2013-11-17")) == "within a month"
    assert _level(arrest, row(1, "2013-12-02"), row(2, "2013-12-30")) == "same month"
    assert _level(arrest, row(1, "2013-12-02"), row(2, "2013-10-17")) == "same year, other month"
    assert _level(arrest, row(1, "2013-12-02"), row(2, "2013-11")) != "within a month"
    assert _level(birth, row(1, born="1984-02-08"), row(2, born="1984-08-02")) == (
        "day and month swapped"
    )
    assert _level(birth, row(1, born="1984-02-08"), row(2, born="1985-08-02")) == "a year apart"
    assert _level(birth, row(1, born="1984-02-08"), row(2, born="1984-02-09")) == (
        "same year, other day"
    )


def test_a_release_or_a_death_is_dated_apart_from_an_arrest() -> None:
    """A release list's date is the release, a death record's the death: never an arrest date.
    A row of no known kind that reports a release is dated by it too."""

    def row(kind: str, date: str, status: str = "unknown") -> dict[str, object]:
        return F.feature_row({"pk": 1, "source_kind": kind, "given_name": "علي",
                              "event_date": date, "status": status})  # fmt: skip

    register = row("prison_register", "2013-04-02", "detained")
    assert (register["arrest_year"], register["end_year"]) == (2013, None)
    release = row("release_list", "2016-05-01", "released")
    assert (release["arrest_year"], release["end_date"], release["end_year"]) == (
        None,
        "2016-05-01",
        2016,
    )
    assert row("death_record", "2015")["end_year"] == 2015
    assert row("", "2014-07", "released")["end_year"] == 2014
    assert row("", "2014-07", "missing")["arrest_year"] == 2014
    assert row("witness_statement", "2014-07")["end_year"] is None


def test_a_detention_ends_after_it_began() -> None:
    """One record's arrest against another's release or death: a release before the arrest is
    its own level (evidence against, once EM weighs it), as are two releases of one day."""
    timeline = settings.timeline_comparison()

    def row(pk: int, kind: str, date: str) -> dict[str, object]:
        return F.feature_row({"pk": pk, "source_kind": kind, "given_name": "علي",
                              "event_date": date})  # fmt: skip

    arrested = row(1, "family_report", "2013-04-02")
    assert _level(timeline, arrested, row(2, "release_list", "2012-11-20")) == (
        "ended before the arrest"
    )
    assert _level(timeline, row(2, "release_list", "2012-11-20"), arrested) == (
        "ended before the arrest"
    )
    assert _level(timeline, arrested, row(2, "death_record", "2013-09")) == (
        "ended the year of the arrest"
    )
    assert _level(timeline, arrested, row(2, "release_list", "2015")) == (
        "ended 1–2 years after the arrest"
    )
    assert _level(timeline, arrested, row(2, "release_list", "2019-01-01")) == (
        "ended later, or in other years"
    )
    same = row(2, "release_list", "2016-05-01")
    assert _level(timeline, same, row(3, "release_list", "2016-05-01")) == "ended the same day"
    assert _level(timeline, same, row(3, "release_list", "2016-08-01")) == "ended the same year"
    assert _level(timeline, arrested, row(3, "prison_register", "2014-01-01")) == "missing"
    assert _level(timeline, arrested, row(3, "release_list", "")) == "missing"


def test_what_became_of_the_person_agrees_or_contradicts() -> None:
    fate = settings.fate_comparison()

    def row(pk: int, status: str) -> dict[str, object]:
        return F.feature_row({"pk": pk, "given_name": "علي", "status": status})

    assert _level(fate, row(1, "deceased"), row(2, "deceased")) == "both died"
    assert _level(fate, row(1, "released"), row(2, "released")) == "both released"
    assert _level(fate, row(1, "released"), row(2, "deceased")) == "one released, the other died"
    assert _level(fate, row(1, "deceased"), row(2, "released")) == "one released, the other died"
    assert _level(fate, row(1, "missing"), row(2, "missing")) == "same status"
    assert _level(fate, row(1, "detained"), row(2, "released")) == "different status"
    assert _level(fate, row(1, "unknown"), row(2, "released")) == "missing"
    assert _level(fate, row(1, ""), row(2, "released")) == "missing"


def test_a_slipped_writing_meets_its_name_in_another_reading() -> None:
    """In the linkage features the slip reading is the part's other reading and, for candidate
    generation, its key; the model weighs "same name in another reading"."""
    slipped = F.feature_row({"pk": 1, "given_name": "ممحد", "family_name": "الحلبي"})
    plain = F.feature_row({"pk": 2, "given_name": "محمد", "family_name": "الحلبي"})
    assert slipped["given_id"] is None and slipped["given_alt"] == "محمد"
    assert slipped["given_key"] == plain["given_key"]
    given = settings.name_comparison("given", "given name", scripts="arabic")
    assert _level(given, slipped, plain) == "same name in another reading"


def test_a_facility_the_gazetteer_lacks_is_compared_by_its_label() -> None:
    """A register and a forensic record naming one unlisted branch alike share a facility key
    (so facility + detainee number links them); a listed one keeps its gazetteer id."""
    register = F.feature_row({"pk": 1, "given_name": "محمد", "facility": "الفرع 238"})
    forensic = F.feature_row({"pk": 2, "facility": "Branch 238", "detainee_number": "4410"})
    listed = F.feature_row(
        {"pk": 3, "facility": "فرع فلسطين", "facility_id": "mi_235", "detainee_number": "17"}
    )
    assert register["facility_id"] == forensic["facility_id"] == "~238"
    assert listed["facility_id"] == "mi_235"


def test_a_double_given_name_in_its_column_reads_as_a_full_names_parser_reads_it() -> None:
    """A register's given-name column "محمد خير" and the lists' "Mohammad Kheir Osso" or "محمد
    خير عبد الكريم أوسو": the parser reads the second name as the father's, so the column's
    second name is the father's name and the register's father the grandfather, part by part
    as the lists are read; the first name alone still meets "Mohammad Osso"."""
    register = F.feature_row({"pk": 1, "given_name": "محمد خير", "father_name": "عبد الكريم",
                              "grandfather_name": "صالح", "family_name": "أوسو"})  # fmt: skip
    arabic = F.feature_row({"pk": 2, "full_name": "محمد خير عبد الكريم أوسو"})
    latin = F.feature_row({"pk": 3, "full_name": "Mohammad Kheir Osso"})
    short = F.feature_row({"pk": 4, "full_name": "Mohammed Osso"})
    for part in ("given", "father", "grandfather", "family"):
        assert register[f"{part}_key"] == arabic[f"{part}_key"], part
    assert register["given_id"] == latin["given_id"] == short["given_id"] == "محمد"
    assert register["father_skel"] == latin["father_skel"]
    lineage = settings.lineage_comparison(0.01)
    assert _level(lineage, register, latin) == "father and family agree"
    # One name, a compound and a family name with its article are not double given names.
    for given, kept in (("عبد الرحمن", "عبدالرحمن"), ("نور الدين", "نورالدين")):
        one = F.feature_row({"pk": 5, "given_name": given, "father_name": "سمير"})
        assert (one["given_id"], one["father_id"]) == (kept, "سمير")
    clerk = F.feature_row({"pk": 6, "given_name": "محمد الحلبي", "father_name": "سمير"})
    assert clerk["father_id"] == "سمير"
    # One name split by a typed space is not two: its first half is no name the tables know.
    typo = F.feature_row({"pk": 8, "given_name": "ابراهتم خليل", "family_name": "الديب"})
    assert typo["father_exact"] is None
    # A column in Latin letters keeps its double name whole (FEBRL4's "sara louise").
    latin = F.feature_row({"pk": 9, "given_name": "sara louise", "family_name": "white"})
    assert (latin["given_exact"], latin["father_exact"]) == ("sara louise", None)
    # A family name of two words is not shortened: السيد أحمد is not أحمد.
    family = F.feature_row({"pk": 7, "given_name": "حمزة", "family_name": "السيد أحمد"})
    assert family["family_alt"] is None


def test_a_record_without_a_facility_takes_the_one_its_notes_saw_the_person_in() -> None:
    """A family's "Last seen in Sednaya" places the person for the facility comparison where
    the report names no facility; a facility column wins over the notes."""
    seen = F.feature_row({"pk": 1, "full_name": "Omar Halabi", "notes": "Last seen in Sednaya"})
    both = F.feature_row(
        {"pk": 2, "full_name": "Omar Halabi", "facility_id": "adra", "notes": "seen in Sednaya"}
    )
    nothing = F.feature_row(
        {"pk": 3, "full_name": "Omar Halabi", "notes": "Reported by his brother"}
    )
    assert seen["facility_id"] == facility("sednaya").id
    assert both["facility_id"] == "adra"
    assert nothing["facility_id"] is None


def test_a_building_of_a_compound_is_compared_as_its_compound() -> None:
    """Sednaya's red building numbers its detainees as Sednaya does, and a list that writes
    only "Sednaya" may mean it: linkage compares the compound, so facility + detainee number
    reach a forensic record that names the building."""
    red = resolve_facility("صيدنايا - المبنى الأحمر")
    whole = resolve_facility("سجن صيدنايا العسكري")
    assert red is not None and whole is not None and red.id != whole.id
    assert facility(red.id).site == whole.id == facility(whole.id).site
    rows = [
        {"pk": 1, "given_name": "محمد", "facility": "سجن صيدنايا العسكري",
         "facility_id": whole.id, "detainee_number": "2382"},
        {"pk": 2, "facility": "صيدنايا - المبنى الأحمر", "facility_id": red.id,
         "detainee_number": "2382", "source_kind": "death_record"},
        {"pk": 3, "facility": "فرع فلسطين", "facility_id": "mi_235", "detainee_number": "2382"},
    ]  # fmt: skip
    table = F.feature_table(rows)
    assert table.column("facility_id").to_pylist() == [whole.id, whole.id, "mi_235"]
    assert [(a, b) for a, b, _, _ in identifier_edges(table)] == [(1, 2)]
