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

# Which facilities come first on a path and which come last, by their kind.
_EARLY_HINTS: Final = ("branch", "intelligence", "security", "police", "checkpoint")
_LATE_HINTS: Final = ("prison", "court", "military police", "central")
_NOT_A_STAY: Final = ("hospital", "morgue", "cemetery", "court")


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


class Facilities:
    """The facilities a path is drawn from, and the per-facility numbering state."""

    def __init__(self, facilities: tuple[Facility, ...]) -> None:
        stays = [f for f in facilities if not _matches(f.kind, _NOT_A_STAY)] or list(facilities)
        early = [f for f in stays if _matches(f.kind, _EARLY_HINTS)] or stays
        late = [f for f in stays if _matches(f.kind, _LATE_HINTS)] or stays
        # Big facilities hold most detainees: weight by position on a gentle Zipf curve.
        self.early: Pool[Facility] = Pool(early, [1.0 / (i + 2) ** 0.7 for i in range(len(early))])
        self.late: Pool[Facility] = Pool(late, [1.0 / (i + 1) ** 0.9 for i in range(len(late))])
        self.any: Pool[Facility] = Pool(stays, [1.0 / (i + 2) ** 0.6 for i in range(len(stays))])
        self._index = {f.id: i for i, f in enumerate(facilities)}
        self._counters: dict[tuple[int, int], int] = {}

    def number(self, facility: Facility, year: int, rng: Random) -> str:
        """The next detainee number at a facility; gaps stand for detainees not in the data."""
        index = self._index[facility.id]
        slash = index % SLASH_NUMBERING_EVERY == 0
        key = (index, year if slash else 0)
        start = 1 if slash else 100 + (index * 7919) % 900
        value = self._counters.get(key, start) + rng.randint(1, 6)
        self._counters[key] = value
        return f"{value}/{year}" if slash else str(value)

    def path(self, rng: Random, first: Facility | None = None) -> list[Facility]:
        """One to three distinct facilities, the early kind first and the late kind last."""
        length = PATH_LENGTHS.pick(rng)
        path = [first or self.early.pick(rng)]
        for k in range(1, length):
            pool = self.late if k == length - 1 else self.any
            for _ in range(5):
                candidate = pool.pick(rng)
                if candidate not in path:
                    path.append(candidate)
                    break
        return path


def _matches(kind: str, hints: tuple[str, ...]) -> bool:
    low = kind.lower()
    return any(h in low for h in hints)


def arrest_date(rng: Random) -> date:
    """A day in a year drawn from the arrest curve, never before the uprising or after the cutoff."""
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
    first: Facility | None = None,
) -> Detention:
    """A path with arrival days and numbers, then a fate dated after the last arrival."""
    stays: list[Stay] = []
    arrival = arrest + timedelta(days=rng.randrange(0, 4))
    for k, facility in enumerate(facilities.path(rng, first)):
        if k:
            arrival = _after(arrival, MEAN_DAYS_BEFORE_TRANSFER, rng, minimum=3)
            if arrival >= CUTOFF:
                break
        stays.append(Stay(facility, facilities.number(facility, arrival.year, rng), arrival))
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
    return Detention(arrest, tuple(stays), fate, fate_date)
