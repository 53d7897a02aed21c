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

from athar.names.lexicon import lexicon
from athar.names.similarity import UnitFeatures, name_features
from athar.search.index import SearchIndex, query_terms, table_skeletons, unit_df
from athar.search.query import Query

#: Share of a unit's weight a shared skeleton earns when the query unit is a name the tables
#: know (the skeleton also joins محمد and محمود; the table id is what says "the same name").
SKELETON_SHARE = 0.7
#: Share of a unit's weight the letters without dots earn, shared with a spelling the tables do
#: not know (a dot lost in a scanned register).
RASM_SHARE = 0.7
#: Share of a unit's weight a key one edit away earns (a typo, a lost letter).
FUZZY_SHARE = 0.5
#: Share of its weight the query's family name earns on a record that writes no family name
#: (a release list's "Maher son of Yousef") and meets the query's other parts (two of them, when
#: it has more): unknown, not contradicted, as the scorer reads it; below ``FUZZY_SHARE``, as a
#: family name written with a slip says more than none, and a release list's hundred "Wael son
#: of ..." must not crowd out the register's "Wael al-Masi".
UNSTATED_SHARE = 0.4
#: Share of its weight a unit adds when it meets the record's part of the same role (the query's
#: given name the record's given name, not its father's).
ROLE_SHARE = 0.3
#: Share of its weight a unit of the separate father's-name field adds.
FATHER_SHARE = 0.6
#: Share of its weight a unit of the separate mother's-name field adds where a record writes it
#: as the mother's name.
MOTHER_SHARE = 0.6
#: Coarse bonus for the right birth year (half of it one year off), in units of the weight of a
#: rare name.
YEAR_BONUS = 0.5
GOVERNORATE_BONUS = 0.2
#: Share of the records above which a unit is common (see ``candidates``' frequency guard).
FREQUENT = 0.02


@dataclass(frozen=True)
class Candidates:
    """Records worth scoring, best first, and what the provider learnt about the query."""

    records: npt.NDArray[np.int64]  # record indices, best coarse score first
    weights: tuple[float, ...]  # per query unit: log inverse document frequency
    matched: int  # records sharing at least one key with the query


_Keys = list[tuple[npt.NDArray[np.int32], float]]
_ByShare = list[tuple[float, npt.NDArray[np.int32]]]
_Postings = tuple[_Keys, list[npt.NDArray[np.int32]], int, _ByShare]
#: A query unit for ``_coarse``: weight, keys, role keys, df, its keys' records by share, and
#: whether the query reads it as the family name.
_Unit = tuple[float, _Keys, list[npt.NDArray[np.int32]], int, _ByShare, bool]


def unit_weight(index: SearchIndex, f: UnitFeatures) -> float:
    """How much agreeing on this unit says: log(1 + N / (1 + df)), df by its most specific key
    (``unit_df``)."""
    return math.log(1.0 + index.n_records / (1.0 + unit_df(index, f)))


def _unit_keys(
    index: SearchIndex, f: UnitFeatures, role: str
) -> tuple[_Keys, list[npt.NDArray[np.int32]]]:
    """A query unit's postings: (records, share) per key, and the postings of its role keys.

    Skeletons one edit away reach, for a unit the tables know, only the spellings they do not
    know (a record's typo); for a unit they do not know, any name (the query's typo)."""
    keys: _Keys = []
    skel_share = SKELETON_SHARE if f.ids else 1.0
    for term in query_terms(f):
        tid = index.term_id(term)
        if tid is None:
            continue
        # a table id, or a skeleton among spellings the tables lack: the same name; a skeleton
        # shared with a name the tables know apart: less
        share = {"s": skel_share, "r": RASM_SHARE}.get(term[0], 1.0)
        keys.append((index.postings(tid), share))
    for skel in sorted({f.skel, *table_skeletons(f)} - {""}):
        for tid in index.similar_skeletons(skel, unknown_only=bool(f.ids)):
            keys.append((index.postings(tid), FUZZY_SHARE))
    return keys, _role_postings(index, f, role) if role else []


def _role_postings(index: SearchIndex, f: UnitFeatures, role: str) -> list[npt.NDArray[np.int32]]:
    """The records that write a query unit in the part ``role`` (its keys indexed under it).

    A unit the tables lack (a misspelling, المراي) also meets there the table names that share
    its skeleton (المرعي, Al-Marai), as its own skeleton key meets them anywhere in the name."""
    terms = query_terms(f)
    if not f.ids and f.skel:
        terms += [f"i:{i}" for i in sorted(lexicon().by_skeleton.get(f.skel, ()))]
    found = {tid for tid in (index.term_id(f"{role}|{t}") for t in terms) if tid is not None}
    return [index.postings(tid) for tid in sorted(found)]


def _by_share(keys: _Keys) -> _ByShare:
    """A unit's keys as one array of records per share, lowest share first: assigning them in
    this order leaves each record its best share."""
    shares = sorted({share for _, share in keys})
    return [(share, np.concatenate([hits for hits, s in keys if s == share])) for share in shares]


def candidates(index: SearchIndex, query: Query, limit: int) -> Candidates:
    """The ``limit`` records with the best coarse score for ``query``.

    Frequency guard, exact (as MaxScore does for text search): the records that carry a key of
    a unit rarer than ``FREQUENT`` (a share of the records) are scored first; a record outside
    them can earn at most the common units' shares (Mohammad, Ahmad: a tenth of all records
    each) and the year and governorate bonuses. When ``limit`` of them score above that bound
    the list is final, and the hundred thousand records that share only Mohammad with
    "Mohammad Kabbani" are never touched; otherwise the records of the next common unit, the
    least common first, join them, until the bound holds or every record with a key is in.

    A record that writes no family name (a release list) and meets the query's other parts (two
    of them, when it has more) earns ``UNSTATED_SHARE`` of the family name's weight, as the
    scorer counts such a family name unknown rather than contradicted: "Shadi Salqini" reaches
    the release list's "Shadi son of Ibrahim" before the Salqinis of other given names."""
    weights = tuple(unit_weight(index, f) for f in query.units)
    n = index.n_records
    if n == 0:
        return Candidates(np.zeros(0, np.int64), weights, 0)
    extra = [(f, unit_weight(index, f) * FATHER_SHARE, "") for f in name_features(query.father)]
    roles = [r if r in ("given", "family") else "" for r in query.roles]
    common = FREQUENT * n
    units = [
        (w, *_postings(index, f, role), role == "family")
        for f, w, role in [*zip(query.units, weights, roles, strict=True), *extra]
    ]
    units += [
        (unit_weight(index, f) * MOTHER_SHARE, *_mother_postings(index, f), False)
        for f in name_features(query.mother)
    ]
    top = max(weights, default=1.0)
    # what a family name a record does not write can earn (on records meeting the other parts)
    unwritten = UNSTATED_SHARE if any(not u[5] for u in units) else 0.0
    bonus = top * (
        YEAR_BONUS * (query.birth_year is not None) + GOVERNORATE_BONUS * bool(query.governorate)
    )
    # stages: the rare units' small keys, then each common unit whole (least common first),
    # then every key
    rare = [u for u in units if u[3] <= common]
    later = sorted((u for u in units if u[3] > common), key=lambda u: u[3])
    defining = [hits for _, keys, _, _, _, _ in rare for hits, _ in keys if len(hits) <= common]
    for k in range(len(later) + 1):
        if not defining:
            if k < len(later):
                defining = [hits for hits, _ in later[k][1]] + list(later[k][2])
            continue
        # what a record that carries none of the defining keys can earn at most
        outside = _outside(units, later[k:], common, unwritten)
        bound = outside + bonus if outside > 0 else 0.0
        found = index.union(defining)
        coarse = _coarse(index, query, units, found, top, unwritten)
        if bound == 0.0 or (
            found.size >= limit and np.partition(coarse, found.size - limit)[-limit:].min() > bound
        ):
            hit = np.flatnonzero(coarse)
            return _best(found[hit], coarse[hit], limit, weights)
        if k < len(later):
            defining += [hits for hits, _ in later[k][1]] + list(later[k][2])
    everything = [hits for _, keys, _, _, _, _ in units for hits, _ in keys]
    found = index.union(everything)
    coarse = _coarse(index, query, units, found, top, unwritten)
    hit = np.flatnonzero(coarse)
    return _best(found[hit], coarse[hit], limit, weights)


def _outside(units: list[_Unit], waiting: list[_Unit], common: float, unwritten: float) -> float:
    """What a record that carries none of the defining keys can earn at most: a rare unit's
    keys beyond the defining ones, the whole of each common unit not yet among them, and the
    share ``unwritten`` of a family name the record may not write."""
    pending = {id(u) for u in waiting}
    total = 0.0
    for u in units:
        w, keys, role_hits, df, _, family = u
        if id(u) in pending:
            best = max((s for _, s in keys), default=0.0) + ROLE_SHARE * bool(role_hits)
        elif df <= common:
            best = max((s for h, s in keys if len(h) > common), default=0.0)
        else:
            best = 0.0
        total += w * (max(best, unwritten) if family else best)
    return total


def _postings(index: SearchIndex, f: UnitFeatures, role: str) -> _Postings:
    """A query unit's keys, role keys, df and records by share, remembered by the index."""

    def make() -> _Postings:
        keys, roles = _unit_keys(index, f, role)
        return keys, roles, unit_df(index, f), _by_share(keys)

    return index.remembered(("postings", f, role), make)


def _mother_postings(index: SearchIndex, f: UnitFeatures) -> _Postings:
    """A unit of the query's mother's name: the records that write it as the mother's name."""

    def make() -> _Postings:
        keys: _Keys = [(hits, 1.0) for hits in _role_postings(index, f, "mother")]
        return keys, [], sum(len(h) for h, _ in keys), _by_share(keys)

    return index.remembered(("mother", f), make)


def _coarse(
    index: SearchIndex,
    query: Query,
    units: list[_Unit],
    found: npt.NDArray[np.int32] | None,
    top: float,
    unwritten: float = 0.0,
) -> npt.NDArray[np.float32]:
    """Coarse scores of the records ``found`` (all records when None); ``unwritten``, the share
    of the query's family name a record that writes none earns when it meets the query's other
    parts (two of them, when it has more)."""
    size = index.n_records if found is None else found.size
    score = np.zeros(size, dtype=np.float32)
    rows = slice(None) if found is None else found
    met = np.zeros(size, dtype=np.int8)  # the query's other units each record meets
    families = []
    with index.positions(found if found is not None else np.zeros(0, np.int32)) as pos:
        for w, _, role_hits, _, by_share, family in units:
            best = np.zeros(size, dtype=np.float32)
            for share, hits in by_share:
                at = hits if found is None else _within(pos, hits)
                best[at] = share
            if role_hits:  # the role's share counts once, whichever of its keys meets it
                role = np.zeros(size, dtype=bool)
                for hits in role_hits:
                    role[hits if found is None else _within(pos, hits)] = True
                best += ROLE_SHARE * role
            score += best * w
            if not unwritten:
                continue
            if family:
                families.append((w, best))
            else:
                met += best > 0
    if families:
        # a family name the record does not write, on a record that meets the other parts
        need = min(2, sum(not u[5] for u in units))
        unstated = ~index.writes_family()[rows] & (met >= need)
        for w, best in families:
            score += w * np.maximum(unwritten - best, 0.0) * unstated
    if query.birth_year is not None:
        off = np.abs(index.rec_birth_year[rows].astype(np.int32) - query.birth_year)
        score += YEAR_BONUS * top * ((off == 0) + 0.5 * (off == 1)) * (score > 0)
    if query.governorate and query.governorate in index.governorates:
        code = index.governorates.index(query.governorate)
        score += GOVERNORATE_BONUS * top * (index.rec_governorate[rows] == code) * (score > 0)
    return score


def _within(pos: npt.NDArray[np.int32], hits: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    at = pos[hits]
    return at[at >= 0]


def _best(
    found: npt.NDArray[np.int32],
    coarse: npt.NDArray[np.float32],
    limit: int,
    weights: tuple[float, ...],
) -> Candidates:
    """The ``limit`` best, best first; ties in record order (the same on every path)."""
    if found.size > limit:
        kth = np.partition(coarse, found.size - limit)[found.size - limit]
        part = np.flatnonzero(coarse >= kth)
    else:
        part = np.arange(found.size)
    order = part[np.lexsort((found[part], -coarse[part]))][:limit]
    return Candidates(found[order].astype(np.int64), weights, int(found.size))
