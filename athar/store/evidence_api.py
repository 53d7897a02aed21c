"""The store's side of the evidence domain: appending statements to a source, witness identities,
attachments, facility events and their sources. Functions taking a ``Store``, each one
transaction, each writing its audit event in that same transaction.

Appending to a source. Caseworkers record sightings one statement at a time, but a source's rows
are versions of a whole file (``Store.import_source``): importing a one-row "file" would make
every earlier statement non-current. ``append_records`` therefore writes a *new version* of the
source that holds the current version's rows (copied in SQL, same record pks, so persons, links
and decisions carry over) plus the new records, and makes it current. Nothing is changed or
deleted: the older version stays as it was, only the ``current`` flag moves, exactly as an import
of a longer file would do. Its ``file_hash`` chains the previous version's hash with the new
rows, so every version is distinct and the history can be re-checked. Linkage reads current
rows, so an appended record links at the next ``athar link`` like any imported one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, literal, select, text, update

from athar.records import Record
from athar.store.api import ROWS, Store, _log, _make_current, _RowWriter, dumps
from athar.store.evidence import (
    ATTACHMENT_KINDS,
    FACILITY_EVENT_KINDS,
    Attachment,
    FacilityEvent,
    FacilityEventSource,
    WitnessIdentity,
)
from athar.store.models import RecordKey, RecordRow, Source, utcnow


@dataclass(frozen=True)
class Appended:
    """What ``append_records`` wrote: the new version and each new record's id and pk."""

    source_id: int
    version: int
    records: tuple[tuple[str, int], ...]  # (record_id, pk) in the order given


@dataclass(frozen=True)
class SealedWitness:
    """A witness identity as stored: already encrypted by the caller (``athar.crypto``)."""

    caseworker: str
    token: bytes


@dataclass(frozen=True)
class AttachmentOut:
    id: int
    sha256: str
    file_name: str
    mime_type: str
    size: int
    kind: str
    shows_dead: bool
    record_pk: int | None
    facility_id: str | None
    event_id: int | None
    captured_at: datetime | None
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class EventSourceOut:
    id: int
    event_id: int
    url: str | None
    sha256: str | None
    title: str
    captured_at: datetime | None
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class FacilityEventOut:
    id: int
    facility_id: str
    kind: str
    date: str
    description: str
    added_by: str
    added_at: datetime
    sources: tuple[EventSourceOut, ...] = ()


# ------------------------------------------------------------------ appending to a source


def append_records(
    store: Store,
    source: str,
    kind: str,
    records: Sequence[Record],
    *,
    by: str,
    id_prefix: str = "",
    witnesses: Mapping[int, SealedWitness] | None = None,
) -> Appended:
    """Add ``records`` to source ``source`` as its next version (see the module doc).

    A record with an empty ``record_id`` gets ``{id_prefix}{n:06d}``, n counting the source's
    records. ``witnesses`` maps a position in ``records`` to its sealed witness identity, written
    in the same transaction. A record id already in the current version is refused.
    """
    if not source:
        raise ValueError("append_records needs a source name")
    if not records:
        raise ValueError("append_records needs at least one record")
    with store._write() as conn:
        _lock_source(conn, source)
        current = conn.execute(
            select(Source.id, Source.version, Source.file_hash, Source.row_count).where(
                Source.name == source, Source.current
            )
        ).first()
        version = 1 + (
            conn.execute(select(func.max(Source.version)).where(Source.name == source)).scalar()
            or 0
        )
        keys: dict[str, int] = dict(
            conn.execute(
                select(RecordKey.record_id, RecordKey.id).where(RecordKey.source_name == source)
            ).all()
        )
        in_current: set[str] = set()
        if current is not None:
            in_current = set(
                conn.execute(
                    select(RecordRow.record_id).where(RecordRow.source_id == current.id)
                ).scalars()
            )
        count = len(keys)
        start_row = current.row_count if current is not None else 0
        for offset, record in enumerate(records, start=1):
            if not record.record_id:
                count += 1
                record.fields["record_id"] = f"{id_prefix}{count:06d}"
            if record.record_id in in_current:
                raise ValueError(f"record {record.record_id!r} is already in source {source!r}")
            record.fields["source"] = source
            record.row_number = start_row + offset
        digest = hashlib.sha256((current.file_hash if current is not None else "").encode())
        for record in records:
            digest.update(dumps([record.fields, record.raw]).encode("utf-8"))
        source_id = conn.execute(
            insert(Source)
            .values(
                name=source,
                kind=kind,
                version=version,
                file_name=f"{len(records)} record(s) added by {by}",
                file_hash=digest.hexdigest(),
                imported_at=utcnow(),
                imported_by=by,
                row_count=0,
                current=False,
            )
            .returning(Source.id)
        ).scalar_one()
        copied = 0
        if current is not None:
            names = [c.name for c in ROWS.columns if c.name not in ("id", "source_id")]
            conn.execute(
                insert(ROWS).from_select(
                    [*names, "source_id"],
                    select(*(ROWS.c[n] for n in names), literal(source_id)).where(
                        ROWS.c.source_id == current.id
                    ),
                )
            )
            copied = current.row_count
        writer = _RowWriter(conn, source, kind, source_id, keys, {})
        writer.write(list(records))
        conn.execute(
            update(Source).where(Source.id == source_id).values(row_count=copied + writer.inserted)
        )
        _make_current(conn, source, source_id)
        made = tuple((r.record_id, writer.keys[r.record_id]) for r in records)
        for index, sealed in (witnesses or {}).items():
            _add_witness(conn, made[index][1], sealed)
        _log(
            conn,
            "source_appended",
            {
                "source": source,
                "kind": kind,
                "version": version,
                "source_id": source_id,
                "file_hash": digest.hexdigest(),
                "copied": copied,
                "new": [rid for rid, _ in made],
                "superseded_version": current.version if current is not None else None,
            },
            by,
        )
        return Appended(source_id, version, made)


def _lock_source(conn: Connection, source: str) -> None:
    """One append per source at a time. SQLite's write transaction (BEGIN IMMEDIATE) already
    serializes writers; PostgreSQL takes a transaction-level advisory lock on the source's name,
    so a second appender reads the version the first one made current (a row lock would not do:
    the row it waited for is no longer the current one)."""
    if conn.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"athar-source:{source}".encode()).digest()[:8], "big")
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key - (1 << 63)})


# ------------------------------------------------------------------ witness identities


def _add_witness(conn: Connection, pk: int, sealed: SealedWitness) -> None:
    if not sealed.caseworker:
        raise ValueError("a witness identity needs the caseworker who took the statement")
    conn.execute(
        insert(WitnessIdentity).values(
            record_pk=pk,
            caseworker=sealed.caseworker,
            identity_encrypted=sealed.token,
            added_at=utcnow(),
        )
    )


def witness_identity(store: Store, pk: int) -> SealedWitness | None:
    """The sealed witness identity of a statement record, or None when it has none."""
    with store._engine.connect() as conn:
        row = conn.execute(
            select(WitnessIdentity.caseworker, WitnessIdentity.identity_encrypted).where(
                WitnessIdentity.record_pk == pk
            )
        ).first()
    return None if row is None else SealedWitness(row.caseworker, bytes(row.identity_encrypted))


# ------------------------------------------------------------------ attachments


def add_attachment_row(
    store: Store,
    *,
    sha256: str,
    file_name: str,
    mime_type: str,
    size: int,
    kind: str,
    shows_dead: bool,
    by: str,
    record_pk: int | None = None,
    facility_id: str | None = None,
    event_id: int | None = None,
    captured_at: datetime | None = None,
) -> tuple[AttachmentOut, bool]:
    """Attach a stored blob to one record, facility or event; returns the row and whether it is
    new. The same file attached to the same target again returns the existing row."""
    if kind not in ATTACHMENT_KINDS:
        raise ValueError(f"attachment kind must be one of {ATTACHMENT_KINDS}, not {kind!r}")
    targets = [t for t in (record_pk, facility_id, event_id) if t is not None]
    if len(targets) != 1:
        raise ValueError("attach a file to exactly one of: a record, a facility, an event")
    with store._write() as conn:
        if (
            record_pk is not None
            and conn.execute(select(RecordKey.id).where(RecordKey.id == record_pk)).first() is None
        ):
            raise KeyError(f"no record {record_pk}")
        if (
            event_id is not None
            and conn.execute(select(FacilityEvent.id).where(FacilityEvent.id == event_id)).first()
            is None
        ):
            raise KeyError(f"no facility event {event_id}")
        same = select(Attachment).where(Attachment.sha256 == sha256)
        same = same.where(
            Attachment.record_pk == record_pk
            if record_pk is not None
            else Attachment.record_pk.is_(None),
            Attachment.facility_id == facility_id
            if facility_id is not None
            else Attachment.facility_id.is_(None),
            Attachment.event_id == event_id
            if event_id is not None
            else Attachment.event_id.is_(None),
        )
        held = conn.execute(same.order_by(Attachment.id).limit(1)).first()
        if held is not None:
            return _attachment_out(held), False
        now = utcnow()
        new_id = conn.execute(
            insert(Attachment)
            .values(
                sha256=sha256,
                file_name=file_name,
                mime_type=mime_type,
                size=size,
                kind=kind,
                shows_dead=shows_dead,
                record_pk=record_pk,
                facility_id=facility_id,
                event_id=event_id,
                captured_at=captured_at,
                added_at=now,
                added_by=by,
            )
            .returning(Attachment.id)
        ).scalar_one()
        _log(
            conn,
            "attachment_added",
            {
                "attachment_id": new_id,
                "sha256": sha256,
                "file_name": file_name,
                "size": size,
                "kind": kind,
                "shows_dead": shows_dead,
                "record_pk": record_pk,
                "facility_id": facility_id,
                "event_id": event_id,
            },
            by,
        )
        row = conn.execute(select(Attachment).where(Attachment.id == new_id)).one()
        return _attachment_out(row), True


def attachments(
    store: Store,
    *,
    sha256: str | None = None,
    record_pks: Iterable[int] | None = None,
    facility_id: str | None = None,
    event_ids: Iterable[int] | None = None,
) -> list[AttachmentOut]:
    """Attachment rows matching every filter given, oldest first."""
    stmt = select(Attachment).order_by(Attachment.id)
    if sha256 is not None:
        stmt = stmt.where(Attachment.sha256 == sha256)
    if record_pks is not None:
        stmt = stmt.where(Attachment.record_pk.in_(sorted(set(record_pks))))
    if facility_id is not None:
        stmt = stmt.where(Attachment.facility_id == facility_id)
    if event_ids is not None:
        stmt = stmt.where(Attachment.event_id.in_(sorted(set(event_ids))))
    with store._engine.connect() as conn:
        return [_attachment_out(r) for r in conn.execute(stmt)]


def _attachment_out(row: Any) -> AttachmentOut:
    return AttachmentOut(
        id=row.id,
        sha256=row.sha256,
        file_name=row.file_name,
        mime_type=row.mime_type,
        size=row.size,
        kind=row.kind,
        shows_dead=bool(row.shows_dead),
        record_pk=row.record_pk,
        facility_id=row.facility_id,
        event_id=row.event_id,
        captured_at=row.captured_at,
        added_at=row.added_at,
        added_by=row.added_by,
    )


# ------------------------------------------------------------------ facility events


def add_facility_event(
    store: Store, facility_id: str, kind: str, date: str, description: str, *, by: str
) -> int:
    """Record a documented event at a facility; returns its id. The caller checks the facility
    id against ``athar.places`` and the date's form."""
    if kind not in FACILITY_EVENT_KINDS:
        raise ValueError(f"event kind must be one of {FACILITY_EVENT_KINDS}, not {kind!r}")
    with store._write() as conn:
        event_id = conn.execute(
            insert(FacilityEvent)
            .values(
                facility_id=facility_id,
                kind=kind,
                date=date,
                description=description,
                added_by=by,
                added_at=utcnow(),
            )
            .returning(FacilityEvent.id)
        ).scalar_one()
        _log(
            conn,
            "facility_event_added",
            {"event_id": event_id, "facility_id": facility_id, "kind": kind, "date": date},
            by,
        )
        return event_id


def add_event_source(
    store: Store,
    event_id: int,
    *,
    by: str,
    url: str | None = None,
    sha256: str | None = None,
    title: str = "",
    captured_at: datetime | None = None,
) -> int:
    """Add where an event is documented: a link, or a file already in the blob store."""
    if (url is None) == (sha256 is None):
        raise ValueError("an event source is either a url or a file's sha256")
    with store._write() as conn:
        if (
            conn.execute(select(FacilityEvent.id).where(FacilityEvent.id == event_id)).first()
            is None
        ):
            raise KeyError(f"no facility event {event_id}")
        source_id = conn.execute(
            insert(FacilityEventSource)
            .values(
                event_id=event_id,
                url=url,
                sha256=sha256,
                title=title,
                captured_at=captured_at,
                added_by=by,
                added_at=utcnow(),
            )
            .returning(FacilityEventSource.id)
        ).scalar_one()
        _log(
            conn,
            "facility_event_source_added",
            {"event_id": event_id, "source_id": source_id, "url": url, "sha256": sha256},
            by,
        )
        return source_id


def facility_events(store: Store, facility_id: str | None = None) -> list[FacilityEventOut]:
    """Events (of one facility, or all) with their sources, by date then id."""
    stmt = select(FacilityEvent).order_by(FacilityEvent.date, FacilityEvent.id)
    if facility_id is not None:
        stmt = stmt.where(FacilityEvent.facility_id == facility_id)
    with store._engine.connect() as conn:
        events = conn.execute(stmt).all()
        ids = [e.id for e in events]
        sources: dict[int, list[EventSourceOut]] = {}
        if ids:
            for s in conn.execute(
                select(FacilityEventSource)
                .where(FacilityEventSource.event_id.in_(ids))
                .order_by(FacilityEventSource.id)
            ):
                sources.setdefault(s.event_id, []).append(
                    EventSourceOut(
                        s.id,
                        s.event_id,
                        s.url,
                        s.sha256,
                        s.title,
                        s.captured_at,
                        s.added_by,
                        s.added_at,
                    )
                )
    return [
        FacilityEventOut(
            e.id,
            e.facility_id,
            e.kind,
            e.date,
            e.description,
            e.added_by,
            e.added_at,
            tuple(sources.get(e.id, ())),
        )
        for e in events
    ]
