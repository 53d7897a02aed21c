"""Constrained clustering: what may never be merged, whatever the scores say."""

from __future__ import annotations

from athar.link import pipeline
from athar.link.cluster import RecordFacts, cluster, id_typo


def _groups(result_clusters: list[list[int]]) -> set[tuple[int, ...]]:
    return {tuple(c) for c in result_clusters}


def test_strong_pairs_merge_and_every_record_is_kept() -> None:
    res = cluster([1, 2, 3, 4], [(1, 2, 0.99), (2, 3, 0.95), (3, 4, 0.5)], {}, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2, 3), (4,)}


def test_two_detainee_numbers_at_one_facility_never_merge() -> None:
    facts = {
        1: RecordFacts(facility_number=("sednaya", "12/2013")),
        2: RecordFacts(facility_number=("sednaya", "40/2013")),
        3: RecordFacts(),
    }
    res = cluster([1, 2, 3], [(1, 3, 0.99), (2, 3, 0.98)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 3), (2,)}
    assert "different detainee numbers" in res.refusals[0].reason


def test_sexes_and_given_names_that_cannot_be_one_name() -> None:
    facts = {
        1: RecordFacts(sex="m", given=("حسن", "hsn")),
        2: RecordFacts(sex="f", given=("حسن", "hsn")),
        3: RecordFacts(sex="m", given=("حسين", "hsn")),
        4: RecordFacts(sex="m", given=(None, "mhmd"), father=(None, "hsn")),
        5: RecordFacts(sex="m", given=(None, "hsn"), father=(None, "mhmd")),
    }
    edges = [(1, 2, 0.99), (1, 3, 0.99), (4, 5, 0.99)]
    res = cluster([1, 2, 3, 4, 5], edges, facts, 0.9, 0.995)
    # Known different names (حسن / حسين) and sexes refuse; swapped given and father's names pass.
    assert _groups(res.clusters) == {(1,), (2,), (3,), (4, 5)}


DEATH_RECORD = RecordFacts(is_death=True, is_death_record=True)
SAYS_DIED = RecordFacts(is_death=True)  # a list whose status says the person died


def test_death_records_need_high_certainty() -> None:
    facts = {1: DEATH_RECORD, 2: RecordFacts(), 3: DEATH_RECORD}
    res = cluster([1, 2, 3], [(1, 2, 0.97), (2, 3, 0.999)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1,), (2, 3)}
    assert any("death record" in r.reason for r in res.refusals)


def test_a_cluster_holding_a_death_record_is_joined_only_at_that_certainty() -> None:
    # 1 is a death record linked for sure to the register 2; the family's report 3 is close to
    # the register, yet joining it would tell that family of the death on a weaker pair.
    facts = {1: DEATH_RECORD, 2: RecordFacts(), 3: RecordFacts(), 4: RecordFacts()}
    edges = [(1, 2, 0.999), (2, 3, 0.97), (3, 4, 0.96)]
    res = cluster([1, 2, 3, 4], edges, facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3, 4)}
    assert any(r.b == 3 and "death record" in r.reason for r in res.refusals)


def test_records_that_both_say_the_person_died_join_at_the_usual_threshold() -> None:
    """A register's "متوفى" and a family's "died under torture": joining them tells no one of a
    death their own records do not already tell. A death on one side only, or a death record
    on either (even beside a record that says the person died), still needs the certainty."""
    facts = {1: SAYS_DIED, 2: SAYS_DIED, 3: RecordFacts(), 4: DEATH_RECORD, 5: SAYS_DIED}
    edges = [(1, 2, 0.95), (2, 3, 0.96), (4, 5, 0.97)]
    res = cluster([1, 2, 3, 4, 5], edges, facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3,), (4,), (5,)}
    refused = {(r.a, r.b) for r in res.refusals if "death record" in r.reason}
    assert refused == {(2, 3), (4, 5)}


def test_no_one_is_released_or_arrested_after_he_died() -> None:
    """A release list's man released in 2016 is not the man a death record says died in 2014,
    even through a register both score well against, nor is a man a register says was arrested
    in 2015; released in 2012 and dead in 2014 is one life (re-arrested), and so is a death and a
    release in one year (dates slip within it)."""
    facts = {
        1: RecordFacts(is_death=True, death_year=2014),  # a list that says he died in 2014
        2: RecordFacts(arrest_year=2011),  # the register
        3: RecordFacts(release_year=2016),
        4: RecordFacts(release_year=2012),
        5: RecordFacts(is_death=True, death_year=2015),
        6: RecordFacts(release_year=2015),
        7: RecordFacts(arrest_year=2015),
    }
    edges = [(1, 2, 0.99), (2, 3, 0.98), (2, 4, 0.97), (5, 6, 0.96), (7, 1, 0.95)]
    res = cluster([1, 2, 3, 4, 5, 6, 7], edges, facts, 0.9, 0.9)  # the death certainty aside
    assert _groups(res.clusters) == {(1, 2, 4), (3,), (5, 6), (7,)}
    assert [(r.a, r.b) for r in res.refusals] == [(2, 3), (7, 1)]
    assert {r.reason for r in res.refusals} == {"a release or an arrest dated after a death"}


def test_human_decisions_win() -> None:
    res = cluster(
        [1, 2, 3, 4],
        [(1, 2, 0.999), (3, 4, 0.1)],
        {},
        0.9,
        0.995,
        must_link=[(3, 4)],
        cannot_link=[(1, 2)],
    )
    assert _groups(res.clusters) == {(1,), (2,), (3, 4)}


def test_a_shared_national_number_overrides_a_given_name_conflict() -> None:
    facts = {
        1: RecordFacts(given=("حسن", "hsn"), national_id="01234567890"),
        2: RecordFacts(given=("حسين", "hsn"), national_id="01234567890"),
        3: RecordFacts(given=("عمر", "mr"), family=("حلبي", "hlb")),
        4: RecordFacts(given=("حلبي", "hlb"), family=("عمر", "mr")),  # family name first
    }
    res = cluster([1, 2, 3, 4], [(1, 2, 0.9999), (3, 4, 0.95)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3, 4)}


def test_an_ambiguous_spelling_meets_its_other_reading() -> None:
    facts = {
        1: RecordFacts(given=("باقر", "bkr", "baker", "بكر")),  # Baker: باقر, else بكر
        2: RecordFacts(given=("بكر", "bkr", None, None)),
        3: RecordFacts(given=("حسين", "hsn", None, None)),
    }
    res = cluster([1, 2, 3], [(1, 2, 0.99), (1, 3, 0.98)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3,)}


def test_a_given_name_that_is_only_the_others_family_name_is_a_brother() -> None:
    # Syrian family names are given names with the article: Khalil son of Mohammad al-Khalil
    # and his brother Salah share father and family, and Khalil is the family name of both.
    # Only a swap both ways (each one's given name the other's family name) is a clerk's.
    khalil, salah = ("خليل", "khl"), ("صلاح", "slh")
    father, family = ("محمد", "mhmd"), ("خليل", "khl")
    facts = {
        1: RecordFacts(given=khalil, father=father, family=family),
        2: RecordFacts(given=salah, father=father, family=family),
        3: RecordFacts(given=salah, father=father, family=family),
        4: RecordFacts(given=family, family=salah),  # الخليل صلاح: family and given swapped
    }
    res = cluster([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.99)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1,), (2,), (3, 4)}
    assert res.refusals[0].reason == "different given names"


def test_a_national_number_mistyped_by_a_digit_overrides_a_given_name_conflict() -> None:
    # One person, the given name replaced and the number mistyped (a digit replaced, or two
    # adjacent digits transposed), the family name the same: merged.
    facts = {
        1: RecordFacts(given=("حسن", "hsn"), family=("حلبي", "hlb"), national_id="01234567890"),
        2: RecordFacts(given=("عمر", "mr"), family=("حلبي", "hlb"), national_id="01234507890"),
        3: RecordFacts(given=(None, "dnl", "daniella"), family=(None, "btrd", "boothroyd")),
        4: RecordFacts(given=(None, "lkln", "lachlan"), family=(None, "btrd", "boothroyd")),
    }
    facts[3].national_id, facts[4].national_id = "7721398", "7723198"
    res = cluster([1, 2, 3, 4], [(1, 2, 0.99), (3, 4, 0.99)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3, 4)}


def test_brothers_stay_apart_with_their_own_national_numbers_or_none() -> None:
    # Same father, family and mother, different given names: brothers (twins with one birth
    # date). Their numbers differ wholly, or only in the last digit (registered in sequence),
    # or they have none; a number one digit off with another family name is no typo either.
    hasan, omar = ("حسن", "hsn"), ("عمر", "mr")

    def brother(given: tuple[str, str], number: str | None = None) -> RecordFacts:
        return RecordFacts(
            given=given, father=("محمد", "mhmd"), family=("حلبي", "hlb"), national_id=number
        )

    facts = {
        1: brother(hasan, "01234567890"),
        2: brother(omar, "07765432109"),
        3: brother(hasan, "01234567890"),
        4: brother(omar, "01234567891"),
        5: brother(hasan),
        6: brother(omar),
        7: RecordFacts(given=hasan, family=("حلبي", "hlb"), national_id="01234567890"),
        8: RecordFacts(given=omar, family=("شامي", "shm"), national_id="01234507890"),
    }
    edges = [(1, 2, 0.99), (3, 4, 0.99), (5, 6, 0.99), (7, 8, 0.99)]
    res = cluster(list(facts), edges, facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(pk,) for pk in facts}
    assert {r.reason for r in res.refusals} == {"different given names"}


def test_what_counts_as_a_national_number_mistyped() -> None:
    assert id_typo("01234567890", "01234576890")  # two adjacent digits transposed
    assert id_typo("01234567890", "01234567809")  # ... the last two too
    assert id_typo("01234567890", "91234567890")  # one digit replaced
    assert not id_typo("01234567890", "01234567891")  # the last digit: numbers in sequence
    assert not id_typo("01234567890", "01234567890")  # the same number is not a typo
    assert not id_typo("01234567890", "01234967850")  # two digits apart swapped
    assert not id_typo("01234567890", "0123456789")  # a digit lost: another length
    assert not id_typo("12345", "12845")  # too short to tell a typo from another number


def test_typos_and_lost_dots_in_a_given_name_the_tables_lack_do_not_refuse() -> None:
    """فامطة (two letters swapped) is فاطمة; مشغود (dots misplaced in a scan) is مسعود; a name the
    tables know apart (حسين) still refuses, and so does an unknown writing that is neither."""
    facts = {
        1: RecordFacts(given=("فاطمة", "ftm", None, None, "ڡاطمه")),
        2: RecordFacts(given=(None, "fmt", None, None, "ڡامطه")),
        3: RecordFacts(given=("مسعود", "msd", None, None, "مسعود")),
        4: RecordFacts(given=(None, "mcgd", None, None, "مسعود")),
        5: RecordFacts(given=("حسين", "hsn", None, None, "حسٮں")),
        6: RecordFacts(given=(None, "ksr", None, None, "کسر")),
    }
    edges = [(1, 2, 0.99), (3, 4, 0.99), (3, 5, 0.99), (4, 6, 0.99)]
    res = cluster([1, 2, 3, 4, 5, 6], edges, facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3, 4), (5,), (6,)}


def test_a_shared_national_number_overrides_a_sex_read_from_a_misspelt_name() -> None:
    """Sarah / "Saraj" (read as سراج, a man's name): one number, one person. Without the
    number the sexes still refuse."""
    facts = {
        1: RecordFacts(sex="f", given=(None, "sr", "sarah"), national_id="4115888"),
        2: RecordFacts(sex="m", given=("سراج", "srj", "saraj"), national_id="4115888"),
        3: RecordFacts(sex="f", given=(None, "sr", "sarah")),
        4: RecordFacts(sex="m", given=("سراج", "srj", "saraj")),
    }
    res = cluster([1, 2, 3, 4], [(1, 2, 0.999), (3, 4, 0.999)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3,), (4,)}
    assert [r.reason for r in res.refusals] == ["different sexes"]


def test_the_given_name_veto_can_be_turned_off_for_lists_without_relatives() -> None:
    """Off, two wholly different given names merge on the model's word; the other constraints
    (detainee numbers, sexes, human decisions) still hold."""
    facts = {
        1: RecordFacts(given=(None, "dnl", "daniella"), family=(None, "bthrd")),
        2: RecordFacts(given=(None, "lchln", "lachlan"), family=(None, "bthrd")),
        3: RecordFacts(sex="m", given=(None, "jsh", "joshua")),
        4: RecordFacts(sex="f", given=(None, "zr", "zara")),
    }
    edges = [(1, 2, 0.9999), (3, 4, 0.9999)]
    on = cluster([1, 2, 3, 4], edges, facts, 0.9, 0.995)
    off = cluster([1, 2, 3, 4], edges, facts, 0.9, 0.995, given_name_veto=False)
    assert _groups(on.clusters) == {(1,), (2,), (3,), (4,)}
    assert _groups(off.clusters) == {(1, 2), (3,), (4,)}
    assert [r.reason for r in off.refusals] == ["different sexes"]


def test_the_years_of_a_death_a_release_and_an_arrest_come_from_the_records() -> None:
    """A death record and a release list are dated by the end of the detention; a family's
    report by the arrest, whatever it says of his fate."""
    rows = [
        {"pk": 1, "source_kind": "death_record", "event_date": "2014-05-02", "status": "deceased"},
        {"pk": 2, "source_kind": "release_list", "event_date": "2016", "status": "released"},
        {"pk": 3, "source_kind": "family_report", "event_date": "2012-03", "status": "deceased"},
    ]
    facts = pipeline.record_facts(pipeline.features_of(rows))
    assert (facts[1].death_year, facts[1].release_year) == (2014, None)
    assert (facts[2].death_year, facts[2].release_year) == (None, 2016)
    assert (facts[3].death_year, facts[3].release_year, facts[3].arrest_year) == (None, None, 2012)
    assert facts[1].arrest_year is None
