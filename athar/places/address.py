"""The known place an address names: a residence is written as street, quarter, town, region.

An address is mostly words the gazetteer cannot know (streets, buildings, house numbers). Each
part of it (between commas, ، or " - ") is resolved alone and only a confident answer is taken,
so that a street or a foreign suburb never becomes a Syrian town by a near spelling; the most
specific place wins: a town over a governorate, the first town written over later ones. Parts
repeat across a list (towns, quarters) and ``resolve`` caches them, so this stays fast on long
files of unique addresses.
"""

from __future__ import annotations

import re
from functools import lru_cache

from athar.places.gazetteer import governorate, town
from athar.places.matching import PlaceMatch, resolve_place

#: A part of an address must name a place at least this surely to be taken (resolve's scale:
#: 1.0 an alias as written, ~0.97 an alias within more words, ≤ 0.8 a fuzzy spelling).
MIN_CONFIDENCE = 0.85
_PARTS = re.compile(r"\s[-–—]\s|[,،;/|()\[\]\n]")
_KIND_RANK = {"town": 2, "governorate": 1}


@lru_cache(maxsize=65536)
def resolve_address(text: str) -> PlaceMatch | None:
    """The town (else the governorate) an address names, or None when no part names one."""
    parts = [p.strip() for p in _PARTS.split(text or "") if p and p.strip()]
    best: PlaceMatch | None = None
    for part in parts:
        if part.isdigit():
            continue
        found = resolve_place(part)
        if found is None or found.confidence < MIN_CONFIDENCE or found.kind not in _KIND_RANK:
            continue
        # Towns over governorates; among towns the first written, since an address goes from
        # the narrowest part to the broadest ("Hay al-Midan, Damascus" lives in al-Midan).
        if best is None or _KIND_RANK[found.kind] > _KIND_RANK[best.kind]:
            best = found
    return best


def governorate_of(place_id: str) -> str:
    """The governorate id of a town or governorate id ("" when the gazetteer has neither)."""
    if not place_id:
        return ""
    try:
        return town(place_id).governorate
    except KeyError:
        pass
    try:
        return governorate(place_id).id
    except KeyError:
        return ""
