"""What the store takes and gives back: plain frozen values, no ORM objects, so callers can keep
them after the session that read them is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from athar.records import Record

Verdict = Literal["same", "different", "unsure"]
VERDICTS: tuple[str, ...] = ("same", "different", "unsure")


@dataclass(frozen=True)
class ImportOutcome:
    """What ``Store.import_source`` did.

    ``already_imported``: this exact file (same source name, same hash) was imported before and
    nothing was written; ``reinstated`` says it was an older version and is current again.
    ``superseded``: rows of the previously current version that stopped being current.
    ``new`` / ``changed`` / ``unchanged`` / ``removed`` compare record ids, and what each row says
    (fields, normalized values, verbatim row; not its position), with that previous version.
    """

    source_id: int
    version: int
    inserted: int
    already_imported: bool
    superseded: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    reinstated: bool = False


@dataclass(frozen=True)
class SourceInfo:
    id: int
    name: str
    kind: str
    version: int
    file_name: str
    file_hash: str
    imported_at: datetime
    imported_by: str
    row_count: int
    current: bool


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: its lasting ``pk``, which version of its source the content comes from
    (the current one, else the latest that had it), and whether that version is current."""

    pk: int
    row_id: int
    source_id: int
    source_version: int
    current: bool
    record: Record


@dataclass(frozen=True)
class LinkIn:
    """A scored pair to save. The order of ``a`` and ``b`` does not matter."""

    a: int
    b: int
    match_probability: float
    match_weight: float
    rule: str = "model"  # "model", "national_id", "facility_number", "human", ...
    explanation: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkOut:
    run_id: int
    a: int
    b: int
    match_probability: float
    match_weight: float
    rule: str
    explanation: dict[str, Any]


@dataclass(frozen=True)
class LinkRunInfo:
    id: int
    started_at: datetime
    finished_at: datetime | None
    threshold: float
    settings: dict[str, Any]
    stats: dict[str, Any]


@dataclass(frozen=True)
class DecisionOut:
    """One decision row. ``verdict`` is "undo" for a row that undoes ``undoes``."""

    id: int
    a: int
    b: int
    verdict: str
    reason: str
    decided_by: str
    decided_at: datetime
    undoes: int | None


@dataclass(frozen=True)
class EventOut:
    id: int
    at: datetime
    actor: str
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class PersonSummary:
    """A current person: how many current records, from how many sources."""

    person_id: str
    records: int
    sources: int


@dataclass(frozen=True)
class Violation:
    """A cluster that goes against a human decision."""

    a: int
    b: int
    verdict: str  # "same" (split apart) or "different" (put together)
    decision_id: int


class DecisionConflict(ValueError):
    """Clusters that would undo what a reviewer decided."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        shown = ", ".join(f"{v.a}~{v.b} ({v.verdict})" for v in violations[:5])
        more = f" and {len(violations) - 5} more" if len(violations) > 5 else ""
        super().__init__(f"clusters contradict human decisions: {shown}{more}")
