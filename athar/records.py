"""The canonical record: the one set of columns every importer, generator and benchmark speaks.

A record is one mention of a person in one source. Empty string means unknown.
"""

from __future__ import annotations

from typing import Final

CANONICAL_FIELDS: Final[tuple[str, ...]] = (
    "record_id",
    "source",
    "source_kind",
    "full_name",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "governorate",
    "national_id",
    "facility",
    "detainee_number",
    "event_date",
    "status",
    "notes",
)

SOURCE_KINDS: Final[tuple[str, ...]] = (
    "family_report",
    "prison_register",
    "release_list",
    "ngo_list",
    "death_record",
    "witness_statement",
)

STATUSES: Final[tuple[str, ...]] = ("detained", "released", "deceased", "missing", "unknown")
