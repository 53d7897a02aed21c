"""The dashboard: the registry at a glance (JSON twin: ``GET /api/stats``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from athar.counts import registry_counts
from athar.web.auth import Principal, require, store_of
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, who: Annotated[Principal, Depends(require())]) -> Response:
    return render(request, "home.html", counts=registry_counts(store_of(request)))


@router.get("/partials/counts")
def counts_partial(request: Request, who: Annotated[Principal, Depends(require())]) -> Response:
    """The counts alone, for HTMX to refresh in place."""
    return render(request, "_counts.html", counts=registry_counts(store_of(request)))


section = Section(name="home", router=router, nav=(NavLink("/", N_("Overview"), order=0),))
