"""Weighted pools of names, towns and facilities, with frequencies shaped like the real ones.

The tables list names without counts; what makes linkage hard is the frequency, so it is added
here: a few given names dominate (Mohammad alone is about one man in eight), family names follow a
heavy tail (a handful are shared by many unrelated families), and towns and facilities are uneven.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from random import Random
from typing import Final, Generic, TypeVar

from athar import places
from athar.names.tables import NameEntry, family_names, given_names

T = TypeVar("T")

# Shares of all men's given names (and of fathers' and grandfathers' names, drawn from the same
# pool). The rest of the table shares what is left along a Zipf curve in table order.
MALE_NAME_SHARES: Final = {
    "محمد": 0.135,  # ~12% of men once brothers and sons of a Mohammad are kept apart
    "أحمد": 0.05,
    "علي": 0.035,
    "محمود": 0.03,
    "خالد": 0.028,
    "حسين": 0.02,
    "عمر": 0.02,
    "عبد الله": 0.02,
    "حسن": 0.018,
    "مصطفى": 0.016,
    "إبراهيم": 0.015,
    "يوسف": 0.012,
}
FEMALE_NAME_SHARES: Final = {
    "فاطمة": 0.08,
    "مريم": 0.05,
    "خديجة": 0.035,
    "عائشة": 0.035,
    "زينب": 0.03,
}
GIVEN_ZIPF_OFFSET: Final = 5.0  # flattens the head of the Zipf curve for the unpinned names
FAMILY_ZIPF_EXPONENT: Final = 1.0  # heavy tail: the top family names recur across many families
FAMILY_ZIPF_OFFSET: Final = 8.0  # the most common family name is carried by ~3% of families
# Family names common all over Syria head the curve; the rest follow in a fixed scrambled order,
# so that the table's own order (grouped by city or notability) does not become a frequency.
COMMON_FAMILY_NAMES: Final = (
    "الخطيب",
    "المصري",
    "الأحمد",
    "الحلبي",
    "العلي",
    "الحسن",
    "المحمد",
    "الحسين",
    "الشيخ",
    "السيد",
    "النجار",
    "الخليل",
    "العبدالله",
    "الحمصي",
    "الشامي",
    "الإدلبي",
    "الحموي",
)
TOWN_ZIPF_EXPONENT: Final = 0.8
# Families in the east (Deir ez-Zor, Raqqa, Hasakah) often carry the article plus a given name as
# their family name: al-Ahmad, al-Ali, al-Hussein. They collide with fathers' and given names.
GIVEN_AS_FAMILY_NAMES: Final = 20  # drawn from the most common men's names


class Pool(Generic[T]):
    """Items drawn with fixed relative weights by one ``rng.random()`` and a bisection."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items or len(items) != len(weights):
            raise ValueError("a pool needs as many weights as items, and at least one")
        self.items: tuple[T, ...] = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: Random) -> T:
        i = bisect_right(self._cum, rng.random() * self._total)
        return self.items[min(i, len(self.items) - 1)]

    def __len__(self) -> int:
        return len(self.items)


def weighted(options: Sequence[tuple[T, float]]) -> Pool[T]:
    """A pool from ``(item, weight)`` pairs: the constant choices sources make."""
    return Pool([o for o, _ in options], [w for _, w in options])


def _zipf(n: int, exponent: float, offset: float) -> list[float]:
    return [1.0 / (rank + offset) ** exponent for rank in range(n)]


def _given_pool(entries: Sequence[NameEntry], shares: dict[str, float]) -> Pool[NameEntry]:
    """Pin the famous names to their shares; spread the rest along a Zipf curve."""
    curve = _zipf(len(entries), 1.0, GIVEN_ZIPF_OFFSET)
    pinned = {e.arabic for e in entries} & shares.keys()
    free = sum(w for e, w in zip(entries, curve, strict=True) if e.arabic not in pinned)
    left = 1.0 - sum(shares[a] for a in pinned)
    weights = [
        shares[e.arabic] if e.arabic in pinned else w * left / free
        for e, w in zip(entries, curve, strict=True)
    ]
    return Pool(entries, weights)


@dataclass(frozen=True, slots=True)
class Pools:
    """Everything the generator draws from, built once per process."""

    male: Pool[NameEntry]
    female: Pool[NameEntry]
    family: Pool[NameEntry]
    given_as_family: Pool[NameEntry]
    towns: Pool[places.Town]
    governorates: dict[str, places.Governorate]
    facilities: tuple[places.Facility, ...]
    hospitals: tuple[places.Facility, ...]  # where deaths in custody were registered


def _given_as_family(male: Sequence[NameEntry], family: Sequence[NameEntry]) -> Pool[NameEntry]:
    """al-Ahmad, al-Ali ...: the table's entry when it has one, else derived from the given name."""
    known = {e.arabic: e for e in family}
    entries = []
    for e in male[:GIVEN_AS_FAMILY_NAMES]:
        if " " in e.arabic:
            continue
        name = "ال" + e.arabic
        derived = NameEntry(name, tuple("al-" + s for s in e.latin[:4]), "", "family")
        entries.append(known.get(name, derived))
    return Pool(entries, _zipf(len(entries), 1.0, 2.0))


def _family_order(family: Sequence[NameEntry]) -> list[NameEntry]:
    head = {a: k for k, a in enumerate(COMMON_FAMILY_NAMES)}
    return sorted(
        family,
        key=lambda e: (head.get(e.arabic, len(head)), hashlib.sha1(e.arabic.encode()).digest()),
    )


@cache
def pools() -> Pools:
    """Load the tables and weight them; fails loudly when a table is missing."""
    given = given_names()
    male = [e for e in given if e.sex in ("m", "u") and e.latin]
    female = [e for e in given if e.sex in ("f", "u") and e.latin]
    family = _family_order([e for e in family_names() if e.latin])
    town_list = list(places.towns())
    if not male or not female or not family or not town_list or not places.facilities():
        raise RuntimeError("athar.synth needs the name tables and the places tables")
    return Pools(
        male=_given_pool(male, MALE_NAME_SHARES),
        female=_given_pool(female, FEMALE_NAME_SHARES),
        family=Pool(family, _zipf(len(family), FAMILY_ZIPF_EXPONENT, FAMILY_ZIPF_OFFSET)),
        given_as_family=_given_as_family(male, family),
        towns=Pool(town_list, _zipf(len(town_list), TOWN_ZIPF_EXPONENT, 2.0)),
        governorates={g.id: g for g in places.governorates()},
        facilities=places.facilities(),
        hospitals=tuple(f for f in places.facilities() if "hospital" in f.id + f.name_en.lower()),
    )
