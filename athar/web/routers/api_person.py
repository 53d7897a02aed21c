"""JSON twins of the person page, the facilities map and the facility page; attachments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from athar.evidence import AccessDenied, add_facility_event, facility_page
from athar.evidence.blobs import BlobStore
from athar.person_file import PersonMoved, person_file
from athar.stats.facilities import facilities_geojson, facility_id_of, people_at
from athar.store.evidence_api import FacilityEventOut
from athar.web.api_models import AttachmentInfo, RecordWitnessOut
from athar.web.audit import audit, viewed
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import witness_for
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["persons and facilities"])
Staff = Annotated[Principal, Depends(require())]
Caseworker = Annotated[Principal, Depends(require("caseworker"))]


# ---------------------------------------------------------------- models


class SourceOut(BaseModel):
    """Where a record comes from: the source version it was read from."""

    name: str
    kind: str
    version: int
    file_name: str
    file_hash: str = Field(description="SHA-256 of the imported file")
    imported_at: datetime
    imported_by: str
    current: bool


class RecordOut(BaseModel):
    pk: int
    fields: dict[str, str] = Field(description="The canonical fields as the source wrote them")
    event_date: str = Field(description="ISO date, maybe partial")
    status: str
    facility_id: str
    detainee_number: str
    raw: dict[str, str] = Field(description="The source row verbatim")
    row_number: int
    sheet: str
    source: SourceOut


class LinkFieldOut(BaseModel):
    label: str
    level: str
    weight: float


class LinkOut(BaseModel):
    a: int
    b: int
    probability: float
    weight: float
    rule: str
    run_id: int
    fields: list[LinkFieldOut]


class EventOut(BaseModel):
    kind: str = Field(description="arrest, detention, transfer, sighting, report, release, death")
    date: str
    record_pk: int
    source: str
    source_kind: str
    status: str
    facility_id: str
    detainee_number: str
    from_facility_id: str = Field(description="For a transfer: where the person was before")
    uncertain_order: bool = Field(description="The dates cannot tell this event's order")
    moved_to_facility_id: str = Field(
        description="Where the record's status says the person was transferred next, if it does"
    )


class LastKnownOut(BaseModel):
    date: str
    kind: str
    record_pk: int
    facility_id: str
    place_date: str
    moved_to_facility_id: str = Field(
        description="Where the last record that places the person says they were moved next"
    )


class StatusOut(BaseModel):
    status: str
    supporting: list[int]
    others: list[int]
    contradicting: list[int]


class PersonOut(BaseModel):
    person_id: str
    name: str
    records: list[RecordOut]
    links: list[LinkOut]
    journey: list[EventOut]
    last_known: LastKnownOut | None
    status: StatusOut
    attachments: list[AttachmentInfo]


class Moved(BaseModel):
    person_id: str
    successors: list[str]


class ArrivalsOut(BaseModel):
    year: int
    persons: int


class EventSourceInfo(BaseModel):
    url: str | None
    sha256: str | None
    title: str
    captured_at: datetime | None
    added_by: str
    added_at: datetime


class FacilityEventInfo(BaseModel):
    id: int
    kind: str
    date: str
    description: str
    added_by: str
    added_at: datetime
    sources: list[EventSourceInfo]


class FacilityOut(BaseModel):
    id: str
    kind: str
    name_ar: str
    name_en: str
    aliases: list[str]
    city: str
    governorate: str
    lat: float
    lon: float
    accuracy: str = Field(description="exact_site, approximate, city_centroid, governorate_seat")
    notes: str
    records: int
    persons: int
    unlinked: int
    first_date: str
    last_date: str
    arrivals: list[ArrivalsOut] = Field(description="Persons first documented here, per year")
    events: list[FacilityEventInfo]
    attachments: list[AttachmentInfo]


class PersonAtOut(BaseModel):
    person_id: str | None = Field(description="None: a record not linked into a person yet")
    record_pks: list[int]
    name: str
    first_date: str
    last_date: str
    statuses: list[str]


class PeopleOut(BaseModel):
    facility_id: str
    page: int
    per_page: int
    pages: int
    total: int
    people: list[PersonAtOut]


class NewEvent(BaseModel):
    kind: str = Field(description="liberation, battle, mass_execution, transfer or other")
    date: str = Field("", description="ISO, partial allowed (2024, 2024-12)")
    description: str = ""
    urls: list[str] = Field(default_factory=list, description="http(s) links to the sources")
    captured_at: datetime | None = Field(None, description="When the sources were captured")


# ---------------------------------------------------------------- helpers


def event_info(e: FacilityEventOut) -> FacilityEventInfo:
    return FacilityEventInfo.model_validate(e, from_attributes=True)


def _blobs(request: Request) -> BlobStore:
    return BlobStore(request.app.state.settings.blob_dir)


# ---------------------------------------------------------------- persons


@router.get(
    "/persons/{person_id}",
    response_model=PersonOut,
    responses={
        307: {"description": "The id was retired; its records are with one person"},
        404: {"description": "No such person"},
        410: {"model": Moved, "description": "Retired; records with several persons"},
    },
)
def person(request: Request, person_id: str, who: Staff) -> Any:
    """A person: every linked record with its source and provenance, the stored links between
    them with their field-by-field weights, the journey (ordered events, partial dates, order
    doubts), the last known place and date, the status with the records supporting it, and the
    files attached to the records. Death records are included (staff only). Audited."""
    try:
        found = person_file(store_of(request), person_id)
    except PersonMoved as moved:
        if len(moved.successors) == 1:
            return RedirectResponse(f"/api/persons/{moved.successors[0]}", status_code=307)
        return JSONResponse(
            Moved(person_id=person_id, successors=moved.successors).model_dump(), status_code=410
        )
    except KeyError as exc:
        raise HTTPException(404, f"no person {person_id}") from exc
    viewed(request, "person", person_id)
    return PersonOut(
        person_id=found.person_id,
        name=found.name,
        records=[
            RecordOut(
                pk=r.pk,
                fields=dict(r.record.fields),
                event_date=r.record.event_date,
                status=r.record.status,
                facility_id=r.record.facility_id,
                detainee_number=r.record.detainee_number,
                raw={str(k): str(v) for k, v in r.record.raw.items()},
                row_number=r.record.row_number,
                sheet=r.record.sheet,
                source=SourceOut(**_source(found.sources[r.source_id])),
            )
            for r in found.records
        ],
        links=[
            LinkOut(
                a=link.a,
                b=link.b,
                probability=link.probability,
                weight=link.weight,
                rule=link.rule,
                run_id=link.run_id,
                fields=[LinkFieldOut(label=x, level=y, weight=w) for x, y, w in link.fields],
            )
            for link in found.links
        ],
        journey=[EventOut(**e.__dict__) for e in found.events],
        last_known=LastKnownOut(**found.last_known.__dict__) if found.last_known else None,
        status=StatusOut(
            status=found.status.status,
            supporting=list(found.status.supporting),
            others=list(found.status.others),
            contradicting=list(found.status.contradicting),
        ),
        attachments=[AttachmentInfo.of(a) for a in found.attachments],
    )


def _source(s: Any) -> dict[str, Any]:
    return {k: getattr(s, k) for k in SourceOut.model_fields}


@router.get("/records/{pk}/witness", response_model=RecordWitnessOut)
def witness(request: Request, pk: int, who: Caseworker) -> RecordWitnessOut:
    """Who gave witness statement ``pk``: only for the caseworker who took it and admins.
    Every access and refusal is logged."""
    try:
        identity = witness_for(request, pk, who)
    except AccessDenied as exc:
        raise HTTPException(403, str(exc)) from exc
    except KeyError as exc:
        raise HTTPException(404, str(exc)) from exc
    return RecordWitnessOut.of_record(pk, identity)


# ---------------------------------------------------------------- facilities


@router.get("/facilities.geojson")
def geojson(request: Request, who: Staff) -> dict[str, Any]:
    """Every detention facility of the gazetteer as a GeoJSON Point (longitude first) with its
    names, aliases, how accurate its position is, and its record and person counts."""
    return facilities_geojson(store_of(request))


@router.get("/facilities/{facility_id}", response_model=FacilityOut)
def facility(request: Request, facility_id: str, who: Staff) -> FacilityOut:
    """A facility: names, aliases, coordinates and their accuracy, counts, arrivals per year,
    documented events with their sources (chain of custody), attached files."""
    try:
        found = facility_page(store_of(request), facility_id)
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from exc
    f, s = found.facility, found.stats
    return FacilityOut(
        id=f.id,
        kind=f.kind,
        name_ar=f.name_ar,
        name_en=f.name_en,
        aliases=list(f.aliases),
        city=f.city,
        governorate=f.governorate,
        lat=f.lat,
        lon=f.lon,
        accuracy=f.accuracy,
        notes=f.notes,
        records=s.records,
        persons=s.persons,
        unlinked=s.unlinked,
        first_date=s.first_date,
        last_date=s.last_date,
        arrivals=[ArrivalsOut(year=y, persons=n) for y, n in s.arrivals.items()],
        events=[event_info(e) for e in found.events],
        attachments=[AttachmentInfo.of(a) for a in found.attachments],
    )


@router.get("/facilities/{facility_id}/people", response_model=PeopleOut)
def people(
    request: Request, facility_id: str, who: Staff, page: int = 1, per_page: int = 50
) -> PeopleOut:
    """The people documented at a facility, a page at a time: persons, then records not yet
    linked; each with its records there and their dates. Audited."""
    try:
        found = people_at(store_of(request), facility_id, page=page, per_page=min(per_page, 500))
    except ValueError as exc:
        raise HTTPException(404 if "unknown" in str(exc) else 400, str(exc)) from exc
    audit(request, "facility.people_view", facility_id=found.facility_id, page=found.page)
    return PeopleOut(
        facility_id=found.facility_id,
        page=found.page,
        per_page=found.per_page,
        pages=found.pages,
        total=found.total,
        people=[
            PersonAtOut(
                person_id=p.person_id,
                record_pks=list(p.record_pks),
                name=p.name,
                first_date=p.first_date,
                last_date=p.last_date,
                statuses=list(p.statuses),
            )
            for p in found.people
        ],
    )


@router.post("/facilities/{facility_id}/events", response_model=FacilityEventInfo, status_code=201)
def add_event(
    request: Request, facility_id: str, body: NewEvent, who: Caseworker
) -> FacilityEventInfo:
    """Document an event at a facility (caseworkers and admins) with links to its sources.
    Files are added from the facility page (multipart) or `athar evidence`."""
    try:
        facility_id_of(facility_id)
    except ValueError as exc:
        raise HTTPException(404, str(exc)) from exc
    captured = body.captured_at
    if captured is not None and captured.tzinfo is None:
        captured = captured.replace(tzinfo=UTC)
    try:
        e = add_facility_event(
            store_of(request),
            facility_id,
            body.kind,
            body.date,
            body.description,
            by=who.name,
            urls=body.urls,
            captured_at=captured,
            blobs=_blobs(request),
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return event_info(e)


section = Section(name="api-person", router=router)
