"""The seam between the index and the scorer: broad, cheap candidates for one query.

Every query unit looks up its keys (table ids, skeleton, the table name a misspelling is nearest
to) and the skeletons one edit away; each record gets, per query unit it shares a key with, that
unit's weight — the inverse of how many records carry the key — in full for the same table name,
less for a shared skeleton or one a single edit away, and a little more when the key sits in the
part of the same role (given name with given name). Records that share a rare name rise above the
thousands that share only Mohammad, and only the best ``limit`` records go on to the full
comparison (``athar.search.score``). A birth year and a governorate break ties among namesakes
here already, but never make a candidate alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from athar.names.similarity import UnitFeatures, name_features
from athar.search.index import SearchIndex, query_terms
from athar.search.query import Query

#: Share of a unit's weight a shared skeleton earns when the query unit is a name the tables
#: know (the skeleton also joins محمد and محمود; the table id is what says "the same name").
SKELETON_SHARE = 0.7
#: Share of a unit's weight a key one edit away earns (a typo, a lost letter).
FUZZY_SHARE = 0.5
#: Share of its weight a unit adds when it meets the record's part of the same role (the query's
#: given name the record's given name, not its father's).
ROLE_SHARE = 0.3
#: Share of its weight a unit of the separate father's-name field adds.
FATHER_SHARE = 0.6
#: Coarse bonus for the right birth year (half of it one year off), in units of the weight of a
#: rare name.
YEAR_BONUS = 0.5
GOVERNORATE_BONUS = 0.2


@dataclass(frozen=True)
class Candidates:
    """Records worth scoring, best first, and what the provider learnt about the query."""

    records: npt.NDArray[np.int64]  # record indices, best coarse score first
    weights: tuple[float, ...]  # per query unit: log inverse document frequency
    matched: int  # records sharing at least one key with the query


def unit_weight(index: SearchIndex, f: UnitFeatures) -> float:
    """How much agreeing on this unit says: log(1 + N / (1 + df)) over its most common key."""
    df = 0
    for term in query_terms(f):
        tid = index.term_id(term)
        if tid is not None:
            df = max(df, index.df(tid))
    return math.log(1.0 + index.n_records / (1.0 + df))


def _add_unit(
    index: SearchIndex, score: npt.NDArray[np.float32], f: UnitFeatures, w: float, role: str
) -> None:
    """Add one query unit's share to every record that carries one of its keys."""
    best = np.zeros(index.n_records, dtype=np.float32)
    skel_share = SKELETON_SHARE if f.ids else 1.0
    for term in query_terms(f):
        tid = index.term_id(term)
        if tid is None:
            continue
        # a table id, or a skeleton among spellings the tables lack: the same name; a skeleton
        # shared with a name the tables know apart: less
        share = skel_share if term.startswith("s:") else 1.0
        hits = index.postings(tid)
        best[hits] = np.maximum(best[hits], share)
    if f.skel:
        for tid in index.similar_skeletons(f.skel):
            hits = index.postings(tid)
            best[hits] = np.maximum(best[hits], FUZZY_SHARE)
    if role:
        for term in query_terms(f):
            tid = index.term_id(f"{role}|{term}")
            if tid is not None:
                best[index.postings(tid)] += ROLE_SHARE
    score += best * w


def candidates(index: SearchIndex, query: Query, limit: int) -> Candidates:
    """The ``limit`` records with the best coarse score for ``query``."""
    weights = tuple(unit_weight(index, f) for f in query.units)
    if index.n_records == 0:
        return Candidates(np.zeros(0, np.int64), weights, 0)
    score = np.zeros(index.n_records, dtype=np.float32)
    extra = [(f, unit_weight(index, f) * FATHER_SHARE, "") for f in name_features(query.father)]
    roles = [r if r in ("given", "family") else "" for r in query.roles]
    for f, w, role in [*zip(query.units, weights, roles, strict=True), *extra]:
        _add_unit(index, score, f, w, role)
    found = np.flatnonzero(score)
    top = max(weights, default=1.0)
    if query.birth_year is not None and found.size:
        off = np.abs(index.rec_birth_year[found].astype(np.int32) - query.birth_year)
        score[found[off == 0]] += YEAR_BONUS * top
        score[found[off == 1]] += YEAR_BONUS * top / 2
    if query.governorate and found.size and query.governorate in index.governorates:
        code = index.governorates.index(query.governorate)
        score[found[index.rec_governorate[found] == code]] += GOVERNORATE_BONUS * top
    if found.size > limit:
        part = np.argpartition(-score[found], limit - 1)[:limit]
        chosen = found[part]
    else:
        chosen = found
    order = np.argsort(-score[chosen], kind="stable")
    return Candidates(chosen[order].astype(np.int64), weights, int(found.size))
