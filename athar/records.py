"""The canonical record: the one set of columns every importer, generator and benchmark speaks.

A record is one mention of a person in one source. Empty string means unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

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
    "residence",
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

#: Kinds of source whose every record tells of a death (forensic lists, death registers).
DEATH_KINDS: Final[frozenset[str]] = frozenset({"death_record"})

STATUSES: Final[tuple[str, ...]] = ("detained", "released", "deceased", "missing", "unknown")


NAME_PARTS: Final[tuple[str, ...]] = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
)


def display_name(fields: Mapping[str, Any]) -> str:
    """The fullest name a record writes: its split parts joined, or its full name if longer."""
    split = " ".join(str(fields.get(p) or "") for p in NAME_PARTS if fields.get(p))
    full = str(fields.get("full_name") or "")
    return split if len(split.split()) >= len(full.split()) else full


# Fields every importer fills beside the canonical ones: parsed, normalized values that linkage,
# search and statistics use. The canonical fields keep what the source wrote (after mapping).
@dataclass
class Record:
    """One imported record: the canonical fields as written, their normalized forms, and the
    original row verbatim with where it came from."""

    fields: dict[str, str]  # CANONICAL_FIELDS → value as written ("" = unknown)
    raw: dict[str, str]  # the source row verbatim, original headers as keys
    row_number: int  # where a person finds the row: CSV/JSONL line, sheet row, array position
    sheet: str = ""  # XLSX sheet name, else ""
    birth_date: str = ""  # ISO, possibly partial: "1985", "1985-03", "1985-03-14"
    event_date: str = ""  # ISO, possibly partial
    status: str = "unknown"  # one of STATUSES
    facility_id: str = ""  # athar.places facility id when resolved
    birth_place_id: str = ""  # athar.places town id when resolved
    governorate_id: str = ""  # athar.places governorate id when resolved
    residence_id: str = ""  # athar.places town (else governorate) id of the residence, resolved
    detainee_number: str = ""  # digits normalized (Eastern → Western), spaces removed
    national_id: str = ""  # digits only
    sex: str = ""  # "m", "f" or ""

    @property
    def record_id(self) -> str:
        return self.fields.get("record_id", "")

    @property
    def source(self) -> str:
        return self.fields.get("source", "")

    @property
    def birth_year(self) -> int | None:
        return int(self.birth_date[:4]) if self.birth_date[:4].isdigit() else None
