"""Detention histories: arrest, transfers between facilities with their detainee numbers, and fate.

The shape follows what documentation groups describe: arrests peak in 2012-2013, a detainee passes
through one to three facilities (a security branch first, a central prison last), every facility
numbers its detainees its own way, and many releases cluster on amnesty dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Final

from athar.places import Facility
from athar.synth.pools import Pool, weighted

FIRST_ARREST: Final = date(2011, 3, 15)
CUTOFF: Final = date(2024, 12, 7)  # nothing in the data happens after this day
ARREST_YEARS: Final = weighted(
    [
        (2011, 10.0),
        (2012, 20.0),
        (2013, 18.0),
        (2014, 12.0),
        (2015, 8.0),
        (2016, 7.0),
        (2017, 6.0),
        (2018, 6.0),
        (2019, 4.0),
        (2020, 3.0),
        (2021, 2.0),
        (2022, 2.0),
        (2023, 1.5),
        (2024, 1.0),
    ]
)
PATH_LENGTHS: Final = weighted([(1, 0.5), (2, 0.33), (3, 0.17)])
FATES: Final = weighted(
    [("released", 0.42), ("deceased", 0.13), ("missing", 0.33), ("unknown", 0.12)]
)
MEAN_DAYS_BEFORE_TRANSFER: Final = 120.0
MEAN_DAYS_BEFORE_RELEASE: Final = 420.0
MEAN_DAYS_BEFORE_DEATH: Final = 220.0
REARREST_RATE: Final = 0.06  # released from one facility, taken again later (paths of 2+)
MEAN_DAYS_BEFORE_REARREST: Final = 300.0
AMNESTY_SNAP_RATE: Final = 0.35  # releases that fall on an amnesty date
AMNESTIES: Final = (
    date(2011, 5, 31),
    date(2012, 1, 15),
    date(2013, 4, 16),
    date(2014, 6, 9),
    date(2015, 7, 25),
    date(2016, 7, 28),
    date(2019, 9, 15),
    date(2020, 3, 22),
    date(2022, 4, 30),
)
# Facilities whose numbering is "sequence/year" (1532/2013); the others count on across years.
SLASH_NUMBERING_EVERY: Final = 3

# A path starts at an intelligence branch, may pass a second branch or the military police, and
# ends in a prison. Hospitals are not stays: deaths are registered there (see death records).
EARLY_KINDS: Final = ("intelligence_branch", "airport")
MIDDLE_KINDS: Final = ("intelligence_branch", "military_police")
LATE_KINDS: Final = ("prison", "military_police")
HOSPITAL_KINDS: Final = ("other",)
LOCAL_BRANCH_BOOST: Final = 6.0  # people are mostly taken by the branches of their governorate
# The facilities documentation groups report the most detainees through; others weigh 1.
FACILITY_WEIGHTS: Final = {
    "sednaya": 8.0,
    "mi_215": 5.0,
    "mi_235": 5.0,
    "afi_mezzeh": 4.0,
    "mi_227": 3.0,
    "adra": 3.0,
    "mp_qaboun": 3.0,
    "mi_248": 2.0,
    "gi_251": 2.0,
}


@dataclass(frozen=True, slots=True)
class Stay:
    """One facility on a detainee's path, with the number it gave them and the day they arrived."""

    facility: Facility
    number: str
    arrival: date


@dataclass(frozen=True, slots=True)
class Detention:
    arrest: date
    stays: tuple[Stay, ...]
    fate: str  # released, deceased (in custody), missing, unknown
    fate_date: date | None
    # Released from the stay at this index, then arrested again before the next one.
    interim_after: int | None = None
    interim_release: date | None = None

    def releases(self) -> tuple[date, ...]:
        """Every release, the interim one included: each may be on a release list."""
        out = [self.interim_release] if self.interim_release else []
        if self.fate == "released" and self.fate_date:
            out.append(self.fate_date)
        return tuple(out)


class Facilities:
    """The facilities a path is drawn from, and the per-facility numbering state."""

    def __init__(self, facilities: tuple[Facility, ...]) -> None:
        ids = {f.id for f in facilities}
        # Buildings inside a listed compound (sednaya_red in sednaya) share its numbering.
        stays = [
            f
            for f in facilities
            if f.kind not in HOSPITAL_KINDS
            and ("_" not in f.id or f.id.rsplit("_", 1)[0] not in ids)
        ] or list(facilities)
        self._stays = stays
        self.middle = self._pool(MIDDLE_KINDS)
        self.late = self._pool(LATE_KINDS)
        self._early: dict[str, Pool[Facility]] = {}
        self._index = {f.id: i for i, f in enumerate(facilities)}
        self._counters: dict[tuple[int, int], int] = {}

    def _pool(self, kinds: tuple[str, ...], governorate: str = "") -> Pool[Facility]:
        chosen = [f for f in self._stays if f.kind in kinds] or self._stays
        weights = [
            FACILITY_WEIGHTS.get(f.id, 1.0)
            * (LOCAL_BRANCH_BOOST if f.governorate == governorate else 1.0)
            for f in chosen
        ]
        return Pool(chosen, weights)

    def early(self, governorate: str) -> Pool[Facility]:
        """Where people of a governorate are taken first."""
        pool = self._early.get(governorate)
        if pool is None:
            pool = self._early[governorate] = self._pool(EARLY_KINDS, governorate)
        return pool

    def number(self, facility: Facility, year: int, rng: Random) -> str:
        """The next detainee number at a facility; gaps stand for detainees not in the data."""
        index = self._index[facility.id]
        slash = index % SLASH_NUMBERING_EVERY == 0
        key = (index, year if slash else 0)
        start = 1 if slash else 100 + (index * 7919) % 900
        value = self._counters.get(key, start) + rng.randint(1, 6)
        self._counters[key] = value
        return f"{value}/{year}" if slash else str(value)

    def path(self, rng: Random, governorate: str, first: Facility | None = None) -> list[Facility]:
        """One to three distinct facilities: a branch first, a prison (or military police) last."""
        length = PATH_LENGTHS.pick(rng)
        path = [first or self.early(governorate).pick(rng)]
        for k in range(1, length):
            pool = self.late if k == length - 1 else self.middle
            for _ in range(5):
                candidate = pool.pick(rng)
                if candidate not in path:
                    path.append(candidate)
                    break
        return path


def arrest_date(rng: Random) -> date:
    """A day in a year drawn from the arrest curve, between the uprising and the cutoff."""
    year = ARREST_YEARS.pick(rng)
    start = max(date(year, 1, 1), FIRST_ARREST)
    end = min(date(year, 12, 31), CUTOFF - timedelta(days=60))
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _after(day: date, mean: float, rng: Random, minimum: int = 1) -> date:
    return day + timedelta(days=minimum + int(rng.expovariate(1.0 / mean)))


def detention(
    arrest: date,
    facilities: Facilities,
    rng: Random,
    governorate: str,
    first: Facility | None = None,
) -> Detention:
    """A path with arrival days and numbers, then a fate dated after the last arrival."""
    stays: list[Stay] = []
    arrival = arrest + timedelta(days=rng.randrange(0, 4))
    path = facilities.path(rng, governorate, first)
    interim_after: int | None = None
    interim: date | None = None
    if len(path) > 1 and rng.random() < REARREST_RATE:
        interim_after = rng.randrange(len(path) - 1)
    for k, facility in enumerate(path):
        if k:
            moved = _after(arrival, MEAN_DAYS_BEFORE_TRANSFER, rng, minimum=3)
            if k - 1 == interim_after:
                interim = moved
                moved = _after(interim, MEAN_DAYS_BEFORE_REARREST, rng, minimum=30)
            if moved >= CUTOFF:
                break
            arrival = moved
        stays.append(Stay(facility, facilities.number(facility, arrival.year, rng), arrival))
    if interim_after is not None and interim_after >= len(stays) - 1:
        interim_after = interim = None  # the re-arrest fell after the cutoff
    last = stays[-1].arrival
    fate = FATES.pick(rng)
    fate_date: date | None = None
    if fate == "released":
        fate_date = _after(last, MEAN_DAYS_BEFORE_RELEASE, rng, minimum=10)
        if rng.random() < AMNESTY_SNAP_RATE:
            fate_date = next((a for a in AMNESTIES if a > last + timedelta(days=20)), fate_date)
    elif fate == "deceased":
        fate_date = _after(last, MEAN_DAYS_BEFORE_DEATH, rng, minimum=3)
    if fate_date is not None and fate_date >= CUTOFF:
        fate, fate_date = "missing", None
    return Detention(arrest, tuple(stays), fate, fate_date, interim_after, interim)
