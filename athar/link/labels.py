"""Reviewers' decisions as labels: how the model's scores stand against them.

Decisions bind the clustering (``athar.link.cluster``: a confirmed pair stays together, a
rejected one apart); they do not train the model (``athar.link.model`` says why). They are
still the only labels a registry has, so each run reports how its scores agree with them: the
pairs a reviewer called one person that the model alone would have left apart, and the pairs
called two persons that it would have linked. The decided pairs are the review queue's doubtful
ones, so the agreement measures the model where it is least sure, not over the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class DecisionCheck:
    """Counts of decided pairs by what the reviewer said and what the model scored."""

    same_linked: int = 0  # said one person; scored at or above the threshold
    same_apart: int = 0  # said one person; scored below it
    different_apart: int = 0  # said two persons; scored below the threshold
    different_linked: int = 0  # said two persons; scored at or above it
    unscored: int = 0  # not a candidate pair of this run

    @property
    def decided(self) -> int:
        return sum(self.as_dict().values())

    @property
    def agreeing(self) -> int:
        return self.same_linked + self.different_apart

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def check_decisions(
    a: np.ndarray,
    b: np.ndarray,
    probability: np.ndarray,
    decisions: Iterable[tuple[int, int, bool]],
    threshold: float,
) -> DecisionCheck:
    """Each decision (a, b, same?) against the run's scored pairs (``a`` < ``b``, their
    ``probability``) at ``threshold``."""
    order = np.lexsort((b, a))
    keys_a, keys_b = a[order], b[order]
    counts = dict.fromkeys(("same_linked", "same_apart", "different_apart", "different_linked"), 0)
    unscored = 0
    for x, y, same in decisions:
        lo, hi = min(x, y), max(x, y)
        start = int(np.searchsorted(keys_a, lo, "left"))
        end = int(np.searchsorted(keys_a, lo, "right"))
        at = start + int(np.searchsorted(keys_b[start:end], hi))
        if at >= end or keys_b[at] != hi:
            unscored += 1
            continue
        linked = bool(probability[order[at]] >= threshold)
        key = ("same_" if same else "different_") + ("linked" if linked else "apart")
        counts[key] += 1
    return DecisionCheck(**counts, unscored=unscored)
