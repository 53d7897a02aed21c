"""Registering an inquiry, moving it through its statuses, the caseworker's alerts.

Every change goes through ``athar.store.casework_api`` and so into the inquiry's own history and
the event log (who, what, when). The family's contact is encrypted before it reaches the store
and decrypted only for caseworkers, each reading logged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from athar import crypto
from athar.ingest.dates import parse_date
from athar.inquiries.status import IllegalMove, check_move
from athar.records import display_name
from athar.store import Store
from athar.store.casework_api import (
    INQUIRY_FIELDS,
    InquiryOut,
    contact_of,
    create_inquiry,
    inquiry,
    move_inquiry,
    new_candidates_for,
    set_candidate_state,
)
from athar.store.casework_api import candidates as stored_candidates
from athar.store.casework_api import inquiries as stored_inquiries

#: Roles that may read families' contacts and confirm outcomes.
CASEWORK_ROLES: frozenset[str] = frozenset({"caseworker", "admin"})
#: The sought person's fields (the rest of ``INQUIRY_FIELDS`` is about the requester).
SOUGHT_FIELDS: tuple[str, ...] = INQUIRY_FIELDS[:13]


class InquiryRefused(ValueError):
    """An inquiry, or a change to one, that cannot be accepted; the message says why, and
    ``code`` (when set) names the rule for a user-worded message: ``unknown_inquiry``,
    ``needs_reason``."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Alert:
    """A new candidate on one of the caseworker's inquiries."""

    inquiry_id: int
    candidate_id: int
    person_id: str | None
    records: list[int]
    score: float
    found_at: datetime
    sought: str


def register_inquiry(
    store: Store,
    sought: Mapping[str, str],
    *,
    requester_name: str,
    requester_relation: str,
    contact: str,
    consent_given: bool,
    consent_how: str,
    consent_date: str = "",
    assigned_to: str = "",
    by: str,
    match: bool = True,
) -> tuple[int, list[int]]:
    """Register a family's inquiry and match it at once; returns its id and the ids of the
    candidates found (none when the registry was never linked, or ``match`` is off)."""
    fields = _check_sought(sought)
    if not consent_given:
        raise InquiryRefused("the family's consent is required to register an inquiry")
    if not consent_how.strip():
        raise InquiryRefused("say how consent was given (e.g. 'signed form', 'oral, recorded')")
    if not requester_name.strip():
        raise InquiryRefused("the requester's name is required")
    when = consent_date or datetime.now(UTC).date().isoformat()
    iso, problem = parse_date(when)
    if problem or not iso:
        raise InquiryRefused(f"consent date {when!r} is not a date: {problem or 'empty'}")
    fields.update(
        requester_name=requester_name.strip(),
        requester_relation=requester_relation.strip(),
        consent_date=iso,
        consent_how=consent_how.strip(),
    )
    token = crypto.encrypt(contact) if contact.strip() else None
    inquiry_id = create_inquiry(
        store,
        fields,
        consent_given=True,
        contact_encrypted=token,
        assigned_to=assigned_to,
        by=by,
    )
    found: list[int] = []
    if match:
        from athar.inquiries.matching import rematch_open_inquiries

        found = rematch_open_inquiries(store, by=by, only=[inquiry_id]).new.get(inquiry_id, [])
    return inquiry_id, found


def check_inquiry(
    sought: Mapping[str, str],
    *,
    requester_name: str,
    consent_given: bool,
    consent_how: str,
    consent_date: str = "",
) -> dict[str, str]:
    """What is wrong with an inquiry form, field by field (empty when nothing is), so a form can
    say it next to each field. Codes: ``name`` (no name for the sought person), ``sex``,
    ``date`` (not a date), ``required``. ``register_inquiry`` refuses the same things."""
    problems: dict[str, str] = {}
    fields = {k: str(v or "").strip() for k, v in sought.items()}
    if not display_name(fields):
        for name in ("full_name", "given_name"):
            problems[name] = "name"
    if fields.get("sex", "") not in ("", "m", "f"):
        problems["sex"] = "sex"
    for name in ("birth_date", "last_seen_date"):
        if fields.get(name):
            iso, problem = parse_date(fields[name])
            if problem or not iso:
                problems[name] = "date"
    if not requester_name.strip():
        problems["requester_name"] = "required"
    if not consent_given:
        problems["consent_given"] = "required"
    if not consent_how.strip():
        problems["consent_how"] = "required"
    if consent_date.strip():
        iso, problem = parse_date(consent_date.strip())
        if problem or not iso:
            problems["consent_date"] = "date"
    return problems


def list_inquiries(store: Store, statuses: Sequence[str] | None = None) -> list[InquiryOut]:
    """Every inquiry (or those in ``statuses``), newest first."""
    return sorted(stored_inquiries(store, statuses=statuses), key=lambda i: -i.id)


def _check_sought(sought: Mapping[str, str]) -> dict[str, str]:
    unknown = set(sought) - set(SOUGHT_FIELDS)
    if unknown:
        raise InquiryRefused(f"unknown fields for the sought person: {sorted(unknown)}")
    fields = {k: str(v or "").strip() for k, v in sought.items()}
    if not display_name(fields):
        raise InquiryRefused("the sought person needs a name (full name or name parts)")
    if fields.get("sex", "") not in ("", "m", "f"):
        raise InquiryRefused(f"sex must be 'm', 'f' or empty, not {fields['sex']!r}")
    for name in ("birth_date", "last_seen_date"):
        if fields.get(name):
            iso, problem = parse_date(fields[name])
            if problem or not iso:
                raise InquiryRefused(f"{name} {fields[name]!r} is not a date: {problem}")
            fields[name] = iso
    return fields


def change_status(
    store: Store,
    inquiry_id: int,
    to: str,
    *,
    reason: str,
    by: str,
    outcome: str | None = None,
    person: str | None = None,
    expected: str | None = None,
) -> None:
    """Move an inquiry to ``to``; illegal moves are refused with the reason (``IllegalMove``).
    ``expected``: the status the caller saw; if the inquiry moved since (another tab, another
    caseworker), the move is refused as stale."""
    current = inquiry(store, inquiry_id)
    if current is None:
        raise InquiryRefused(f"no inquiry {inquiry_id}", "unknown_inquiry")
    if not reason.strip():
        raise InquiryRefused("every status change needs a reason", "needs_reason")
    check_move(current.status, to, outcome, person, expected)
    if to == "confirmed":
        offered = {
            c.person_id for c in stored_candidates(store, inquiry_id) if c.state != "dismissed"
        }
        if person not in offered:
            raise IllegalMove(
                f"{person} is not a candidate of inquiry {inquiry_id}; "
                f"candidates: {', '.join(sorted(p for p in offered if p)) or 'none'}",
                "not_candidate",
                person=person,
            )
    keep_person = person if to == "confirmed" else None
    keep_outcome = outcome if to == "confirmed" else None
    if to == "family_informed":  # informing keeps what was confirmed
        keep_person, keep_outcome = current.confirmed_person, current.outcome
    try:
        move_inquiry(
            store,
            inquiry_id,
            expected=current.status,
            to=to,
            outcome=keep_outcome,
            person=keep_person,
            reason=reason.strip(),
            by=by,
        )
    except ValueError as exc:  # moved by someone else between the check and the write
        raise IllegalMove(str(exc), "stale", expected=current.status) from exc


def alerts_for(store: Store, user: str) -> list[Alert]:
    """The new candidates on ``user``'s live inquiries, newest first."""
    return [
        Alert(
            inquiry_id=inq.id,
            candidate_id=c.id,
            person_id=c.person_id,
            records=c.records,
            score=c.score,
            found_at=c.first_found_at,
            sought=display_name(inq.fields),
        )
        for inq, c in new_candidates_for(store, user)
    ]


def set_candidate(store: Store, candidate_id: int, state: str, by: str) -> None:
    """Mark a candidate seen (the alert is read) or dismissed (not the sought person)."""
    try:
        set_candidate_state(store, candidate_id, state, by)
    except (KeyError, ValueError) as exc:
        raise InquiryRefused(str(exc).strip("'\"")) from exc


def contact(store: Store, inquiry_id: int, viewer_role: str, by: str) -> str | None:
    """The family's contact, decrypted, for caseworkers only; each reading is logged."""
    if viewer_role not in CASEWORK_ROLES:
        raise InquiryRefused(f"role {viewer_role!r} may not read families' contacts")
    token = contact_of(store, inquiry_id)
    store.log_event("inquiry_contact_read", {"inquiry_id": inquiry_id}, by)
    return None if token is None else crypto.decrypt(token)
