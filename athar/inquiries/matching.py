"""Matching inquiries against the registry: at registration, and after every import and link.

``candidates_for`` is the one seam between inquiries and the matching engine: today the trained
linkage model (``athar.link``), scoring the inquiry like one more record against the last run's
records plus those imported since; a search engine can take its place without touching the rest.
Matches are grouped by person (a record not linked yet stands alone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from athar.config import settings
from athar.places import resolve, resolve_place
from athar.store import Store
from athar.store.casework_api import (
    FoundCandidate,
    InquiryOut,
    inquiries,
    keep_candidates,
    move_inquiry,
)
from athar.store.casework_api import candidates as stored_candidates

#: Statuses whose inquiries are matched again after imports and links.
LIVE: tuple[str, ...] = ("open", "candidates")
#: The reason written when matching moves an open inquiry to "candidates" (pages translate it:
#: ``view.EventView.system_reason``).
FOUND_CANDIDATES_REASON = "the registry found candidates"


@dataclass(frozen=True)
class Candidate:
    """A person (or a record not linked yet: ``person_id`` None) that may be the sought one."""

    person_id: str | None
    records: tuple[int, ...]
    score: float
    why: dict[str, Any] = field(default_factory=dict)


class RecordMatcher(Protocol):
    """What ``candidates_for`` needs of a matcher (``athar.link.match.Matcher`` is one)."""

    def match(self, record: dict[str, Any], top: int = 10) -> list[Any]: ...

    def close(self) -> None: ...


@dataclass
class RematchSummary:
    matched: int = 0
    new: dict[int, list[int]] = field(default_factory=dict)
    note: str = ""


def inquiry_record(inq: InquiryOut) -> dict[str, Any]:
    """The sought person as a canonical record row, as the matcher reads one."""
    f = inq.fields
    row: dict[str, Any] = {
        k: f.get(k, "")
        for k in (
            "full_name",
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "mother_name",
            "birth_place",
            "governorate",
        )
    }
    row.update(sex=f.get("sex", ""), birth_date=f.get("birth_date", ""), source_kind="inquiry")
    governorate = ""
    place = resolve_place(f.get("birth_place", "")) if f.get("birth_place") else None
    if place is not None and place.kind == "town":
        row["birth_place_id"], governorate = place.id, getattr(place, "governorate", "") or ""
    elif place is not None:
        governorate = place.id
    gov = resolve(f.get("governorate", ""), "governorate") if f.get("governorate") else None
    row["governorate_id"] = gov.id if gov is not None else governorate
    return row


def candidates_for(
    store: Store, inq: InquiryOut, matcher: RecordMatcher | None = None
) -> list[Candidate]:
    """The persons that may be the one an inquiry seeks, best first (at most
    ``ATHAR_INQUIRY_CANDIDATES``, each at least ``ATHAR_INQUIRY_MIN_SCORE``)."""
    conf = settings()
    owned = matcher is None
    if matcher is None:
        from athar.link.current import registry_matcher

        matcher = registry_matcher(store)  # NotLinkedYet when there was no run
    try:
        found = matcher.match(inquiry_record(inq), top=conf.inquiry_candidates * 3)
    finally:
        if owned:
            matcher.close()
    found = [c for c in found if c.probability >= conf.inquiry_min_score]
    persons = store.persons_of(c.pk for c in found)
    grouped: dict[str, list[Any]] = {}
    for c in found:
        key = persons.get(c.pk) or f"record:{c.pk}"
        grouped.setdefault(key, []).append(c)
    out = []
    for key, hits in grouped.items():
        best = max(hits, key=lambda c: c.probability)
        out.append(
            Candidate(
                person_id=None if key.startswith("record:") else key,
                records=tuple(sorted(c.pk for c in hits)),
                score=round(best.probability, 6),
                why=best.explanation,
            )
        )
    out.sort(key=lambda c: (-c.score, c.records))
    return out[: conf.inquiry_candidates]


def rematch_open_inquiries(
    store: Store,
    *,
    by: str = "athar",
    only: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RematchSummary:
    """Match every live inquiry (open or with candidates) again; new candidates are kept in
    state "new" — the alerts of the inquiry's caseworker — and an open inquiry that has some
    moves to "candidates". Costs nothing when no inquiry is live."""
    summary = RematchSummary()
    live = inquiries(store, statuses=LIVE)
    if only is not None:
        wanted = set(only)
        live = [i for i in live if i.id in wanted]
    if not live:
        return summary
    from athar.link.current import registry_matcher
    from athar.link.match import NotLinkedYet

    try:
        matcher = registry_matcher(store)
    except NotLinkedYet:
        summary.note = "no linkage run yet: inquiries are matched after `athar link`"
        return summary
    run = store.latest_run()
    try:
        for done, inq in enumerate(live, 1):
            found = candidates_for(store, inq, matcher)
            new = keep_candidates(
                store,
                inq.id,
                [FoundCandidate(c.person_id, c.records, c.score, c.why) for c in found],
                run_id=run.id if run else None,
                by=by,
            )
            summary.matched += 1
            if new:
                summary.new[inq.id] = new
            if inq.status == "open" and any(
                c.state != "dismissed" for c in stored_candidates(store, inq.id)
            ):
                move_inquiry(
                    store,
                    inq.id,
                    expected="open",
                    to="candidates",
                    outcome=None,
                    person=None,
                    reason=FOUND_CANDIDATES_REASON,
                    by=by,
                )
            if progress is not None:
                progress(done, len(live))
    finally:
        matcher.close()
    return summary
