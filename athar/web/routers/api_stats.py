"""``/api/stats``: the dashboard's counts as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from athar.counts import registry_counts
from athar.web.auth import Principal, require, store_of
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["registry"])


class LastRun(BaseModel):
    id: int
    finished_at: datetime | None


class Stats(BaseModel):
    records: int
    sources: int
    persons: int
    last_run: LastRun | None


@router.get("/stats", response_model=Stats)
def stats(request: Request, who: Annotated[Principal, Depends(require())]) -> Stats:
    """Current records and sources, persons holding records, the last finished linkage run."""
    return Stats.model_validate(registry_counts(store_of(request)).as_json())


section = Section(name="api-stats", router=router)
