"""``GET /api/search``: the search box as JSON (the same domain function as ``athar search``).

The index is the process's keeper (``athar.web.search_index``): answered from memory, rebuilt in the
background when the registry changes (``index.rebuilding`` says so). Every search is audited as
``person.search`` (who searched what, and which persons and records were shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from athar.search import QueryError, Result, parse_query, search
from athar.search.keeper import IndexNotReady, KeeperStatus
from athar.search.query import Query as ParsedQuery
from athar.web.audit import audit
from athar.web.auth import Principal, require, store_of
from athar.web.search_index import keeper_for, search_slot
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["search"])
#: Every signed-in role may search.
Anyone = Annotated[Principal, Depends(require())]
#: Seconds a client should wait before asking again while the first index is built.
RETRY_AFTER = 10


class WhyOut(BaseModel):
    """One piece of evidence: which part of the query met which part of a record."""

    part: str = Field(description="name, father, mother, birth_year or governorate")
    query: str = Field(description="the query's part (a name unit, a year, a governorate)")
    matched: str = Field(description="what the record wrote ('' when nothing matched)")
    role: str | None = Field(description="the record's name part met: given, father, ...")
    level: str = Field(description="exact, canonical, key, close, different, missing, unknown")
    score: float
    source: str | None = Field(description="the source whose record wrote it")


class ResultOut(BaseModel):
    """A person found (or a record no link run has placed in a person yet)."""

    person_id: str | None = Field(description="None for a record not linked to a person")
    record_pks: list[int]
    score: float = Field(description="0–1, best first")
    name: str = Field(description="the name as the best-matching record wrote it")
    why: list[WhyOut]
    status: str = Field(description="detained, released, deceased, missing or unknown")
    last_place: str | None = Field(description="last known facility (English name)")
    last_place_id: str | None = Field(description="its athar.places facility id")
    last_date: str | None = Field(description="date of the latest event, ISO, maybe partial")
    record_count: int
    sources: list[str]
    birth_years: list[int]


class QueryOut(BaseModel):
    """The query as it was read."""

    text: str
    names: list[str] = Field(description="the name units read from the text")
    roles: list[str] = Field(description="the role the parser gives each unit ('' for none)")
    father: str | None
    mother: str | None
    birth_year: int | None
    birth_year_from_text: bool
    governorate: str | None = Field(description="athar.places governorate id")
    ignored: list[str] = Field(description="numbers in the text that are not a birth year")


class IndexOut(BaseModel):
    records: int = Field(description="records in the index that answered")
    rebuilding: bool = Field(description="a newer index is being built after a registry change")


class SearchOut(BaseModel):
    query: QueryOut
    results: list[ResultOut]
    index: IndexOut


class Problem(BaseModel):
    detail: str
    code: str


@dataclass(frozen=True)
class Found:
    """One search as both the page and the API need it."""

    query: ParsedQuery
    results: list[Result]
    status: KeeperStatus


def run_search(
    request: Request,
    q: str,
    limit: int,
    father: str | None = None,
    mother: str | None = None,
    birth_year: str | None = None,
    governorate: str | None = None,
) -> Found:
    """Parse, search the process's index, audit. Raises ``QueryError`` or ``IndexNotReady``."""
    query = parse_query(
        q, father=father, mother=mother, birth_year=birth_year, governorate=governorate
    )
    keeper = keeper_for(store_of(request))
    index = keeper.index()  # the first search of a process may wait for a build: not in a slot
    with search_slot():
        results = search(index, query, limit)
    audit(
        request,
        "person.search",
        query=query.describe(),
        limit=limit,
        persons=[r.person_id for r in results if r.person_id],
        records=[r.record_pks[0] for r in results if not r.person_id],
    )
    return Found(query, results, keeper.status())


@router.get(
    "/search",
    response_model=SearchOut,
    responses={
        400: {"model": Problem, "description": "the query cannot be searched (code says why)"},
        503: {"model": Problem, "description": "the first search index is still being built"},
    },
)
def search_api(
    request: Request,
    who: Anyone,
    q: Annotated[str, Query(description="names in any script, any order; may hold a year")] = "",
    limit: Annotated[int, Query(description="how many persons (1 to ATHAR_SEARCH_MAX_LIMIT)")] = 10,
    father: Annotated[str | None, Query(description="father's name")] = None,
    mother: Annotated[str | None, Query(description="mother's name")] = None,
    birth_year: Annotated[str | None, Query(description="four digits, e.g. 1985")] = None,
    governorate: Annotated[
        str | None, Query(description="governorate: id, Arabic or English name")
    ] = None,
) -> SearchOut | JSONResponse:
    """Persons best matching the query, best first, each with why it matched (which query part
    met which record part, at which level, in which spelling), status, last known place and
    date, record count and sources. Arabic, Latin or Arabizi; partial names; "Nadir a7mad 3amar
    Najar 1996" reads 1996 as the birth year. Audited as ``person.search``."""
    try:
        found = run_search(request, q, limit, father, mother, birth_year, governorate)
    except QueryError as exc:
        return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=400)
    except IndexNotReady as exc:
        return JSONResponse(
            {"detail": str(exc), "code": "index_not_ready"},
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    return SearchOut(
        query=QueryOut.model_validate(found.query.describe()),
        results=[ResultOut.model_validate(r.to_dict()) for r in found.results],
        index=IndexOut(records=found.status.records, rebuilding=found.status.rebuilding),
    )


section = Section(name="api-search", router=router)
