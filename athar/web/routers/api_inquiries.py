"""``/api/inquiries`` and ``/api/alerts``: families' inquiries for caseworkers (and admins) —
the same domain functions as the inquiry pages and ``athar inquiry``.

An inquiry is answered as ``athar.inquiries.inquiry_view`` builds it: no death is shown before a
caseworker confirms it (only counted: ``held_back_records``), and no contact; the contact and the
death evidence have their own calls, logged at every reading.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from athar.inquiries import (
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
from athar.inquiries.status import IllegalMove
from athar.records import display_name
from athar.store.casework import INQUIRY_STATUSES
from athar.store.casework_api import candidates as stored_candidates
from athar.web.audit import audit, viewed
from athar.web.auth import Principal, require, store_of
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["inquiries"])
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
Status = Literal["open", "candidates", "confirmed", "family_informed", "closed"]


class InquirySummary(BaseModel):
    id: int
    sought: str = Field(description="the sought person's name as the family gave it")
    requester_name: str
    status: str
    outcome: str | None = Field(description="a death only once a caseworker confirmed it")
    assigned_to: str
    created_at: datetime


class SoughtIn(BaseModel):
    """The sought person: names in any script (a full name or parts), and what else is known."""

    full_name: str = ""
    given_name: str = ""
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    mother_name: str = ""
    sex: Literal["", "m", "f"] = ""
    birth_date: str = Field("", description="ISO or partial (1985, 1985-03), DD/MM/YYYY…")
    birth_place: str = ""
    governorate: str = ""
    last_seen_place: str = ""
    last_seen_date: str = ""
    notes: str = ""


class InquiryIn(BaseModel):
    sought: SoughtIn
    requester_name: str
    requester_relation: str = ""
    contact: str = Field("", description="encrypted at rest; readable by caseworkers only")
    consent_given: bool
    consent_how: str = Field(description="e.g. 'signed form', 'oral, recorded'")
    consent_date: str = Field("", description="default: today")


class Registered(BaseModel):
    id: int
    candidates: list[int] = Field(
        description="ids of the candidates found at once (those the inquiry page shows)"
    )


class Problems(BaseModel):
    """Why an inquiry was refused, field by field (codes: name, sex, date, required)."""

    message: str
    fields: dict[str, str]


class RecordOut(BaseModel):
    pk: int
    source: str
    record_id: str
    name: str
    status: str
    fields: dict[str, str]


class CandidateOut(BaseModel):
    candidate_id: int
    person_id: str | None
    score: float
    state: str
    why: dict[str, Any] = Field(description="the model's per-field comparison")
    records: list[RecordOut]


class EventOut(BaseModel):
    kind: str
    from_status: str | None
    to_status: str | None
    outcome: str | None
    reason: str
    actor: str
    at: datetime
    system_reason: str = Field(
        description="set when Athar wrote the reason, not a person (candidates_found)"
    )


class InquiryOut(BaseModel):
    """An inquiry as its page shows it (without the contact: ``POST .../contact``)."""

    id: int
    sought: dict[str, str]
    requester_name: str
    requester_relation: str
    consent: dict[str, Any]
    status: str
    outcome: str | None
    confirmed_person: str | None
    assigned_to: str
    created_by: str
    created_at: datetime
    death_shown: bool
    candidates: list[CandidateOut]
    events: list[EventOut]
    has_contact: bool = Field(description="a contact was recorded (read it: POST .../contact)")
    held_back_records: int = Field(
        description="records left out because they report a death (POST .../death-evidence)"
    )
    held_back_candidates: int = Field(description="candidates only such records support")


class DeathEvidenceOut(BaseModel):
    """A candidate whose records report a death: all its records and the full ``why``."""

    candidate: CandidateOut
    death_records: list[int] = Field(description="pks of the records that report the death")
    held_back: bool = Field(description="the inquiry leaves this candidate out until confirmed")


class ContactOut(BaseModel):
    contact: str | None


class MoveIn(BaseModel):
    to: Status
    reason: str = Field(min_length=1)
    outcome: Literal["alive", "released", "deceased"] | None = None
    person: str | None = Field(None, description="the confirmed candidate's person id")
    expected: Status | None = Field(
        None, description="the status the caller saw; refused (409) if the inquiry moved since"
    )


class CandidateStateIn(BaseModel):
    state: Literal["seen", "dismissed"]


class AlertOut(BaseModel):
    inquiry_id: int
    candidate_id: int
    person_id: str | None
    score: float
    found_at: datetime
    sought: str


def _view(request: Request, who: Principal, inquiry_id: int) -> InquiryOut:
    try:
        view = inquiry_view(
            store_of(request), inquiry_id, who.user.role, who.name, with_contact=False
        )
    except InquiryRefused as exc:
        raise HTTPException(404, str(exc)) from exc
    audit(request, "inquiry.view", id=inquiry_id)
    for pid in sorted({c.person_id for c in view.candidates if c.person_id}):
        viewed(request, "person", pid)
    # Field for field the view (its contact, which this answer leaves out, is not a field here).
    return InquiryOut.model_validate(view, from_attributes=True)


@router.get("/inquiries", response_model=list[InquirySummary])
def inquiries(
    request: Request, who: Caseworker, status: Status | None = None
) -> list[InquirySummary]:
    """Every inquiry (or those with ``status``), newest first."""
    chosen = [status] if status in INQUIRY_STATUSES else None
    return [
        InquirySummary(
            id=i.id,
            sought=display_name(i.fields),
            requester_name=i.fields["requester_name"],
            status=i.status,
            outcome=shown_outcome(i.status, i.outcome),
            assigned_to=i.assigned_to,
            created_at=i.created_at,
        )
        for i in list_inquiries(store_of(request), chosen)
    ]


@router.post(
    "/inquiries",
    response_model=Registered,
    status_code=201,
    responses={422: {"model": Problems}},
)
def register(request: Request, body: InquiryIn, who: Caseworker) -> Registered:
    """Register a family's inquiry (assigned to the caller) and match it at once."""
    sought = {k: v for k, v in body.sought.model_dump().items() if v}
    problems = check_inquiry(
        sought,
        requester_name=body.requester_name,
        consent_given=body.consent_given,
        consent_how=body.consent_how,
        consent_date=body.consent_date,
    )
    if problems:
        raise HTTPException(
            422, {"message": "the inquiry cannot be registered", "fields": problems}
        )
    try:
        inquiry_id, found = register_inquiry(
            store_of(request),
            sought,
            requester_name=body.requester_name,
            requester_relation=body.requester_relation,
            contact=body.contact,
            consent_given=body.consent_given,
            consent_how=body.consent_how,
            consent_date=body.consent_date,
            assigned_to=who.name,
            by=who.name,
        )
    except InquiryRefused as exc:
        raise HTTPException(422, str(exc)) from exc
    shown = {c.candidate_id for c in _view(request, who, inquiry_id).candidates}
    return Registered(id=inquiry_id, candidates=[c for c in found if c in shown])


@router.get("/inquiries/{inquiry_id}", response_model=InquiryOut)
def inquiry(request: Request, inquiry_id: int, who: Caseworker) -> InquiryOut:
    """One inquiry: the sought person, consent, status, candidates with scores and why, history.
    A death appears only after a caseworker confirmed it."""
    return _view(request, who, inquiry_id)


@router.post("/inquiries/{inquiry_id}/contact", response_model=ContactOut)
def read_contact(request: Request, inquiry_id: int, who: Caseworker) -> ContactOut:
    """The family's contact, decrypted; every reading is logged (``inquiry_contact_read``)."""
    _view(request, who, inquiry_id)
    try:
        return ContactOut(contact=contact(store_of(request), inquiry_id, who.user.role, who.name))
    except InquiryRefused as exc:  # pragma: no cover - the role check came first
        raise HTTPException(403, str(exc)) from exc


@router.post("/inquiries/{inquiry_id}/death-evidence", response_model=list[DeathEvidenceOut])
def read_death_evidence(
    request: Request, inquiry_id: int, who: Caseworker
) -> list[DeathEvidenceOut]:
    """The candidates whose records report a death, each whole (those the inquiry leaves out
    included), for a caseworker weighing whether to confirm "deceased"; every reading is logged
    (``inquiry_death_evidence_read``)."""
    _view(request, who, inquiry_id)
    try:
        found = death_evidence_by_candidate(store_of(request), inquiry_id, who.user.role, who.name)
    except InquiryRefused as exc:  # pragma: no cover - the role check came first
        raise HTTPException(403, str(exc)) from exc
    for pid in sorted({e.candidate.person_id for e in found if e.candidate.person_id}):
        viewed(request, "person", pid)
    return [
        DeathEvidenceOut(
            candidate=CandidateOut.model_validate(e.candidate, from_attributes=True),
            death_records=sorted(e.death_records),
            held_back=e.held_back,
        )
        for e in found
    ]


@router.post("/inquiries/{inquiry_id}/status", response_model=InquiryOut)
def move(request: Request, inquiry_id: int, body: MoveIn, who: Caseworker) -> InquiryOut:
    """Move the inquiry: open → candidates → confirmed (with outcome and person) → family
    informed; also back, and closed. A move the process does not allow answers 409."""
    try:
        change_status(
            store_of(request),
            inquiry_id,
            body.to,
            reason=body.reason,
            by=who.name,
            outcome=body.outcome if body.to == "confirmed" else None,
            person=body.person if body.to == "confirmed" else None,
            expected=body.expected,
        )
    except InquiryRefused as exc:
        code = 404 if str(exc).startswith("no inquiry") else 409
        raise HTTPException(code, str(exc)) from exc
    except (IllegalMove, ValueError) as exc:
        raise HTTPException(409, str(exc)) from exc
    return _view(request, who, inquiry_id)


@router.post("/inquiries/{inquiry_id}/candidates/{candidate_id}", response_model=InquiryOut)
def mark_candidate(
    request: Request, inquiry_id: int, candidate_id: int, body: CandidateStateIn, who: Caseworker
) -> InquiryOut:
    """Mark a candidate seen (its alert is read) or dismissed (not the sought person)."""
    shown = {c.candidate_id for c in _view(request, who, inquiry_id).candidates}
    if body.state == "dismissed":  # also those held back (seen only with the death evidence)
        held = stored_candidates(store_of(request), inquiry_id)
        shown |= {c.id for c in held if c.state != "dismissed"}
    if candidate_id not in shown:
        raise HTTPException(404, f"no candidate {candidate_id} on inquiry {inquiry_id}")
    set_candidate(store_of(request), candidate_id, body.state, who.name)
    return _view(request, who, inquiry_id)


@router.get("/alerts", response_model=list[AlertOut])
def alerts(request: Request, who: Caseworker) -> list[AlertOut]:
    """New candidates on the caller's live inquiries, newest first."""
    found = visible_alerts(store_of(request), who.name, who.user.role)
    for pid in sorted({a.person_id for a in found if a.person_id}):
        viewed(request, "person", pid)
    return [
        AlertOut(
            inquiry_id=a.inquiry_id,
            candidate_id=a.candidate_id,
            person_id=a.person_id,
            score=a.score,
            found_at=a.found_at,
            sought=a.sought,
        )
        for a in found
    ]


section = Section(name="api-inquiries", router=router)
