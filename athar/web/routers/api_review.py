"""``/api/review``: the review queue, one pair explained, verdicts, merges, splits and undo — the
same domain functions as the review pages and ``athar review``.

Reviewers (and admins) decide; analysts may read the queue and pairs. A refused act (it would
contradict an earlier decision, or names what does not exist) answers 409 with the reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from athar.review.decide import (
    ActionResult,
    ReviewRefused,
    decide,
    merge,
    recent_actions,
    split,
    undo,
)
from athar.review.queue import ReviewItem, Side, pair_item, person_sides, review_queue
from athar.web.audit import viewed
from athar.web.auth import Principal, require, store_of
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["review"])
Reader = Annotated[Principal, Depends(require("reviewer", "analyst"))]
Reviewer = Annotated[Principal, Depends(require("reviewer"))]


class SideOut(BaseModel):
    """One record of a pair."""

    pk: int
    source: str
    record_id: str
    person_id: str | None
    name: str
    fields: dict[str, str]


class FieldDiffOut(BaseModel):
    """A field of both records: ``mark`` same, similar, different or missing, by what was
    compared (written, or read from another field)."""

    field: str
    a: str
    b: str
    mark: str
    level: str | None = None
    read_a: str = Field("", description="a side writing nothing: the value read from read_from")
    read_b: str = Field("", description="a side writing nothing: the value read from read_from")
    read_from: str = Field("", description="the field read_a / read_b were read from")


class FieldWeightOut(BaseModel):
    """The model's weight of evidence for one comparison (positive: the same person)."""

    field: str
    label: str
    level: str
    weight: float


class ReviewItemOut(BaseModel):
    """A pair to review: both records, their differences, the model's reading."""

    a: SideOut
    b: SideOut
    probability: float
    weight: float
    rule: str
    priority: float
    together: bool = Field(description="both records are one person now")
    reach: int = Field(description="records the answer would move")
    diffs: list[FieldDiffOut]
    weights: list[FieldWeightOut]


class PairOut(ReviewItemOut):
    notes: list[str] = Field(description="decision in force, persons, how the pair was scored")


class DecisionIn(BaseModel):
    a: int
    b: int
    answer: Literal["accept", "reject", "unsure"]
    reason: str = ""


class ReasonIn(BaseModel):
    reason: str = ""


class MergeIn(BaseModel):
    persons: list[str] = Field(min_length=2)
    reason: str = ""


class SplitIn(BaseModel):
    person: str
    records: list[int] = Field(min_length=1, description="the records that go apart")
    reason: str = ""


class ActionOut(BaseModel):
    """What an act did: its id (to undo it), decisions written, persons now holding the
    records it touched, whether persons changed at once."""

    action_id: int
    decision_ids: list[int]
    persons: list[str]
    regrouped: bool


class RecentOut(BaseModel):
    """A review act as the list of recent decisions shows it."""

    id: int
    kind: str
    persons: list[str]
    before: list[list[int]]
    after: list[list[int]]
    reason: str
    decided_by: str
    decided_at: datetime
    undoes: int | None
    undone_by: int | None


def side_out(s: Side) -> SideOut:
    return SideOut(
        pk=s.pk,
        source=s.source,
        record_id=s.record_id,
        person_id=s.person_id,
        name=s.name,
        fields=s.fields,
    )


def item_out(item: ReviewItem) -> dict[str, object]:
    return {
        "a": side_out(item.a),
        "b": side_out(item.b),
        "probability": item.probability,
        "weight": item.weight,
        "rule": item.rule,
        "priority": item.priority,
        "together": item.together,
        "reach": item.reach,
        "diffs": [FieldDiffOut(**vars(d)) for d in item.diffs],
        "weights": [FieldWeightOut(**vars(w)) for w in item.weights],
    }


def _audit(request: Request, sides: list[Side]) -> None:
    for pid in sorted({s.person_id for s in sides if s.person_id}):
        viewed(request, "person", pid)


def _act(result: ActionResult) -> ActionOut:
    return ActionOut(
        action_id=result.action_id,
        decision_ids=result.decision_ids,
        persons=result.persons,
        regrouped=result.regrouped,
    )


@router.get("/review/queue", response_model=list[ReviewItemOut])
def queue(
    request: Request, who: Reader, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[ReviewItemOut]:
    """The pairs whose answer would change the registry most, first (see ``review.queue``)."""
    items = review_queue(store_of(request), limit)
    _audit(request, [s for i in items for s in (i.a, i.b)])
    return [ReviewItemOut.model_validate(item_out(i)) for i in items]


@router.get("/review/pair/{a}/{b}", response_model=PairOut)
def pair(request: Request, who: Reader, a: int, b: int) -> PairOut:
    """Two records side by side with the model's per-field weights (the last run's score of the
    pair, or scored now with its model)."""
    try:
        item, notes = pair_item(store_of(request), a, b)
    except KeyError as exc:
        raise HTTPException(404, str(exc).strip("'\"")) from exc
    _audit(request, [item.a, item.b])
    return PairOut.model_validate({**item_out(item), "notes": notes})


@router.post("/review/decide", response_model=ActionOut)
def decide_pair(request: Request, body: DecisionIn, who: Reviewer) -> ActionOut:
    """Accept (same person), reject (different persons) or leave a pair unsure, with a reason.
    Applied to the persons at once; undo with the returned ``action_id``."""
    try:
        return _act(decide(store_of(request), body.a, body.b, body.answer, body.reason, who.name))
    except ReviewRefused as exc:
        raise HTTPException(409, str(exc)) from exc


@router.post("/review/undo/{action_id}", response_model=ActionOut)
def undo_action(request: Request, action_id: int, body: ReasonIn, who: Reviewer) -> ActionOut:
    """Undo a review act: its decisions are undone (kept in history) and the records it
    regrouped return to their grouping before it."""
    try:
        return _act(undo(store_of(request), action_id, body.reason, who.name))
    except ReviewRefused as exc:
        raise HTTPException(409, str(exc)) from exc


@router.get("/review/actions", response_model=list[RecentOut])
def actions(
    request: Request, who: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 20
) -> list[RecentOut]:
    """The latest review acts, newest first."""
    return [
        RecentOut(
            id=a.id,
            kind=a.kind,
            persons=a.persons,
            before=a.before,
            after=a.after,
            reason=a.reason,
            decided_by=a.decided_by,
            decided_at=a.decided_at,
            undoes=a.undoes,
            undone_by=a.undone_by,
        )
        for a in recent_actions(store_of(request), limit)
    ]


@router.get("/review/persons/{person}", response_model=list[SideOut])
def person_records(request: Request, person: str, who: Reviewer) -> list[SideOut]:
    """A current person's records, as the split form lists them."""
    sides = person_sides(store_of(request), person)
    if not sides:
        raise HTTPException(404, f"no current person {person}")
    viewed(request, "person", person)
    return [side_out(s) for s in sides]


@router.post("/review/merge", response_model=ActionOut)
def merge_persons(request: Request, body: MergeIn, who: Reviewer) -> ActionOut:
    """Merge persons into one (refused when a reviewer called any of their records different)."""
    try:
        return _act(merge(store_of(request), body.persons, body.reason, who.name))
    except ReviewRefused as exc:
        raise HTTPException(409, str(exc)) from exc


@router.post("/review/split", response_model=ActionOut)
def split_person(request: Request, body: SplitIn, who: Reviewer) -> ActionOut:
    """Split a person: ``records`` and the rest become different persons."""
    try:
        return _act(split(store_of(request), body.person, body.records, body.reason, who.name))
    except ReviewRefused as exc:
        raise HTTPException(409, str(exc)) from exc


section = Section(name="api-review", router=router)
