"""Recording a sighting, and reading its witness back under the access rule.

The statement becomes a record of kind ``witness_statement`` in the sightings source
(``ATHAR_SIGHTINGS_SOURCE``, default ``sightings``), built by the importer's own row builder so
its names, dates, facility and status are normalized exactly as an imported list's would be. It
is appended as the source's next version (``athar.store.evidence_api.append_records``): earlier
statements stay current with their pks, nothing is rewritten, and the record links at the next
``athar link``. What the witness said about the person's condition is kept in the record (notes
and the verbatim row); who the witness is never enters the record: it is encrypted
(``athar.crypto``) into ``witness_identities`` with the caseworker who took the statement.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from athar.config import settings
from athar.crypto import decrypt, encrypt
from athar.evidence.access import AccessDenied, may_see_witness
from athar.ingest import Column, Mapping, Row, Table, build_records
from athar.ingest.mapping import CANONICAL, UNMAPPED
from athar.ingest.messages import say
from athar.ingest.report import Problem
from athar.places import resolve_facility
from athar.store import Store
from athar.store.evidence_api import SealedWitness, append_records, witness_identity

KIND = "witness_statement"
ID_PREFIX = "WS-"
#: Statement fields that become canonical record fields (the rest stay in the verbatim row).
_FIELDS = (
    "full_name",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "detainee_number",
    "facility",
    "status",
    "notes",
)


@dataclass(frozen=True)
class WitnessIdentity:
    """Who gave the statement. Stored only encrypted, shown only to its caseworker and admins."""

    name: str
    contact: str = ""
    relation: str = ""  # to the person seen: cellmate, guard, relative…
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError(say("a witness identity needs the witness's name"))


class UnknownFacility(ValueError):
    """A facility the gazetteer does not know, given without leave to record it as described."""

    def __init__(self, facility: str) -> None:
        super().__init__(
            f"facility {facility!r} is not a known detention facility "
            "(see `athar places list`; allow an unlisted place explicitly)"
        )
        self.facility = facility


class InvalidSighting(ValueError):
    """A statement the importer's row checks refuse (a date that cannot be, no name…)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.what for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class RecordedSighting:
    """The record a sighting became: its lasting pk and its (source, record_id) key."""

    pk: int
    source: str
    record_id: str
    facility_id: str

    @property
    def key(self) -> str:
        return f"{self.source}/{self.record_id}"


def record_sighting(
    store: Store,
    *,
    facility: str,
    seen_date: str,
    condition: str,
    witness: WitnessIdentity,
    by: str,
    given_name: str = "",
    father_name: str = "",
    grandfather_name: str = "",
    family_name: str = "",
    full_name: str = "",
    mother_name: str = "",
    sex: str = "",
    birth_date: str = "",
    birth_place: str = "",
    detainee_number: str = "",
    status: str = "detained",
    notes: str = "",
    allow_unknown_facility: bool = False,
    key_file: Path | None = None,
) -> RecordedSighting:
    """Record what a witness saw: the person (name parts, as the witness gave them), where
    (``facility``: an ``athar.places`` id or any label it resolves), when (``seen_date``, partial
    allowed), in what condition; and who the witness is, encrypted. ``by`` is the caseworker.

    Raises ValueError naming what is wrong: no caseworker, no date seen; ``InvalidSighting``
    for no name or a date that cannot be read or lies in the future; ``UnknownFacility`` for a
    facility the gazetteer does not know (unless ``allow_unknown_facility``: a place described
    but not listed).
    """
    if not by.strip():
        raise ValueError(say("a sighting needs the caseworker who records it (by)"))
    if not seen_date.strip():
        raise ValueError(
            say("a sighting needs the date the person was seen (partial allowed: 2014)")
        )
    place = resolve_facility(facility) if facility.strip() else None
    if place is None and not allow_unknown_facility:
        raise UnknownFacility(facility)
    given = {
        "full_name": full_name,
        "given_name": given_name,
        "father_name": father_name,
        "grandfather_name": grandfather_name,
        "family_name": family_name,
        "mother_name": mother_name,
        "sex": sex,
        "birth_date": birth_date,
        "birth_place": birth_place,
        "detainee_number": detainee_number,
        "facility": facility,
        "status": status,
        "notes": _notes(condition, notes),
    }
    cells = {k: v.strip() for k, v in given.items()}
    cells["seen_date"] = seen_date.strip()
    cells["condition"] = condition.strip()
    columns = [Column(f, f, CANONICAL) for f in _FIELDS]
    columns.append(Column("seen_date", "event_date", CANONICAL))
    columns.append(Column("condition", "", UNMAPPED))
    table = Table(Path("<sighting>"), "statement", list(cells), [Row(1, cells)])
    source = settings().sightings_source
    records, report = build_records(
        table, Mapping(tuple(columns)), source=source, source_kind=KIND, today=date.today()
    )
    if not report.ok:
        raise InvalidSighting(report.problems)
    (record,) = records
    record.fields["record_id"] = ""  # the store numbers statements: WS-000001, …
    record.raw = {k: v for k, v in cells.items() if v}
    sealed = SealedWitness(by, encrypt(json.dumps(asdict(witness)), key_file=key_file))
    appended = append_records(
        store, source, KIND, [record], by=by, id_prefix=ID_PREFIX, witnesses={0: sealed}
    )
    ((record_id, pk),) = appended.records
    return RecordedSighting(pk, source, record_id, record.facility_id)


def _notes(condition: str, notes: str) -> str:
    parts = []
    if condition.strip():
        parts.append(f"condition: {condition.strip()}")
    if notes.strip():
        parts.append(notes.strip())
    return "; ".join(parts)


def witness_of(
    store: Store, record: int, viewer: str, viewer_role: str, *, key_file: Path | None = None
) -> WitnessIdentity:
    """The witness of statement ``record`` (pk), for its caseworker and admins only.

    Every access and every refusal is written to the audit log. Raises ``AccessDenied`` to anyone
    else, KeyError when the record has no witness identity.
    """
    sealed = witness_identity(store, record)
    if sealed is None:
        raise KeyError(f"record {record} has no witness identity")
    payload = {"record_pk": record, "role": viewer_role, "caseworker": sealed.caseworker}
    if not may_see_witness(viewer, viewer_role, sealed.caseworker):
        store.log_event("witness_access_refused", payload, viewer or "(anonymous)")
        raise AccessDenied(
            f"{viewer or 'anonymous'} ({viewer_role}) may not see the witness of record {record}: "
            "only the caseworker who took the statement and admins may"
        )
    identity = WitnessIdentity(**json.loads(decrypt(sealed.token, key_file=key_file)))
    store.log_event("witness_accessed", payload, viewer)
    return identity
