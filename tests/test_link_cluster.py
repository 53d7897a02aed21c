"""Constrained clustering: what may never be merged, whatever the scores say."""

from __future__ import annotations

from athar.link.cluster import RecordFacts, cluster


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


def test_death_records_need_high_certainty() -> None:
    facts = {1: RecordFacts(is_death=True), 2: RecordFacts(), 3: RecordFacts(is_death=True)}
    res = cluster([1, 2, 3], [(1, 2, 0.97), (2, 3, 0.999)], facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1,), (2, 3)}
    assert any("death record" in r.reason for r in res.refusals)


def test_a_cluster_holding_a_death_record_is_joined_only_at_that_certainty() -> None:
    # 1 is a death record linked for sure to the register 2; the family's report 3 is close to
    # the register, yet joining it would tell that family of the death on a weaker pair.
    facts = {1: RecordFacts(is_death=True), 2: RecordFacts(), 3: RecordFacts(), 4: RecordFacts()}
    edges = [(1, 2, 0.999), (2, 3, 0.97), (3, 4, 0.96)]
    res = cluster([1, 2, 3, 4], edges, facts, 0.9, 0.995)
    assert _groups(res.clusters) == {(1, 2), (3, 4)}
    assert any(r.b == 3 and "death record" in r.reason for r in res.refusals)


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
