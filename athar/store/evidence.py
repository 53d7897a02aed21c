"""Tables of the evidence domain: witness identities, attachments, facility events and their
sources. Same ``Base`` as ``models.py``; migration ``0004_evidence`` creates them.

All four are append-only (triggers refuse DELETE and UPDATE): chain of custody means a piece of
evidence, once recorded with who added it and when, is never silently changed. A correction is a
new row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from athar.store.models import Base, UTCDateTime, utcnow

#: Kinds of documented events at a facility.
FACILITY_EVENT_KINDS: tuple[str, ...] = (
    "liberation",
    "battle",
    "mass_execution",
    "transfer",
    "other",
)
#: Kinds of attached files.
ATTACHMENT_KINDS: tuple[str, ...] = ("register_scan", "photo", "document", "video", "other")


class WitnessIdentity(Base):
    """Who gave a witness statement, encrypted (``athar.crypto``), kept apart from the record.

    ``caseworker`` took the statement: with admins, the only one who may read it back.
    """

    __tablename__ = "witness_identities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"), unique=True)
    caseworker: Mapped[str] = mapped_column(Text)
    identity_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FacilityEvent(Base):
    """Something documented at a facility (``athar.places`` id): a liberation, a battle, a mass
    execution, a transfer. ``date`` is ISO, partial allowed ("2024", "2024-12")."""

    __tablename__ = "facility_events"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('liberation', 'battle', 'mass_execution', 'transfer', 'other')",
            name="kind",
        ),
        Index(None, "facility_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    facility_id: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(Base):
    """A file (by SHA-256; the bytes live in the blob store) attached to exactly one record,
    facility or facility event, with who added it and when, and when it was captured if known."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN record_pk IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN facility_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        CheckConstraint("length(sha256) = 64", name="sha256"),
        Index(None, "sha256"),
        Index(None, "record_pk"),
        Index(None, "facility_id"),
        Index(None, "event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    mime_type: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    shows_dead: Mapped[bool] = mapped_column(Boolean, default=False)
    record_pk: Mapped[int | None] = mapped_column(ForeignKey("records.id"), nullable=True)
    facility_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("facility_events.id"), nullable=True)
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(Text)


class FacilityEventSource(Base):
    """Where a facility event is documented: a link, or an attached file (by SHA-256)."""

    __tablename__ = "facility_event_sources"
    __table_args__ = (
        CheckConstraint("url IS NOT NULL OR sha256 IS NOT NULL", name="url_or_file"),
        UniqueConstraint("event_id", "url", "sha256"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("facility_events.id"))
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    title: Mapped[str] = mapped_column(Text, default="")
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    added_by: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


#: The evidence tables: never deleted, never changed (triggers in migration 0004_evidence).
EVIDENCE_TABLES: tuple[str, ...] = (
    "witness_identities",
    "facility_events",
    "attachments",
    "facility_event_sources",
)
