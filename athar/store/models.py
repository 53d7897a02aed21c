"""The table layouts. Nothing outside ``athar.store`` imports this module.

The migrations in ``migrations/versions`` create exactly these tables (a test compares them), so a
change here needs a new migration beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite makes only INTEGER PRIMARY KEY an auto-incrementing rowid; PostgreSQL gets 64-bit ids for
# the tables that grow with every run.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# Stable constraint names, so that later migrations can refer to them on both databases.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC, timezone-aware on the way out whatever the database keeps (SQLite keeps
    naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    """One version of one source file. A changed file is a new version; exactly one version of a
    source name is current (the one whose rows linkage reads)."""

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("name", "version"),
        UniqueConstraint("name", "file_hash"),
        Index(
            "uq_sources_current_name",
            "name",
            unique=True,
            sqlite_where=text("current"),
            postgresql_where=text("current"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text)
    file_hash: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    current: Mapped[bool] = mapped_column(Boolean, default=False)


class RecordKey(Base):
    """A record's lasting identity: (source name, record id). Its ``id`` is the record pk that
    links, persons and decisions refer to, so they survive a new version of the source file."""

    __tablename__ = "records"
    __table_args__ = (UniqueConstraint("source_name", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_name: Mapped[str] = mapped_column(Text)
    record_id: Mapped[str] = mapped_column(Text)
    first_source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))


class RecordRow(Base):
    """A record as one version of its source wrote it: canonical fields as written, their
    normalized forms (``*_norm``, ``*_id``), and the original row verbatim. Never changed, except
    ``features_json``, which linkage derives and may rewrite."""

    __tablename__ = "record_rows"
    __table_args__ = (
        UniqueConstraint("source_id", "record_pk"),
        Index(None, "record_pk"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    sheet: Mapped[str] = mapped_column(Text, default="")
    # canonical fields as written ("" = unknown); `source` is the source's name, not repeated here
    record_id: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(Text, default="")
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
    residence: Mapped[str] = mapped_column(Text, default="", server_default="")
    national_id: Mapped[str] = mapped_column(Text, default="")
    facility: Mapped[str] = mapped_column(Text, default="")
    detainee_number: Mapped[str] = mapped_column(Text, default="")
    event_date: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # normalized by the importer
    birth_date_norm: Mapped[str] = mapped_column(Text, default="")
    event_date_norm: Mapped[str] = mapped_column(Text, default="")
    status_norm: Mapped[str] = mapped_column(Text, default="unknown")
    facility_id: Mapped[str] = mapped_column(Text, default="")
    birth_place_id: Mapped[str] = mapped_column(Text, default="")
    governorate_id: Mapped[str] = mapped_column(Text, default="")
    residence_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    detainee_number_norm: Mapped[str] = mapped_column(Text, default="")
    national_id_norm: Mapped[str] = mapped_column(Text, default="")
    sex_norm: Mapped[str] = mapped_column(Text, default="")
    raw_json: Mapped[str] = mapped_column(Text)
    features_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class LinkRun(Base):
    """One linkage run: its threshold and settings, and what it found."""

    __tablename__ = "link_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    threshold: Mapped[float] = mapped_column(Float)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    stats_json: Mapped[str] = mapped_column(Text, default="{}")
    #: "linkage" (a full run, with links) or "review" (a reviewer's merge or split applied at
    #: once; no links). Links and ``latest_run`` answer from linkage runs only.
    kind: Mapped[str] = mapped_column(Text, default="linkage", server_default="linkage")


class Link(Base):
    """A scored pair of records from one run (a < b), with why it scored so."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("run_id", "a", "b"),
        CheckConstraint("a < b", name="ordered"),
        Index(None, "a"),
        Index(None, "b"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"))
    a: Mapped[int] = mapped_column(ForeignKey("records.id"))
    b: Mapped[int] = mapped_column(ForeignKey("records.id"))
    match_probability: Mapped[float] = mapped_column(Float)
    match_weight: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(Text, default="model")
    explanation_json: Mapped[str] = mapped_column(Text, default="{}")


class Person(Base):
    """A cluster of records under a stable id (``P-000123``). Retired, never deleted or reused."""

    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"), nullable=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    retired_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"), nullable=True)


class Membership(Base):
    """A record's place in a person from one run until the run that moved it (``ended_run_id``);
    the open row is the current assignment, at most one per record."""

    __tablename__ = "memberships"
    __table_args__ = (
        Index(
            "uq_memberships_current_record",
            "record_pk",
            unique=True,
            sqlite_where=text("ended_run_id IS NULL"),
            postgresql_where=text("ended_run_id IS NULL"),
        ),
        Index(None, "person_id", "ended_run_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    record_pk: Mapped[int] = mapped_column(ForeignKey("records.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("link_runs.id"))
    ended_run_id: Mapped[int | None] = mapped_column(ForeignKey("link_runs.id"), nullable=True)


class Decision(Base):
    """A reviewer's verdict on a pair (a < b), or the undoing of an earlier one (``verdict`` =
    "undo", ``undoes_id`` set). Append-only: rows are never changed."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint("a < b", name="ordered"),
        CheckConstraint(
            "verdict IN ('same', 'different', 'unsure', 'undo')",
            name="verdict",
        ),
        Index(None, "a", "b"),
        Index(None, "b"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a: Mapped[int] = mapped_column(ForeignKey("records.id"))
    b: Mapped[int] = mapped_column(ForeignKey("records.id"))
    verdict: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undoes_id: Mapped[int | None] = mapped_column(
        ForeignKey("decisions.id"), nullable=True, unique=True
    )


class Event(Base):
    """The append-only log: who did what, when."""

    __tablename__ = "events"
    __table_args__ = (Index(None, "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    payload_json: Mapped[str] = mapped_column(Text, default="{}")


#: Tables whose rows no command may delete (enforced by database triggers, see the migration).
NEVER_DELETED: tuple[str, ...] = (
    "sources",
    "records",
    "record_rows",
    "persons",
    "decisions",
    "events",
)
#: Tables whose rows are never changed once written.
NEVER_UPDATED: tuple[str, ...] = ("records", "decisions", "events")
#: record_rows columns that are the import itself, never changed (features_json may be).
RECORD_ROW_CONTENT: tuple[str, ...] = tuple(
    c.name for c in RecordRow.__table__.columns if c.name not in ("id", "features_json")
)

# Feature tables on the same metadata (each branch of the schema has its own module).
from athar.store import casework as _casework  # noqa: E402, F401
