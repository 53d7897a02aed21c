"""Which sources mention a person, and how many times: uneven, overlapping, dependent coverage.

Capture depends on the fate (families report the missing more than the released; death records
exist only for the dead) and sources depend on each other (NGOs collect from families), so the
overlaps are not independent: exactly what makes multiple systems estimation and linkage hard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import Final

from athar.synth.detention import Stay
from athar.synth.population import Person

FAMILY_REPORT_RATE: Final = {"missing": 0.62, "unknown": 0.5, "deceased": 0.45, "released": 0.28}
FAMILY_REPORT_DUPLICATE_RATE: Final = 0.12  # a second relative files a report
FAMILY_REPORT_TRIPLICATE_RATE: Final = 0.02
REGISTER_RATE: Final = 0.58  # some register of the person's path is in the data
REGISTER_STAY_RATE: Final = 0.75  # each facility on the path whose register holds them
REGISTER_RELIST_RATE: Final = 0.03  # same facility, same number, listed again (copied page)
RELEASE_LIST_RATE: Final = 0.6  # of the released (finally, or before a re-arrest)
RELEASE_DUPLICATE_RATE: Final = 0.04  # on two release lists
NGO_BASE_RATE: Final = 0.25
NGO_FAMILY_LIFT: Final = 0.2  # NGOs collect from families: coverage depends on family reports
NGO_DUPLICATE_RATE: Final = 0.07
DEATH_RECORD_RATE: Final = 0.8  # of the dead in custody
NAMELESS_DEATH_RATE: Final = 0.6  # forensic records with facility and number but no name
DEATH_DUPLICATE_RATE: Final = 0.04


@dataclass(slots=True)
class Coverage:
    family_reports: int = 0
    register: list[Stay] = field(default_factory=list)
    release_lists: int = 0
    ngo_lists: int = 0
    deaths: list[bool] = field(default_factory=list)  # one flag per death record: nameless


def _copies(rng: Random, duplicate: float, triplicate: float = 0.0) -> int:
    roll = rng.random()
    return 3 if roll < triplicate else 2 if roll < triplicate + duplicate else 1


def plan(person: Person, rng: Random) -> Coverage:
    """Draw the person's appearances in every source."""
    d = person.detention
    cov = Coverage()
    if d.fate == "deceased" and rng.random() < DEATH_RECORD_RATE:
        cov.deaths = [
            rng.random() < NAMELESS_DEATH_RATE for _ in range(_copies(rng, DEATH_DUPLICATE_RATE))
        ]
    if rng.random() < REGISTER_RATE:
        cov.register = [s for s in d.stays if rng.random() < REGISTER_STAY_RATE]
        if not cov.register:
            cov.register = [d.stays[rng.randrange(len(d.stays))]]
    if any(cov.deaths) and d.stays[-1] not in cov.register:
        cov.register.append(d.stays[-1])  # a nameless death record can only be tied by its number
    cov.register += [s for s in cov.register if rng.random() < REGISTER_RELIST_RATE]
    if rng.random() < FAMILY_REPORT_RATE[d.fate]:
        cov.family_reports = _copies(
            rng, FAMILY_REPORT_DUPLICATE_RATE, FAMILY_REPORT_TRIPLICATE_RATE
        )
    if d.releases() and rng.random() < RELEASE_LIST_RATE:
        cov.release_lists = _copies(rng, RELEASE_DUPLICATE_RATE)
    if rng.random() < NGO_BASE_RATE + NGO_FAMILY_LIFT * (cov.family_reports > 0):
        cov.ngo_lists = _copies(rng, NGO_DUPLICATE_RATE)
    return cov
