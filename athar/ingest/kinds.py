"""What the known source kinds imply when a row leaves it unsaid.

``source_kind`` is a free label; these kinds carry defaults. A release list's row is about a
release even without a status column, and its date is the release day; a death record's date is
the day of death.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class KindDefaults:
    """The status a row of this kind reports when it has none, and what its date is the date of."""

    status: str  # one of STATUSES
    event: str  # "arrest", "release", "death" or "report"


KIND_DEFAULTS: Final[dict[str, KindDefaults]] = {
    "family_report": KindDefaults("unknown", "arrest"),
    "prison_register": KindDefaults("detained", "arrest"),
    "release_list": KindDefaults("released", "release"),
    "ngo_list": KindDefaults("unknown", "arrest"),
    "death_record": KindDefaults("deceased", "death"),
    "witness_statement": KindDefaults("unknown", "report"),
}

UNKNOWN_KIND: Final = KindDefaults("unknown", "arrest")


def defaults(kind: str) -> KindDefaults:
    """The defaults of a known kind; an unknown label (allowed) gets none."""
    return KIND_DEFAULTS.get(kind.strip(), UNKNOWN_KIND)
