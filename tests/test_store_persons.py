"""The stable person-id rule on its own (no database)."""

from __future__ import annotations

from athar.store.persons import inherit, person_id

SEQ = {"P-1": 1, "P-2": 2, "P-3": 3}


def test_person_id_format() -> None:
    assert person_id(123) == "P-000123"
    assert person_id(1_234_567) == "P-1234567"


def test_unchanged_clusters_keep_their_ids() -> None:
    previous = {1: "P-1", 2: "P-1", 3: "P-2"}
    assert inherit([(3,), (1, 2)], previous, SEQ) == ["P-2", "P-1"]


def test_split_keeps_the_id_on_the_larger_part() -> None:
    previous = {1: "P-1", 2: "P-1", 3: "P-1"}
    assert inherit([(1,), (2, 3)], previous, SEQ) == [None, "P-1"]
    # equal parts: the larger cluster (it gained a new record) keeps it
    assert inherit([(1, 9), (2,)], {1: "P-1", 2: "P-1"}, SEQ) == ["P-1", None]


def test_merge_keeps_the_larger_then_older_id() -> None:
    assert inherit([(1, 2, 3)], {1: "P-2", 2: "P-2", 3: "P-1"}, SEQ) == ["P-2"]
    assert inherit([(1, 2)], {1: "P-2", 2: "P-1"}, SEQ) == ["P-1"]


def test_a_cluster_falls_back_to_its_next_choice() -> None:
    # P-1 = {1,2,3,4}, P-2 = {5}; new {1,2,3} takes P-1, {4,5} falls back to P-2
    previous = {1: "P-1", 2: "P-1", 3: "P-1", 4: "P-1", 5: "P-2"}
    assert inherit([(1, 2, 3), (4, 5)], previous, SEQ) == ["P-1", "P-2"]


def test_new_records_get_no_id() -> None:
    assert inherit([(7, 8)], {}, SEQ) == [None]
