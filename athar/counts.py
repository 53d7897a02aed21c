"""The registry at a glance: what ``athar status`` prints and the web dashboard shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from athar.store import Store


@dataclass(frozen=True)
class RegistryCounts:
    records: int
    sources: int
    persons: int
    last_run_id: int | None
    last_run_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "sources": self.sources,
            "persons": self.persons,
            "last_run": None
            if self.last_run_id is None
            else {
                "id": self.last_run_id,
                "finished_at": self.last_run_at.isoformat() if self.last_run_at else None,
            },
        }


def registry_counts(store: Store) -> RegistryCounts:
    """Current records, current sources, persons holding records, and the last finished run."""
    run = store.latest_run()
    return RegistryCounts(
        records=store.count_records(),
        sources=store.count_sources(),
        persons=store.count_persons(),
        last_run_id=run.id if run else None,
        last_run_at=run.finished_at if run else None,
    )
