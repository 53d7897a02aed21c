"""Inquiry pages, for caseworkers (and admins): the list with status filters, registering a
family's inquiry, one inquiry (candidates, status moves, the contact behind a logged click) and
the caseworker's alerts. JSON twin: ``/api/inquiries/...`` (``api_inquiries.py``).

What an inquiry page shows is ``athar.inquiries.inquiry_view``: death is never shown before a
caseworker confirms it. The contact is left out of the view and read only on request
(``inquiries.contact``, which logs every reading).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.inquiries import (
    MOVES,
    InquiryRefused,
    change_status,
    check_inquiry,
    contact,
    inquiry_view,
    list_inquiries,
    register_inquiry,
    set_candidate,
    shown_outcome,
    visible_alerts,
)
from athar.inquiries.service import SOUGHT_FIELDS
from athar.inquiries.status import IllegalMove
from athar.review.queue import field_weights
from athar.store.casework import INQUIRY_STATUSES, OUTCOMES
from athar.web.audit import audit, viewed
from athar.web.auth import Principal, principal, require, store_of
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
#: The form's fields for the sought person (``notes`` is not asked for on the form).
FORM_SOUGHT: tuple[str, ...] = tuple(f for f in SOUGHT_FIELDS if f != "notes")


def alert_count(request: Request) -> int:
    """How many new candidates wait in the signed-in caseworker's queue (the nav's badge)."""
    who = principal(request)
    if who is None or not who.has(("caseworker",)):
        return 0
    return len(visible_alerts(store_of(request), who.name, who.user.role))


@router.get("/inquiries")
def inquiries_page(request: Request, who: Caseworker, status: str = "") -> Response:
    chosen = status if status in INQUIRY_STATUSES else ""
    found = list_inquiries(store_of(request), [chosen] if chosen else None)
    return render(
        request,
        "casework/inquiries.html",
        inquiries=found,
        status=chosen,
        statuses=INQUIRY_STATUSES,
        outcome_of=shown_outcome,
        alerts=alert_count(request),
    )


@router.get("/inquiries/new")
def new_form(request: Request, who: Caseworker) -> Response:
    return render(request, "casework/inquiry_new.html", values={}, errors={})


@router.post("/inquiries/new")
async def register(request: Request, who: Caseworker) -> Response:
    """Register the inquiry and match it at once; the form again, with what is wrong next to
    each field, when it cannot be registered."""
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if k != "csrf_token"}
    sought = {f: values.get(f, "") for f in FORM_SOUGHT}
    consent = values.get("consent_given") == "yes"
    errors = check_inquiry(
        sought,
        requester_name=values.get("requester_name", ""),
        consent_given=consent,
        consent_how=values.get("consent_how", ""),
        consent_date=values.get("consent_date", ""),
    )
    if not errors:
        try:
            inquiry_id, _found = register_inquiry(
                store_of(request),
                sought,
                requester_name=values.get("requester_name", ""),
                requester_relation=values.get("requester_relation", ""),
                contact=values.get("contact", ""),
                consent_given=consent,
                consent_how=values.get("consent_how", ""),
                consent_date=values.get("consent_date", ""),
                assigned_to=who.name,
                by=who.name,
            )
        except InquiryRefused as exc:
            errors = {"": str(exc)}
        else:
            return RedirectResponse(f"/inquiries/{inquiry_id}?registered=1", status_code=303)
    return render(
        request, "casework/inquiry_new.html", status_code=400, values=values, errors=errors
    )


def _inquiry(
    request: Request, who: Principal, inquiry_id: int, status_code: int = 200, **context: object
) -> Response:
    store = store_of(request)
    try:
        view = inquiry_view(store, inquiry_id, who.user.role, who.name, with_contact=False)
    except InquiryRefused as exc:
        raise HTTPException(404, str(exc)) from exc
    audit(request, "inquiry.view", id=inquiry_id)
    for pid in sorted({c.person_id for c in view.candidates if c.person_id}):
        viewed(request, "person", pid)
    registered = request.query_params.get("registered", "")
    return render(
        request,
        "casework/inquiry.html",
        status_code=status_code,
        view=view,
        moves=sorted(MOVES[view.status]),
        outcomes=OUTCOMES,
        weights={c.candidate_id: field_weights(c.why) for c in view.candidates},
        registered=int(registered) if registered.isdigit() else None,
        **context,
    )


@router.get("/inquiries/{inquiry_id}")
def inquiry_page(request: Request, who: Caseworker, inquiry_id: int) -> Response:
    return _inquiry(request, who, inquiry_id)


@router.post("/inquiries/{inquiry_id}/contact")
def show_contact(request: Request, who: Caseworker, inquiry_id: int) -> Response:
    """The family's contact, decrypted on this click only (the reading is logged)."""
    store = store_of(request)
    try:
        inquiry_view(store, inquiry_id, who.user.role, who.name, with_contact=False)
        value = contact(store, inquiry_id, who.user.role, who.name)
    except InquiryRefused as exc:
        raise HTTPException(404, str(exc)) from exc
    if request.headers.get("hx-request") == "true":
        return render(request, "casework/_contact.html", contact=value)
    return _inquiry(request, who, inquiry_id, contact=value, contact_shown=True)


@router.post("/inquiries/{inquiry_id}/status")
async def move(request: Request, who: Caseworker, inquiry_id: int) -> Response:
    """Move the inquiry (``to``, ``reason``; ``outcome`` and ``person`` when confirming)."""
    form = await request.form()
    to = str(form.get("to", ""))
    outcome = str(form.get("outcome", "")) if to == "confirmed" else ""
    person = str(form.get("person", "")) if to == "confirmed" else ""
    try:
        change_status(
            store_of(request),
            inquiry_id,
            to,
            reason=str(form.get("reason", "")),
            by=who.name,
            outcome=outcome or None,
            person=person or None,
        )
    except (InquiryRefused, IllegalMove, ValueError) as exc:
        return _inquiry(request, who, inquiry_id, status_code=409, error=str(exc))
    return RedirectResponse(f"/inquiries/{inquiry_id}", status_code=303)


@router.post("/inquiries/{inquiry_id}/candidates/{candidate_id}/{state}")
def mark_candidate(
    request: Request, who: Caseworker, inquiry_id: int, candidate_id: int, state: str
) -> Response:
    """Mark a candidate ``seen`` (the alert is read) or ``dismissed`` (not the sought person)."""
    store = store_of(request)
    if state not in ("seen", "dismissed"):
        raise HTTPException(404, f"unknown state {state!r}")
    try:
        view = inquiry_view(store, inquiry_id, who.user.role, who.name, with_contact=False)
    except InquiryRefused as exc:
        raise HTTPException(404, str(exc)) from exc
    if candidate_id not in {c.candidate_id for c in view.candidates}:
        raise HTTPException(404, f"no candidate {candidate_id} on inquiry {inquiry_id}")
    set_candidate(store, candidate_id, state, who.name)
    back = request.query_params.get("next", "")
    target = "/alerts" if back == "alerts" else f"/inquiries/{inquiry_id}"
    return RedirectResponse(target, status_code=303)


@router.get("/alerts")
def alerts_page(request: Request, who: Caseworker) -> Response:
    """New candidates on the caseworker's live inquiries, newest first."""
    found = visible_alerts(store_of(request), who.name, who.user.role)
    for pid in sorted({a.person_id for a in found if a.person_id}):
        viewed(request, "person", pid)
    return render(request, "casework/alerts.html", alerts=found)


section = Section(
    name="inquiries",
    router=router,
    nav=(
        NavLink("/inquiries", N_("Inquiries"), order=40),
        NavLink("/alerts", N_("Alerts"), order=41, badge=alert_count),
    ),
)
