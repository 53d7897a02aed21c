"""Graded comparison of names, for a Fellegi–Sunter model and for ranking.

Two name units compare at one of five levels (``Level``), each with a score in [0, 1]:

- EXACT: the same cleaned writing.
- CANONICAL: the same name by the tables (محمد = Mohammad = Mhd = Mo7ammad), or the same
  orthographic fold when the tables do not know it (Shahrour = Shahrur, الحلبي = حلبي).
- KEY: the same consonant skeleton across scripts (الشحرور ≈ Al-Shahrour, خالد ≈ Kaled).
- CLOSE: a small edit distance, or Arabic letters that differ only by lost dots.
- DIFFERENT.

Names the tables know as *different* names (حسن/حسين, عمر/عامر/عمار, سامي/سامر, محمود/محمد) are
never raised above DIFFERENT by their keys or their edit distance, however close they look.
Full names are compared unit by unit after an order-free alignment, since lists write the family
name first or last and often leave parts out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from athar.names.keys import (
    latin_fold,
    latin_keys_match,
    rasm,
    skeleton,
    vowel_key,
    vowels_compatible,
)
from athar.names.lexicon import lexicon
from athar.names.parse import Unit, units

#: Full-name score at or above which two names are taken as the same name.
SAME_NAME_THRESHOLD = 0.8
#: How much a query part that the other name lacks counts against it, when ranking.
MISSING_PART_WEIGHT = 0.5
#: Score lost when one side carries the article and the other does not (Al-Halabi / Halabi).
ARTICLE_PENALTY = 0.02


class Level(IntEnum):
    """Agreement levels, from most to least certain (higher is closer)."""

    DIFFERENT = 0
    CLOSE = 1
    KEY = 2
    CANONICAL = 3
    EXACT = 4


@dataclass(frozen=True, slots=True)
class UnitFeatures:
    """Everything comparison needs about one unit, computed once."""

    unit: Unit
    ids: frozenset[str]
    fold: str  # Latin fold, or the bare Arabic form
    skel: str
    vkey: str  # skeleton with the vowels as written
    rasm: str  # dotless Arabic ("" for Latin)

    @property
    def script(self) -> str:
        return self.unit.script


@lru_cache(maxsize=262_144)
def unit_features(unit: Unit) -> UnitFeatures:
    """Features of one unit (cached: names repeat a great deal)."""
    ids = lexicon().ids(unit)
    if unit.script == "arabic":
        bare = unit.bare
        return UnitFeatures(unit, ids, bare, skeleton(bare), vowel_key(bare), rasm(bare))
    bare = unit.bare
    return UnitFeatures(unit, ids, latin_fold(bare), skeleton(bare), vowel_key(bare), "")


@lru_cache(maxsize=131_072)
def name_features(text: str) -> tuple[UnitFeatures, ...]:
    """Features of every unit of a written name."""
    lex = lexicon()
    return tuple(unit_features(u) for u in lex.merge_known(units(text, keep=lex.article_words)))


@lru_cache(maxsize=1_048_576)
def compare_units(a: UnitFeatures, b: UnitFeatures) -> tuple[Level, float]:
    """Level and score of two name units."""
    if a.unit.text == b.unit.text:
        return Level.EXACT, 1.0
    penalty = ARTICLE_PENALTY if a.unit.article != b.unit.article else 0.0
    if a.ids and b.ids:
        if a.ids & b.ids:
            return Level.CANONICAL, 0.95 - penalty
        # Two names the tables know apart: only a lost dot may bring them together.
        if a.rasm and a.rasm == b.rasm:
            return Level.CLOSE, 0.6
        return Level.DIFFERENT, 0.3 * _ratio(a, b)
    same_script = a.script == b.script
    if same_script and a.fold == b.fold:
        return Level.CANONICAL, 0.93 - penalty
    if same_script and a.script == "latin":
        same_key = latin_keys_match(a.vkey, b.vkey)
    elif same_script:
        same_key = a.vkey == b.vkey
    elif a.script == "arabic":
        same_key = vowels_compatible(a.unit.bare, b.unit.bare)
    else:
        same_key = vowels_compatible(b.unit.bare, a.unit.bare)
    if same_key:
        return Level.KEY, 0.85 - penalty
    if a.rasm and a.rasm == b.rasm:
        return Level.CLOSE, 0.8  # a lost dot in a scanned register
    if _slipped(a, b) or _slipped(b, a):
        return Level.CLOSE, SLIP_SCORE  # a letter dropped or two swapped (ممد, ممحد: محمد)
    ratio = _ratio(a, b)
    if ratio >= 0.75:
        return Level.CLOSE, 0.45 + 0.3 * ratio
    return Level.DIFFERENT, 0.45 * ratio


#: A writing one slip of the pen from a given name the other is: close, below the same name (a
#: slip can also spell a name the tables lack).
SLIP_SCORE = 0.75


def _slipped(a: UnitFeatures, b: UnitFeatures) -> bool:
    """An Arabic writing the tables lack is one slip of the pen from a name ``b`` is."""
    return bool(
        b.ids and not a.ids and a.script == "arabic" and b.ids & _slip_readings(a.unit.bare)
    )


@lru_cache(maxsize=65_536)
def _slip_readings(bare: str) -> frozenset[str]:
    return lexicon().slip_readings(bare)


def _ratio(a: UnitFeatures, b: UnitFeatures) -> float:
    if a.script == b.script:
        return OSA.normalized_similarity(a.fold, b.fold)  # a swap of two letters is one typo
    if not a.skel or not b.skel:
        return 0.0
    # Across scripts only skeletons are comparable; they are short, so demand more.
    la, ar = (a, b) if a.script == "latin" else (b, a)
    latin_skel = la.skel
    if ar.skel.endswith("h") and la.unit.bare.endswith("h") and not latin_skel.endswith("h"):
        # The Latin skeleton drops a final h as the ة of -ah / -eh (Hamadeh); the Arabic keeps
        # its ح (Kaddah: قداح, Misbah: مصباح), whose final h then counts.
        latin_skel += "h"
    sim = Levenshtein.normalized_similarity(latin_skel, ar.skel)
    return sim if min(len(latin_skel), len(ar.skel)) >= 4 else sim * 0.9


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """One unit of each name, aligned, with their level and score."""

    a: str
    b: str
    level: Level
    score: float


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The result of comparing two full names."""

    level: Level
    score: float
    pairs: tuple[AlignedPair, ...]
    unmatched_a: tuple[str, ...]
    unmatched_b: tuple[str, ...]

    @property
    def same(self) -> bool:
        """Whether the two names are taken as the same name at the default threshold."""
        return self.score >= SAME_NAME_THRESHOLD


def align(
    fa: Sequence[UnitFeatures],
    fb: Sequence[UnitFeatures],
) -> list[tuple[int, int, Level, float]]:
    """Greedy best-first one-to-one alignment of units (names have at most a handful)."""
    cells = []
    for i, ua in enumerate(fa):
        for j, ub in enumerate(fb):
            level, score = compare_units(ua, ub)
            # Prefer keeping the written order when scores tie (given with given).
            cells.append((score, -abs(i - j), i, j, level))
    cells.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for score, _, i, j, level in cells:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, level, score))
        if len(out) == min(len(fa), len(fb)):
            break
    return out


def score_alignment(
    n_a: int,
    n_b: int,
    aligned: Iterable[tuple[int, int, Level, float]],
    weights_a: Sequence[float] | None = None,
    contradicted_weight: float | None = None,
) -> tuple[Level, float]:
    """Combine unit scores into one full-name level and score.

    Missing parts are the norm (a release list may hold two parts, a register four), so the score
    is taken over the shorter name, with a small penalty for each part only one side has and a
    larger one when a single part is all that can be compared. With ``contradicted_weight``, a
    unit of ``a`` that the other name contradicts counts against it at that weight rather than
    its own (search: a common given name that differs still names another man).
    """
    aligned = list(aligned)
    k = min(n_a, n_b)
    if k == 0 or not aligned:
        return Level.DIFFERENT, 0.0
    if weights_a is None:
        total = sum(score for _, _, _, score in aligned) / k
    else:
        # Weighted by the query's units (rare names count more than Mohammad); a query unit the
        # other name lacks counts half against it: lists often leave parts out.
        aligned_w = {i: weights_a[i] for i, _, _, _ in aligned}
        if contradicted_weight is not None:
            aligned_w.update({i: contradicted_weight for i, _, lv, _ in aligned if not lv})
        missing_w = sum(w for i, w in enumerate(weights_a) if i not in aligned_w)
        hit = sum(weights_a[i] * score for i, _, _, score in aligned)
        denom = sum(aligned_w.values()) + MISSING_PART_WEIGHT * missing_w
        total = hit / denom if denom else 0.0
    extra = max(n_a, n_b) - k
    total *= 1.0 - 0.04 * extra
    if k == 1 and max(n_a, n_b) > 1:
        total *= 0.85
    level = min(level for _, _, level, _ in aligned)
    if level == Level.DIFFERENT:
        # A part both names have contradicts: never "the same name", however well the rest agrees.
        total = min(total, SAME_NAME_THRESHOLD - 0.05)
    if level == Level.EXACT and n_a != n_b:
        level = Level.CANONICAL
    return level, round(min(1.0, total), 4)


def compare(a: str, b: str) -> NameComparison:
    """Compare two written names (any script, any order of parts)."""
    fa, fb = name_features(a), name_features(b)
    aligned = align(fa, fb)
    level, score = score_alignment(len(fa), len(fb), aligned)
    used_a = {i for i, _, _, _ in aligned}
    used_b = {j for _, j, _, _ in aligned}
    pairs = tuple(
        AlignedPair(fa[i].unit.text, fb[j].unit.text, lvl, round(s, 4)) for i, j, lvl, s in aligned
    )
    return NameComparison(
        level,
        score,
        pairs,
        tuple(f.unit.text for i, f in enumerate(fa) if i not in used_a),
        tuple(f.unit.text for j, f in enumerate(fb) if j not in used_b),
    )


def compare_parts(a: str, b: str) -> tuple[Level, float]:
    """Compare two values of one name part (a given name, a father's name, a family name).

    A part is usually one unit; when either side has several (a compound the parser did not
    know, or two names in one field), the best alignment is used.
    """
    if not a or not b:
        return Level.DIFFERENT, 0.0
    fa, fb = name_features(a), name_features(b)
    if len(fa) == 1 and len(fb) == 1:
        return compare_units(fa[0], fb[0])
    aligned = align(fa, fb)
    return score_alignment(len(fa), len(fb), aligned)
