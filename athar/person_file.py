"""Everything the registry holds about one person, as the person page shows it.

Its records side by side, each with its provenance (source, version, file and its hash, who
imported it and when, row or sheet, the row verbatim); the stored links between them with their
field-by-field explanation (``Store.links_for``); the journey, last known place and status
(``athar.journey``); and the files attached to its records. A retired person id (its records
now belong to other persons after a re-link or a merge) raises ``PersonMoved`` naming where
they went, so an old link can lead on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from athar.journey import JourneyEvent, LastKnown, StatusFinding, journey, last_known, status_of
from athar.records import display_name
from athar.store import SourceInfo, Store, StoredRecord
from athar.store.evidence_api import AttachmentOut, attachments


class PersonMoved(LookupError):
    """The person id was retired; its records are now with ``successors``."""

    def __init__(self, person_id: str, successors: list[str]) -> None:
        super().__init__(f"person {person_id} was retired; its records are with {successors}")
        self.person_id = person_id
        self.successors = successors


@dataclass(frozen=True)
class LinkFact:
    """A stored link between two of the person's records, with why the model scored it so."""

    a: int
    b: int
    probability: float
    weight: float
    rule: str
    run_id: int
    #: (field label, level, weight), strongest first.
    fields: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class PersonFile:
    person_id: str
    name: str
    records: tuple[StoredRecord, ...]
    sources: dict[int, SourceInfo]  # source version id → its provenance
    links: tuple[LinkFact, ...]
    events: tuple[JourneyEvent, ...]
    last_known: LastKnown | None
    status: StatusFinding
    attachments: tuple[AttachmentOut, ...]


def person_file(store: Store, person_id: str) -> PersonFile:
    """The person's file; KeyError for an id that never existed, PersonMoved for a retired one."""
    pks = store.person_records(person_id)
    if not pks:
        retired = store.person_retired(person_id)
        if retired is None:
            raise KeyError(f"no person {person_id}")
        raise PersonMoved(person_id, store.successors(person_id))
    stored = store.records_by_pk(pks)
    records = tuple(stored[pk] for pk in pks if pk in stored)
    wanted = {r.source_id for r in records}
    sources = {s.id: s for s in store.sources() if s.id in wanted}
    events = journey((r.pk, r.record) for r in records)
    names = [display_name(r.record.fields) for r in records]
    return PersonFile(
        person_id=person_id,
        name=max(names, key=lambda n: len(n.split()), default=""),
        records=records,
        sources=sources,
        links=tuple(_links(store, pks)),
        events=tuple(events),
        last_known=last_known(events),
        status=status_of(events),
        attachments=tuple(attachments(store, record_pks=pks)),
    )


def _links(store: Store, pks: list[int]) -> list[LinkFact]:
    mine = set(pks)
    seen: set[tuple[int, int]] = set()
    out = []
    for pk in pks:
        for link in store.links_for(pk):
            if link.a in mine and link.b in mine and (link.a, link.b) not in seen:
                seen.add((link.a, link.b))
                out.append(
                    LinkFact(
                        a=link.a,
                        b=link.b,
                        probability=link.match_probability,
                        weight=link.match_weight,
                        rule=link.rule,
                        run_id=link.run_id,
                        fields=_explained(link.explanation),
                    )
                )
    return sorted(out, key=lambda f: (-f.weight, f.a, f.b))


def _explained(explanation: dict[str, Any]) -> tuple[tuple[str, str, float], ...]:
    rows = [
        (str(info.get("label", name)), str(info.get("level", "")), float(info.get("weight", 0.0)))
        for name, info in explanation.items()
        if isinstance(info, dict)
    ]
    return tuple(sorted(rows, key=lambda r: -abs(r[2])))
