"""A cheap fingerprint of the registry, for caches derived from it (the search index).

Anything that changes records or persons leaves an event of a kind named in ``DATA_EVENTS``
(imports, appended statements, link runs, person assignments, decisions), so the newest such
event id moves whenever a derived cache may be stale; the latest finished run and the number of
current records are kept beside it as a second check. Other events — sign-ins, views of a
person, reads of a contact — are the audit trail and must not make a cache rebuild.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from athar.store.api import Store
from athar.store.models import Event, LinkRun, RecordRow, Source

#: The events that change what a cache derives from records and persons.
DATA_EVENTS = (
    "source_imported",
    "source_reinstated",
    "source_appended",
    "link_run_finished",
    "persons_assigned",
    "decision",
    "decision_undone",
)


@dataclass(frozen=True)
class RegistryState:
    last_event_id: int
    link_run_id: int
    records: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def registry_state(store: Store) -> RegistryState:
    """The registry's fingerprint now: three indexed aggregate queries, one transaction."""
    with store._engine.connect() as conn:
        event = conn.execute(select(func.max(Event.id)).where(Event.kind.in_(DATA_EVENTS))).scalar()
        run = conn.execute(
            select(func.max(LinkRun.id)).where(LinkRun.finished_at.is_not(None))
        ).scalar()
        records = conn.execute(
            select(func.count())
            .select_from(RecordRow)
            .join(Source, Source.id == RecordRow.source_id)
            .where(Source.current)
        ).scalar_one()
    return RegistryState(int(event or 0), int(run or 0), int(records))
