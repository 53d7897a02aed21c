"""Facility events (a liberation, a battle, a mass execution, a transfer) with their sources, and
everything the registry holds about one facility, as its page shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from athar.evidence.attachments import add_attachment
from athar.evidence.blobs import BlobStore
from athar.ingest import parse_date
from athar.places import Facility, facility
from athar.stats.facilities import FacilityStats, facility_id_of, stats_of
from athar.store import Store
from athar.store.evidence import FACILITY_EVENT_KINDS
from athar.store.evidence_api import (
    AttachmentOut,
    FacilityEventOut,
    add_event_source,
    attachments,
    facility_events,
)
from athar.store.evidence_api import add_facility_event as store_event


@dataclass(frozen=True)
class FacilityPage:
    facility: Facility
    stats: FacilityStats
    events: tuple[FacilityEventOut, ...]
    attachments: tuple[AttachmentOut, ...]  # of the facility and of its events


def _check_url(url: str) -> str:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"a source link must be an http(s) URL, not {url!r}")
    return url.strip()


def add_facility_event(
    store: Store,
    facility_ref: str,
    kind: str,
    date: str,
    description: str,
    *,
    by: str,
    urls: Sequence[str] = (),
    files: Sequence[Path] = (),
    captured_at: datetime | None = None,
    blobs: BlobStore | None = None,
) -> FacilityEventOut:
    """Document an event at a facility (id or label) with its sources: links and files (stored
    content-addressed and attached to the event). ``date`` is ISO or partial ("2024-12")."""
    if not by.strip():
        raise ValueError("a facility event needs who adds it (by)")
    if kind not in FACILITY_EVENT_KINDS:
        raise ValueError(f"event kind must be one of {', '.join(FACILITY_EVENT_KINDS)}: {kind!r}")
    iso, why = parse_date(date)
    if date.strip() and why:
        raise ValueError(f"event date {date!r}: {why}")
    checked = [_check_url(u) for u in urls]
    for file in files:
        if not Path(file).is_file():
            raise FileNotFoundError(f"no file {file}")
    fid = facility_id_of(facility_ref)
    event_id = store_event(store, fid, kind, iso, description.strip(), by=by)
    for url in checked:
        add_event_source(store, event_id, by=by, url=url, captured_at=captured_at)
    for file in files:
        row = add_attachment(
            store,
            Path(file),
            by=by,
            kind="document",
            shows_dead=False,
            event=event_id,
            captured_at=captured_at,
            blobs=blobs,
        )
        add_event_source(
            store, event_id, by=by, sha256=row.sha256, title=row.file_name, captured_at=captured_at
        )
    (event,) = [e for e in facility_events(store, fid) if e.id == event_id]
    return event


def facility_page(store: Store, facility_ref: str) -> FacilityPage:
    """A facility's names, aliases, place and accuracy, its counts and arrivals per year, its
    documented events with their sources, and the files attached to it or its events."""
    fid = facility_id_of(facility_ref)
    events = tuple(facility_events(store, fid))
    files = attachments(store, facility_id=fid)
    if events:
        files += attachments(store, event_ids=[e.id for e in events])
    return FacilityPage(
        facility(fid), stats_of(store, fid), events, tuple(sorted(files, key=lambda a: a.id))
    )
