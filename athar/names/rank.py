"""Find each of a list of names in another list: "is anyone on this release list in our register?"

Candidates come from an inverted index of unit keys (table ids and consonant skeletons, so both
scripts meet) plus a fuzzy pass over whole-name folds; each candidate is then scored with the full
comparison, weighting every query unit by how rare it is in the gallery (a match on Mohammad says
little, a match on Shalish a lot). A gallery id with several spellings ranks by its best one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from athar.names.similarity import UnitFeatures, align, name_features, score_alignment

#: How many whole-name fuzzy neighbours each query adds to its candidates.
FUZZY_CANDIDATES = 30


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked answer for one query."""

    query_id: str
    rank: int
    gallery_id: str
    score: float


def _unit_keys(f: UnitFeatures) -> set[str]:
    keys = {f"id:{i}" for i in f.ids}
    if f.skel:
        keys.add(f"sk:{f.skel}")
    return keys


def _whole_fold(features: Sequence[UnitFeatures]) -> str:
    return " ".join(sorted(f.skel for f in features if f.skel))


class Gallery:
    """A list of (id, name) rows prepared once for many queries."""

    def __init__(self, rows: Sequence[tuple[str, str]]):
        self.ids = [r[0] for r in rows]
        self.names = [r[1] for r in rows]
        self.features = [name_features(n) for n in self.names]
        self.index: dict[str, list[int]] = defaultdict(list)
        df: dict[str, int] = defaultdict(int)
        for row, feats in enumerate(self.features):
            keys: set[str] = set()
            for f in feats:
                keys |= _unit_keys(f)
            for k in keys:
                self.index[k].append(row)
                df[k] += 1
        self.df = dict(df)
        self.folds = [_whole_fold(f) for f in self.features]

    def weight(self, f: UnitFeatures) -> float:
        """Inverse document frequency of a unit: rare names weigh more."""
        n = len(self.ids) or 1
        df = max((self.df.get(k, 0) for k in _unit_keys(f)), default=0)
        return math.log(1.0 + n / (1.0 + df))

    def candidates(self, feats: Sequence[UnitFeatures]) -> set[int]:
        rows: set[int] = set()
        for f in feats:
            for k in _unit_keys(f):
                rows.update(self.index.get(k, ()))
        fold = _whole_fold(feats)
        if fold and self.folds:
            for _, _, row in process.extract(
                fold, self.folds, scorer=fuzz.token_set_ratio, limit=FUZZY_CANDIDATES
            ):
                rows.add(row)
        return rows


def rank_one(
    gallery: Gallery,
    query_id: str,
    name: str,
    top: int = 10,
    skip: Callable[[int], bool] | None = None,
) -> list[Hit]:
    """The best ``top`` gallery ids for one query name."""
    feats = name_features(name)
    if not feats:
        return []
    weights = [gallery.weight(f) for f in feats]
    best: dict[str, float] = {}
    for row in gallery.candidates(feats):
        if skip is not None and skip(row):
            continue
        gfeats = gallery.features[row]
        aligned = align(feats, gfeats)
        _, score = score_alignment(len(feats), len(gfeats), aligned, weights)
        gid = gallery.ids[row]
        if score > best.get(gid, -1.0):
            best[gid] = score
    ordered = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [Hit(query_id, i + 1, gid, round(s, 4)) for i, (gid, s) in enumerate(ordered)]
