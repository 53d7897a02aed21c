"""``search``: the one function the CLI and the web app call.

``search(store_or_index, "Nadir a7mad 3amar Najar 1996", limit=10)`` returns persons best
first, each with its best-matching name, score, the evidence (``why``), status, last known place
and date, and how many records speak of it. Given a ``Store``, the index is loaded from the data
dir when it still matches the registry, built and saved otherwise (``open_index``), and kept in
memory between calls; a long-running process re-checks the registry every
``ATHAR_SEARCH_REFRESH_SECONDS``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from athar.config import settings
from athar.records import STATUSES
from athar.search.batch import rank_candidates
from athar.search.index import (
    INDEX_COLUMNS,
    IndexFormatError,
    SearchIndex,
    build_index,
    event_text,
    facility_label,
)
from athar.search.provider import candidates
from athar.search.query import Query, QueryError, parse_query
from athar.search.score import Scored, Scorer, Why, fact_checks, name_why
from athar.store import Store
from athar.store.state import registry_state

_DECEASED = STATUSES.index("deceased")
_UNKNOWN = STATUSES.index("unknown")


@dataclass(frozen=True)
class Result:
    """One person found (or one record that no link run placed in a person)."""

    person_id: str | None
    record_pks: tuple[int, ...]
    score: float
    name: str
    why: tuple[Why, ...]
    status: str
    last_place: str
    last_date: str
    record_count: int
    sources: tuple[str, ...]
    birth_years: tuple[int, ...]
    #: ``athar.places`` facility id of ``last_place`` ("" when none), for labels in any language.
    last_place_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "record_pks": list(self.record_pks),
            "score": self.score,
            "name": self.name,
            "why": [w.to_dict() for w in self.why],
            "status": self.status,
            "last_place": self.last_place or None,
            "last_place_id": self.last_place_id or None,
            "last_date": self.last_date or None,
            "record_count": self.record_count,
            "sources": list(self.sources),
            "birth_years": list(self.birth_years),
        }


def search(
    where: Store | SearchIndex,
    query: Query | str,
    limit: int = 10,
    *,
    father: str | None = None,
    mother: str | None = None,
    birth_year: int | str | None = None,
    governorate: str | None = None,
) -> list[Result]:
    """Persons best matching ``query``, best first (at most ``limit``).

    ``query`` is the search box's text (or an already parsed ``Query``); ``QueryError`` tells
    the caller what is wrong with the input.
    """
    cfg = settings()
    if not 1 <= int(limit) <= cfg.search_max_limit:
        raise QueryError(
            f"limit must be between 1 and {cfg.search_max_limit}, not {limit}", "limit"
        )
    if isinstance(query, str):
        query = parse_query(
            query, father=father, mother=mother, birth_year=birth_year, governorate=governorate
        )
    index = where if isinstance(where, SearchIndex) else cached_index(where)
    scorer, scored = rank(index, query, max(cfg.search_candidates, limit), limit)
    return [
        _result(index, s.entity, s.score, s.best_record, (*name_why(scorer, s), *s.facts))
        for s in scored[:limit]
    ]


def rank(
    index: SearchIndex, query: Query, n_candidates: int, top: int | None = None
) -> tuple[Scorer, list[Scored]]:
    """The persons among the provider's best ``n_candidates`` records, scored, best first
    (the first ``top`` of them, with the evidence of their facts; all without ``top``)."""
    found = candidates(index, query, n_candidates)
    scorer = Scorer(index, query, found.weights)
    ranked = rank_candidates(scorer, found.records, top)
    keep = len(ranked.entities) if top is None else min(top, len(ranked.entities))
    out = []
    for k in range(keep):
        entity = int(ranked.entities[k])
        records = [int(r) for r in index.entity_records(entity)]
        facts = tuple(why for _, (_, why) in fact_checks(index, query, records))
        out.append(Scored(entity, float(ranked.scores[k]), float(ranked.name_scores[k]),
                          int(ranked.best_records[k]), facts, bool(ranked.pooled[k])))  # fmt: skip
    return scorer, out


def _result(
    index: SearchIndex, entity: int, score: float, best: int, why: tuple[Why, ...]
) -> Result:
    records = index.entity_records(entity)
    events = index.rec_event[records]
    statuses = index.rec_status[records]
    if (statuses == _DECEASED).any():
        status = STATUSES[_DECEASED]  # a death is final, whatever a later list says
    else:
        known = np.flatnonzero(statuses != _UNKNOWN)
        status = (
            STATUSES[int(statuses[known[np.argmax(events[known])]])]
            if known.size
            else STATUSES[_UNKNOWN]
        )
    placed = np.flatnonzero(index.rec_facility[records] >= 0)
    last_place = last_place_id = ""
    if placed.size:
        latest = records[placed[np.argmax(events[placed])]]
        last_place_id = index.facilities[int(index.rec_facility[latest])]
        last_place = facility_label(last_place_id)
    years = sorted({int(y) for y in index.rec_birth_year[records]} - {0})
    return Result(
        person_id=index.entities[entity] or None,
        record_pks=tuple(int(p) for p in np.sort(index.rec_pk[records])),
        score=score,
        name=index.display(best),
        why=why,
        status=status,
        last_place=last_place,
        last_date=event_text(int(events.max())) if events.size else "",
        record_count=int(records.size),
        sources=tuple(sorted({index.sources[int(s)] for s in index.rec_source[records]})),
        birth_years=tuple(years),
        last_place_id=last_place_id,
    )


# ---------------------------------------------------------------------- the index on disk


def build_from_store(
    store: Store, progress: Callable[[int, int], None] | None = None
) -> SearchIndex:
    """Index the registry's current records, grouped by the persons they belong to now."""
    state = registry_state(store)  # read first: a change during the build shows as stale later
    table = store.records_table(INDEX_COLUMNS, with_person=True)
    return build_index(table, {"state": state.to_dict(), "database": store.url},
                       progress)  # fmt: skip


def is_current(index: SearchIndex, store: Store) -> bool:
    """Whether the index still describes the registry (no import, run or decision since)."""
    return bool(index.meta.get("state") == registry_state(store).to_dict())


def open_index(
    store: Store,
    path: Path | None = None,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SearchIndex:
    """The registry's index: loaded from ``path`` (default ``ATHAR_SEARCH_INDEX``) when it still
    matches the registry, otherwise built from the store and saved there."""
    path = path or settings().search_index
    if not rebuild and path.is_file():
        try:
            index = SearchIndex.load(path)
        except IndexFormatError:
            index = None
        if index is not None and is_current(index, store):
            return index
    index = build_from_store(store, progress)
    index.save(path)
    return index


@dataclass
class _Cached:
    index: SearchIndex
    checked: float


_CACHE: dict[str, _Cached] = {}
_LOCK = threading.Lock()


def cached_index(store: Store) -> SearchIndex:
    """The index for this store, kept in memory; re-checked against the registry at most every
    ``ATHAR_SEARCH_REFRESH_SECONDS`` (a server answers from memory in between)."""
    cfg = settings()
    key = f"{store.url}|{cfg.search_index}"
    with _LOCK:
        entry = _CACHE.get(key)
        now = time.monotonic()
        if entry is not None and now - entry.checked < cfg.search_refresh_seconds:
            return entry.index
        if entry is not None and is_current(entry.index, store):
            entry.checked = now
            return entry.index
        index = open_index(store, cfg.search_index)
        _CACHE[key] = _Cached(index, time.monotonic())
        return index


def forget_cached() -> None:
    """Drop the in-memory indexes (tests; a process that switches registries)."""
    with _LOCK:
        _CACHE.clear()
