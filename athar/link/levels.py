"""Checks on what expectation maximisation learnt, applied after training.

EM estimates each level's m from the pairs of its training blocks. A level those blocks seldom
reach gets an m from a handful of pairs, or none: at 20,000 synthetic persons, "close spelling"
of a given name written in two scripts (Omeer / عمر) came out at m 0.0004 against u 0.003, a
weight of -3 — a close spelling counted as evidence AGAINST the pair, where 98 % of such
candidate pairs were one person. Two names alike cannot make a pair less likely than two
random records are: the weight of such a level is floored at 0 (m raised to u).
"""

from __future__ import annotations

import math
from typing import Any

from athar.link.settings import NAME_COMPARISONS

#: Levels of a name comparison that say the two names are alike (``settings.name_comparison``).
ALIKE_LEVELS = frozenset(
    {
        "same writing",
        "same name",
        "same name in another reading",
        "same key",
        "close spelling",
        "similar Latin writing",
        # a list's given and father's name read as given and family name (``family_comparison``)
        "one's family name is the other's father's name",
    }
)


def _is_name_comparison(output_column: str) -> bool:
    return any(output_column == p or output_column.startswith(p + "_") for p in NAME_COMPARISONS)


def floor_alike_levels(settings_obj: Any) -> list[tuple[str, str, float]]:
    """Raise m to u where a level that says two names are alike has m below u (a Splink
    ``Settings`` object, changed in place). Returns (comparison, level, weight before) of each
    level raised, for the log."""
    raised: list[tuple[str, str, float]] = []
    for comparison in settings_obj.comparisons:
        name = comparison.output_column_name
        if not _is_name_comparison(name):
            continue
        for level in comparison.comparison_levels:
            if level.is_null_level or level.label_for_charts not in ALIKE_LEVELS:
                continue
            m, u = level.m_probability, level.u_probability
            if m is None or u is None or m >= u:
                continue
            raised.append((name, level.label_for_charts, math.log2(m / u)))
            level.m_probability = u
    return raised
