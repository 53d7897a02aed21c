"""Table layouts of casework: review actions, families' inquiries, their candidates and events.

On the same ``Base`` as ``models.py`` (imported at its end), created by migration
``0003_casework``. Nothing outside ``athar.store`` imports this module.

Families' contact details live in their own table (``inquiry_contacts``), encrypted
(``athar.crypto``); the inquiry row holds no way to reach the family.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from athar.store.models import Base, UTCDateTime, utcnow

#: Where an inquiry can be. "confirmed" carries an outcome (alive, released, deceased).
INQUIRY_STATUSES: tuple[str, ...] = ("open", "candidates", "confirmed", "family_informed", "closed")
OUTCOMES: tuple[str, ...] = ("alive", "released", "deceased")
CANDIDATE_STATES: tuple[str, ...] = ("new", "seen", "dismissed")
ACTION_KINDS: tuple[str, ...] = ("accept", "reject", "unsure", "merge", "split", "undo")


class ReviewAction(Base):
    """One reviewer's act (a pair verdict, a merge, a split, or the undoing of one of them): the
    decisions it wrote, and the grouping of the records it touched before and after, so it can be
    undone exactly. Append-only."""

    __tablename__ = "review_actions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('accept', 'reject', 'unsure', 'merge', 'split', 'undo')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    decision_ids_json: Mapped[str] = mapped_column(Text, default="[]")
    before_json: Mapped[str] = mapped_column(Text, default="[]")
    after_json: Mapped[str] = mapped_column(Text, default="[]")
    persons_json: Mapped[str] = mapped_column(Text, default="[]")
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"), nullable=True)
    undoes_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_actions.id"), nullable=True, unique=True
    )


class Inquiry(Base):
    """A family's inquiry: who is sought (fields like a canonical record), who asks, consent,
    where the case stands. ``status`` is the current state; every move is an ``InquiryEvent``."""

    __tablename__ = "inquiries"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'candidates', 'confirmed', 'family_informed', 'closed')",
            name="status",
        ),
        Index(None, "status"),
        Index(None, "assigned_to"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the sought person, as the family gives it ("" = unknown)
    full_name: Mapped[str] = mapped_column(Text, default="")
    given_name: Mapped[str] = mapped_column(Text, default="")
    father_name: Mapped[str] = mapped_column(Text, default="")
    grandfather_name: Mapped[str] = mapped_column(Text, default="")
    family_name: Mapped[str] = mapped_column(Text, default="")
    mother_name: Mapped[str] = mapped_column(Text, default="")
    sex: Mapped[str] = mapped_column(Text, default="")
    birth_date: Mapped[str] = mapped_column(Text, default="")
    birth_place: Mapped[str] = mapped_column(Text, default="")
    governorate: Mapped[str] = mapped_column(Text, default="")
    last_seen_place: Mapped[str] = mapped_column(Text, default="")
    last_seen_date: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # who asks (their contact details are in inquiry_contacts, encrypted)
    requester_name: Mapped[str] = mapped_column(Text, default="")
    requester_relation: Mapped[str] = mapped_column(Text, default="")
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[str] = mapped_column(Text, default="")
    consent_how: Mapped[str] = mapped_column(Text, default="")
    # the case
    status: Mapped[str] = mapped_column(String(20), default="open")
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    confirmed_person: Mapped[str | None] = mapped_column(String(20), nullable=True)
    assigned_to: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InquiryContact(Base):
    """How to reach the family, encrypted (``athar.crypto``). A change is a new row; the newest
    is in force."""

    __tablename__ = "inquiry_contacts"
    __table_args__ = (Index(None, "inquiry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"))
    contact_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    set_by: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InquiryCandidate(Base):
    """A person the registry offers for an inquiry. ``records_json`` holds the matched records,
    so a candidate stays the same candidate when linkage renumbers or joins its person."""

    __tablename__ = "inquiry_candidates"
    __table_args__ = (
        CheckConstraint("state IN ('new', 'seen', 'dismissed')", name="state"),
        Index(None, "inquiry_id"),
        Index(None, "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"))
    person_id: Mapped[str | None] = mapped_column(String(20), nullable=True)
    records_json: Mapped[str] = mapped_column(Text, default="[]")
    score: Mapped[float] = mapped_column(Float)
    why_json: Mapped[str] = mapped_column(Text, default="{}")
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"), nullable=True)
    first_found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(20), default="new")
    state_by: Mapped[str] = mapped_column(Text, default="")
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class InquiryEvent(Base):
    """A move of an inquiry (created, status changed, contact changed, candidates found …):
    who, when, why. Append-only."""

    __tablename__ = "inquiry_events"
    __table_args__ = (Index(None, "inquiry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"))
    kind: Mapped[str] = mapped_column(Text)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: Casework tables whose rows are never removed, and those never changed (triggers, 0003_casework).
CASEWORK_NEVER_DELETED: tuple[str, ...] = (
    "review_actions",
    "inquiries",
    "inquiry_contacts",
    "inquiry_candidates",
    "inquiry_events",
)
CASEWORK_NEVER_UPDATED: tuple[str, ...] = ("review_actions", "inquiry_contacts", "inquiry_events")
__all__ = [
    "ACTION_KINDS",
    "CANDIDATE_STATES",
    "INQUIRY_STATUSES",
    "OUTCOMES",
    "Inquiry",
    "InquiryCandidate",
    "InquiryContact",
    "InquiryEvent",
    "ReviewAction",
]
