"""What an inquiry page shows, built once for the CLI and the web.

Death is never shown until a caseworker has confirmed it on this inquiry (status confirmed or
family informed, outcome "deceased"). Until then the view leaves out every record that reports a
death (a death record, or a record whose status is deceased) with its dates, any candidate only
such records support, the match explanation of those records, and the outcome and reasons of
status changes that spoke of a death; it only counts what it held back, so a page can offer to
show it. Record notes are never shown here: free text can say anything. A caseworker who must
weigh death evidence asks ``death_evidence`` (or ``death_evidence_by_candidate``), logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from athar.inquiries.matching import FOUND_CANDIDATES_REASON
from athar.inquiries.service import CASEWORK_ROLES, Alert, InquiryRefused, alerts_for, contact
from athar.records import DEATH_KINDS, display_name
from athar.store import Store, StoredRecord
from athar.store.casework_api import (
    CandidateOut,
    candidates,
    contact_of,
    inquiry,
    inquiry_events,
)

#: Record fields an inquiry page may show (never notes, never the verbatim row).
SHOWN_FIELDS: tuple[str, ...] = (
    "source_kind",
    "sex",
    "birth_date",
    "birth_place",
    "governorate",
    "facility",
    "detainee_number",
    "event_date",
)


@dataclass(frozen=True)
class RecordView:
    pk: int
    source: str
    record_id: str
    name: str
    status: str
    fields: dict[str, str]


@dataclass(frozen=True)
class CandidateView:
    candidate_id: int
    person_id: str | None
    score: float
    state: str
    why: dict[str, Any]
    records: list[RecordView]


@dataclass(frozen=True)
class EventView:
    kind: str
    from_status: str | None
    to_status: str | None
    outcome: str | None
    reason: str
    actor: str
    at: datetime
    #: Set when ``reason`` was written by Athar, not a person: a code a page words in its
    #: language (``candidates_found``); a caseworker's own reason is shown as written.
    system_reason: str = ""


@dataclass(frozen=True)
class DeathEvidence:
    """A candidate whose records report a death, as a caseworker weighs it before confirming:
    every record of the candidate (those reporting the death included) and the full ``why``."""

    candidate: CandidateView
    death_records: frozenset[int]
    #: The inquiry page leaves the whole candidate out (only death records support it).
    held_back: bool


@dataclass(frozen=True)
class InquiryView:
    id: int
    sought: dict[str, str]
    requester_name: str
    requester_relation: str
    contact: str | None  # caseworkers only
    consent: dict[str, Any]
    status: str
    outcome: str | None
    confirmed_person: str | None
    assigned_to: str
    created_by: str
    created_at: datetime
    death_shown: bool
    candidates: list[CandidateView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)
    #: A contact was recorded (known without decrypting or logging; caseworkers only).
    has_contact: bool = False
    #: What the view left out because it reports a death: records, and candidates left out
    #: whole. Counts only; ``death_evidence`` shows them, logged. Zero once a death is confirmed.
    held_back_records: int = 0
    held_back_candidates: int = 0


def reports_death(stored: StoredRecord) -> bool:
    """Does this record say the person died?"""
    kind = stored.record.fields.get("source_kind", "")
    return kind in DEATH_KINDS or stored.record.status == "deceased"


def death_confirmed(status: str, outcome: str | None) -> bool:
    return status in ("confirmed", "family_informed") and outcome == "deceased"


def inquiry_view(
    store: Store, inquiry_id: int, viewer_role: str, by: str = "", *, with_contact: bool = True
) -> InquiryView:
    """The inquiry as its page shows it to ``viewer_role`` (contact only for caseworkers).
    ``with_contact=False`` leaves the contact out (and unread, so nothing is logged): the web
    page shows it only when a caseworker asks (``service.contact``, logged)."""
    inq = inquiry(store, inquiry_id)
    if inq is None:
        raise InquiryRefused(f"no inquiry {inquiry_id}")
    shown = death_confirmed(inq.status, inq.outcome)
    held = candidates(store, inquiry_id)
    persons = {c.person_id for c in held if c.person_id}
    members = {pid: store.person_records(pid) for pid in persons}
    pks = {pk for c in held for pk in c.records} | {pk for v in members.values() for pk in v}
    records = store.records_by_pk(pks)
    out: list[CandidateView] = []
    hidden_records: set[int] = set()
    hidden_candidates = 0
    for c in held:
        if c.state == "dismissed":
            continue
        own = members.get(c.person_id or "", []) or c.records
        visible = [records[pk] for pk in own if pk in records]
        if not shown:
            hidden_records.update(_death_pks(c, own, records))
            visible = [r for r in visible if not reports_death(r)]
            if not visible:
                hidden_candidates += 1
                continue  # only death says this may be the person: not on this page
        matched_hidden = not shown and any(
            pk in records and reports_death(records[pk]) for pk in c.records
        )
        out.append(
            CandidateView(
                candidate_id=c.id,
                person_id=c.person_id,
                score=c.score,
                state=c.state,
                why={} if matched_hidden else c.why,
                records=[_record_view(r) for r in visible],
            )
        )
    events = []
    for e in inquiry_events(store, inquiry_id):
        spoke_of_death = e.outcome == "deceased"
        gated = not shown and (spoke_of_death or e.from_status == "confirmed")
        events.append(
            EventView(
                e.kind,
                e.from_status,
                e.to_status,
                None if gated and spoke_of_death else e.outcome,
                "" if gated else e.reason,
                e.actor,
                e.at,
                system_reason=_system_reason(e.kind, e.reason),
            )
        )
    caseworker = viewer_role in CASEWORK_ROLES
    reveal = with_contact and caseworker
    return InquiryView(
        id=inq.id,
        sought={
            k: v for k, v in inq.fields.items() if v and not k.startswith(("requester", "consent"))
        },
        requester_name=inq.fields["requester_name"],
        requester_relation=inq.fields["requester_relation"],
        contact=contact(store, inq.id, viewer_role, by or viewer_role) if reveal else None,
        consent={
            "given": inq.consent_given,
            "date": inq.fields["consent_date"],
            "how": inq.fields["consent_how"],
        },
        status=inq.status,
        outcome=inq.outcome if shown or inq.outcome != "deceased" else None,
        confirmed_person=inq.confirmed_person,
        assigned_to=inq.assigned_to,
        created_by=inq.created_by,
        created_at=inq.created_at,
        death_shown=shown,
        candidates=out,
        events=events,
        has_contact=caseworker and contact_of(store, inq.id) is not None,
        held_back_records=len(hidden_records),
        held_back_candidates=hidden_candidates,
    )


def _death_pks(c: CandidateOut, own: list[int], records: dict[int, StoredRecord]) -> set[int]:
    """The records of candidate ``c`` (its person's, and those the match found) that report a
    death."""
    return {pk for pk in {*own, *c.records} if pk in records and reports_death(records[pk])}


def _system_reason(kind: str, reason: str) -> str:
    """The code of a reason Athar wrote itself (see ``EventView.system_reason``), else ""."""
    return "candidates_found" if kind == "status" and reason == FOUND_CANDIDATES_REASON else ""


def _record_view(stored: StoredRecord) -> RecordView:
    f = stored.record.fields
    return RecordView(
        pk=stored.pk,
        source=f.get("source", ""),
        record_id=f.get("record_id", ""),
        name=display_name(f),
        status=stored.record.status,
        fields={k: f[k] for k in SHOWN_FIELDS if f.get(k)},
    )


def death_evidence(store: Store, inquiry_id: int, viewer_role: str, by: str) -> list[RecordView]:
    """The death-reporting records among an inquiry's candidates, for a caseworker deciding
    whether to confirm; every reading is logged."""
    found: dict[int, RecordView] = {}
    for evidence in death_evidence_by_candidate(store, inquiry_id, viewer_role, by):
        for r in evidence.candidate.records:
            if r.pk in evidence.death_records:
                found[r.pk] = r
    return [found[pk] for pk in sorted(found)]


def death_evidence_by_candidate(
    store: Store, inquiry_id: int, viewer_role: str, by: str
) -> list[DeathEvidence]:
    """The inquiry's candidates (not dismissed) whose records report a death, best first, each
    whole, for a caseworker deciding whether to confirm "deceased"; every reading is logged
    (``inquiry_death_evidence_read``), even when nothing is found."""
    if viewer_role not in CASEWORK_ROLES:
        raise InquiryRefused(f"role {viewer_role!r} may not read death evidence")
    if inquiry(store, inquiry_id) is None:
        raise InquiryRefused(f"no inquiry {inquiry_id}", "unknown_inquiry")
    held = [c for c in candidates(store, inquiry_id) if c.state != "dismissed"]
    members = {c.person_id: store.person_records(c.person_id) for c in held if c.person_id}
    pks = {pk for c in held for pk in c.records} | {pk for v in members.values() for pk in v}
    records = store.records_by_pk(pks)
    out: list[DeathEvidence] = []
    for c in held:
        own = members.get(c.person_id or "", []) or c.records
        deaths = _death_pks(c, own, records)
        if not deaths:
            continue
        shown = [pk for pk in own if pk in records]
        shown += sorted(pk for pk in deaths if pk not in shown)  # matched, since split off
        view = CandidateView(
            candidate_id=c.id,
            person_id=c.person_id,
            score=c.score,
            state=c.state,
            why=c.why,
            records=[_record_view(records[pk]) for pk in shown],
        )
        held_back = all(reports_death(records[pk]) for pk in own if pk in records)
        out.append(DeathEvidence(view, frozenset(deaths), held_back))
    out.sort(key=lambda e: (-e.candidate.score, e.candidate.candidate_id))
    store.log_event(
        "inquiry_death_evidence_read",
        {
            "inquiry_id": inquiry_id,
            "records": sum(len(e.death_records) for e in out),
            "candidates": [e.candidate.candidate_id for e in out],
        },
        by,
    )
    return out


def shown_outcome(status: str, outcome: str | None) -> str | None:
    """An inquiry's outcome as lists may show it: a death only once confirmed."""
    return outcome if outcome != "deceased" or death_confirmed(status, outcome) else None


def visible_alerts(store: Store, user: str, viewer_role: str) -> list[Alert]:
    """``user``'s alerts (``service.alerts_for``) without those whose candidate the inquiry page
    leaves out (found only through records reporting a death): an alert must not hint at a death
    no caseworker has confirmed."""
    found = alerts_for(store, user)
    shown: dict[int, set[int]] = {}
    for inquiry_id in {a.inquiry_id for a in found}:
        view = inquiry_view(store, inquiry_id, viewer_role, user, with_contact=False)
        shown[inquiry_id] = {c.candidate_id for c in view.candidates}
    return [a for a in found if a.candidate_id in shown[a.inquiry_id]]
