"""A person's detention journey, read from their records: what happened, where and when.

Each record reports one event, by its source's kind and its status: a family report or an NGO
list dates the *arrest*; a prison register the person's *detention* at a facility (with their
detainee number there), which is a *transfer* when the facility before it was another one; a
witness statement a *sighting*; a release list a *release*; a death record a *death*. Dates may
be partial ("2013", "2013-06"): events are ordered by the earliest day their date allows, and
where two neighbours' dates overlap (2013 and 2013-06-25) the order between them is stated as
uncertain rather than guessed. Undated events come last, also marked uncertain.

A register often ends its line with where the detainee went next ("منقول إلى سجن صيدنايا"): that
destination is kept on the event (``moved_to_facility_id``), and when no later record places the
person, ``last_known`` says it too, since it is the last place anyone wrote them to be.

``last_known`` is the one line at the top of a person's page: the latest dated trace and the
latest place they were documented. ``status_of`` says what the records say became of the person
and which records say so. Pure: records in, values out; the store is not touched here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from athar.ingest.status import transfer_facility
from athar.records import Record

#: Event kinds, in the order they happen when two share a date.
EVENT_KINDS: tuple[str, ...] = (
    "arrest",
    "detention",
    "transfer",
    "sighting",
    "report",
    "release",
    "death",
)
_RANK = {kind: i for i, kind in enumerate(EVENT_KINDS)}

#: What a record of a known source kind reports (others: by their status, else "report").
KIND_EVENTS: dict[str, str] = {
    "family_report": "arrest",
    "ngo_list": "arrest",
    "prison_register": "detention",
    "witness_statement": "sighting",
    "release_list": "release",
    "death_record": "death",
}
_STATUS_EVENTS = {"released": "release", "deceased": "death", "detained": "detention"}
#: Events that place a person in custody at a given time.
_IN_CUSTODY = ("arrest", "detention", "transfer", "sighting")


@dataclass(frozen=True)
class JourneyEvent:
    kind: str  # one of EVENT_KINDS
    date: str  # ISO, maybe partial ("2013", "2013-06"), "" when undated
    record_pk: int
    source: str
    source_kind: str
    status: str  # the record's normalized status
    facility_id: str = ""
    detainee_number: str = ""
    #: For a transfer: the facility the person was documented at before.
    from_facility_id: str = ""
    #: The order between this event and a neighbour cannot be told from the dates.
    uncertain_order: bool = False
    #: Where the record's status says the person was transferred next ("" when it says none).
    moved_to_facility_id: str = ""


@dataclass(frozen=True)
class LastKnown:
    """The latest dated trace of a person, and the latest place they were documented at."""

    date: str
    kind: str
    record_pk: int
    facility_id: str = ""  # the place of the latest event that names one
    place_date: str = ""  # the date of that event
    #: Where that event's record says the person was transferred next, if it says so.
    moved_to_facility_id: str = ""


@dataclass(frozen=True)
class StatusFinding:
    """What became of the person as the records tell it, and which records tell it."""

    status: str  # deceased, released, detained, missing or unknown
    supporting: tuple[int, ...]  # record pks saying so
    others: tuple[int, ...]  # record pks saying something else (a known status)
    #: Records that contradict the finding: a trace in custody dated after a release or death.
    contradicting: tuple[int, ...] = ()


def date_bounds(date: str) -> tuple[str, str]:
    """The first and last day a partial ISO date allows (``""`` → the widest bounds)."""
    if not date:
        return ("0000-00-00", "9999-99-99")
    parts = date.split("-")
    if len(parts) == 1:
        return (f"{date}-01-01", f"{date}-12-31")
    if len(parts) == 2:
        return (f"{date}-01", f"{date}-31")
    return (date, date)


def _overlap(a: str, b: str) -> bool:
    if not a or not b:
        return True
    lo_a, hi_a = date_bounds(a)
    lo_b, hi_b = date_bounds(b)
    if lo_a == hi_a == lo_b == hi_b:
        return False  # the same known day: order by kind, and that is no guess
    return lo_a <= hi_b and lo_b <= hi_a


def moved_to(record: Record) -> str:
    """The facility a record's status says the person was transferred to, as a facility id
    ("" when the status names no transfer, or a place the gazetteer does not know)."""
    found = transfer_facility(record.fields.get("status", ""))
    return found if found and found != record.facility_id else ""


def event_kind(record: Record) -> str:
    """The event a record reports, by its source kind, else by its status."""
    kind = record.fields.get("source_kind", "").strip()
    if kind in KIND_EVENTS:
        return KIND_EVENTS[kind]
    return _STATUS_EVENTS.get(record.status, "report")


def journey(records: Iterable[tuple[int, Record]]) -> list[JourneyEvent]:
    """The events of ``records`` (pk, record) in time order, transfers and doubts marked."""
    raw = [
        JourneyEvent(
            kind=event_kind(r),
            date=r.event_date,
            record_pk=pk,
            source=r.source,
            source_kind=r.fields.get("source_kind", ""),
            status=r.status,
            facility_id=r.facility_id,
            detainee_number=r.detainee_number,
            moved_to_facility_id=moved_to(r),
        )
        for pk, r in records
    ]
    dated = sorted(
        (e for e in raw if e.date),
        key=lambda e: (date_bounds(e.date)[0], _RANK[e.kind], e.record_pk),
    )
    undated = sorted((e for e in raw if not e.date), key=lambda e: (_RANK[e.kind], e.record_pk))
    ordered = dated + undated
    out: list[JourneyEvent] = []
    held_at = ""
    for i, event in enumerate(ordered):
        kind, came_from = event.kind, ""
        if event.kind in ("detention", "transfer") and event.facility_id:
            if held_at and held_at != event.facility_id:
                kind, came_from = "transfer", held_at
            held_at = event.facility_id
        elif event.kind in ("arrest", "sighting") and event.facility_id:
            held_at = event.facility_id
        elif event.kind in ("release", "death"):
            held_at = ""
        neighbours = [ordered[j] for j in (i - 1, i + 1) if 0 <= j < len(ordered)]
        uncertain = not event.date or any(
            n.date and _overlap(event.date, n.date) for n in neighbours
        )
        out.append(
            JourneyEvent(
                kind=kind,
                date=event.date,
                record_pk=event.record_pk,
                source=event.source,
                source_kind=event.source_kind,
                status=event.status,
                facility_id=event.facility_id,
                detainee_number=event.detainee_number,
                from_facility_id=came_from,
                uncertain_order=uncertain,
                moved_to_facility_id=event.moved_to_facility_id,
            )
        )
    return out


def last_known(events: list[JourneyEvent]) -> LastKnown | None:
    """The last dated event of ``journey``'s order, with the last place documented (None when
    nothing is dated). A coarse date sorts by the earliest day it allows, so "2013" is not taken
    for later than "2013-08-19"."""
    dated = [e for e in events if e.date]
    if not dated:
        return None
    last = dated[-1]
    placed = [e for e in dated if e.facility_id]
    place = placed[-1] if placed else None
    return LastKnown(
        date=last.date,
        kind=last.kind,
        record_pk=last.record_pk,
        facility_id=place.facility_id if place else "",
        place_date=place.date if place else "",
        moved_to_facility_id=place.moved_to_facility_id if place else "",
    )


def status_of(events: list[JourneyEvent]) -> StatusFinding:
    """What the records say became of the person.

    A death anywhere in the records makes the person deceased (a death is not undone by a later
    list; a trace in custody dated after it is reported as contradicting). Otherwise the person
    is released when a release is the latest event among releases and traces in custody (an
    interim release followed by a new detention is not), detained when a record says so,
    missing when only that is said, else unknown.
    """
    known = [e for e in events if e.status in ("deceased", "released", "detained", "missing")]
    deaths = [e for e in events if e.kind == "death" or e.status == "deceased"]
    if deaths:
        # the day of death is what a death record dates (a register's "died" dates an arrival)
        ends = [date_bounds(e.date)[1] for e in deaths if e.kind == "death" and e.date]
        end = min(ends, default="9999")
        later = [
            e for e in events if e.kind in _IN_CUSTODY and e.date and date_bounds(e.date)[0] > end
        ]
        return _finding("deceased", deaths, known, later)
    releases = [e for e in events if e.kind == "release" or e.status == "released"]
    custody = [e for e in events if e.kind in _IN_CUSTODY and e not in releases]
    if releases:
        last_release = max(date_bounds(e.date)[1] if e.date else "" for e in releases)
        after = [e for e in custody if e.date and date_bounds(e.date)[0] > last_release]
        if not after:
            return _finding("released", releases, known, [])
    for status in ("detained", "missing"):
        saying = [e for e in events if e.status == status]
        if saying:
            return _finding(status, saying, known, [])
    return StatusFinding("unknown", (), ())


def _finding(
    status: str,
    supporting: list[JourneyEvent],
    known: list[JourneyEvent],
    contradicting: list[JourneyEvent],
) -> StatusFinding:
    pks = tuple(sorted({e.record_pk for e in supporting}))
    return StatusFinding(
        status=status,
        supporting=pks,
        others=tuple(sorted({e.record_pk for e in known if e.record_pk not in pks})),
        contradicting=tuple(sorted({e.record_pk for e in contradicting})),
    )
