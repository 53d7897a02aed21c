"""Synthetic persons, generated family by family so that relatives look alike the way they do.

Brothers share father, grandfather, family name and mother and differ in given name and birth year;
cousins share grandfather and family name; an eldest son is often named after his grandfather. Each
family draws from its own random stream, so a million persons stream out in constant memory and
the same seed always yields the same people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from random import Random
from typing import Final

from athar.names.tables import NameEntry
from athar.places import Town
from athar.synth.detention import Detention, Facilities, arrest_date, detention
from athar.synth.pools import Pools, weighted

# How many persons of one family are in the data (detained or disappeared).
FAMILY_SIZES: Final = weighted([(1, 0.58), (2, 0.22), (3, 0.11), (4, 0.05), (5, 0.025), (6, 0.015)])
COUSIN_BRANCH_RATE: Final = 0.3  # a multi-person family split across two or three brothers' sons
THREE_BRANCH_RATE: Final = 0.4  # of split families of four or more
WOMEN_RATE: Final = 0.10
GRANDFATHER_NAMESAKE_RATE: Final = 0.3  # eldest son named after his paternal grandfather
MOTHER_SAME_FAMILY_RATE: Final = 0.3  # marriage within the family: mother shares the family name
BRANCH_OTHER_TOWN_RATE: Final = 0.15
GIVEN_AS_FAMILY_RATE: Final = 0.05  # family names like al-Ahmad, al-Hussein
JOINT_ARREST_RATE: Final = 0.35  # relatives taken together: same day, same branch, close numbers
NATIONAL_ID_RATE: Final = 0.5
HONORIFIC_RATE: Final = 0.04  # doctors, engineers, sheikhs, hajjis: titles some sources keep
HONORIFICS: Final = weighted([("dr", 0.4), ("eng", 0.35), ("hajj", 0.15), ("sheikh", 0.1)])
MIN_BIRTH_YEAR: Final = 1950
MAX_BIRTH_YEAR: Final = 2006
MIN_AGE_AT_ARREST: Final = 14

POPULATION_STREAM: Final = 0
RENDER_STREAM: Final = 1


def stream_seed(seed: int, family: int, stream: int) -> int:
    """A distinct integer seed per (seed, family, stream): families are independent."""
    return (seed << 48) ^ (family << 4) ^ stream


@dataclass(frozen=True, slots=True)
class Person:
    """One true person: what every source's record of them is a partial, noisy view of."""

    person_id: str
    family_index: int
    branch: int
    sex: str
    given: NameEntry
    father: NameEntry
    grandfather: NameEntry
    family: NameEntry
    mother_given: NameEntry
    mother_family: NameEntry
    birth: date
    town: Town
    national_id: str
    honorific: str
    detention: Detention


def families(persons: int, seed: int, pools: Pools) -> Iterator[tuple[Random, list[Person]]]:
    """Families until ``persons`` persons exist, each with the random stream for rendering it."""
    facilities = Facilities(pools.facilities)
    made = index = 0
    width = max(7, len(str(persons)))
    gov_codes = {gid: k + 1 for k, gid in enumerate(sorted(pools.governorates))}
    while made < persons:
        rng = Random(stream_seed(seed, index, POPULATION_STREAM))
        size = min(FAMILY_SIZES.pick(rng), persons - made)
        members = _family(index, made, size, width, rng, pools, facilities, gov_codes)
        yield Random(stream_seed(seed, index, RENDER_STREAM)), members
        made += size
        index += 1


def _branches(size: int, rng: Random) -> list[int]:
    if size == 1 or rng.random() >= COUSIN_BRANCH_RATE:
        return [size]
    parts = 2 if size < 4 or rng.random() >= THREE_BRANCH_RATE else 3
    cuts = sorted(rng.sample(range(1, size), min(parts, size) - 1))
    bounds = [0, *cuts, size]
    return [b - a for a, b in pairwise(bounds)]


def _draw(pick: Callable[[Random], NameEntry], rng: Random, taken: set[str]) -> NameEntry:
    """A name not yet taken in this family (brothers never share a given name)."""
    entry = pick(rng)
    for _ in range(20):
        if entry.arabic not in taken:
            break
        entry = pick(rng)
    taken.add(entry.arabic)
    return entry


def _birth_years(arrests: list[date], rng: Random) -> list[int]:
    """Distinct birth years for siblings, each old enough at arrest and within the range."""
    years: list[int] = []
    for k, arrest in enumerate(arrests):
        latest = min(MAX_BIRTH_YEAR, arrest.year - MIN_AGE_AT_ARREST)
        if k == 0:
            want = arrest.year - int(rng.triangular(MIN_AGE_AT_ARREST + 2, 62, 24))
        else:  # the next sibling is younger, or older than all when too young to be taken
            want = years[-1] + rng.randint(1, 5)
            if want > latest:
                want = min(years) - rng.randint(1, 5)
        want = max(MIN_BIRTH_YEAR, min(latest, want))
        for year in _outward(want, MIN_BIRTH_YEAR, latest):
            if year not in years:
                years.append(year)
                break
    return years


def _outward(start: int, low: int, high: int) -> Iterator[int]:
    """start, start-1, start+1, start-2, ... within [low, high]."""
    for step in range(high - low + 1):
        for year in (start - step, start + step) if step else (start,):
            if low <= year <= high:
                yield year


def _family(
    index: int,
    first: int,
    size: int,
    width: int,
    rng: Random,
    pools: Pools,
    facilities: Facilities,
    gov_codes: dict[str, int],
) -> list[Person]:
    if rng.random() < GIVEN_AS_FAMILY_RATE:
        family = pools.given_as_family.pick(rng)
    else:
        family = pools.family.pick(rng)
    grandfather = pools.male.pick(rng)
    home = pools.towns.pick(rng)
    joint = size > 1 and rng.random() < JOINT_ARREST_RATE
    joint_arrest = arrest_date(rng)
    joint_facility = facilities.early(home.governorate).pick(rng)
    fathers_taken = {grandfather.arabic}
    members: list[Person] = []
    for branch, count in enumerate(_branches(size, rng)):
        father = _draw(pools.male.pick, rng, fathers_taken)
        mother_given = pools.female.pick(rng)
        mother_family = family if rng.random() < MOTHER_SAME_FAMILY_RATE else pools.family.pick(rng)
        town = home if rng.random() >= BRANCH_OTHER_TOWN_RATE else pools.towns.pick(rng)
        taken = {father.arabic}
        arrests = [joint_arrest if joint else arrest_date(rng) for _ in range(count)]
        years = _birth_years(arrests, rng)
        for k in range(count):
            sex = "f" if rng.random() < WOMEN_RATE else "m"
            if sex == "m" and k == 0 and rng.random() < GRANDFATHER_NAMESAKE_RATE:
                taken.add(grandfather.arabic)
                given = grandfather
            else:
                given = _draw((pools.female if sex == "f" else pools.male).pick, rng, taken)
            birth = date(years[k], 1, 1) + timedelta(days=rng.randrange(365))
            gov = gov_codes.get(town.governorate, 0)
            national_id = ""
            if rng.random() < NATIONAL_ID_RATE:
                national_id = f"{gov:02d}{rng.randrange(10**9):09d}"
            age = arrests[k].year - birth.year
            honorific = ""
            if sex == "m" and age >= 25 and rng.random() < HONORIFIC_RATE:
                honorific = HONORIFICS.pick(rng)
                if honorific == "hajj" and age < 45:
                    honorific = "eng"
            members.append(
                Person(
                    person_id=f"P-{first + len(members) + 1:0{width}d}",
                    family_index=index,
                    branch=branch,
                    sex=sex,
                    given=given,
                    father=father,
                    grandfather=grandfather,
                    family=family,
                    mother_given=mother_given,
                    mother_family=mother_family,
                    birth=birth,
                    town=town,
                    national_id=national_id,
                    honorific=honorific,
                    detention=detention(
                        arrests[k],
                        facilities,
                        rng,
                        town.governorate,
                        joint_facility if joint else None,
                    ),
                )
            )
    return members
