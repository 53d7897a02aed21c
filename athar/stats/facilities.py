"""Per detention facility: how many records and persons the registry documents there, when they
arrived, when the last trace dates from; the map's GeoJSON; the people behind a facility's count.

Read from the current records (``Store.records_table``) with their person in the latest link run.
A person's *arrival* at a facility is the earliest dated record placing them there; a record not
yet linked counts as a person of its own for arrivals and the people list, and is reported as
``unlinked`` beside the person count.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from athar.places import facilities, facility, resolve_facility
from athar.records import display_name
from athar.stats.geo import collection, point
from athar.store import Store
from athar.store.facility_api import FacilityStats
from athar.store.state import RegistryState, registry_state

_COLUMNS = ["pk", "facility_id", "event_date_norm", "status_norm"]


@dataclass(frozen=True)
class PersonAt:
    """Someone documented at a facility: a person, or an unlinked record (``person_id`` None)."""

    person_id: str | None
    record_pks: tuple[int, ...]
    name: str
    first_date: str
    last_date: str
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class PeoplePage:
    facility_id: str
    page: int
    per_page: int
    total: int
    people: tuple[PersonAt, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def facility_id_of(text: str) -> str:
    """A facility's id from its id or any label; ValueError naming the text when unknown."""
    try:
        return facility(text).id
    except KeyError:
        pass
    match = resolve_facility(text)
    if match is None:
        raise ValueError(f"unknown detention facility: {text!r} (see `athar places list`)")
    return match.id


def _rows(store: Store, facility_id: str | None = None) -> list[dict[str, Any]]:
    table = store.records_table(_COLUMNS, with_person=True, facility_id=facility_id)
    return [r for r in table.to_pylist() if r["facility_id"]]


def _who(row: dict[str, Any]) -> str:
    return row["person_id"] or f"record:{row['pk']}"


#: The last statistics computed per database, with the registry state they describe.
_REMEMBERED: dict[str, tuple[RegistryState, dict[str, FacilityStats]]] = {}
_LOCK = threading.Lock()


def facility_stats(store: Store) -> dict[str, FacilityStats]:
    """Statistics of every facility with at least one current record, by facility id.

    Counted by the database (``Store.facility_counts``: seconds at a million records), and
    remembered until an import, a link run or a decision changes the registry
    (``registry_state``, three indexed queries): the map and the facility pages reuse them."""
    state = registry_state(store)
    with _LOCK:
        kept = _REMEMBERED.get(store.url)
        if kept is not None and kept[0] == state:
            return kept[1]
        stats = {c.facility_id: c for c in store.facility_counts()}
        _REMEMBERED[store.url] = (state, stats)
        return stats


def stats_of(store: Store, facility_id: str) -> FacilityStats:
    return facility_stats(store).get(facility_id) or FacilityStats(facility_id)


def facilities_geojson(
    store: Store, stats: Mapping[str, FacilityStats] | None = None
) -> dict[str, Any]:
    """Every facility of the gazetteer as a GeoJSON Point with its names, aliases, how accurate
    its position is, and its counts (zero where nothing is documented); ``stats`` when the
    caller has them already (they read every record that names a facility)."""
    stats = facility_stats(store) if stats is None else stats
    features = []
    for f in facilities():
        s = stats.get(f.id, FacilityStats(f.id))
        features.append(
            point(
                f.lon,
                f.lat,
                {
                    "id": f.id,
                    "kind": f.kind,
                    "name_ar": f.name_ar,
                    "name_en": f.name_en,
                    "aliases": list(f.aliases),
                    "city": f.city,
                    "governorate": f.governorate,
                    "accuracy": f.accuracy,
                    "records": s.records,
                    "persons": s.persons,
                    "unlinked": s.unlinked,
                    "first_date": s.first_date,
                    "last_date": s.last_date,
                },
                id=f.id,
            )
        )
    return collection(features)


def people_at(store: Store, facility: str, page: int = 1, per_page: int = 50) -> PeoplePage:
    """The people documented at a facility, a page at a time: persons by id, then records not
    yet linked; each with its records there, a name, and the dates of those records."""
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    fid = facility_id_of(facility)
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(store, fid):
        groups.setdefault(_who(row), []).append(row)
    order = sorted(groups, key=lambda k: (k.startswith("record:"), _sort_key(k)))
    chosen = order[(page - 1) * per_page : page * per_page]
    pks = [r["pk"] for k in chosen for r in groups[k]]
    records = store.records_by_pk(pks)
    people = []
    for key in chosen:
        rows = sorted(groups[key], key=lambda r: r["pk"])
        names = [display_name(records[r["pk"]].record.fields) for r in rows if r["pk"] in records]
        dates = sorted(d for r in rows if (d := r["event_date_norm"]))
        people.append(
            PersonAt(
                person_id=None if key.startswith("record:") else key,
                record_pks=tuple(r["pk"] for r in rows),
                name=max(names, key=lambda n: len(n.split()), default=""),
                first_date=dates[0] if dates else "",
                last_date=dates[-1] if dates else "",
                statuses=tuple(sorted({r["status_norm"] for r in rows if r["status_norm"]})),
            )
        )
    return PeoplePage(fid, page, per_page, len(order), tuple(people))


def _sort_key(key: str) -> tuple[int, str]:
    tail = key.rsplit(":", 1)[-1].rsplit("-", 1)[-1]
    return (int(tail), key) if tail.isdigit() else (0, key)
