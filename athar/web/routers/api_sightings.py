"""``/api/sightings``: record a survivor's statement of having seen someone in detention, and
read it back. The witness's identity is encrypted apart from the record and returned only to the
caseworker who took the statement and to admins; every reading and every refusal is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from athar.evidence import AccessDenied
from athar.places import facility as facility_by_id
from athar.records import display_name
from athar.sightings import WitnessIdentity, record_sighting
from athar.sightings.record import KIND
from athar.store.evidence_api import attachments
from athar.web.api_models import WitnessOut
from athar.web.audit import viewed
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import witness_for
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["sightings"])
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
Anyone = Annotated[Principal, Depends(require())]


class WitnessIn(BaseModel):
    name: str = Field(min_length=1, max_length=300)
    contact: str = Field("", max_length=300)
    relation: str = Field("", max_length=300, description="to the person seen: cellmate, …")
    notes: str = Field("", max_length=5000)


class SightingIn(BaseModel):
    """Who was seen (name parts as the witness gave them), where, when, in what condition."""

    facility: str = Field(description="a facility's id or any name the gazetteer knows")
    seen_date: str = Field(description="ISO, partial allowed: 2014, 2014-03")
    condition: str = ""
    witness: WitnessIn
    given_name: str = ""
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    full_name: str = ""
    mother_name: str = ""
    sex: str = ""
    birth_date: str = ""
    birth_place: str = ""
    detainee_number: str = ""
    status: str = "detained"
    notes: str = ""
    allow_unknown_facility: bool = False


class StatementOut(BaseModel):
    pk: int
    source: str
    record_id: str
    person_id: str | None
    name: str
    fields: dict[str, str]
    facility_id: str
    facility_name_ar: str = ""
    facility_name_en: str = ""
    seen_date: str
    condition: str
    status: str
    #: The caseworker who took the statement.
    caseworker: str
    #: The witness, for that caseworker and admins; None for everyone else.
    witness: WitnessOut | None
    witness_restricted: bool
    attachments: int


def statement(request: Request, pk: int, who: Principal) -> StatementOut:
    """Statement ``pk`` as ``who`` may see it; audits the view and the witness access (or its
    refusal). 404 when ``pk`` is no witness statement."""
    from athar.store.evidence_api import witness_identity

    store = store_of(request)
    stored = store.record(pk)
    if stored is None or stored.record.fields.get("source_kind") != KIND:
        raise HTTPException(404, "no such witness statement")
    rec = stored.record
    viewed(request, "record", str(pk))
    sealed = witness_identity(store, pk)
    witness: WitnessOut | None = None
    restricted = False
    if sealed is not None:
        try:
            witness = WitnessOut.of(witness_for(request, pk, who))
        except AccessDenied:
            restricted = True
    place = None
    if rec.facility_id:
        try:
            place = facility_by_id(rec.facility_id)
        except KeyError:
            place = None
    return StatementOut(
        pk=pk,
        source=rec.fields.get("source", ""),
        record_id=rec.fields.get("record_id", ""),
        person_id=store.person_of(pk),
        name=display_name(rec.fields),
        fields={k: v for k, v in rec.fields.items() if v},
        facility_id=rec.facility_id,
        facility_name_ar=place.name_ar if place else "",
        facility_name_en=place.name_en if place else "",
        seen_date=rec.fields.get("event_date", ""),
        condition=rec.raw.get("condition", ""),
        status=rec.status,
        caseworker=sealed.caseworker if sealed else "",
        witness=witness,
        witness_restricted=restricted,
        attachments=len(attachments(store, record_pks=[pk])),
    )


def record(request: Request, body: SightingIn, who: Principal) -> int:
    """Record ``body``; the new record's pk. ValueError names what is wrong."""
    sighting = record_sighting(
        store_of(request),
        facility=body.facility,
        seen_date=body.seen_date,
        condition=body.condition,
        witness=WitnessIdentity(**body.witness.model_dump()),
        by=who.name,
        given_name=body.given_name,
        father_name=body.father_name,
        grandfather_name=body.grandfather_name,
        family_name=body.family_name,
        full_name=body.full_name,
        mother_name=body.mother_name,
        sex=body.sex,
        birth_date=body.birth_date,
        birth_place=body.birth_place,
        detainee_number=body.detainee_number,
        status=body.status,
        notes=body.notes,
        allow_unknown_facility=body.allow_unknown_facility,
        key_file=request.app.state.settings.key_file,
    )
    return sighting.pk


@router.post("/sightings", response_model=StatementOut, status_code=201)
def add_sighting(request: Request, body: SightingIn, who: Caseworker) -> StatementOut:
    """Record a witness statement (caseworkers and admins). It becomes a record of kind
    ``witness_statement`` that links at the next re-link; the witness's identity is stored
    encrypted, apart, readable only by the recording caseworker and admins."""
    try:
        pk = record(request, body, who)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    return statement(request, pk, who)


@router.get("/sightings/{pk}", response_model=StatementOut)
def get_sighting(request: Request, pk: int, who: Anyone) -> StatementOut:
    """A statement. ``witness`` is filled only for the caseworker who took it and admins; for
    everyone else it is null, ``witness_restricted`` is true and the refusal is audited."""
    return statement(request, pk, who)


section = Section(name="api-sightings", router=router)
