"""Store functions for casework (review actions, inquiries), kept apart from ``api.py``.

Each function takes a ``Store`` and is one transaction, like the ``Store`` methods; every change
is also written to the event log (who, what, when).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, insert, or_, select, update

from athar.store.api import Store, _chunks, _link_out, _log, dumps
from athar.store.casework import (
    CANDIDATE_STATES,
    INQUIRY_STATUSES,
    Inquiry,
    InquiryCandidate,
    InquiryContact,
    InquiryEvent,
    ReviewAction,
)
from athar.store.models import Link, LinkRun, Membership, utcnow
from athar.store.types import LinkOut

#: The sought person's fields and the case's descriptive fields an inquiry is created with.
INQUIRY_FIELDS: tuple[str, ...] = (
    "full_name",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "governorate",
    "last_seen_place",
    "last_seen_date",
    "notes",
    "requester_name",
    "requester_relation",
    "consent_date",
    "consent_how",
)


# ------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ReviewActionOut:
    id: int
    kind: str
    decision_ids: list[int]
    before: list[list[int]]
    after: list[list[int]]
    persons: list[str]
    reason: str
    decided_by: str
    decided_at: datetime
    run_id: int | None
    undoes: int | None
    undone_by: int | None


@dataclass(frozen=True)
class InquiryOut:
    id: int
    fields: dict[str, str]
    consent_given: bool
    status: str
    outcome: str | None
    confirmed_person: str | None
    assigned_to: str
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class CandidateOut:
    id: int
    inquiry_id: int
    person_id: str | None
    records: list[int]
    score: float
    why: dict[str, Any]
    first_run_id: int | None
    first_found_at: datetime
    state: str
    state_by: str


@dataclass(frozen=True)
class FoundCandidate:
    """A match as the matcher found it, to be kept as a candidate."""

    person_id: str | None
    records: tuple[int, ...]
    score: float
    why: dict[str, Any]


@dataclass(frozen=True)
class InquiryEventOut:
    id: int
    inquiry_id: int
    kind: str
    from_status: str | None
    to_status: str | None
    outcome: str | None
    reason: str
    actor: str
    at: datetime


# ------------------------------------------------------------------------- linkage reads


def review_links(store: Store, low: float, run_id: int | None = None) -> list[LinkOut]:
    """Every link of a linkage run (default: the latest finished one) scored at or above
    ``low``, by pair."""
    with store._engine.connect() as conn:
        run = run_id if run_id is not None else _latest_linkage(conn)
        if run is None:
            return []
        rows = conn.execute(
            select(Link)
            .where(Link.run_id == run, Link.match_probability >= low)
            .order_by(Link.a, Link.b)
        )
        return [_link_out(r) for r in rows]


def links_among(store: Store, pks: Iterable[int], run_id: int | None = None) -> list[LinkOut]:
    """The links of a run between records of ``pks`` (both ends inside)."""
    wanted = sorted(set(pks))
    inside = set(wanted)
    out: list[LinkOut] = []
    with store._engine.connect() as conn:
        run = run_id if run_id is not None else _latest_linkage(conn)
        if run is None:
            return []
        for chunk in _chunks(wanted):
            for row in conn.execute(select(Link).where(Link.run_id == run, Link.a.in_(chunk))):
                if row.b in inside:
                    out.append(_link_out(row))
    return out


def current_partition(store: Store) -> dict[str, list[int]]:
    """Every current person → its records' pks (one consistent read)."""
    out: dict[str, list[int]] = {}
    with store._engine.connect() as conn:
        rows = conn.execute(
            select(Membership.person_id, Membership.record_pk)
            .where(Membership.ended_run_id.is_(None))
            .order_by(Membership.person_id, Membership.record_pk)
        )
        for pid, pk in rows:
            out.setdefault(pid, []).append(pk)
    return out


def _latest_linkage(conn: Connection) -> int | None:
    return conn.execute(
        select(LinkRun.id)
        .where(LinkRun.kind == "linkage", LinkRun.finished_at.is_not(None))
        .order_by(LinkRun.id.desc())
        .limit(1)
    ).scalar()


# ------------------------------------------------------------------------- review actions


def save_review_action(
    store: Store,
    kind: str,
    *,
    decision_ids: Sequence[int],
    before: Sequence[Sequence[int]],
    after: Sequence[Sequence[int]],
    persons: Sequence[str],
    reason: str,
    by: str,
    run_id: int | None,
    undoes: int | None = None,
) -> int:
    """Keep what a reviewer did (and how to undo it); returns the action id."""
    with store._write() as conn:
        if undoes is not None:
            taken = conn.execute(select(ReviewAction.id).where(ReviewAction.undoes_id == undoes))
            if taken.first() is not None:
                raise ValueError(f"review action {undoes} is already undone")
        action_id = conn.execute(
            insert(ReviewAction)
            .values(
                kind=kind,
                decision_ids_json=dumps(list(decision_ids)),
                before_json=dumps([sorted(g) for g in before]),
                after_json=dumps([sorted(g) for g in after]),
                persons_json=dumps(list(persons)),
                reason=reason,
                decided_by=by,
                decided_at=utcnow(),
                run_id=run_id,
                undoes_id=undoes,
            )
            .returning(ReviewAction.id)
        ).scalar_one()
        _log(
            conn,
            f"review_{kind}",
            {
                "action_id": action_id,
                "decisions": list(decision_ids),
                "persons": list(persons),
                "undoes": undoes,
                "run_id": run_id,
                "reason": reason,
            },
            by,
        )
        return action_id


def review_action(store: Store, action_id: int) -> ReviewActionOut | None:
    with store._engine.connect() as conn:
        row = conn.execute(select(ReviewAction).where(ReviewAction.id == action_id)).first()
        if row is None:
            return None
        undone = conn.execute(
            select(ReviewAction.id).where(ReviewAction.undoes_id == action_id)
        ).scalar()
    return _action_out(row, undone)


def review_actions(store: Store) -> list[ReviewActionOut]:
    """Every review action, oldest first."""
    with store._engine.connect() as conn:
        rows = conn.execute(select(ReviewAction).order_by(ReviewAction.id)).all()
    undone = {r.undoes_id: r.id for r in rows if r.undoes_id is not None}
    return [_action_out(r, undone.get(r.id)) for r in rows]


def _action_out(row: Row[Any], undone_by: int | None) -> ReviewActionOut:
    return ReviewActionOut(
        id=row.id,
        kind=row.kind,
        decision_ids=json.loads(row.decision_ids_json),
        before=json.loads(row.before_json),
        after=json.loads(row.after_json),
        persons=json.loads(row.persons_json),
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        run_id=row.run_id,
        undoes=row.undoes_id,
        undone_by=undone_by,
    )


# ------------------------------------------------------------------------- inquiries


def create_inquiry(
    store: Store,
    fields: Mapping[str, str],
    *,
    consent_given: bool,
    contact_encrypted: bytes | None,
    assigned_to: str,
    by: str,
) -> int:
    """Register an inquiry (status "open"); the contact, already encrypted, goes to its own
    table. Returns the inquiry id."""
    unknown = set(fields) - set(INQUIRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown inquiry fields: {sorted(unknown)}")
    values = {f: str(fields.get(f) or "") for f in INQUIRY_FIELDS}
    with store._write() as conn:
        inquiry_id = conn.execute(
            insert(Inquiry)
            .values(
                **values,
                consent_given=consent_given,
                status="open",
                outcome=None,
                confirmed_person=None,
                assigned_to=assigned_to,
                created_by=by,
                created_at=utcnow(),
            )
            .returning(Inquiry.id)
        ).scalar_one()
        if contact_encrypted is not None:
            _add_contact(conn, inquiry_id, contact_encrypted, by)
        _inquiry_event(conn, inquiry_id, "created", None, "open", None, "", by)
        _log(
            conn,
            "inquiry_created",
            {"inquiry_id": inquiry_id, "assigned_to": assigned_to, "consent": consent_given},
            by,
        )
        return inquiry_id


def set_contact(store: Store, inquiry_id: int, contact_encrypted: bytes, by: str) -> None:
    """A new contact for the family (the old one stays, superseded)."""
    with store._write() as conn:
        _require_inquiry(conn, inquiry_id)
        _add_contact(conn, inquiry_id, contact_encrypted, by)
        _inquiry_event(conn, inquiry_id, "contact_changed", None, None, None, "", by)
        _log(conn, "inquiry_contact_changed", {"inquiry_id": inquiry_id}, by)


def contact_of(store: Store, inquiry_id: int) -> bytes | None:
    """The current contact, still encrypted."""
    with store._engine.connect() as conn:
        value = conn.execute(
            select(InquiryContact.contact_encrypted)
            .where(InquiryContact.inquiry_id == inquiry_id)
            .order_by(InquiryContact.id.desc())
            .limit(1)
        ).scalar()
    return None if value is None else bytes(value)


def inquiry(store: Store, inquiry_id: int) -> InquiryOut | None:
    with store._engine.connect() as conn:
        row = conn.execute(select(Inquiry).where(Inquiry.id == inquiry_id)).first()
    return None if row is None else _inquiry_out(row)


def inquiries(
    store: Store, statuses: Iterable[str] | None = None, assigned_to: str | None = None
) -> list[InquiryOut]:
    stmt = select(Inquiry).order_by(Inquiry.id)
    if statuses is not None:
        stmt = stmt.where(Inquiry.status.in_(list(statuses)))
    if assigned_to is not None:
        stmt = stmt.where(Inquiry.assigned_to == assigned_to)
    with store._engine.connect() as conn:
        return [_inquiry_out(r) for r in conn.execute(stmt)]


def move_inquiry(
    store: Store,
    inquiry_id: int,
    *,
    expected: str,
    to: str,
    outcome: str | None,
    person: str | None,
    reason: str,
    by: str,
) -> None:
    """Move an inquiry from status ``expected`` to ``to`` (the caller checked the move is
    allowed); refused if someone moved it meanwhile."""
    if to not in INQUIRY_STATUSES:
        raise ValueError(f"status must be one of {INQUIRY_STATUSES}, not {to!r}")
    with store._write() as conn:
        _require_inquiry(conn, inquiry_id)
        changed = conn.execute(
            update(Inquiry)
            .where(Inquiry.id == inquiry_id, Inquiry.status == expected)
            .values(status=to, outcome=outcome, confirmed_person=person)
        ).rowcount
        if changed != 1:
            raise ValueError(f"inquiry {inquiry_id} is no longer {expected!r}; reload it")
        _inquiry_event(conn, inquiry_id, "status", expected, to, outcome, reason, by)
        _log(
            conn,
            "inquiry_status",
            {
                "inquiry_id": inquiry_id,
                "from": expected,
                "to": to,
                "outcome": outcome,
                "person": person,
                "reason": reason,
            },
            by,
        )


def assign_inquiry(store: Store, inquiry_id: int, user: str, by: str) -> None:
    with store._write() as conn:
        _require_inquiry(conn, inquiry_id)
        conn.execute(update(Inquiry).where(Inquiry.id == inquiry_id).values(assigned_to=user))
        _inquiry_event(conn, inquiry_id, "assigned", None, None, None, user, by)
        _log(conn, "inquiry_assigned", {"inquiry_id": inquiry_id, "to": user}, by)


def inquiry_events(store: Store, inquiry_id: int) -> list[InquiryEventOut]:
    with store._engine.connect() as conn:
        rows = conn.execute(
            select(InquiryEvent)
            .where(InquiryEvent.inquiry_id == inquiry_id)
            .order_by(InquiryEvent.id)
        )
        return [
            InquiryEventOut(
                r.id,
                r.inquiry_id,
                r.kind,
                r.from_status,
                r.to_status,
                r.outcome,
                r.reason,
                r.actor,
                r.at,
            )
            for r in rows
        ]


def candidates(store: Store, inquiry_id: int) -> list[CandidateOut]:
    """An inquiry's candidates, best score first."""
    with store._engine.connect() as conn:
        rows = conn.execute(
            select(InquiryCandidate)
            .where(InquiryCandidate.inquiry_id == inquiry_id)
            .order_by(InquiryCandidate.score.desc(), InquiryCandidate.id)
        )
        return [_candidate_out(r) for r in rows]


def keep_candidates(
    store: Store,
    inquiry_id: int,
    found: Sequence[FoundCandidate],
    *,
    run_id: int | None,
    by: str,
) -> list[int]:
    """Merge what a match found into an inquiry's candidates; returns the ids of candidates
    that are new (state "new": an alert for the caseworker).

    A found match is an existing candidate when it names the same person or shares a record
    with it (so a person renumbered or joined by a later linkage run is not news); that
    candidate gets the new person id, records and score, and keeps its state.
    """
    new_ids: list[int] = []
    with store._write() as conn:
        _require_inquiry(conn, inquiry_id)
        held = [
            _candidate_out(r)
            for r in conn.execute(
                select(InquiryCandidate).where(InquiryCandidate.inquiry_id == inquiry_id)
            )
        ]
        now = utcnow()
        for f in found:
            same = next(
                (
                    c
                    for c in held
                    if (f.person_id is not None and c.person_id == f.person_id)
                    or set(c.records) & set(f.records)
                ),
                None,
            )
            if same is not None:
                records = sorted(set(same.records) | set(f.records))
                conn.execute(
                    update(InquiryCandidate)
                    .where(InquiryCandidate.id == same.id)
                    .values(
                        person_id=f.person_id or same.person_id,
                        records_json=dumps(records),
                        score=max(f.score, same.score)
                        if same.person_id == f.person_id
                        else f.score,
                        why_json=dumps(f.why),
                    )
                )
                continue
            cid = conn.execute(
                insert(InquiryCandidate)
                .values(
                    inquiry_id=inquiry_id,
                    person_id=f.person_id,
                    records_json=dumps(sorted(f.records)),
                    score=f.score,
                    why_json=dumps(f.why),
                    first_run_id=run_id,
                    first_found_at=now,
                    state="new",
                    state_by="",
                    state_at=None,
                )
                .returning(InquiryCandidate.id)
            ).scalar_one()
            new_ids.append(cid)
            held.append(
                CandidateOut(
                    cid,
                    inquiry_id,
                    f.person_id,
                    list(f.records),
                    f.score,
                    f.why,
                    run_id,
                    now,
                    "new",
                    "",
                )
            )
        if new_ids:
            _inquiry_event(
                conn, inquiry_id, "candidates_found", None, None, None, f"{len(new_ids)} new", by
            )
            _log(
                conn,
                "inquiry_candidates",
                {"inquiry_id": inquiry_id, "new": new_ids, "run_id": run_id},
                by,
            )
    return new_ids


def set_candidate_state(store: Store, candidate_id: int, state: str, by: str) -> CandidateOut:
    if state not in CANDIDATE_STATES:
        raise ValueError(f"candidate state must be one of {CANDIDATE_STATES}, not {state!r}")
    with store._write() as conn:
        row = conn.execute(
            select(InquiryCandidate).where(InquiryCandidate.id == candidate_id)
        ).first()
        if row is None:
            raise KeyError(f"no inquiry candidate {candidate_id}")
        conn.execute(
            update(InquiryCandidate)
            .where(InquiryCandidate.id == candidate_id)
            .values(state=state, state_by=by, state_at=utcnow())
        )
        _inquiry_event(
            conn, row.inquiry_id, f"candidate_{state}", None, None, None, str(row.person_id), by
        )
        _log(
            conn,
            "inquiry_candidate_state",
            {"inquiry_id": row.inquiry_id, "candidate": candidate_id, "state": state},
            by,
        )
        row = conn.execute(
            select(InquiryCandidate).where(InquiryCandidate.id == candidate_id)
        ).one()
        return _candidate_out(row)


def new_candidates_for(store: Store, user: str) -> list[tuple[InquiryOut, CandidateOut]]:
    """Unseen candidates of the live inquiries assigned to ``user`` (the unassigned ones count
    as their creator's), newest first."""
    live = ("open", "candidates")
    mine = or_(
        Inquiry.assigned_to == user,
        and_(Inquiry.assigned_to == "", Inquiry.created_by == user),
    )
    with store._engine.connect() as conn:
        held = {
            r.id: _inquiry_out(r)
            for r in conn.execute(select(Inquiry).where(mine, Inquiry.status.in_(live)))
        }
        out: list[tuple[InquiryOut, CandidateOut]] = []
        for chunk in _chunks(sorted(held)):
            rows = conn.execute(
                select(InquiryCandidate).where(
                    InquiryCandidate.inquiry_id.in_(chunk), InquiryCandidate.state == "new"
                )
            )
            out.extend((held[r.inquiry_id], _candidate_out(r)) for r in rows)
    out.sort(key=lambda pair: -pair[1].id)
    return out


def _require_inquiry(conn: Connection, inquiry_id: int) -> None:
    if conn.execute(select(Inquiry.id).where(Inquiry.id == inquiry_id)).first() is None:
        raise KeyError(f"no inquiry {inquiry_id}")


def _add_contact(conn: Connection, inquiry_id: int, token: bytes, by: str) -> None:
    conn.execute(
        insert(InquiryContact).values(
            inquiry_id=inquiry_id, contact_encrypted=token, set_by=by, set_at=utcnow()
        )
    )


def _inquiry_event(
    conn: Connection,
    inquiry_id: int,
    kind: str,
    from_status: str | None,
    to_status: str | None,
    outcome: str | None,
    reason: str,
    by: str,
) -> None:
    conn.execute(
        insert(InquiryEvent).values(
            inquiry_id=inquiry_id,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            outcome=outcome,
            reason=reason,
            actor=by,
            at=utcnow(),
        )
    )


def _inquiry_out(row: Any) -> InquiryOut:
    return InquiryOut(
        id=row.id,
        fields={f: getattr(row, f) for f in INQUIRY_FIELDS},
        consent_given=bool(row.consent_given),
        status=row.status,
        outcome=row.outcome,
        confirmed_person=row.confirmed_person,
        assigned_to=row.assigned_to,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _candidate_out(row: Any) -> CandidateOut:
    return CandidateOut(
        id=row.id,
        inquiry_id=row.inquiry_id,
        person_id=row.person_id,
        records=json.loads(row.records_json),
        score=row.score,
        why=json.loads(row.why_json),
        first_run_id=row.first_run_id,
        first_found_at=row.first_found_at,
        state=row.state,
        state_by=row.state_by,
    )
