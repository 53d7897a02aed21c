"""Reviewers' acts: a verdict on a pair, a merge or a split of persons — and undoing any of them.

Every act is written as decisions (``Store.add_decision``), the currency linkage already honours:

- accept / reject / unsure a pair → one decision "same" / "different" / "unsure";
- merge persons → "same" between one record (the lowest pk) and every other record of them;
- split a person → "different" between every record of one group and every record of the other.

It is then applied to the persons at once, without a full re-link: the records it touches are
regrouped, everything else keeps its person, and the new grouping is stored as a "review" run
(``Store.assign_persons``, so ids stay stable and the decision check runs). A rejected pair
inside one person is regrouped by the constrained clustering of ``athar.link.cluster`` on that
person's own links. Each act is kept as a review action with the grouping before and after, so
``undo`` can undo its decisions and restore that grouping. Later ``athar link`` runs honour the
decisions (must-link / cannot-link), so nothing a reviewer did is lost by a re-link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from athar.config import settings
from athar.link.cluster import cluster
from athar.store import Store
from athar.store.casework_api import (
    ReviewActionOut,
    current_partition,
    links_among,
    review_action,
    review_actions,
    save_review_action,
)

#: A reviewer's answer → the stored verdict.
ANSWERS: dict[str, str] = {"accept": "same", "reject": "different", "unsure": "unsure"}


class ReviewRefused(ValueError):
    """The act contradicts what reviewers decided before, or names what does not exist.

    ``code`` says which refusal it is (one of ``REFUSALS``, "" for the rest) and ``params``
    its particulars, so a page can word it for people in their language; ``str()`` is the
    detailed message for the CLI, the API and the logs."""

    def __init__(self, message: str, code: str = "", **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


#: Refusals a reviewer meets through the pages' forms (``ReviewRefused.code``).
REFUSALS = ("too_few_persons", "unknown_person", "one_side_empty", "decided_otherwise")


@dataclass(frozen=True)
class ActionResult:
    """What an act did: its action id (for undo), the decisions written, the persons now
    holding the records it touched, and whether the persons changed at once."""

    action_id: int
    decision_ids: list[int]
    persons: list[str]
    regrouped: bool


def decide(store: Store, a: int, b: int, answer: str, reason: str, by: str) -> ActionResult:
    """Accept (same person), reject (different persons) or leave unsure a pair of records."""
    if answer not in ANSWERS:
        raise ReviewRefused(f"answer must be one of {sorted(ANSWERS)}, not {answer!r}")
    if a == b:
        raise ReviewRefused(f"a pair needs two records, got {a} twice")
    missing = [pk for pk in (a, b) if store.record(pk) is None]
    if missing:
        raise ReviewRefused(f"no record {missing[0]}")
    partition = current_partition(store)
    person_of = _person_of(partition)
    pa, pb = person_of.get(a), person_of.get(b)
    before: list[list[int]] = []
    after: list[list[int]] = []
    if answer == "accept" and pa and pb and pa != pb:
        before = [partition[pa], partition[pb]]
        after = [sorted(partition[pa] + partition[pb])]
    elif answer == "reject" and pa and pa == pb:
        before = [partition[pa]]
        after = _regroup_apart(store, partition[pa], a, b)
    pair = {(min(a, b), max(a, b))}
    _refuse_conflicts(store, partition, before, after, pair)
    decision = store.add_decision(a, b, ANSWERS[answer], reason, by)
    return _finish(store, answer, [decision], before, after, reason, by)


def merge(store: Store, persons: Sequence[str], reason: str, by: str) -> ActionResult:
    """Join persons into one: every record of theirs is the same person as the first."""
    wanted = list(dict.fromkeys(persons))
    if len(wanted) < 2:
        raise ReviewRefused("a merge needs two different persons", "too_few_persons")
    partition = current_partition(store)
    for pid in wanted:
        if pid not in partition:
            raise ReviewRefused(
                f"no current person {pid} (retired or unknown)", "unknown_person", person=pid
            )
    before = [partition[p] for p in wanted]
    union = sorted(pk for group in before for pk in group)
    anchor = union[0]
    pairs = [(anchor, pk) for pk in union[1:]]
    inside = set(union)
    apart = [d for d in store.decisions() if d.verdict == "different" and {d.a, d.b} <= inside]
    if apart:  # a merge never overrides a reviewer's "different" silently
        shown = ", ".join(f"{d.a}~{d.b} (decision {d.id})" for d in apart[:5])
        raise ReviewRefused(
            f"reviewers called these records different: {shown}; undo first", "decided_otherwise"
        )
    _refuse_conflicts(store, partition, before, [union], set(pairs))
    held = {(d.a, d.b) for d in store.decisions() if d.verdict == "same"}
    ids = [store.add_decision(x, y, "same", reason, by) for x, y in pairs if (x, y) not in held]
    return _finish(store, "merge", ids, before, [union], reason, by)


def split(store: Store, person: str, records: Iterable[int], reason: str, by: str) -> ActionResult:
    """Part a person in two: ``records`` and the rest are different persons."""
    partition = current_partition(store)
    if person not in partition:
        raise ReviewRefused(
            f"no current person {person} (retired or unknown)", "unknown_person", person=person
        )
    mine = partition[person]
    group = sorted(set(records))
    strangers = [pk for pk in group if pk not in mine]
    if strangers:
        raise ReviewRefused(f"records {strangers} are not records of {person}")
    rest = [pk for pk in mine if pk not in group]
    if not group or not rest:
        raise ReviewRefused(
            f"a split needs records on both sides; {person} has {mine}", "one_side_empty"
        )
    pairs = {(min(x, y), max(x, y)) for x in group for y in rest}
    _refuse_conflicts(store, partition, [mine], [group, rest], pairs)
    held = {(d.a, d.b) for d in store.decisions() if d.verdict == "different"}
    ids = [
        store.add_decision(x, y, "different", reason, by)
        for x, y in sorted(pairs)
        if (x, y) not in held
    ]
    return _finish(store, "split", ids, [mine], [group, rest], reason, by)


def undo(store: Store, action_id: int, reason: str, by: str) -> ActionResult:
    """Undo an act: its decisions are undone (new rows; history stays) and the records it
    regrouped go back to the grouping they had before it."""
    action = review_action(store, action_id)
    if action is None:
        raise ReviewRefused(f"no review action {action_id}")
    if action.kind == "undo":
        raise ReviewRefused("an undo cannot be undone; do the act again instead")
    if action.undone_by is not None:
        raise ReviewRefused(f"review action {action_id} is already undone (by {action.undone_by})")
    partition = current_partition(store)
    live = {pk for pks in partition.values() for pk in pks}
    restore = [[pk for pk in g if pk in live] for g in action.before]
    restore = [g for g in restore if g]
    current = [partition[p] for p in _persons_holding(partition, restore)]
    pairs = {(d.a, d.b) for d in store.decisions() if d.id in set(action.decision_ids)}
    _refuse_conflicts(store, partition, current, restore, pairs, undoing=True)
    in_force = {d.id for d in store.decisions()}
    undone = [
        store.undo_decision(d, by, reason or f"undo of review action {action_id}")
        for d in action.decision_ids
        if d in in_force
    ]
    return _finish(store, "undo", undone, current, restore, reason, by, undoes=action_id)


def recent_actions(store: Store, limit: int = 10, by: str | None = None) -> list[ReviewActionOut]:
    """The latest review acts (of ``by`` when given), newest first, each saying whether it
    was undone: what a reviewer may still take back."""
    acts = [a for a in review_actions(store) if by is None or a.decided_by == by]
    return list(reversed(acts))[:limit]


# ------------------------------------------------------------------------- helpers


def _person_of(partition: dict[str, list[int]]) -> dict[int, str]:
    return {pk: pid for pid, pks in partition.items() for pk in pks}


def _persons_holding(partition: dict[str, list[int]], groups: list[list[int]]) -> list[str]:
    person_of = _person_of(partition)
    return sorted({person_of[pk] for g in groups for pk in g if pk in person_of})


def _regroup_apart(store: Store, records: list[int], a: int, b: int) -> list[list[int]]:
    """A person's records regrouped with ``a`` and ``b`` apart: constrained clustering on the
    person's own links, its decisions, and the new cannot-link."""
    conf = settings()
    inside = set(records)
    decisions = [d for d in store.decisions() if d.a in inside and d.b in inside]
    must = [(d.a, d.b) for d in decisions if d.verdict == "same"]
    cannot = [(d.a, d.b) for d in decisions if d.verdict == "different"] + [(a, b)]
    edges = [(lk.a, lk.b, lk.match_probability) for lk in links_among(store, records)]
    result = cluster(records, edges, {}, conf.link_threshold, 0.0, must, cannot)
    groups = [sorted(g) for g in result.clusters]
    if any(a in g and b in g for g in groups):
        raise ReviewRefused(
            f"records {a} and {b} are joined by earlier 'same' decisions; undo those first",
            "decided_otherwise",
        )
    return groups


def _refuse_conflicts(
    store: Store,
    partition: dict[str, list[int]],
    before: list[list[int]],
    after: list[list[int]],
    replaced: set[tuple[int, int]],
    *,
    undoing: bool = False,
) -> None:
    """Refuse an act whose new grouping goes against a decision in force other than the ones
    it replaces (or, when undoing, the ones it takes back)."""
    if not after:
        return
    touched = {pk for g in before for pk in g} | {pk for g in after for pk in g}
    groups = [[pk for pk in pks if pk not in touched] for pks in partition.values()]
    groups = [g for g in groups if g] + after
    clashes = [v for v in store.check_clusters(groups) if (v.a, v.b) not in replaced]
    if clashes:
        shown = ", ".join(
            f"{v.a}~{v.b} ({v.verdict}, decision {v.decision_id})" for v in clashes[:5]
        )
        what = "the undo" if undoing else "this"
        raise ReviewRefused(
            f"{what} contradicts earlier decisions: {shown}; undo those first", "decided_otherwise"
        )


def _finish(
    store: Store,
    kind: str,
    decision_ids: list[int],
    before: list[list[int]],
    after: list[list[int]],
    reason: str,
    by: str,
    undoes: int | None = None,
) -> ActionResult:
    run_id = _apply(store, before, after, by, kind)
    partition = current_partition(store)
    persons = _persons_holding(partition, after or before)
    action_id = save_review_action(
        store,
        kind,
        decision_ids=decision_ids,
        before=before,
        after=after,
        persons=persons,
        reason=reason,
        by=by,
        run_id=run_id,
        undoes=undoes,
    )
    return ActionResult(action_id, decision_ids, persons, run_id is not None)


def _apply(
    store: Store, before: list[list[int]], after: list[list[int]], by: str, kind: str
) -> int | None:
    """Regroup the touched records as ``after`` says, everyone else as they are; a "review"
    run holds the change. None when nothing changes."""
    if not after or {frozenset(g) for g in before} == {frozenset(g) for g in after}:
        return None
    partition = current_partition(store)
    live = {pk for pks in partition.values() for pk in pks}
    touched = {pk for g in before for pk in g} | {pk for g in after for pk in g}
    clusters = [[pk for pk in pks if pk not in touched] for pks in partition.values()]
    clusters = [c for c in clusters if c]
    clusters += [kept for g in after if (kept := [pk for pk in g if pk in live])]
    placed = {pk for g in after for pk in g}
    leftover: dict[str, list[int]] = {}  # touched records the act does not place stay together
    for pid, pks in partition.items():
        for pk in pks:
            if pk in touched and pk not in placed:
                leftover.setdefault(pid, []).append(pk)
    clusters += list(leftover.values())
    conf = settings()
    run_id = store.save_link_run(
        conf.link_threshold, settings={"kind": "review", "act": kind}, kind="review"
    )
    store.assign_persons(run_id, clusters, by=by)
    store.finish_link_run(run_id, {"act": kind, "records": len(touched)})
    return run_id
