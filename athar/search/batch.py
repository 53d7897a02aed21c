"""The full comparison of every candidate at once: numpy over candidates, Python once per unit.

``athar.search.score`` says what a person's score is, one record at a time (and keeps the
evidence shown with a result); this module computes the same scores for all the provider's
candidates together, which is what keeps a query at a million records in a few milliseconds:

- each distinct name unit among the candidates is compared with each query unit once (the name
  engine's levels, ``score.unit_score``), never once per record;
- the order-free greedy alignment runs as at most four rounds of arg-max over a
  (candidates × query units × record units) array;
- ``score_alignment``'s rule, the role-swap cost and the facts beside the name (birth year,
  governorate over all of a person's records) are array arithmetic.

``tests/test_search_batch.py`` holds these scores equal to the one-record path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from athar.names.similarity import MISSING_PART_WEIGHT, SAME_NAME_THRESHOLD, Level
from athar.search.index import NAME_ROLES, NONE, SearchIndex
from athar.search.query import Query
from athar.search.score import (
    BIRTH_YEAR_WEIGHT,
    CONTRADICTED_FACT_FACTOR,
    CONTRADICTED_WEIGHT,
    FAMILY_LEFT_FACTOR,
    FAMILY_SWAP_FACTOR,
    FATHER,
    FATHER_WEIGHT,
    GIVEN_LEFT_FACTOR,
    GOVERNORATE_WEIGHT,
    MOTHER,
    MOTHER_WEIGHT,
    POOL_FACTOR,
    POOL_MAX_UNITS,
    ROLE_PRIORITY,
    ROLE_SWAP_FACTOR,
    UNKNOWN_SCORE,
    YEAR_SCORES,
    Scorer,
    best_part,
    compared,
    fact_weight,
)

_GIVEN, _FAMILY = 0, 3  # indices of the given and family name in NAME_ROLES
#: Tie-breakers of the greedy alignment, far below any difference of scores: the written order
#: kept (given with given), then align's order of indices.
_DIST, _I, _J = 1e-6, 1e-8, 1e-9


@dataclass(frozen=True)
class Ranked:
    """Candidate persons, best first, as arrays (one row per person)."""

    entities: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]  # the person's score, rounded as ``score_entity`` does
    name_scores: npt.NDArray[np.float64]
    best_records: npt.NDArray[np.int64]
    pooled: npt.NDArray[np.bool_]  # the name matched by the person's records together


def name_scores(scorer: Scorer, records: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The name score of each record (``Scorer.name(r)[0]``), all at once."""
    index = scorer.index
    return _aligned_scores(scorer, index.rec_units[records], index.rec_unit_role[records])


def pooled_name_scores(scorer: Scorer, entities: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """The name score of each person's records taken together (``Scorer.pooled(e)[0]``): each
    query part may meet the part of any of its records, at ``POOL_FACTOR`` (zero for a person
    of one record, whose own score says it all)."""
    index = scorer.index
    out = np.zeros(len(entities))
    sizes = index.ent_offsets[entities + 1] - index.ent_offsets[entities]
    many = np.flatnonzero(sizes > 1)
    units, roles = _pooled_rows(index, entities[many])
    if units.shape[1] == 0:
        return out
    out[many] = _aligned_scores(scorer, units, roles) * POOL_FACTOR
    return out


def _pooled_rows(
    index: SearchIndex, entities: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """``score.pooled_units`` of many persons at once, as rows of unit codes and roles (NONE
    past the end): each distinct (unit, role) once, in record order, at most ``POOL_MAX_UNITS``."""
    records, owner = _entity_records(index, entities)
    units = index.rec_units[records]
    roles = index.rec_unit_role[records]
    width = units.shape[1]
    valid = (units >= 0).ravel()
    own = np.repeat(owner, width)[valid]
    code = units.ravel()[valid].astype(np.int64)
    role = roles.ravel()[valid].astype(np.int64)
    # the elements are in record order per person, and persons in order: a (person, unit, role)
    # is kept where it first occurs
    key = (own * (int(code.max(initial=0)) + 1) + code) * 256 + (role + 128)
    _, first = np.unique(key, return_index=True)
    kept = np.sort(first)
    own, code, role = own[kept], code[kept], role[kept]
    starts = np.searchsorted(own, np.arange(len(entities)))
    slot = np.arange(len(own)) - starts[own]
    cap = slot < POOL_MAX_UNITS
    own, code, role, slot = own[cap], code[cap], role[cap], slot[cap]
    out_width = int(slot.max()) + 1 if slot.size else 0
    out_units = np.full((len(entities), out_width), NONE, np.int32)
    out_roles = np.full((len(entities), out_width), NONE, np.int8)
    out_units[own, slot] = code
    out_roles[own, slot] = role
    return out_units, out_roles


def _aligned_scores(
    scorer: Scorer, units: npt.NDArray[np.int32], roles: npt.NDArray[np.int8]
) -> npt.NDArray[np.float64]:
    """Name scores of rows of indexed units (``units``, NONE past the end) and their roles."""
    index, query = scorer.index, scorer.query
    n, nq = len(units), len(query.units)
    if n == 0:
        return np.zeros(0)
    valid = units >= 0
    distinct, local = np.unique(np.where(valid, units, 0), return_inverse=True)
    local = local.reshape(units.shape)
    table = np.empty((len(distinct), nq))
    levels = np.empty((len(distinct), nq), np.int8)
    codes = distinct.tolist()
    for i, q in enumerate(query.units):
        known = index.unit_scores(q)
        pairs = np.array(
            [f if (f := known.get(c)) is not None else compared(known, q, index, c) for c in codes],
            np.complex128,
        )  # complex(score, level)
        table[:, i] = pairs.real
        levels[:, i] = pairs.imag
    width = units.shape[1]
    # (n, nq, width): candidates × query units × record units
    score = table[local].transpose(0, 2, 1)
    level = levels[local].transpose(0, 2, 1)
    ii = np.arange(nq)[:, None]
    jj = np.arange(width)[None, :]
    wanted = np.array([NAME_ROLES.index(r) if r in NAME_ROLES else NONE for r in query.roles])
    same_role = roles[:, None, :] == wanted[None, :, None]
    prio = score + ROLE_PRIORITY * same_role - _DIST * np.abs(jj - ii) + _I * ii + _J * jj
    prio = np.where(valid[:, None, :], prio, -np.inf)
    aligned = np.zeros((n, nq), bool)
    a_score = np.zeros((n, nq))
    a_level = np.full((n, nq), int(Level.EXACT), np.int8)
    a_swap = np.zeros((n, nq), bool)
    a_family = np.zeros((n, nq), bool)
    a_met_role = np.full((n, nq), NONE, np.int8)  # the role of the record unit each met
    rows = np.arange(n)
    q_given, q_family, q_role = wanted == _GIVEN, wanted == _FAMILY, wanted != NONE
    writes_given = ((roles == _GIVEN) & valid).any(axis=1)
    writes_family = ((roles == _FAMILY) & valid).any(axis=1)
    for _ in range(min(nq, width)):
        flat = prio.reshape(n, -1)
        best = flat.argmax(axis=1)
        ok = flat[rows, best] > -np.inf
        if not ok.any():
            break
        i, j = best // width, best % width
        r_ok, i_ok, j_ok = rows[ok], i[ok], j[ok]
        aligned[r_ok, i_ok] = True
        a_score[r_ok, i_ok] = score[r_ok, i_ok, j_ok]
        lv = level[r_ok, i_ok, j_ok]
        a_level[r_ok, i_ok] = lv
        a_family[r_ok, i_ok] = (
            (lv > 0) & q_role[i_ok] & (q_family[i_ok] != (roles[r_ok, j_ok] == _FAMILY))
        )
        a_swap[r_ok, i_ok] = (
            (lv > 0) & q_role[i_ok] & (q_given[i_ok] != (roles[r_ok, j_ok] == _GIVEN))
        )
        a_met_role[r_ok, i_ok] = roles[r_ok, j_ok]
        prio[r_ok, i_ok, :] = -np.inf
        prio[r_ok, :, j_ok] = -np.inf
    # a family name the record does not write is unknown, not contradicted
    # (``Scorer._unstated_dropped``)
    aligned &= ~((a_level == Level.DIFFERENT) & q_family[None, :] & ~writes_family[:, None])
    met = np.where(aligned, a_met_role, NONE)
    w = np.asarray(scorer.weights, dtype=np.float64)
    nr = valid.sum(axis=1)
    k = np.minimum(nr, nq)
    hit = (a_score * w * aligned).sum(axis=1)
    contradicted = aligned & (a_level == Level.DIFFERENT)
    aligned_w = (np.where(contradicted, CONTRADICTED_WEIGHT * w.max(initial=0.0), w) * aligned).sum(
        axis=1
    )
    missing_w = (w * ~aligned).sum(axis=1)
    denom = aligned_w + MISSING_PART_WEIGHT * missing_w
    total = np.divide(hit, denom, out=np.zeros(n), where=denom > 0)
    total *= 1.0 - 0.04 * (nq - k)
    total = np.where((k == 1) & (nq > 1), total * 0.85, total)
    different = np.where(aligned, a_level, int(Level.EXACT)).min(axis=1) == Level.DIFFERENT
    total = np.where(different, np.minimum(total, SAME_NAME_THRESHOLD - 0.05), total)
    total = np.round(np.minimum(1.0, total), 4)
    total = np.where(nr > 0, total, 0.0)
    swaps, family = a_swap.sum(axis=1), a_family.sum(axis=1)
    total = total * ROLE_SWAP_FACTOR**swaps * FAMILY_SWAP_FACTOR**family
    # a swap that leaves the record's own given (family) name unmet, or the query's given name
    given_left = (writes_given & ~(met == _GIVEN).any(axis=1)) | (q_given & ~aligned).any(axis=1)
    family_left = writes_family & ~(met == _FAMILY).any(axis=1)
    return (
        total
        * np.where(given_left & (swaps > 0), GIVEN_LEFT_FACTOR, 1.0)
        * np.where(family_left & (family > 0), FAMILY_LEFT_FACTOR, 1.0)
    )


def _entity_records(
    index: SearchIndex, entities: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """All records of the given entities, and for each the row of its entity."""
    starts = index.ent_offsets[entities]
    lens = index.ent_offsets[entities + 1] - starts
    owner = np.repeat(np.arange(len(entities)), lens)
    first = np.repeat(np.cumsum(lens) - lens, lens)
    pos = np.repeat(starts, lens) + (np.arange(int(lens.sum())) - first)
    return index.ent_records[pos].astype(np.int64), owner


def _fact_parts(
    index: SearchIndex, query: Query, entities: npt.NDArray[np.int64]
) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]:
    """(score, weight) per entity of the birth year and governorate the query asks for."""
    out: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = []
    if query.birth_year is None and not query.governorate:
        return out
    records, owner = _entity_records(index, entities)
    m = len(entities)
    if query.birth_year is not None:
        years = index.rec_birth_year[records].astype(np.int64)
        off = np.where(years > 0, np.abs(years - query.birth_year), 1 << 20)
        nearest = np.full(m, 1 << 20, np.int64)
        np.minimum.at(nearest, owner, off)
        known = nearest < (1 << 20)
        s = np.zeros(m)
        for diff, value in YEAR_SCORES.items():
            s[nearest == diff] = value
        s[~known] = UNKNOWN_SCORE
        out.append((s, _weights(BIRTH_YEAR_WEIGHT, known, s)))
    if query.governorate:
        govs = index.rec_governorate[records].astype(np.int64)
        code = (
            index.governorates.index(query.governorate)
            if query.governorate in index.governorates
            else -2
        )
        known = np.zeros(m, bool)
        known[owner[govs != NONE]] = True
        same = np.zeros(m, bool)
        same[owner[govs == code]] = True
        s = np.where(same, 1.0, np.where(known, 0.0, UNKNOWN_SCORE))
        out.append((s, _weights(GOVERNORATE_WEIGHT, known, s)))
    return out


def _weights(
    weight: float, known: npt.NDArray[np.bool_], s: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """``score.fact_weight`` of each person: half unstated, more contradicted (score 0)."""
    stated = np.where(s == 0, weight * CONTRADICTED_FACT_FACTOR, weight)
    return np.where(known, stated, weight / 2)


def rank_candidates(
    scorer: Scorer, records: npt.NDArray[np.int64], top: int | None = None
) -> Ranked:
    """Score the provider's candidate ``records`` (best coarse score first) and rank their
    persons: best score, then best name score, then the better coarse rank (namesakes written
    alike go to the role, birth year and rarer keys the provider weighed).

    With ``top``, only the first ``top`` persons are sure to be scored in full: a person's
    records are pooled only when the pooled name (at most ``POOL_FACTOR``) could lift it to the
    ``top``-th score, which spares most of a query's unit comparisons; the others keep the score
    of their best record, a lower bound, and rank below the ``top`` in any case.

    Father's and mother's names given apart are compared per person in Python
    (``score.score_entity``); they are rare, and their strings are many."""
    index, query = scorer.index, scorer.query
    records = np.asarray(records, dtype=np.int64)
    if records.size == 0:
        empty = np.zeros(0, np.int64)
        return Ranked(empty, np.zeros(0), np.zeros(0), empty, np.zeros(0, bool))
    names = name_scores(scorer, records)
    ent = index.rec_entity[records].astype(np.int64)
    coarse = np.arange(len(records))
    # best record per entity: highest name score, then the first in coarse order
    order = np.lexsort((coarse, -names))
    entities, first = np.unique(ent[order], return_index=True)
    best_pos = order[first]
    best_records = records[best_pos]
    name_best = names[best_pos]
    facts = _fact_parts(index, query, entities)
    if query.father or query.mother:
        for wanted, k, weight in ((query.father, FATHER, FATHER_WEIGHT),
                                  (query.mother, MOTHER, MOTHER_WEIGHT)):  # fmt: skip
            if not wanted:
                continue
            s = np.empty(len(entities))
            wt = np.empty(len(entities))
            for row, e in enumerate(entities.tolist()):
                value, why = best_part(index, index.entity_records(e).tolist(), k, wanted)
                s[row] = value
                wt[row] = fact_weight(weight, why.level)
            facts.append((s, wt))
    ones = np.ones(len(entities))

    def total_of(name: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        parts = [(name, ones), *facts]  # summed in score_entity's order, to the last bit
        total = sum(s * w for s, w in parts) / sum(w for _, w in parts)
        return np.round(np.clip(total, 0.0, 1.0), 4)

    may_pool = name_best <= POOL_FACTOR
    if top is not None and len(entities) > top:
        # The top-th score without pooling is sure; a person whose best pooled score could
        # not reach it stays below the top.
        floor = np.partition(total_of(name_best), len(entities) - top)[len(entities) - top]
        may_pool &= total_of(np.maximum(name_best, POOL_FACTOR)) >= floor
    pooled = np.zeros(len(entities))
    pool = np.flatnonzero(may_pool)
    pooled[pool] = pooled_name_scores(scorer, entities[pool])
    by_pool = (pooled > 0) & (pooled >= name_best)
    name_best = np.maximum(name_best, pooled)
    total = total_of(name_best)
    rank = np.lexsort((best_pos, -name_best, -total))
    return Ranked(entities[rank], total[rank], name_best[rank], best_records[rank], by_pool[rank])
