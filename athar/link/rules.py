"""Exact identifier rules beside the model.

A Syrian national number, or a detainee number within one facility's numbering, names one person.
This is how a nameless forensic record (facility and detainee number, no name) reaches its person.
The rules give such pairs a fixed probability; the clustering constraints still apply to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyarrow as pa

from athar.config import settings

#: Probability given to a pair sharing a national number.
NATIONAL_ID_PROBABILITY = 0.9999
#: Probability given to a pair sharing facility and detainee number.
FACILITY_NUMBER_PROBABILITY = 0.999
#: A shared identifier held by more records than this is a data error, not one person.
MAX_GROUP = 12


def identifier_edges(
    features: pa.Table, min_national_id_digits: int | None = None
) -> Iterator[tuple[int, int, float, str]]:
    """(a, b, probability, rule) for every pair of records sharing an identifier: a national
    number of at least ``min_national_id_digits`` (default: the setting
    ``national_id_min_digits``), or a facility and detainee number."""
    if min_national_id_digits is None:
        min_national_id_digits = settings().national_id_min_digits
    ids = features.column("unique_id").to_pylist()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, nid in zip(ids, features.column("national_id").to_pylist(), strict=True):
        if nid and len(nid) >= min_national_id_digits:
            groups[("national_id", nid)].append(pk)
    facilities = features.column("facility_id").to_pylist()
    numbers = features.column("detainee_number").to_pylist()
    for pk, fac, num in zip(ids, facilities, numbers, strict=True):
        if fac and num:
            groups[("facility_number", f"{fac}#{num}")].append(pk)
    for (rule, _), members in groups.items():
        if len(members) < 2 or len(members) > MAX_GROUP:
            continue
        p = NATIONAL_ID_PROBABILITY if rule == "national_id" else FACILITY_NUMBER_PROBABILITY
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b, p, rule
