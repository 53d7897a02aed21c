"""Review: the queue, verdicts, merge and split applied at once, undo, and decisions that
survive a re-link — on a synthetic registry built with the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from casework_registry import build, runner, use_copy

from athar.cli import app
from athar.review.decide import ReviewRefused, decide, merge, split, undo
from athar.review.queue import priority, queue_order, review_queue
from athar.store import Store
from athar.store.casework_api import current_partition, review_actions

SOURCES = ("prison_register", "family_report", "release_list", "ngo_list", "death_record")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("review_registry")
    build(home, SOURCES)
    return home


@pytest.fixture
def registry(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from use_copy(built, tmp_path, monkeypatch)


def relink() -> str:
    result = runner.invoke(app, ["link"])
    assert result.exit_code == 0, result.output
    return result.output


def two_persons(store: Store) -> tuple[str, str]:
    multi = [p for p, pks in sorted(current_partition(store).items()) if len(pks) >= 2]
    return multi[0], multi[1]


def test_priority_measure() -> None:
    assert priority(0.5, False, 3) > priority(0.7, False, 3) > priority(0.85, False, 3)
    assert priority(0.92, True, 3) > priority(0.99, True, 3)
    assert priority(0.6, False, 7) > priority(0.6, False, 2)  # reaches more records
    # the registry contradicting the model (a refused merge) is full doubt
    assert priority(0.97, False, 3) == priority(0.5, False, 3)


class _Pair(NamedTuple):
    a: int
    b: int
    match_probability: float


def test_queue_order_leaves_out_decided_and_certain_linked_pairs() -> None:
    """The queue's order over pairs held in memory (``bench/review.py`` plays a reviewer on
    it): a pair a rule kept apart above the band is full doubt, like a pair at 0.5; a pair
    linked at certainty or already decided is not asked."""
    links = [
        _Pair(1, 2, 0.97),  # kept apart by a rule: the registry contradicts the model
        _Pair(3, 4, 0.5),
        _Pair(5, 6, 0.99),  # linked, certain
        _Pair(7, 8, 0.6),  # decided
        _Pair(9, 10, 0.8),  # together below the threshold: a merge by a decision elsewhere
        _Pair(11, 12, 0.7),
    ]
    person_of = {1: "p", 2: "q", 3: "r", 4: "s", 5: "t", 6: "t", 7: "u", 8: "v"}
    person_of |= {9: "w", 10: "w", 11: "x", 12: "y", 13: "y"}
    order = queue_order(links, person_of, {(7, 8)}, high=0.95, threshold=0.9)
    # three at full doubt (ties: nearest 0.5 first), then 0.7, whose answer reaches 3 records
    assert [(q.link.a, q.link.b) for q in order] == [(3, 4), (9, 10), (1, 2), (11, 12)]
    assert [q.reach for q in order] == [2, 2, 2, 3]
    assert [q.together for q in order] == [False, True, False, False]


def test_queue_orders_by_priority_and_shows_both_records(registry: Path) -> None:
    with Store.open() as store:
        items = review_queue(store, limit=15)
        assert items, "no pairs to review in the synthetic registry"
        assert [i.priority for i in items] == sorted((i.priority for i in items), reverse=True)
        for item in items:
            assert item.a.pk < item.b.pk and (item.a.name or item.b.name)
            marks = {d.mark for d in item.diffs}
            assert marks <= {"same", "similar", "different", "missing"}
            assert item.diffs, "no field compared"
            if item.rule == "model":
                assert item.weights and all(w.label for w in item.weights)
                weights = [abs(w.weight) for w in item.weights]
                assert weights == sorted(weights, reverse=True)
        names = [d for i in items for d in i.diffs if d.level is not None]
        assert names and all(d.field.endswith("name") for d in names)
        first = items[0]
        decide(store, first.a.pk, first.b.pk, "unsure", "cannot tell", "rev")
        again = review_queue(store, limit=200)
        assert (first.a.pk, first.b.pk) not in {(i.a.pk, i.b.pk) for i in again}


def test_accept_merges_at_once_and_undo_restores(registry: Path) -> None:
    with Store.open() as store:
        p1, p2 = two_persons(store)
        a, b = store.person_records(p1)[0], store.person_records(p2)[0]
        before = current_partition(store)
        result = decide(store, a, b, "accept", "same mother, same village", "amira")
        assert result.regrouped
        assert store.person_of(a) == store.person_of(b)
        merged = store.person_records(store.person_of(a) or "")
        assert sorted(merged) == sorted(before[p1] + before[p2])
        kinds = [e.kind for e in store.events()]
        assert "decision" in kinds and "review_accept" in kinds
        undo(store, result.action_id, "wrong pair", "amira")
        assert sorted(store.person_records(store.person_of(a) or "")) == before[p1]
        assert sorted(store.person_records(store.person_of(b) or "")) == before[p2]
        assert store.person_of(a) != store.person_of(b)
        with pytest.raises(ReviewRefused, match="already undone"):
            undo(store, result.action_id, "", "amira")
        assert [x.kind for x in review_actions(store)] == ["accept", "undo"]


def test_reject_splits_at_once_and_survives_a_relink(registry: Path) -> None:
    with Store.open() as store:
        person = next(p for p, pks in sorted(current_partition(store).items()) if len(pks) >= 3)
        a, b = store.person_records(person)[:2]
        result = decide(store, a, b, "reject", "different detainee photos", "amira")
        assert result.regrouped and store.person_of(a) != store.person_of(b)
    output = relink()
    with Store.open() as store:
        assert store.person_of(a) != store.person_of(b)
    # the run weighs its scores against the one decision, which holds whatever they say
    assert "reviewers' decisions: the model's scores agree with" in output
    assert " of 1 (the doubtful pairs" in output


def test_merge_and_split_survive_relink_and_undo(registry: Path) -> None:
    with Store.open() as store:
        p1, p2 = two_persons(store)
        r1, r2 = store.person_records(p1), store.person_records(p2)
        merged = merge(store, [p1, p2], "family confirmed", "amira")
        assert len(merged.decision_ids) == len(r1) + len(r2) - 1
        assert len({store.person_of(pk) for pk in r1 + r2}) == 1
    relink()
    with Store.open() as store:
        assert len({store.person_of(pk) for pk in r1 + r2}) == 1  # kept by the re-link
        undo(store, merged.action_id, "the family was wrong", "amira")
        assert store.person_of(r1[0]) != store.person_of(r2[0])
        assert {store.person_of(pk) for pk in r1} == {store.person_of(r1[0])}
        # split a person in two, then re-link: still two
        person = next(p for p, pks in sorted(current_partition(store).items()) if len(pks) >= 3)
        records = store.person_records(person)
        apart = records[:1]
        parted = split(store, person, apart, "two brothers", "amira")
        assert len(parted.decision_ids) == len(records) - 1
        assert store.person_of(apart[0]) != store.person_of(records[1])
    relink()
    with Store.open() as store:
        assert store.person_of(apart[0]) != store.person_of(records[1])
        undo(store, parted.action_id, "one man after all", "amira")
        assert store.person_of(apart[0]) == store.person_of(records[1])


def test_contradictions_and_bad_input_are_refused(registry: Path) -> None:
    with Store.open() as store:
        p1, p2 = two_persons(store)
        a, b = store.person_records(p1)[0], store.person_records(p2)[0]
        decide(store, a, b, "reject", "different people", "amira")
        with pytest.raises(ReviewRefused, match=f"{min(a, b)}~{max(a, b)}"):
            merge(store, [p1, p2], "", "amira")
        with pytest.raises(ReviewRefused, match="not records of"):
            split(store, p1, [b], "", "amira")
        with pytest.raises(ReviewRefused, match="both sides"):
            split(store, p1, store.person_records(p1), "", "amira")
        with pytest.raises(ReviewRefused, match="no current person"):
            merge(store, [p1, "P-999999"], "", "amira")
        with pytest.raises(ReviewRefused, match="answer must be"):
            decide(store, a, b, "maybe", "", "amira")
        accepted = decide(store, a, b, "accept", "seen together after all", "amira")
        assert store.person_of(a) == store.person_of(b)  # the newest verdict is in force
        assert accepted.regrouped


def test_review_cli(registry: Path) -> None:
    result = runner.invoke(app, ["review", "list", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "p=" in result.output
    with Store.open() as store:
        p1, p2 = two_persons(store)
        a, b = store.person_records(p1)[0], store.person_records(p2)[0]
        records = store.person_records(p1)
    result = runner.invoke(app, ["review", "decide", str(a), str(b), "accept", "--reason", "x"])
    assert result.exit_code == 0, result.output
    action = result.output.split("action ")[1].split(":")[0]
    result = runner.invoke(app, ["review", "undo", action])
    assert result.exit_code == 0, result.output
    with Store.open() as store:  # the undo gave the part that lost its id a new one
        p1, p2 = store.person_of(a) or "", store.person_of(b) or ""
    result = runner.invoke(app, ["review", "merge", p1, p2, "--reason", "x"])
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        person = store.person_of(a) or ""
    result = runner.invoke(app, ["review", "split", person, "--records", str(records[0])])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["review", "split", person, "--records", "999999"])
    assert result.exit_code == 1 and "refused" in result.output
