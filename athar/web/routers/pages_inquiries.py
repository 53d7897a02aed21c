"""Inquiry pages, for caseworkers (and admins): the list with status filters, registering a
family's inquiry, one inquiry (candidates, status moves, the contact and the death evidence
behind logged clicks) and the caseworker's alerts. JSON twin: ``/api/inquiries/...``
(``api_inquiries.py``).

What an inquiry page shows is ``athar.inquiries.inquiry_view``: death is never shown before a
caseworker confirms it. The page only says how many records it holds back; a caseworker who
must weigh them before confirming "deceased" asks for them (``death_evidence_by_candidate``,
logged at every reading). The contact is left out of the view and read only on request
(``inquiries.contact``, which logs every reading).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from athar.inquiries import (
    NEXT_STEPS,
    IllegalMove,
    InquiryRefused,
    change_status,
    check_inquiry,
    contact,
    death_evidence_by_candidate,
    inquiry_view,
    list_inquiries,
    register_inquiry,
    set_candidate,
    shown_outcome,
    visible_alerts,
)
from athar.inquiries.service import SOUGHT_FIELDS
from athar.inquiries.view import InquiryView
from athar.review.queue import field_weights
from athar.store.casework import INQUIRY_STATUSES, OUTCOMES
from athar.store.casework_api import CandidateOut
from athar.store.casework_api import candidates as stored_candidates
from athar.web.audit import audit, viewed
from athar.web.auth import Principal, principal, require, store_of
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
#: The form's fields for the sought person (``notes`` is not asked for on the form).
FORM_SOUGHT: tuple[str, ...] = tuple(f for f in SOUGHT_FIELDS if f != "notes")
#: Status names in messages (the same words as the pages' ``status_label``).
STATUS_WORDS: dict[str, str] = {
    "open": N_("open"),
    "candidates": N_("candidates"),
    "confirmed": N_("confirmed"),
    "family_informed": N_("family informed"),
    "closed": N_("closed"),
}
#: A refused status change, worded for the caseworker, by the rule's code
#: (``IllegalMove.code``, ``InquiryRefused.code``); ``%(current)s``/``%(to)s`` are status names.
MOVE_PROBLEMS: dict[str, str] = {
    "stale": N_(
        "This inquiry was changed since the page was loaded (in another tab, or by someone "
        "else): it is now “%(current)s”. Nothing was changed; check it below and choose again."
    ),
    "already": N_("The inquiry is already “%(current)s”."),
    "not_allowed": N_("An inquiry that is “%(current)s” cannot move to “%(to)s”."),
    "unknown_status": N_("Choose the new status."),
    "needs_outcome": N_("To confirm, choose what became of the person."),
    "needs_person": N_("To confirm, choose the person the inquiry is about."),
    "outcome_only_confirming": N_("An outcome is chosen only when confirming."),
    "not_candidate": N_("That person is not among this inquiry's candidates."),
    "needs_reason": N_("Give the reason for the change."),
}


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


def _view(request: Request, who: Principal, inquiry_id: int) -> InquiryView:
    try:
        return inquiry_view(
            store_of(request), inquiry_id, who.user.role, who.name, with_contact=False
        )
    except InquiryRefused as exc:
        raise HTTPException(404, str(exc)) from exc


def _inquiry(
    request: Request,
    who: Principal,
    inquiry_id: int,
    status_code: int = 200,
    problem: InquiryRefused | IllegalMove | None = None,
    **context: object,
) -> Response:
    view = _view(request, who, inquiry_id)
    audit(request, "inquiry.view", id=inquiry_id)
    for pid in sorted({c.person_id for c in view.candidates if c.person_id}):
        viewed(request, "person", pid)
    registered = request.query_params.get("registered", "")
    if problem is not None:
        context["error"] = move_problem(request, problem, view.status)
    return render(
        request,
        "casework/inquiry.html",
        status_code=status_code,
        view=view,
        moves=NEXT_STEPS[view.status],
        outcomes=OUTCOMES,
        weights={c.candidate_id: field_weights(c.why) for c in view.candidates},
        registered=int(registered) if registered.isdigit() else None,
        **context,
    )


def move_problem(request: Request, exc: InquiryRefused | IllegalMove, current: str) -> str:
    """A refused status change as the caseworker reads it, in the page's language (the
    domain's own message only for a rule this page does not know, which is a bug)."""
    _ = gettext_for(request)
    params = exc.params if isinstance(exc, IllegalMove) else {}
    if exc.code not in MOVE_PROBLEMS:
        return str(exc)
    words = {
        "current": _(STATUS_WORDS.get(current, current)),
        "to": _(STATUS_WORDS.get(params.get("to", ""), params.get("to", ""))),
    }
    return str(_(MOVE_PROBLEMS[exc.code]) % words)


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


@router.post("/inquiries/{inquiry_id}/death-evidence")
def show_death_evidence(request: Request, who: Caseworker, inquiry_id: int) -> Response:
    """The records that report a death among the candidates, and the candidates only they
    support, on this deliberate click only (every reading is logged), each then open to
    confirmation as deceased."""
    view = _view(request, who, inquiry_id)  # 404 for an unknown inquiry
    evidence = death_evidence_by_candidate(store_of(request), inquiry_id, who.user.role, who.name)
    for pid in sorted({e.candidate.person_id for e in evidence if e.candidate.person_id}):
        viewed(request, "person", pid)
    if request.headers.get("hx-request") == "true":
        return render(
            request,
            "casework/_death_evidence.html",
            view=view,
            moves=NEXT_STEPS[view.status],
            evidence=evidence,
        )
    return _inquiry(request, who, inquiry_id, evidence=evidence)


@router.get("/inquiries/{inquiry_id}/move-fields")
def move_fields(request: Request, who: Caseworker, inquiry_id: int, to: str = "") -> Response:
    """What the status form asks besides the reason: the outcome and the person when the move
    is a confirmation, nothing otherwise (HTMX swaps it in as the new status is chosen)."""
    view = _view(request, who, inquiry_id)
    return render(
        request,
        "casework/_move_fields.html",
        view=view,
        outcomes=OUTCOMES,
        move={"to": to},
    )


@router.post("/inquiries/{inquiry_id}/status")
async def move(request: Request, who: Caseworker, inquiry_id: int) -> Response:
    """Move the inquiry (``to``, ``reason``; ``outcome`` and ``person`` when confirming;
    ``from``, the status the form was built on, so a stale tab is told so)."""
    form = await request.form()
    to = str(form.get("to", ""))
    outcome = str(form.get("outcome", "")) if to == "confirmed" else ""
    person = str(form.get("person", "")) if to == "confirmed" else ""
    reason = str(form.get("reason", ""))
    try:
        change_status(
            store_of(request),
            inquiry_id,
            to,
            reason=reason,
            by=who.name,
            outcome=outcome or None,
            person=person or None,
            expected=str(form.get("from", "")) or None,
        )
    except InquiryRefused as exc:
        if exc.code == "unknown_inquiry":
            raise HTTPException(404, str(exc)) from exc
        return _inquiry(request, who, inquiry_id, 409, exc, move=_kept(form, exc))
    except IllegalMove as exc:
        return _inquiry(request, who, inquiry_id, 409, exc, move=_kept(form, exc))
    return RedirectResponse(f"/inquiries/{inquiry_id}", status_code=303)


def _kept(form: FormData, exc: InquiryRefused | IllegalMove) -> dict[str, str]:
    """What the caseworker chose, to fill the form again after a refusal (not after a stale
    move: the choice was made for a status the inquiry no longer has)."""
    if exc.code == "stale":
        return {}
    return {k: str(form.get(k, "")) for k in ("to", "outcome", "person", "reason")}


@router.post("/inquiries/{inquiry_id}/candidates/{candidate_id}/{state}")
def mark_candidate(
    request: Request, who: Caseworker, inquiry_id: int, candidate_id: int, state: str
) -> Response:
    """Mark a candidate ``seen`` (the alert is read) or ``dismissed`` (not the sought person)."""
    store = store_of(request)
    if state not in ("seen", "dismissed"):
        raise HTTPException(404, f"unknown state {state!r}")
    view = _view(request, who, inquiry_id)
    if candidate_id not in markable(view, state, stored_candidates(store, inquiry_id)):
        raise HTTPException(404, f"no candidate {candidate_id} on inquiry {inquiry_id}")
    set_candidate(store, candidate_id, state, who.name)
    back = request.query_params.get("next", "")
    target = "/alerts" if back == "alerts" else f"/inquiries/{inquiry_id}"
    return RedirectResponse(target, status_code=303)


def markable(view: InquiryView, state: str, held: list[CandidateOut]) -> set[int]:
    """The candidates a caseworker may mark ``state``: those the page shows; and, to dismiss,
    also those it holds back (offered only with the death evidence, read deliberately)."""
    shown = {c.candidate_id for c in view.candidates}
    if state != "dismissed":
        return shown
    return shown | {c.id for c in held if c.state != "dismissed"}


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
