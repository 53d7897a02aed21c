"""Review pages: the queue of uncertain pairs (decided in place with HTMX, undone from the list of
recent decisions), one pair side by side, and merging or splitting persons.

Reviewers (and admins) decide; analysts may read the queue and the pairs. JSON twin:
``/api/review/...`` (``api_review.py``). Every person shown is audited (``person.view``); the
decisions log themselves (``review_*`` events).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.places.gazetteer import governorate
from athar.review.decide import ReviewRefused, decide, merge, recent_actions, split, undo
from athar.review.queue import (
    ReviewItem,
    pair_item,
    pending_count,
    person_sides,
    queue_and_total,
)
from athar.web.audit import viewed
from athar.web.auth import Principal, require, store_of
from athar.web.labels import STATUS_LABELS
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import gettext_for, render, request_language

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require("reviewer", "analyst"))]
Reviewer = Annotated[Principal, Depends(require("reviewer"))]
#: How many pairs the queue page offers at once.
QUEUE_SIZE = 15
DECIDERS = ("reviewer", "admin")
#: Refusals of ``athar.review.decide`` (``ReviewRefused.code``) as reviewers read them.
REFUSALS = {
    "too_few_persons": N_("A merge needs at least two different persons."),
    "unknown_person": N_(
        "There is no current person %(person)s: the id may be mistyped, or the person was "
        "merged into another."
    ),
    "one_side_empty": N_(
        "Tick the records that go to a new person, and leave at least one with this person."
    ),
    "decided_otherwise": N_(
        "This goes against earlier review decisions on these records. Undo those decisions "
        "first (under Recent decisions)."
    ),
}
SEXES = {"m": N_("male"), "f": N_("female")}


def refusal(request: Request, exc: ReviewRefused) -> str:
    """A refusal in the reviewer's language (its detailed English message when it has no
    wording of its own)."""
    wording = REFUSALS.get(exc.code)
    if wording is None:
        return str(exc)
    return gettext_for(request)(wording) % exc.params


def _reading_label(request: Request) -> Callable[[str, str], str]:
    """Names, in the page's language, of what the diff read from another field
    (``FieldDiff.read_a``): a governorate id, a status, a sex."""
    _ = gettext_for(request)
    arabic = request_language(request) == "ar"

    def label(field: str, code: str) -> str:
        if field == "governorate":
            try:
                place = governorate(code)
            except KeyError:
                return code
            return place.name_ar if arabic else place.name_en
        words = STATUS_LABELS if field == "status" else SEXES if field == "sex" else {}
        return _(words[code]) if code in words else code

    return label


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _audit_items(request: Request, items: list[ReviewItem]) -> None:
    for pid in sorted({p for i in items for p in (i.a.person_id, i.b.person_id) if p}):
        viewed(request, "person", pid)


def _queue_context(request: Request, who: Principal) -> dict[str, Any]:
    store = store_of(request)
    items, total = queue_and_total(store, QUEUE_SIZE)
    _audit_items(request, items)
    return {
        "items": items,
        "total": total,
        "recent": recent_actions(store, 10),
        "may_decide": who.user.role in DECIDERS,
        "reading_label": _reading_label(request),
    }


@router.get("/review")
def queue_page(request: Request, who: Reader) -> Response:
    return render(request, "casework/review_queue.html", **_queue_context(request, who))


@router.post("/review/decide")
def decide_pair(
    request: Request,
    who: Reviewer,
    a: Annotated[int, Form()],
    b: Annotated[int, Form()],
    answer: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Accept, reject or leave unsure a pair. With HTMX: the pair gives way to a notice (which
    takes the keyboard focus, so Tab goes on to the next pair), the queue's count and the recent
    decisions are redrawn; without: back to the queue."""
    store = store_of(request)
    try:
        result = decide(store, a, b, answer, reason.strip(), who.name)
    except ReviewRefused as exc:
        if _htmx(request):  # the pair again, saying why (HTMX swaps 2xx answers only)
            try:
                item, _notes = pair_item(store, a, b)
            except KeyError:
                return render(
                    request, "casework/_decided.html", error=refusal(request, exc), done=None
                )
            return render(
                request,
                "casework/_review_item.html",
                item=item,
                item_error=refusal(request, exc),
                may_decide=True,
                reading_label=_reading_label(request),
            )
        return render(
            request,
            "casework/review_queue.html",
            status_code=409,
            error=refusal(request, exc),
            **_queue_context(request, who),
        )
    if not _htmx(request):
        return RedirectResponse(f"/review?done={result.action_id}", status_code=303)
    return render(
        request,
        "casework/_decided.html",
        recent=recent_actions(store, 10),
        may_decide=True,
        done=result.action_id,
        total=pending_count(store),
    )


@router.post("/review/undo/{action_id}")
def undo_action(
    request: Request, who: Reviewer, action_id: int, reason: Annotated[str, Form()] = ""
) -> Response:
    """Undo a review act; with HTMX the queue and the recent decisions are redrawn (the pair
    comes back), without it back to the queue."""
    store = store_of(request)
    error = ""
    try:
        undo(store, action_id, reason.strip(), who.name)
    except ReviewRefused as exc:
        error = refusal(request, exc)
    if not _htmx(request) and not error:
        return RedirectResponse("/review", status_code=303)
    template = "casework/_review_work.html" if _htmx(request) else "casework/review_queue.html"
    return render(
        request,
        template,
        status_code=409 if error and not _htmx(request) else 200,  # HTMX swaps 2xx only
        error=error,
        **_queue_context(request, who),
    )


@router.get("/review/pair/{a}/{b}")
def pair_page(request: Request, who: Reader, a: int, b: int) -> Response:
    try:
        item, _notes = pair_item(store_of(request), a, b)
    except KeyError as exc:
        raise HTTPException(404, str(exc)) from exc
    _audit_items(request, [item])
    top = max((abs(w.weight) for w in item.weights), default=0.0) or 1.0
    return render(
        request,
        "casework/review_pair.html",
        item=item,
        top=top,
        may_decide=who.user.role in DECIDERS,
        reading_label=_reading_label(request),
    )


@router.get("/review/persons")
def persons_page(request: Request, who: Reviewer, persons: str = "") -> Response:
    """The merge form (``persons`` prefilled, space or comma separated) with each person's
    records."""
    wanted = _person_ids(persons)
    return _persons(request, wanted)


def _person_ids(text: str) -> list[str]:
    return list(dict.fromkeys(p for p in text.replace(",", " ").split() if p))


def _persons(
    request: Request, wanted: list[str], status_code: int = 200, **context: object
) -> Response:
    store = store_of(request)
    shown = {pid: person_sides(store, pid) for pid in wanted}
    for pid, sides in shown.items():
        if sides:
            viewed(request, "person", pid)
    return render(
        request,
        "casework/review_merge.html",
        status_code=status_code,
        persons=" ".join(wanted),
        shown=shown,
        **context,
    )


@router.post("/review/persons/merge")
def merge_persons(
    request: Request,
    who: Reviewer,
    persons: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    wanted = _person_ids(persons)
    try:
        result = merge(store_of(request), wanted, reason.strip(), who.name)
    except ReviewRefused as exc:
        return _persons(request, wanted, status_code=409, error=refusal(request, exc))
    target = result.persons[0] if result.persons else ""
    return RedirectResponse(f"/review/persons/{target}?done={result.action_id}", status_code=303)


@router.get("/review/persons/{person}")
def person_page(request: Request, who: Reviewer, person: str) -> Response:
    """One person's records, with the split form."""
    return _person(request, person)


def _person(request: Request, person: str, status_code: int = 200, **context: object) -> Response:
    sides = person_sides(store_of(request), person)
    if not sides:
        raise HTTPException(404, f"no current person {person}")
    viewed(request, "person", person)
    done = request.query_params.get("done", "")
    return render(
        request,
        "casework/review_person.html",
        status_code=status_code,
        person=person,
        sides=sides,
        done=int(done) if done.isdigit() else None,
        **context,
    )


@router.post("/review/persons/{person}/split")
def split_person(
    request: Request,
    who: Reviewer,
    person: str,
    records: Annotated[list[int] | None, Form()] = None,
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        result = split(store_of(request), person, records or [], reason.strip(), who.name)
    except ReviewRefused as exc:
        return _person(request, person, status_code=409, error=refusal(request, exc))
    target = person if person in result.persons else (result.persons or [person])[0]
    return RedirectResponse(f"/review/persons/{target}?done={result.action_id}", status_code=303)


section = Section(name="review", router=router, nav=(NavLink("/review", N_("Review"), order=30),))
