"""The stable-id rule for persons, kept pure so it can be tested and reasoned about alone.

Each new cluster inherits the id of an existing person it holds records of. Candidates are taken
greedily, most shared records first: so an unchanged cluster keeps its id, the larger part of a
split keeps it, and a merge keeps the id of the person contributing most records (ties: the older
id, i.e. the lower sequence number). A cluster whose first choice went to a larger overlap falls
back to its next one, so as many ids as possible survive. No id goes to two clusters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence


def person_id(seq: int) -> str:
    """The display id of the ``seq``-th person: ``P-000123``."""
    return f"P-{seq:06d}"


def inherit(
    clusters: Sequence[Sequence[int]],
    previous: Mapping[int, str],
    seq: Mapping[str, int],
) -> list[str | None]:
    """For each cluster, the existing person id it keeps, or None if it needs a new one.

    ``previous`` maps record pk → its current person id; ``seq`` gives each of those ids its age.
    """
    candidates: list[tuple[int, int, int, int, int, str]] = []
    for index, cluster in enumerate(clusters):
        held = Counter(previous[pk] for pk in cluster if pk in previous)
        smallest = min(cluster)
        for pid, count in held.items():
            candidates.append((-count, seq[pid], -len(cluster), smallest, index, pid))
    candidates.sort()
    chosen: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()
    for *_, index, pid in candidates:
        if chosen[index] is None and pid not in taken:
            chosen[index] = pid
            taken.add(pid)
    return chosen
