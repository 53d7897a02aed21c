"""The gazetteer: governorates, towns and detention facilities, loaded from ``data/*.csv``.

The tables are hand-written and reviewed like code (see ``data/README.md``); loading checks them
strictly so that a typo in a coordinate or an id fails the test suite instead of misplacing a
prison on a map.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

FACILITY_KINDS = ("prison", "intelligence_branch", "military_police", "airport", "other")
# How far a point can be trusted: the facility's own site, a point near it, the centre of the town
# it is in, or (governorates) the seat of the governorate.
ACCURACIES = ("exact_site", "approximate", "city_centroid", "governorate_seat")

# Syria's bounding box, generous by a few kilometres: a point outside it is a data error.
LAT_RANGE = (32.3, 37.4)
LON_RANGE = (35.7, 42.4)


@dataclass(frozen=True, slots=True)
class Governorate:
    """One of Syria's 14 governorates (muhafazat); the point is its seat."""

    id: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Town:
    """A city, town or city district people give as a birth, residence or arrest place."""

    id: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...]
    governorate: str
    lat: float
    lon: float
    accuracy: str


@dataclass(frozen=True, slots=True)
class Facility:
    """A place where people were held: prison, intelligence branch, military police, hospital."""

    id: str
    kind: str
    name_ar: str
    name_en: str
    aliases: tuple[str, ...]
    city: str
    governorate: str
    lat: float
    lon: float
    accuracy: str
    notes: str
    #: The facility this one is part of (a building of the Sednaya compound), or "".
    within: str = ""

    @property
    def site(self) -> str:
        """The facility as a whole: the one that numbers its detainees and that lists name when
        they do not say which building."""
        return self.within or self.id


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("athar.places").joinpath("data", name).read_text(encoding="utf-8")
    return [
        {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def _aliases(row: dict[str, str]) -> tuple[str, ...]:
    """Both names first, then the listed aliases, without repeats: every name is also an alias."""
    seen: dict[str, None] = {}
    for alias in (row["name_en"], row["name_ar"], *row["aliases"].split("|")):
        alias = alias.strip()
        if alias:
            seen.setdefault(alias, None)
    return tuple(seen)


def _point(row: dict[str, str], where: str) -> tuple[float, float]:
    lat, lon = float(row["lat"]), float(row["lon"])
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        raise ValueError(f"{where}: ({lat}, {lon}) is outside Syria")
    return lat, lon


def _unique(ids: list[str], table: str) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"{table}: duplicate ids {dupes}")


@cache
def governorates() -> tuple[Governorate, ...]:
    """All 14 governorates, in table order."""
    out = []
    for row in _rows("governorates.csv"):
        lat, lon = _point(row, f"governorate {row['id']}")
        out.append(Governorate(row["id"], row["name_ar"], row["name_en"], _aliases(row), lat, lon))
    _unique([g.id for g in out], "governorates.csv")
    return tuple(out)


@cache
def towns() -> tuple[Town, ...]:
    """Towns and city districts, largest first (the synthetic generator draws in this order)."""
    known = {g.id for g in governorates()}
    out = []
    for row in _rows("towns.csv"):
        where = f"town {row['id']}"
        lat, lon = _point(row, where)
        if row["governorate"] not in known:
            raise ValueError(f"{where}: unknown governorate {row['governorate']!r}")
        if row["accuracy"] not in ACCURACIES:
            raise ValueError(f"{where}: unknown accuracy {row['accuracy']!r}")
        out.append(
            Town(
                row["id"],
                row["name_ar"],
                row["name_en"],
                _aliases(row),
                row["governorate"],
                lat,
                lon,
                row["accuracy"],
            )
        )
    _unique([t.id for t in out], "towns.csv")
    return tuple(out)


@cache
def facilities() -> tuple[Facility, ...]:
    """Detention facilities and the places bodies passed through, in table order."""
    known_towns = {t.id: t for t in towns()}
    out = []
    for row in _rows("facilities.csv"):
        where = f"facility {row['id']}"
        lat, lon = _point(row, where)
        if row["kind"] not in FACILITY_KINDS:
            raise ValueError(f"{where}: unknown kind {row['kind']!r}")
        if row["accuracy"] not in ACCURACIES:
            raise ValueError(f"{where}: unknown accuracy {row['accuracy']!r}")
        town = known_towns.get(row["city"])
        if town is None or town.governorate != row["governorate"]:
            raise ValueError(f"{where}: city {row['city']!r} is not a town of {row['governorate']}")
        out.append(
            Facility(
                row["id"],
                row["kind"],
                row["name_ar"],
                row["name_en"],
                _aliases(row),
                row["city"],
                row["governorate"],
                lat,
                lon,
                row["accuracy"],
                row["notes"],
                row["within"],
            )
        )
    _unique([f.id for f in out], "facilities.csv")
    ids = {f.id for f in out}
    for f in out:
        if f.within and (f.within not in ids or f.within == f.id):
            raise ValueError(f"facility {f.id}: within {f.within!r} is not another facility")
    return tuple(out)


@cache
def _by_id() -> tuple[dict[str, Governorate], dict[str, Town], dict[str, Facility]]:
    return (
        {g.id: g for g in governorates()},
        {t.id: t for t in towns()},
        {f.id: f for f in facilities()},
    )


def governorate(id: str) -> Governorate:
    """The governorate with this id; KeyError when there is none."""
    return _by_id()[0][id]


def town(id: str) -> Town:
    """The town with this id; KeyError when there is none."""
    return _by_id()[1][id]


def facility(id: str) -> Facility:
    """The facility with this id; KeyError when there is none."""
    return _by_id()[2][id]


def facility_site(id: str) -> str:
    """The site a facility id belongs to (``Facility.site``); an id the gazetteer does not know
    (an unknown facility's key) is its own site."""
    known = _by_id()[2].get(id)
    return known.site if known is not None else id
