"""Sightings: the form a caseworker fills while a survivor gives a statement, and the statement
page (the witness block only for its caseworker and admins). JSON twin: ``api_sightings``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.responses import Response

from athar.places import facilities
from athar.records import STATUSES
from athar.sightings import InvalidSighting, UnknownFacility
from athar.web.auth import Principal, require
from athar.web.evidence import problem_text
from athar.web.i18n import message_of, translated
from athar.web.labels import FIELD_LABELS, STATUS_LABELS
from athar.web.routers.api_sightings import SightingIn, WitnessIn, record, statement
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
Caseworker = Annotated[Principal, Depends(require("caseworker"))]
Anyone = Annotated[Principal, Depends(require())]

PERSON_FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "full_name",
    "mother_name",
    "birth_date",
    "birth_place",
    "detainee_number",
)


def _form(request: Request, status_code: int = 200, **context: object) -> Response:
    return render(
        request,
        "evidence/sighting_form.html",
        status_code=status_code,
        facilities=facilities(),
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        field_labels=FIELD_LABELS,
        person_fields=PERSON_FIELDS,
        values=context.pop("values", {}),
        **context,
    )


@router.get("/sightings/new")
def new_sighting(request: Request, who: Caseworker) -> Response:
    return _form(request)


@router.post("/sightings/new")
async def add_sighting(request: Request, who: Caseworker) -> Response:
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    _ = gettext_for(request)
    try:
        body = SightingIn(
            **{
                k: values.get(k, "")
                for k in (*PERSON_FIELDS, "facility", "seen_date", "condition", "sex", "notes")
            },
            status=values.get("status") or "detained",
            allow_unknown_facility=values.get("allow_unknown_facility") == "1",
            witness=WitnessIn(
                name=values.get("witness_name", ""),
                contact=values.get("witness_contact", ""),
                relation=values.get("witness_relation", ""),
                notes=values.get("witness_notes", ""),
            ),
        )
    except ValidationError:
        return _form(request, 400, values=values, error=_("The witness's name is needed."))
    try:
        pk = record(request, body, who)
    except ValueError as exc:
        return _form(request, 400, values=values, error=_refused_because(exc, _))
    return RedirectResponse(f"/sightings/{pk}?recorded=1", status_code=303)


def _refused_because(exc: ValueError, _: Any) -> str:
    """Why the statement was not recorded, in the page's language and in the form's terms."""
    if isinstance(exc, UnknownFacility):
        return _(
            "“%(facility)s” is not a detention facility Athar knows. Choose one from the list, "
            "or tick “A place not in the list” to record the place as the witness described it."
        ) % {"facility": exc.facility}
    if isinstance(exc, InvalidSighting):
        return _("; ").join(problem_text(p, _) for p in exc.problems)
    return translated(message_of(exc), _)


@router.get("/sightings/{pk}")
def show_sighting(request: Request, pk: int, who: Anyone) -> Response:
    return render(
        request,
        "evidence/sighting.html",
        s=statement(request, pk, who),
        field_labels=FIELD_LABELS,
        status_labels=STATUS_LABELS,
        person_fields=PERSON_FIELDS,
        may_attach=who.has(("caseworker",)),
        recorded=request.query_params.get("recorded") == "1",
    )


section = Section(
    name="sightings",
    router=router,
    nav=(NavLink("/sightings/new", N_("Record a sighting"), order=61),),
)
