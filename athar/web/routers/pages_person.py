"""The person page, the facilities map and the facility page (JSON twins in ``api_person``).

- ``/persons/{id}``: a person's records side by side with their provenance, the links between
  them and why, the journey as a timeline and on a map, the last known place and date, the
  status with the records behind it, the files attached to the records. Staff only (any
  signed-in role: families have no accounts); every view is audited. A retired id leads on.
- ``/map``: every facility of the gazetteer on a Leaflet map (offline base layer, or
  ``ATHAR_TILE_URL``), markers sized by the people documented there, and the same facilities
  as a table that needs no map (keyboard, screen reader, no JavaScript).
- ``/facilities/{id}``: names, aliases, position and its accuracy, arrivals per year, documented
  events with their sources, the people documented there (paged); caseworkers add events.
- ``/records/{pk}/witness``: a statement's witness, for its caseworker and admins (audited).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar.evidence import AccessDenied, add_facility_event
from athar.evidence.access import may_reveal_dead
from athar.evidence.blobs import BlobStore
from athar.names import SAME_NAME_THRESHOLD, Level, compare_parts
from athar.person_file import PersonFile, PersonMoved, person_file
from athar.places import facilities, facility
from athar.records import CANONICAL_FIELDS
from athar.stats.facilities import (
    FacilityStats,
    facilities_geojson,
    facility_id_of,
    facility_stats,
    people_at,
)
from athar.store.evidence import FACILITY_EVENT_KINDS
from athar.web.audit import audit, viewed
from athar.web.auth import Principal, require, store_of
from athar.web.evidence import witness_for
from athar.web.i18n import translations
from athar.web.labels import FIELD_LABELS, STATUS_LABELS
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import render, request_language

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(require())]
Caseworker = Annotated[Principal, Depends(require("caseworker"))]

#: People per page of a facility's list.
PER_PAGE = 25

EVENT_LABELS: dict[str, str] = {
    "arrest": N_("Arrest"),
    "detention": N_("Held at"),
    "transfer": N_("Transfer"),
    "sighting": N_("Sighting"),
    "report": N_("Report"),
    "release": N_("Release"),
    "death": N_("Death"),
}
ACCURACY_LABELS: dict[str, str] = {
    "exact_site": N_("exact site"),
    "approximate": N_("approximate position"),
    "city_centroid": N_("city centre, not the site"),
    "governorate_seat": N_("governorate seat, not the site"),
}
FACILITY_EVENT_LABELS: dict[str, str] = {
    "liberation": N_("Liberation"),
    "battle": N_("Battle"),
    "mass_execution": N_("Mass execution"),
    "transfer": N_("Transfer of detainees"),
    "other": N_("Other event"),
}
#: Fields shown in the side-by-side table (source and kind head each column instead).
SHOWN_FIELDS = tuple(f for f in CANONICAL_FIELDS if f not in ("source", "source_kind"))


def facility_name(fid: str, lang: str) -> str:
    """A facility's name in the page's language (its id when the gazetteer does not know it)."""
    if not fid:
        return ""
    try:
        place = facility(fid)
    except KeyError:
        return fid
    return place.name_ar if lang == "ar" else place.name_en


def _labels(request: Request) -> dict[str, Any]:
    lang = request_language(request)
    return {
        "event_labels": EVENT_LABELS,
        "status_labels": STATUS_LABELS,
        "accuracy_labels": ACCURACY_LABELS,
        "facility_event_labels": FACILITY_EVENT_LABELS,
        "field_labels": FIELD_LABELS,
        "fname": lambda fid: facility_name(fid, lang),
    }


# ---------------------------------------------------------------- person


@router.get("/persons/{person_id}")
def person_page(request: Request, person_id: str, who: Staff) -> Response:
    store = store_of(request)
    try:
        found = person_file(store, person_id)
    except PersonMoved as moved:
        if len(moved.successors) == 1:
            return RedirectResponse(f"/persons/{moved.successors[0]}", status_code=303)
        return render(request, "person/moved.html", status_code=410, moved=moved)
    except KeyError:
        return render(request, "person/not_found.html", status_code=404)
    viewed(request, "person", person_id)
    lang = request_language(request)
    points = [
        {
            "lat": facility(e.facility_id).lat,
            "lon": facility(e.facility_id).lon,
            "name": facility_name(e.facility_id, lang),
            "date": e.date,
            "kind": e.kind,
        }
        for e in found.events
        if e.facility_id and _known_facility(e.facility_id)
    ]
    return render(
        request,
        "person/person.html",
        person=found,
        fields=SHOWN_FIELDS,
        points=points,
        disagreements=disagreements(found),
        disagreement_labels=DISAGREEMENT_LABELS,
        tile_url=request.app.state.settings.tile_url,
        may_reveal=may_reveal_dead(who.user.role),
        may_witness=who.has(("caseworker",)),
        # the roles the upload route admits (``pages_attachments.upload``)
        may_attach=who.has(("caseworker",)),
        # the roles the split form admits (``pages_review.person_page``)
        may_review=who.has(("reviewer",)),
        **_labels(request),
    )


# ---------------------------------------------------------------- records that disagree

#: Birth years further apart than this, both written, are not one person's slips.
BIRTH_YEAR_SLACK = 2
DISAGREEMENT_LABELS: dict[str, str] = {
    "given_name": N_("Given name"),
    "birth_year": N_("Birth year"),
}


@dataclass(frozen=True)
class Disagreement:
    """Values of one field that the person's records do not agree on: each value (a name as
    most of its records write it, or a birth year) with the records that give it."""

    field: str  # "given_name" or "birth_year"
    values: tuple[tuple[str, tuple[int, ...]], ...]


def disagreements(found: PersonFile) -> list[Disagreement]:
    """Given names and birth years on which the person's records disagree: a sign that the
    records may be of two people (siblings share a father and a family name)."""
    names: dict[str, list[int]] = {}
    years: dict[int, list[int]] = {}
    for r in found.records:
        fields = r.record.fields
        if given := fields.get("given_name", "").strip():
            names.setdefault(given, []).append(r.pk)
        year = fields.get("birth_date", "")[:4]
        if year.isdigit():
            years.setdefault(int(year), []).append(r.pk)
    out = []
    groups = name_groups(list(names))
    if len(groups) > 1:
        values = []
        for group in groups:
            pks = sorted(pk for name in group for pk in names[name])
            usual = max(group, key=lambda name: len(names[name]))  # the first of the most used
            values.append((usual, tuple(pks)))
        out.append(Disagreement("given_name", tuple(values)))
    if years and max(years) - min(years) > BIRTH_YEAR_SLACK:
        out.append(
            Disagreement(
                "birth_year",
                tuple((str(y), tuple(sorted(pks))) for y, pks in sorted(years.items())),
            )
        )
    return out


def name_groups(names: list[str]) -> list[list[str]]:
    """Written names grouped into the names they are: the same name by the test the linkage
    uses (``SAME_NAME_THRESHOLD``), through any chain of writings (Ahmad, أحمد, أحمذ); then
    groups of which every writing is at least a slip of the pen of every other (حزة, حمزة)."""
    groups: list[list[str]] = []
    for name in names:
        joined = [i for i, g in enumerate(groups) if any(_same_name(name, o) for o in g)]
        merged = [n for i in joined for n in groups[i]] + [name]
        groups = [g for i, g in enumerate(groups) if i not in joined] + [merged]
    i = 0
    while i < len(groups):
        slip = next((j for j in range(i + 1, len(groups)) if _slips(groups[i], groups[j])), None)
        if slip is None:
            i += 1
        else:
            groups[i] += groups.pop(slip)
    return groups


def _slips(a: list[str], b: list[str]) -> bool:
    return all(compare_parts(x, y)[0] >= Level.CLOSE for x in a for y in b)


def _same_name(a: str, b: str) -> bool:
    return compare_parts(a, b)[1] >= SAME_NAME_THRESHOLD


def _known_facility(fid: str) -> bool:
    try:
        facility(fid)
    except KeyError:
        return False
    return True


@router.get("/records/{pk}/witness")
def witness_partial(request: Request, pk: int, who: Caseworker) -> Response:
    """The witness of a statement, for HTMX to show in place (its caseworker and admins)."""
    try:
        identity = witness_for(request, pk, who)
    except AccessDenied:
        return render(request, "person/_witness.html", status_code=403, refused=True)
    except KeyError:
        return render(request, "person/_witness.html", status_code=404, missing=True)
    return render(request, "person/_witness.html", identity=identity)


# ---------------------------------------------------------------- map and facilities


#: A number of each plural category of CLDR (``Intl.PluralRules`` names them so), to hand every
#: plural form of a message to the browser. Arabic has all six; English only "one" and "other".
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}


def count_forms(lang: str) -> dict[str, dict[str, str]]:
    """The map popup's counts in every plural form of ``lang``, by CLDR category: the browser
    picks the form with ``Intl.PluralRules`` and puts the number for ``%(num)d``."""
    ngettext = translations(lang).ngettext
    forms: dict[str, Callable[[int], str]] = {
        "persons": lambda n: ngettext("%(num)d person", "%(num)d people", n),
        "records": lambda n: ngettext("%(num)d record", "%(num)d records", n),
        "unlinked": lambda n: ngettext(
            "%(num)d record not yet linked", "%(num)d records not yet linked", n
        ),
    }
    return {
        key: {category: form(n) for category, n in PLURAL_SAMPLES.items()}
        for key, form in forms.items()
    }


@router.get("/map")
def map_page(request: Request, who: Staff) -> Response:
    """The map and the table of facilities, from one reading of the counts (they read every
    record that names a facility): the map's GeoJSON comes with the page, not by a second
    request to ``/api/facilities.geojson``."""
    store = store_of(request)
    stats = facility_stats(store)
    listed = sorted(
        ((f, stats.get(f.id, FacilityStats(f.id))) for f in facilities()),
        key=lambda fs: (-(fs[1].persons + fs[1].unlinked), -fs[1].records, fs[0].name_en),
    )
    return render(
        request,
        "person/map.html",
        listed=listed,
        geojson=facilities_geojson(store, stats),
        counts=count_forms(request_language(request)),
        tile_url=request.app.state.settings.tile_url,
        **_labels(request),
    )


@router.get("/facilities/{facility_id}")
def facility_view(request: Request, facility_id: str, who: Staff, page: int = 1) -> Response:
    return _facility(request, facility_id, who, page)


def _facility(
    request: Request,
    facility_id: str,
    who: Principal,
    page: int = 1,
    status_code: int = 200,
    **context: Any,
) -> Response:
    from athar.evidence import facility_page

    store = store_of(request)
    try:
        fid = facility_id_of(facility_id)
    except ValueError:
        return render(request, "person/not_found.html", status_code=404)
    if fid != facility_id:
        return RedirectResponse(f"/facilities/{fid}", status_code=303)
    found = facility_page(store, fid)
    people = people_at(store, fid, page=max(1, page), per_page=PER_PAGE)
    audit(request, "facility.people_view", facility_id=fid, page=people.page)
    peak = max(found.stats.arrivals.values(), default=0)
    return render(
        request,
        "person/facility.html",
        status_code=status_code,
        found=found,
        people=people,
        peak=peak,
        event_kinds=FACILITY_EVENT_KINDS,
        may_add=who.has(("caseworker",)),
        tile_url=request.app.state.settings.tile_url,
        **_labels(request),
        **context,
    )


@router.get("/facilities/{facility_id}/people")
def facility_people(request: Request, facility_id: str, who: Staff, page: int = 1) -> Response:
    """One page of the people documented at a facility (HTMX swaps it in place)."""
    try:
        people = people_at(store_of(request), facility_id, page=max(1, page), per_page=PER_PAGE)
    except ValueError:
        return render(request, "person/not_found.html", status_code=404)
    audit(request, "facility.people_view", facility_id=people.facility_id, page=people.page)
    return render(request, "person/_people.html", people=people, **_labels(request))


_SAFE_NAME = re.compile(r"[^\w.\- ]+")


@router.post("/facilities/{facility_id}/events")
async def add_event(
    request: Request,
    facility_id: str,
    who: Caseworker,
    kind: Annotated[str, Form()],
    date: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    urls: Annotated[str, Form()] = "",
    captured_at: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """Document an event at the facility with its sources: links (one a line) and files."""
    store = store_of(request)
    links = [u.strip() for u in urls.splitlines() if u.strip()]
    uploads = [f for f in (files or []) if f.filename]
    try:
        captured = _captured(captured_at)
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for i, upload in enumerate(uploads):
                name = _SAFE_NAME.sub("_", Path(upload.filename or "").name).strip() or "file"
                path = Path(tmp) / str(i) / name
                path.parent.mkdir()
                path.write_bytes(await upload.read())
                paths.append(path)
            add_facility_event(
                store,
                facility_id,
                kind,
                date,
                description,
                by=who.name,
                urls=links,
                files=paths,
                captured_at=captured,
                blobs=BlobStore(request.app.state.settings.blob_dir),
            )
    except (ValueError, FileNotFoundError) as exc:
        return _facility(request, facility_id, who, status_code=400, error=str(exc))
    return RedirectResponse(f"/facilities/{facility_id}#events", status_code=303)


def _captured(text: str) -> datetime | None:
    """A ``datetime-local`` field's value, read as UTC."""
    if not text.strip():
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"capture time {text!r} is not a date and time") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


section = Section(name="person", router=router, nav=(NavLink("/map", N_("Map"), order=60),))
