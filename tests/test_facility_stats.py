"""Facility statistics, the map's GeoJSON and the people behind the counts, on a linked synthetic
registry; and the offline base layer shipped in the package."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from evidence_support import Registry, use_registry
from typer.testing import CliRunner

from athar.cli import app
from athar.places import LAT_RANGE, LON_RANGE, facilities, governorates
from athar.stats.facilities import (
    FacilityStats,
    facilities_geojson,
    facility_stats,
    people_at,
    stats_of,
)
from athar.store import Store

runner = CliRunner()
STATIC = resources.files("athar") / "web" / "static"


@pytest.fixture
def registry(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Registry:
    return use_registry(tmp_path_factory, monkeypatch)


def _expected(store: Store) -> dict[str, dict[str, object]]:
    """The same figures computed another way: record by record through the store's record API."""
    rows = [s for s in store.current_records() if s.record.facility_id]
    person = store.persons_of(s.pk for s in rows)
    out: dict[str, dict[str, object]] = {}
    first: dict[tuple[str, str], str] = {}
    for s in rows:
        fid = s.record.facility_id
        entry = out.setdefault(fid, {"records": 0, "persons": set(), "dates": []})
        entry["records"] = int(entry["records"]) + 1  # type: ignore[call-overload]
        who = person.get(s.pk, f"r{s.pk}")
        if s.pk in person:
            entry["persons"].add(who)  # type: ignore[attr-defined]
        if s.record.event_date:
            entry["dates"].append(s.record.event_date)  # type: ignore[attr-defined]
            key = (fid, who)
            first[key] = min(first.get(key, s.record.event_date), s.record.event_date)
    for (fid, _), when in first.items():
        out[fid].setdefault("arrivals", Counter())[int(when[:4])] += 1  # type: ignore[index]
    return out


def test_counts_per_facility(registry: Registry) -> None:
    with Store.open(registry.url) as store:
        stats = facility_stats(store)
        expected = _expected(store)
    assert set(stats) == set(expected) and len(stats) >= 5
    for fid, s in stats.items():
        e = expected[fid]
        assert s.records == e["records"]
        assert s.persons == len(e["persons"])  # type: ignore[arg-type]
        assert s.unlinked == 0  # everything was linked
        assert s.arrivals == dict(e.get("arrivals", {}))  # type: ignore[call-overload]
        assert sum(s.arrivals.values()) <= s.persons
        assert s.last_date == max(e["dates"])  # type: ignore[type-var]
    busiest = max(stats.values(), key=lambda s: s.records)
    assert busiest.persons < busiest.records  # several records of one person are one person


def test_geojson_is_valid_and_carries_the_counts(registry: Registry) -> None:
    with Store.open(registry.url) as store:
        geo = json.loads(json.dumps(facilities_geojson(store)))
        stats = facility_stats(store)
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) == len(facilities())
    for feature in geo["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
        props = feature["properties"]
        assert props["id"] == feature["id"]
        assert props["accuracy"] in ("exact_site", "approximate", "city_centroid")
        assert props["name_en"] in props["aliases"]
        held = stats.get(props["id"])
        assert props["records"] == (held.records if held else 0)
        assert props["persons"] == (held.persons if held else 0)
    assert sum(f["properties"]["records"] for f in geo["features"]) == sum(
        s.records for s in stats.values()
    )


def test_people_at_a_facility_page_through_everyone(registry: Registry) -> None:
    sighting = next(iter(registry.sightings.values()))
    with Store.open(registry.url) as store:
        stats = facility_stats(store)[sighting.facility_id]
        first = people_at(store, sighting.facility_id, page=1, per_page=7)
        assert first.total == stats.persons + stats.unlinked
        seen: list[str | None] = []
        for page in range(1, first.pages + 1):
            chunk = people_at(store, sighting.facility_id, page=page, per_page=7)
            assert len(chunk.people) <= 7
            seen += [p.person_id for p in chunk.people]
            for p in chunk.people:
                assert p.name and p.record_pks
                records = store.records_by_pk(p.record_pks)
                assert all(r.record.facility_id == sighting.facility_id for r in records.values())
        assert len(seen) == len(set(seen)) == first.total
        assert store.person_of(sighting.pk) in seen
        assert seen == sorted(seen, key=lambda pid: int(str(pid).split("-")[1]))
        with pytest.raises(ValueError, match="page"):
            people_at(store, sighting.facility_id, page=0)
        with pytest.raises(ValueError, match="unknown detention facility"):
            people_at(store, "Atlantis")


def test_counts_are_remembered_until_the_registry_changes(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "copy"
    shutil.copytree(registry.home, home)
    monkeypatch.setenv("ATHAR_DATA_DIR", str(home))
    url = f"sqlite:///{home / 'athar.db'}"
    with Store.open(url) as store:
        before = facility_stats(store)
        assert facility_stats(store) is before  # nothing changed: not counted again
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "full_name,facility,event_date\nسامر الخباز,صيدنايا,2014-03-02\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["import", str(extra), "--source", "extra", "--kind", "ngo_list"])
    assert result.exit_code == 0, result.output
    with Store.open(url) as store:
        after = facility_stats(store)
        assert after is not before
        assert after["sednaya"].records == before["sednaya"].records + 1
        assert after["sednaya"].unlinked == before["sednaya"].unlinked + 1
        assert stats_of(store, "sednaya") == after["sednaya"]
        quiet = next(f.id for f in facilities() if f.id not in after)
        assert stats_of(store, quiet) == FacilityStats(quiet)  # nothing documented there


def test_cli_geojson_and_people(registry: Registry, tmp_path: Path) -> None:
    out = tmp_path / "facilities.geojson"
    result = runner.invoke(app, ["facility", "geojson", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    people = runner.invoke(app, ["facility", "people", "Saydnaya", "--per-page", "5"])
    assert people.exit_code == 0, people.output
    assert "people at sednaya" in people.output


# ------------------------------------------------------------------ the offline base layer


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: is the point inside the polygon ring?"""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_syria_outline_holds_every_governorate_seat_and_facility() -> None:
    outline = json.loads(STATIC.joinpath("geo", "syria.geojson").read_text(encoding="utf-8"))
    (country,) = outline["features"]
    assert country["properties"]["iso_n3"] == "760"
    geometry = country["geometry"]
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    outer = [poly[0] for poly in polygons]
    for lon, lat in [(g.lon, g.lat) for g in governorates()] + [
        (f.lon, f.lat) for f in facilities()
    ]:
        assert any(_inside(lon, lat, ring) for ring in outer), (lon, lat)
    assert not any(_inside(35.5, 33.9, ring) for ring in outer)  # Beirut is not in Syria


def test_governorate_seats_and_leaflet_are_shipped() -> None:
    seats = json.loads(STATIC.joinpath("geo", "governorates.geojson").read_text(encoding="utf-8"))
    assert {f["id"] for f in seats["features"]} == {g.id for g in governorates()}
    assert all(f["geometry"]["type"] == "Point" for f in seats["features"])
    leaflet = STATIC.joinpath("vendor", "leaflet")
    assert "Leaflet 1.9.4" in leaflet.joinpath("leaflet.js").read_text(encoding="utf-8")[:300]
    assert leaflet.joinpath("leaflet.css").is_file()
    assert leaflet.joinpath("images", "marker-icon.png").is_file()
