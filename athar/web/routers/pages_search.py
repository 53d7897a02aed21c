"""The search page: one box (Arabic, Latin, Arabizi, partial names, a year inside), optional
father's and mother's names, birth year and governorate; persons ranked with why they matched.
JSON twin: ``/api/search``.

The form is a plain GET (the URL holds the query, so results can be shared among staff); HTMX
submits it and swaps in the results alone (``search/_results.html``), pushing the URL.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from athar.places import facility, governorates
from athar.search import QueryError
from athar.search.keeper import IndexNotReady
from athar.web.auth import Principal, require, store_of
from athar.web.routers.api_search import run_search
from athar.web.search_index import keeper_for
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import render, request_language

router = APIRouter(include_in_schema=False)
Anyone = Annotated[Principal, Depends(require())]

#: Result counts the page offers.
LIMITS = (10, 20, 50)
FIELDS = ("q", "father", "mother", "birth_year", "governorate")

#: How the page words a refused query (``QueryError.code``), in the reader's language.
QUERY_ERRORS: dict[str, str] = {
    "empty": N_("Type at least one name, in Arabic or Latin letters."),
    "too_long": N_("The query is too long."),
    "two_years": N_("The text holds two different birth years: keep one."),
    "year_format": N_("The birth year must be four digits, like 1985."),
    "year_range": N_("That birth year is not possible: check the digits."),
    "year_conflict": N_("The birth year in the text and in the birth year field differ."),
    "father": N_("The father's name field holds no name."),
    "mother": N_("The mother's name field holds no name."),
    "governorate": N_("Unknown governorate."),
    "limit": N_("Unknown number of results."),
}

#: Words for the evidence: a part of a record, and how well the query met it.
PART_LABELS: dict[str, str] = {
    "name": N_("name"),
    "given": N_("given name"),
    "father": N_("father's name"),
    "grandfather": N_("grandfather's name"),
    "family": N_("family name"),
    "mother": N_("mother's name"),
    "birth_year": N_("birth year"),
    "governorate": N_("governorate"),
}
LEVEL_LABELS: dict[str, str] = {
    "exact": N_("written the same"),
    "canonical": N_("the same name in another spelling"),
    "key": N_("a spelling that sounds the same"),
    "close": N_("a close spelling"),
    "different": N_("different"),
    "missing": N_("not in the best-matching record"),
    "unknown": N_("not stated in the records"),
}
STATUS_LABELS: dict[str, str] = {
    "detained": N_("detained"),
    "released": N_("released"),
    "deceased": N_("deceased"),
    "missing": N_("missing"),
    "unknown": N_("status unknown"),
}


def _governorate_names(lang: str) -> dict[str, str]:
    return {g.id: g.name_ar if lang == "ar" else g.name_en for g in governorates()}


def _place_name(lang: str) -> Any:
    def name(place_id: str | None, fallback: str | None = None) -> str:
        if not place_id:
            return fallback or ""
        try:
            found = facility(place_id)
        except KeyError:
            return fallback or place_id
        return found.name_ar if lang == "ar" else found.name_en

    return name


@router.get("/search")
def search_page(
    request: Request,
    who: Anyone,
    q: str = "",
    father: str = "",
    mother: str = "",
    birth_year: str = "",
    governorate: str = "",
    limit: int = LIMITS[1],
) -> Response:
    """The form, and the results when the URL holds a search. Asked by HTMX (not restoring
    history), only the results are rendered."""
    lang = request_language(request)
    names = _governorate_names(lang)
    sep = "، " if lang == "ar" else ", "
    form = {"q": q, "father": father, "mother": mother, "birth_year": birth_year,
            "governorate": governorate, "limit": limit}  # fmt: skip
    searched = any(v.strip() for v in (q, father, mother, birth_year, governorate))
    context: dict[str, Any] = {
        "form": form,
        "searched": searched,
        "found": None,
        "error": None,
        "not_ready": False,
        "limits": LIMITS,
        "governorates": sorted(names.items(), key=lambda kv: kv[1]),
        "governorate_names": names,
        "governorate_list": lambda ids: sep.join(names.get(i, i) for i in ids.split(", ") if i),
        "sep": sep,
        "place_name": _place_name(lang),
        "part_labels": PART_LABELS,
        "level_labels": LEVEL_LABELS,
        "status_labels": STATUS_LABELS,
    }
    status_code = 200
    if searched:
        try:
            context["found"] = run_search(
                request, q, limit if limit in LIMITS else LIMITS[1], father or None,
                mother or None, birth_year or None, governorate or None,
            )  # fmt: skip
        except QueryError as exc:
            context["error"] = QUERY_ERRORS.get(exc.code, N_("The search could not be read."))
            status_code = 400
        except IndexNotReady:
            context["not_ready"] = True
            status_code = 503
    else:
        context["index_status"] = keeper_for(store_of(request)).status()
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(
        request,
        "search/_results.html" if partial else "search/page.html",
        # HTMX swaps only 2xx answers: a refused query is still the results area's content
        status_code=200 if partial else status_code,
        **context,
    )
    response.headers["Vary"] = "HX-Request"
    return response


section = Section(name="search", router=router, nav=(NavLink("/search", N_("Search"), order=10),))
