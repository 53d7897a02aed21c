"""The person page, the facilities map and the facility page through HTTP (TestClient on a small
linked synthetic registry): content, JSON twins, roles, CSRF, audit, retired ids, blurring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import web_support
from fastapi.testclient import TestClient
from person_registry import PASSWORD, Built, web_fixtures

from athar.config import settings
from athar.store import Store
from athar.web import create_app

registry, app_store, built = web_fixtures("web-person")


@pytest.fixture
def client(app_store: tuple[TestClient, Store]) -> TestClient:
    return app_store[0]


def login(client: TestClient, name: str) -> str:
    return web_support.login(client, name, PASSWORD)


def english(client: TestClient) -> None:
    client.cookies.set("athar_lang", "en")


# ---------------------------------------------------------------------- person


def test_person_page_shows_records_journey_status_and_is_audited(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    login(client, "analyst")
    english(client)
    page = client.get(f"/persons/{built.person}")
    assert page.status_code == 200
    html = page.text
    assert 'id="last-known"' in html and "Last known:" in html
    assert "Transfer" in html and "Records side by side" in html
    assert "Status and the evidence behind it" in html
    pks = store.person_records(built.person)
    for pk in pks:
        assert f'id="record-{pk}"' in html
    assert 'id="journey-map"' in html and "data-points=" in html
    assert "Content-Security-Policy" in page.headers or "content-security-policy" in page.headers
    views = [e for e in store.events(kind="person.view") if e.payload["id"] == built.person]
    assert views and views[-1].actor == "analyst"


def test_a_transfer_the_last_register_names_is_in_the_last_known_line(
    app_store: tuple[TestClient, Store],
) -> None:
    """A register line ending "منقول إلى ..." with nothing later placing the person: the top line
    says where they were taken next, in the page's language."""
    client, store = app_store
    login(client, "analyst")
    english(client)
    moved = None
    for summary in store.persons_summary():
        data = client.get(f"/api/persons/{summary.person_id}").json()
        if data["last_known"] and data["last_known"]["moved_to_facility_id"]:
            moved = data
            break
    assert moved is not None, "the synthetic registry holds a person last seen being transferred"
    target = moved["last_known"]["moved_to_facility_id"]
    assert target != moved["last_known"]["facility_id"]
    assert any(e["moved_to_facility_id"] == target for e in moved["journey"])
    html = client.get(f"/persons/{moved['person_id']}").text
    line = re.search(r'<p class="last-known" id="last-known">(.*?)</p>', html, re.S)
    assert line is not None and "then transferred to" in line.group(1)
    client.cookies.set("athar_lang", "ar")
    html = client.get(f"/persons/{moved['person_id']}").text
    assert "ثم النقل إلى" in html


def test_person_api_twin(app_store: tuple[TestClient, Store], built: Built) -> None:
    client, store = app_store
    login(client, "reviewer")
    data = client.get(f"/api/persons/{built.person}").json()
    assert data["person_id"] == built.person
    assert sorted(r["pk"] for r in data["records"]) == store.person_records(built.person)
    record = data["records"][0]
    assert record["source"]["file_hash"] and record["source"]["imported_by"] == "test"
    assert record["raw"] and record["row_number"] >= 1
    kinds = [e["kind"] for e in data["journey"]]
    assert "transfer" in kinds
    transfer = next(e for e in data["journey"] if e["kind"] == "transfer")
    assert transfer["from_facility_id"] and transfer["facility_id"] != transfer["from_facility_id"]
    assert data["status"]["status"] in ("detained", "released", "deceased", "missing")
    assert set(data["status"]["supporting"]) <= {r["pk"] for r in data["records"]}
    assert data["last_known"]["date"]
    # a transfer names another facility than the one the record is at
    assert all(
        e["moved_to_facility_id"] != e["facility_id"]
        for e in data["journey"]
        if e["moved_to_facility_id"]
    )
    assert "moved_to_facility_id" in data["last_known"]
    for link in data["links"]:
        assert 0 <= link["probability"] <= 1 and link["fields"]
    assert store.events(kind="person.view")[-1].actor == "reviewer"


def test_death_records_and_blurred_photos_on_the_person_page(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    login(client, "analyst")
    data = client.get(f"/api/persons/{built.dead}").json()
    assert any(e["kind"] == "death" for e in data["journey"])
    assert data["status"]["status"] == "deceased"
    (photo,) = data["attachments"]
    assert photo["shows_dead"] and photo["sha256"] == built.dead_photo
    blurred = client.get(photo["url"])
    assert blurred.status_code == 200 and blurred.headers["x-athar-rendition"] == "blurred"
    assert blurred.headers["content-type"] == "image/jpeg"
    refused = client.get(photo["url"] + "?reveal=true")
    assert refused.headers["x-athar-rendition"] == "blurred"
    assert store.events(kind="dead_image_reveal_refused")[-1].actor == "analyst"
    english(client)
    assert "Show unblurred" not in client.get(f"/persons/{built.dead}").text


def test_a_caseworker_may_reveal_a_photo_of_the_dead(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    login(client, "caseworker")
    english(client)
    assert "Show unblurred (logged)" in client.get(f"/persons/{built.dead}").text
    shown = client.get(f"/api/attachments/{built.dead_photo}/content?reveal=true")
    assert shown.headers["x-athar-rendition"] == "original"
    assert shown.headers["content-type"] == "image/png"
    assert store.events(kind="dead_image_revealed")[-1].actor == "caseworker"
    assert client.get("/api/attachments/" + "0" * 64 + "/content").status_code == 404


def test_witness_only_for_the_statements_caseworker_and_admins(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    login(client, "caseworker")
    english(client)
    page = client.get(f"/persons/{built.witnessed}").text
    assert f'hx-get="/records/{built.statement_pk}/witness"' in page
    shown = client.get(f"/records/{built.statement_pk}/witness")
    assert shown.status_code == 200 and "Abu Khaled" in shown.text
    api = client.get(f"/api/records/{built.statement_pk}/witness").json()
    assert api["name"] == "Abu Khaled" and api["relation"] == "cellmate"
    assert store.events(kind="witness_accessed")[-1].actor == "caseworker"


def test_witness_refused_to_other_roles(client: TestClient, built: Built) -> None:
    login(client, "reviewer")
    assert "Show the witness" not in client.get(f"/persons/{built.witnessed}").text
    assert client.get(f"/records/{built.statement_pk}/witness").status_code == 403
    refused = client.get(f"/api/records/{built.statement_pk}/witness")
    assert refused.status_code == 403 and refused.json()["reason"] == "role"


def test_unknown_and_retired_persons(app_store: tuple[TestClient, Store], built: Built) -> None:
    client, store = app_store
    login(client, "analyst")
    assert client.get("/persons/P-999999").status_code == 404
    assert client.get("/api/persons/P-999999").status_code == 404
    # retire a person by moving its records into another one (a merge, as review does)
    run = store.save_link_run(threshold=0.9, settings={}, kind="review")
    keep, gone = built.person, built.dead
    everyone = {p.person_id: store.person_records(p.person_id) for p in store.persons_summary()}
    clusters = [pks for pid, pks in everyone.items() if pid not in (keep, gone)]
    clusters.append(everyone[keep] + everyone[gone])
    store.assign_persons(run, clusters, check_decisions=False)
    (merged,) = {store.person_of(pk) for pk in everyone[gone]}
    assert merged is not None
    retired = gone if merged == keep else keep
    assert store.person_retired(retired)
    page = client.get(f"/persons/{retired}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/persons/{merged}"
    api = client.get(f"/api/persons/{retired}", follow_redirects=False)
    assert api.status_code == 307 and api.headers["location"] == f"/api/persons/{merged}"


# ---------------------------------------------------------------------- map and facilities


def test_map_page_and_geojson(client: TestClient, built: Built) -> None:
    login(client, "analyst")
    english(client)
    page = client.get("/map")
    assert page.status_code == 200
    assert 'data-facilities="' in page.text  # the map's GeoJSON, with the page
    assert "/static/map.js" in page.text and "/static/vendor/leaflet/leaflet.js" in page.text
    assert 'href="/map"' in page.text  # the nav link
    geo = client.get("/api/facilities.geojson").json()
    assert geo["type"] == "FeatureCollection"
    sednaya = next(f for f in geo["features"] if f["id"] == "sednaya")
    lon, lat = sednaya["geometry"]["coordinates"]
    assert 35.7 < lon < 42.4 and 32.3 < lat < 37.4
    props = sednaya["properties"]
    assert props["accuracy"] == "exact_site" and "Saydnaya" in props["aliases"]
    assert props["records"] > 0
    assert client.get("/static/map.js").status_code == 200


def test_tile_server_is_allowed_by_the_csp_only_when_configured(
    registry: tuple[Built, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, home = registry
    monkeypatch.setenv("ATHAR_DATA_DIR", str(home))
    monkeypatch.setenv("ATHAR_TILE_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    config = settings()
    with Store.open(config.database_url) as store, TestClient(create_app(config, store)) as c:
        login(c, "analyst")
        page = c.get("/map")
        assert (
            "img-src 'self' data: https://*.tiles.example.org;"
            in page.headers["content-security-policy"]
        )
        assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in page.text


def test_facility_page_and_twin(client: TestClient, built: Built) -> None:
    login(client, "analyst")
    english(client)
    page = client.get("/facilities/sednaya")
    assert page.status_code == 200
    html = page.text
    assert "Sednaya Military Prison" in html and "Saydnaya" in html
    assert "exact site" in html and "Arrivals per year" in html and "<meter" in html
    assert "https://example.org/sednaya-liberation" in html and "Liberation" in html
    assert "Add an event" not in html  # analysts read only
    assert re.search(r'href="/persons/P-\d+"', html)  # names lead to the person page
    data = client.get("/api/facilities/sednaya").json()
    assert data["accuracy"] == "exact_site" and data["records"] > 0
    assert data["arrivals"] and all(a["persons"] > 0 for a in data["arrivals"])
    (event,) = data["events"]
    assert event["kind"] == "liberation" and event["sources"][0]["added_by"] == "caseworker"
    assert event["sources"][0]["captured_at"].startswith("2024-12-09T10:00")
    # a label leads to the facility's id; an unknown one is not found
    moved = client.get("/facilities/Saydnaya", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/facilities/sednaya"
    assert client.get("/facilities/nowhere-at-all").status_code == 404
    assert client.get("/api/facilities/nowhere-at-all").status_code == 404


def test_people_list_is_paged_and_audited(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    login(client, "analyst")
    first = client.get("/api/facilities/sednaya/people?per_page=2").json()
    assert first["page"] == 1 and len(first["people"]) <= 2 and first["total"] >= 1
    if first["pages"] > 1:
        second = client.get("/api/facilities/sednaya/people?per_page=2&page=2").json()
        assert {p["name"] for p in second["people"]}.isdisjoint(
            {p["name"] for p in first["people"]} - {""}
        ) or second["people"] != first["people"]
    partial = client.get("/facilities/sednaya/people?page=1")
    assert partial.status_code == 200 and 'id="people"' in partial.text
    assert "<html" not in partial.text
    entry = store.events(kind="facility.people_view")[-1]
    assert entry.actor == "analyst" and entry.payload["facility_id"] == "sednaya"
    assert client.get("/api/facilities/sednaya/people?page=0").status_code == 400


def test_caseworker_adds_an_event_with_a_link_and_a_file(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    token = login(client, "caseworker")
    english(client)
    assert "Add an event with its sources" in client.get("/facilities/mi_215").text
    response = client.post(
        "/facilities/mi_215/events",
        data={
            "csrf_token": token,
            "kind": "mass_execution",
            "date": "2014-05",
            "description": "Bodies photographed",
            "urls": "https://example.org/report\nhttps://example.org/photos",
            "captured_at": "2015-01-02T03:04",
        },
        files=[("files", ("report.txt", b"a synthetic report", "text/plain"))],
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    data = client.get("/api/facilities/mi_215").json()
    (event,) = [e for e in data["events"] if e["description"] == "Bodies photographed"]
    assert event["date"] == "2014-05" and event["kind"] == "mass_execution"
    urls = [s["url"] for s in event["sources"] if s["url"]]
    assert urls == ["https://example.org/report", "https://example.org/photos"]
    (kept,) = [s for s in event["sources"] if s["sha256"]]
    assert kept["title"] == "report.txt" and kept["captured_at"].startswith("2015-01-02T03:04")
    file = client.get(f"/api/attachments/{kept['sha256']}/content")
    assert file.content == b"a synthetic report"
    assert store.events(kind="facility_event_added")[-1].actor == "caseworker"
    # a bad link is refused with the form shown again
    bad = client.post(
        "/facilities/mi_215/events",
        data={"csrf_token": token, "kind": "battle", "urls": "javascript:alert(1)"},
    )
    assert bad.status_code == 400 and "http(s) URL" in bad.text


def test_event_api_for_caseworkers_with_csrf(client: TestClient, built: Built) -> None:
    token = login(client, "caseworker")
    body = {"kind": "battle", "date": "2016", "urls": ["https://example.org/battle"]}
    assert client.post("/api/facilities/mi_215/events", json=body).status_code == 403
    made = client.post("/api/facilities/mi_215/events", json=body, headers={"X-CSRF-Token": token})
    assert made.status_code == 201, made.text
    assert made.json()["sources"][0]["url"] == "https://example.org/battle"
    bad = client.post(
        "/api/facilities/mi_215/events",
        json={"kind": "picnic"},
        headers={"X-CSRF-Token": token},
    )
    assert bad.status_code == 400
    assert (
        client.post(
            "/api/facilities/nowhere-at-all/events", json=body, headers={"X-CSRF-Token": token}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["reviewer", "analyst"])
def test_other_roles_cannot_add_events(client: TestClient, built: Built, role: str) -> None:
    token = login(client, role)
    page = client.post(
        "/facilities/sednaya/events",
        data={"csrf_token": token, "kind": "battle"},
        follow_redirects=False,
    )
    assert page.status_code == 403
    api = client.post(
        "/api/facilities/sednaya/events",
        json={"kind": "battle"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 403 and api.json()["reason"] == "role"


def test_anonymous_gets_nothing(client: TestClient, built: Built) -> None:
    for path in (
        f"/persons/{built.person}",
        "/map",
        "/facilities/sednaya",
        "/facilities/sednaya/people",
        f"/records/{built.statement_pk}/witness",
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    for path in (
        f"/api/persons/{built.person}",
        "/api/facilities.geojson",
        "/api/facilities/sednaya",
        "/api/facilities/sednaya/people",
        f"/api/attachments/{built.dead_photo}/content",
        f"/api/records/{built.statement_pk}/witness",
    ):
        assert client.get(path).status_code == 401, path
    assert client.post("/api/facilities/sednaya/events", json={"kind": "battle"}).status_code == 401


def test_arabic_pages_are_translated(client: TestClient, built: Built) -> None:
    login(client, "admin")
    person = client.get(f"/persons/{built.person}").text
    assert 'dir="rtl"' in person and "آخر ما عُرف:" in person
    facility = client.get("/facilities/sednaya").text
    assert "سجن صيدنايا العسكري" in facility and "إضافة حدث" in facility
    assert "الخريطة" in client.get("/map").text
