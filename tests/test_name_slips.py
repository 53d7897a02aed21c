"""Arabic writings the tables lack read as the table name a writer's slip made them from
(``athar.names.lexicon``): a letter typed twice, the article's lam typed twice, الدين written as
it sounds, and the head of an ʿAbd- or Abu- compound with its dots lost — and never a name of
its own read as another."""

from __future__ import annotations

import pytest

from athar.names.lexicon import lexicon
from athar.names.similarity import Level, compare_units, name_features


def _ids(text: str) -> list[list[str]]:
    return [sorted(f.ids) for f in name_features(text)]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("محممود", "محمود"),  # a letter typed twice
        ("الشاامي", "الشامي"),
        ("فرراس", "فراس"),
        ("اللزين", "الزين"),  # the article's lam typed twice
        ("اللطائي", "الطائي"),
        ("عزادين", "عز الدين"),  # الدين as it sounds, the lam assimilated
        ("عز ادين", "عز الدين"),
        ("عتد الحميد", "عبد الحميد"),  # عبد with its dot misplaced or lost
        ("غبد الفتاح", "عبد الفتاح"),
        ("عند الواحد", "عبد الواحد"),
        ("اتو قاسم", "أبو قاسم"),
    ],
)
def test_a_slip_reads_as_the_name_it_was_made_from(written: str, meant: str) -> None:
    assert _ids(written) == _ids(meant)
    assert _ids(written)[0]  # a table name, not an unknown


@pytest.mark.parametrize(
    ("written", "meant", "not_meant"),
    [
        # Eid al-Hussein: عيد is a name, not عبد with a lost dot
        ("عيد الحسين", ["عيد", "الحسين"], ["عبد الحسين"]),
        # al-Labani: the lam is the name's own, not a second lam before بني
        ("اللبني", ["لبني"], ["بني"]),
    ],
)
def test_names_of_their_own_are_left_alone(
    written: str, meant: list[str], not_meant: list[str]
) -> None:
    ids = _ids(written)
    assert ids == [i for m in meant for i in _ids(m)]
    assert ids != [i for m in not_meant for i in _ids(m)]


def test_a_slip_that_reads_as_no_table_name_stays_unknown() -> None:
    assert _ids("الللطس") == [[]]


def test_a_joined_compound_head_without_its_dots() -> None:
    assert _ids("عتدالعظيم") == _ids("عبد العظيم")
    assert _ids("غبدالله") == _ids("عبد الله")


@pytest.mark.parametrize(
    ("written", "readings"),
    [
        ("ممد", {"محمد"}),  # a letter dropped
        ("اباهيم", {"ابراهيم"}),
        ("عيل", {"علي", "عقيل"}),  # neighbours swapped (علي), or a letter dropped (عقيل)
        ("ممحد", {"محمد"}),
        ("فطامه", {"فاطمه"}),
    ],
)
def test_a_writing_one_slip_from_table_names_has_them_as_readings(
    written: str, readings: set[str]
) -> None:
    assert lexicon().slip_readings(written) == readings
    assert _ids(written) == [[]]  # a reading for the model to weigh, never an identity


def test_a_known_name_or_a_replaced_letter_gives_no_slip_reading() -> None:
    assert lexicon().slip_readings("حمد") == frozenset()  # a name of its own
    assert lexicon().slip_readings("مخمد") == frozenset()  # a letter replaced: not read
    assert lexicon().slip_readings("مح") == frozenset()  # too short to tell


def test_a_slip_of_the_pen_compares_as_a_close_spelling_never_the_same_name() -> None:
    def level(a: str, b: str) -> Level:
        return compare_units(name_features(a)[0], name_features(b)[0])[0]

    assert level("ممد", "محمد") == Level.CLOSE  # a letter dropped
    assert level("اسن", "أنس") == Level.CLOSE  # two letters swapped
    assert level("ممحد", "Mohammad") == Level.CLOSE  # across scripts, through the tables
    assert level("حمد", "محمد") == Level.DIFFERENT  # حمد is a name of its own
