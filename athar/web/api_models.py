"""JSON models that more than one API router answers with, each built from the store's dataclass
it shows (so a field added there is one field added here, and a test keeps them equal)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from pydantic import BaseModel, Field

from athar.sightings import WitnessIdentity
from athar.store.evidence_api import AttachmentOut


def content_url(sha256: str) -> str:
    """Where the API serves an attachment's file (an image of the dead comes blurred)."""
    return f"/api/attachments/{sha256}/content"


class AttachmentModel(BaseModel):
    """An attachment: a file supporting a record, a facility or one of its events."""

    id: int
    sha256: str
    file_name: str
    mime_type: str
    size: int
    kind: str
    shows_dead: bool
    record_pk: int | None
    facility_id: str | None
    event_id: int | None
    captured_at: datetime | None
    added_at: datetime
    added_by: str

    @classmethod
    def of(cls, row: AttachmentOut) -> AttachmentModel:
        return cls(**asdict(row))


class AttachmentInfo(AttachmentModel):
    """An attachment as a person or facility shows it: with where to fetch the file."""

    url: str = Field(description="Where to fetch it (images of the dead come blurred)")

    @classmethod
    def of(cls, row: AttachmentOut) -> AttachmentInfo:
        return cls(**asdict(row), url=content_url(row.sha256))


class WitnessOut(BaseModel):
    """Who gave a witness statement (for its caseworker and admins only)."""

    name: str
    contact: str
    relation: str
    notes: str

    @classmethod
    def of(cls, identity: WitnessIdentity) -> WitnessOut:
        return cls(**asdict(identity))


class RecordWitnessOut(WitnessOut):
    """The witness of statement ``record_pk``."""

    record_pk: int

    @classmethod
    def of_record(cls, pk: int, identity: WitnessIdentity) -> RecordWitnessOut:
        return cls(record_pk=pk, **asdict(identity))
