"""athar.ingest values: dates, statuses, numbers and sex as the field writes them."""

from __future__ import annotations

import pytest

from athar.ingest import (
    is_placeholder,
    map_status,
    normalize_national_id,
    normalize_number,
    normalize_sex,
    parse_date,
    sighting_facility,
    transfer_destination,
    transfer_facility,
)
from athar.records import STATUSES


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1999-10-25", "1999-10-25"),
        ("25/10/1999", "1999-10-25"),
        ("5/3/1999", "1999-03-05"),  # day first, as Syrian documents write
        ("05/03/1999", "1999-03-05"),
        ("25-10-1999", "1999-10-25"),
        ("25.10.1999", "1999-10-25"),
        ("1999/10/25", "1999-10-25"),
        ("1999-10", "1999-10"),
        ("10/1999", "1999-10"),
        ("1999", "1999"),
        ("٢٥/١٠/١٩٩٩", "1999-10-25"),  # Eastern Arabic digits
        ("۲۵/۱۰/۱۹۹۹", "1999-10-25"),  # Persian digits
        ("٢٠١٤-٠٥-٠١", "2014-05-01"),
        ("١٩٨٥", "1985"),
        ("1985م", "1985"),
        ("عام ١٩٨٥", "1985"),
        ("\u200f25/10/1999\u200f", "1999-10-25"),  # right-to-left marks around it
        (" 25 / 10 / 1999 ", "1999-10-25"),
        ("1999-10-25 00:00:00", "1999-10-25"),
        ("2012-03-04T10:30:00", "2012-03-04"),
        ("00/00/1985", "1985"),  # a register's unknown day and month
        ("00/03/1985", "1985-03"),
        ("14 آذار 1985", "1985-03-14"),
        ("تشرين الأول 2012", "2012-10"),
        ("14 March 1985", "1985-03-14"),
        ("Mar 2013", "2013-03"),
        ("14 février 1985", "1985-02-14"),
        ("29/02/2012", "2012-02-29"),
        ("", ""),
        ("-", ""),
        ("غير معروف", ""),
        ("?", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == (iso, "")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31/02/1990", "February 1990 has no day 31"),
        ("29/02/2013", "February 2013 has no day 29"),
        ("٣١/٠٤/٢٠١٢", "April 2012 has no day 31"),
        ("12/13/1990", "no month 13"),
        ("03/25/1999", "no month 25"),  # month first is not guessed
        ("1990-13", "no month 13"),
        ("25/10/99", "two-digit year"),
        ("5/99", "two-digit year"),
        ("1850", "year 1850 is not plausible"),
        ("yesterday", "not a date"),
        ("25/10", "without a year"),
        ("19991025", "not a date"),
        ("1985 or 1986", "not a date"),
    ],
)
def test_impossible_dates_are_problems_not_guesses(text: str, problem: str) -> None:
    iso, why = parse_date(text)
    assert iso == ""
    assert problem in why


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Arabic, with gender and spelling variants
        ("أخلي سبيله", "released"),
        ("أُخلي سبيلها", "released"),
        ("اخلي سبيله", "released"),
        ("إخلاء سبيل", "released"),
        ("مفرج عنه", "released"),
        ("أفرج عنها بموجب مرسوم العفو", "released"),
        ("أطلق سراحه", "released"),
        ("مطلق السراح", "released"),
        ("مجهولة المصير", "missing"),
        ("قيد المحاكمة", "detained"),
        ("on trial", "detained"),
        ("en procès", "detained"),
        ("Identified in Caesar photos", "deceased"),  # the Caesar photographs show the dead
        ("ظهرت صورته ضمن صور قيصر", "deceased"),
        ("لا يوجد معلومات", "unknown"),
        ("Non renseigné", "unknown"),
        ("متوفى", "deceased"),
        ("متوفية", "deceased"),
        ("متوفاة", "deceased"),
        ("توفي", "deceased"),
        ("وفاة", "deceased"),
        ("استشهد تحت التعذيب", "deceased"),
        ("مختفٍ قسرياً", "missing"),
        ("مختفية قسريا", "missing"),
        ("مفقود", "missing"),
        ("مجهول المصير", "missing"),
        ("موقوف", "detained"),
        ("معتقلة", "detained"),
        ("محتجز", "detained"),
        ("محال إلى محكمة الميدان العسكرية", "detained"),
        ("محالة إلى محكمة الإرهاب", "detained"),
        ("منقول إلى صيدنايا", "detained"),
        ("لا يزال معتقلاً", "detained"),
        # English
        ("Released", "released"),
        ("freed", "released"),
        ("Deceased", "deceased"),
        ("died", "deceased"),
        ("DEAD", "deceased"),
        ("Killed under torture", "deceased"),
        ("Forcibly disappeared", "missing"),
        ("missing", "missing"),
        ("detained", "detained"),
        ("arrested", "detained"),
        ("in detention", "detained"),
        # French
        ("Libéré", "released"),
        ("libérée", "released"),
        ("Décédé", "deceased"),
        ("décédée", "deceased"),
        ("Disparu de force", "missing"),
        ("Disparue de force", "missing"),
        ("Détenu", "detained"),
        ("détenue", "detained"),
        # phrasings no list above holds: the keywords carry them
        ("أفرج عنه في عفو 2014 وسافر إلى تركيا", "released"),
        ("وقد توفيت في المعتقل بحسب شاهد", "deceased"),
        ("انقطعت أخباره بعد نقله إلى فرع فلسطين", "missing"),
        ("Died in Sednaya in 2013 according to a witness", "deceased"),
        ("was released in the 2014 amnesty", "released"),
        ("Missing since his arrest at a checkpoint", "missing"),
        ("held at Branch 215 since 2012", "detained"),
        ("Libérée après deux ans de détention", "released"),
        ("Arrêtée à Homs en 2012", "detained"),
        ("Mort en détention", "deceased"),
        # a negated release is still detention
        ("not released", "detained"),
        ("لم يفرج عنه", "detained"),
        ("n'a pas été libérée", "detained"),
        # explicit unknowns and empty
        ("unknown", "unknown"),
        ("غير معروف", "unknown"),
        ("Inconnu", "unknown"),
        ("", "unknown"),
        ("?", "unknown"),
    ],
)
def test_map_status(text: str, status: str) -> None:
    assert map_status(text) == (status, True)


@pytest.mark.parametrize("text", ["مسفر", "Vit en Turquie", "see file 12", "abc"])
def test_unmapped_status_is_unknown_and_says_so(text: str) -> None:
    assert map_status(text) == ("unknown", False)


@pytest.mark.parametrize(
    ("text", "facility"),
    [
        ("منقول إلى سجن صيدنايا", "sednaya"),
        ("نُقل الى الفرع 215 (سرية المداهمة)", "mi_215"),
        ("محولة إلى فرع فلسطين (الفرع 235)", "mi_235"),
        ("حُوِّل إلى صيدنايا ثم أفرج عنه", "sednaya"),
        ("transferred to Sednaya prison on 2013-04-02", "sednaya"),
        ("Transférée vers la prison centrale de Homs", "homs_central"),
        ("was taken to the Military Police in Qaboun", "mp_qaboun"),
    ],
)
def test_a_status_names_where_the_person_was_transferred(text: str, facility: str) -> None:
    """The place after a transfer verb, which ``athar.places`` resolves; what follows the place
    ("on 2013-04-02", "ثم أفرج عنه") is not part of it."""
    assert transfer_destination(text) is not None
    assert transfer_facility(text) == facility


@pytest.mark.parametrize(
    "text",
    ["أخلي سبيله", "معتقل في صيدنايا", "Transfer", "released from Adra", "", "محال إلى المحكمة"],
)
def test_a_status_without_a_transfer_names_no_destination(text: str) -> None:
    assert transfer_destination(text) is None
    assert transfer_facility(text) is None


def test_statuses_are_canonical() -> None:
    for text in ("متوفى", "Released", "Disparu", "موقوف", "", "xyz"):
        assert map_status(text)[0] in STATUSES


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("٦٠/٢٠١٤", "60/2014"),
        ("60/2014", "60/2014"),
        (" 12 34 ", "1234"),
        ("۱۲۳۴", "1234"),
        ("\u200e1234\u200e", "1234"),
        ("A-١٢", "A-12"),
        ("", ""),
    ],
)
def test_normalize_number(text: str, number: str) -> None:
    assert normalize_number(text) == number


def test_detainee_numbers_compare_after_normalization() -> None:
    assert normalize_number("٦٠/٢٠١٤") == normalize_number("60/2014")


@pytest.mark.parametrize(
    ("text", "digits"),
    [("٠١٢٢٥١٢٩٥٠١", "01225129501"), ("012-251 295.01", "01225129501"), ("unknown", "")],
)
def test_normalize_national_id(text: str, digits: str) -> None:
    assert normalize_national_id(text) == digits


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("ذكر", "m"),
        ("أنثى", "f"),
        ("انثى", "f"),
        ("M", "m"),
        ("f", "f"),
        ("Male", "m"),
        ("FEMALE", "f"),
        ("homme", "m"),
        ("Femme", "f"),
        ("H", "m"),
        ("", ""),
        ("x", ""),
    ],
)
def test_normalize_sex(text: str, sex: str) -> None:
    assert normalize_sex(text) == sex


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [("-", True), ("—", True), ("؟", True), ("N/A", True), ("غير معروف", True), ("", False),
     ("محمد", False), ("0", False)],
)  # fmt: skip
def test_is_placeholder(text: str, placeholder: bool) -> None:
    assert is_placeholder(text) is placeholder


@pytest.mark.parametrize(
    ("text", "facility"),
    [
        ("Last seen in Military Intelligence Branch 235 (Palestine Branch)", "mi_235"),
        ("A released detainee saw him in Sednaya", "sednaya"),
        ("Vu(e) pour la dernière fois à Saydnaya", "sednaya"),
        ("آخر مرة شوهد في سجن صيدنايا", "sednaya"),
        ("شوهد في فرع فلسطين", "mi_235"),
        ("seen in Adra prison in 2015, then nothing", "adra"),
    ],
)
def test_a_note_names_the_facility_the_person_was_last_seen_in(text: str, facility: str) -> None:
    assert sighting_facility(text) == facility


@pytest.mark.parametrize(
    "text",
    [
        "last seen at a checkpoint",
        "Vu pour la dernière fois à un checkpoint",
        "Arrested at a checkpoint in Douma",
        "Taken from his home in Ranqus",
        "Sednaya",  # a place with no word of a sighting
        "منقول من الفرع 215",
        "",
    ],
)
def test_a_note_that_says_no_sighting_in_a_facility_names_none(text: str) -> None:
    assert sighting_facility(text) is None
