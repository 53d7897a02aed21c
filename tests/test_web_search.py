"""The search page and ``/api/search`` over HTTP (TestClient) on a linked synthetic registry:
cross-script finds, Arabizi, a year in the text, refusals, roles, audit, both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from random import Random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from search_web_support import PASSWORD, ROLES, Registry, search_registry  # noqa: F401

from athar.places import governorates
from athar.search.keeper import KeeperStatus
from athar.synth.spelling import arabizi
from athar.web import create_app

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
def client(search_registry: Registry) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(search_registry.config, store=search_registry.store)) as c:
        yield c


def login(client: TestClient, name: str) -> None:
    token = CSRF.search(client.get("/login").text)
    assert token
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def api(client: TestClient, **params: Any) -> Any:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def found(registry: Registry, body: Any, person_id: str) -> bool:
    wanted = registry.pks(person_id)
    return any(wanted & set(r["record_pks"]) for r in body["results"])


def test_anonymous_is_refused(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "Mohammad"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    page = client.get("/search?q=Mohammad", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_search_and_get_needs_no_csrf_token(client: TestClient, role: str) -> None:
    login(client, role)
    # a signed-in browser GET with no X-CSRF-Token header: CSRF guards only unsafe methods
    body = api(client, q="Mohammad", limit=3)
    assert len(body["results"]) == 3
    assert client.get("/search", params={"q": "Mohammad"}).status_code == 200
    assert 'href="/search"' in client.get("/").text  # the nav offers it to every role


def test_arabic_query_finds_a_person_written_only_in_latin(
    client: TestClient,
    search_registry: Registry,  # noqa: F811
) -> None:
    login(client, "analyst")
    persons = search_registry.written_only(arabic=False)[:12]
    assert len(persons) >= 5
    hits = sum(
        found(search_registry, api(client, q=f"{p.given.arabic} {p.family.arabic}"), p.person_id)
        for p in persons
    )
    assert hits >= 0.8 * len(persons)


def test_latin_and_arabizi_queries_find_a_person_written_only_in_arabic(
    client: TestClient,
    search_registry: Registry,  # noqa: F811
) -> None:
    login(client, "caseworker")
    persons = search_registry.written_only(arabic=True)[:12]
    assert len(persons) >= 5
    latin = sum(
        found(
            search_registry,
            api(client, q=f"{p.given.latin[0]} {p.family.latin[0]}"),
            p.person_id,
        )
        for p in persons
    )
    assert latin >= 0.8 * len(persons)
    rng = Random(5)
    chats = [
        (
            f"{arabizi(p.given.arabic, p.given.latin[0], rng)} "
            f"{arabizi(p.family.arabic, p.family.latin[0], rng)}",
            p,
        )
        for p in persons
    ]
    assert any(any(c.isdigit() for c in q) for q, _ in chats), "no Arabizi digits generated"
    hits = sum(found(search_registry, api(client, q=q), p.person_id) for q, p in chats)
    assert hits >= 0.75 * len(persons)


def test_a_year_in_the_text_is_the_birth_year_and_the_answer_says_why(
    client: TestClient,
    search_registry: Registry,  # noqa: F811
) -> None:
    login(client, "reviewer")
    person = next(p for p in search_registry.written_only(arabic=False) if p.birth.year)
    q = f"{person.given.latin[0]} {person.family.latin[0]} {person.birth.year}"
    body = api(client, q=q, limit=5)
    assert body["query"]["birth_year"] == person.birth.year
    assert body["query"]["birth_year_from_text"] is True
    assert str(person.birth.year) not in " ".join(body["query"]["names"])
    assert found(search_registry, body, person.person_id)
    top = body["results"][0]
    parts = {w["part"] for w in top["why"]}
    assert {"name", "birth_year"} <= parts
    name_why = next(w for w in top["why"] if w["part"] == "name")
    assert name_why["level"] in {"exact", "canonical", "key", "close", "different", "missing"}
    assert set(top) >= {"person_id", "score", "name", "why", "status", "record_count", "sources"}
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert body["index"]["records"] > 200 and body["index"]["rebuilding"] is False


def test_optional_fields_narrow_and_are_explained(
    client: TestClient,
    search_registry: Registry,  # noqa: F811
) -> None:
    login(client, "analyst")
    body = api(client, q="Mohammad", father="Ahmad", birth_year="1980", governorate="حلب")
    assert body["query"]["governorate"] == "aleppo" and body["query"]["father"] == "ahmad"
    parts = {w["part"] for w in body["results"][0]["why"]}
    assert {"father", "birth_year", "governorate"} <= parts


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": ""}, "empty"),
        ({"q": "   1999 "}, "empty"),
        ({"q": "Omar", "birth_year": "85"}, "year_format"),
        ({"q": "Omar", "governorate": "Atlantis"}, "governorate"),
        ({"q": "Omar 1985", "birth_year": "1986"}, "year_conflict"),
        ({"q": "Omar", "limit": 100_000}, "limit"),
    ],
)
def test_queries_that_cannot_be_searched_are_400(
    client: TestClient, params: dict[str, Any], code: str
) -> None:
    login(client, "analyst")
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]


def test_every_search_is_audited(client: TestClient, search_registry: Registry) -> None:  # noqa: F811
    login(client, "caseworker")
    before = len(search_registry.store.events(kind="person.search"))
    body = api(client, q="Khaled 1985", limit=4)
    client.get("/search", params={"q": "خالد", "limit": 10})
    logged = search_registry.store.events(kind="person.search")[before:]
    assert [e.actor for e in logged] == ["caseworker", "caseworker"]
    first = logged[0].payload
    assert first["query"]["text"] == "Khaled 1985" and first["query"]["birth_year"] == 1985
    assert first["persons"] == [r["person_id"] for r in body["results"] if r["person_id"]]
    assert first["path"] == "/api/search" and first["via"] == "session"
    assert logged[1].payload["path"] == "/search"


def test_results_page_in_arabic_and_english(client: TestClient) -> None:
    login(client, "analyst")
    page = client.get("/search", params={"q": "Mohammad 1985"})
    assert page.status_code == 200
    html = page.text
    assert '<html lang="ar" dir="rtl">' in html
    assert 'value="Mohammad 1985"' in html  # the URL keeps the query, the form shows it
    assert html.count('class="result"') >= 5
    assert 'href="/persons/' in html
    assert "سنة الميلاد" in html and "قُرئت 1985 في النص سنةً للميلاد" in html
    assert html.count("<option value=") >= len(governorates()) + 3
    assert "حلب" in html and "دير الزور" in html

    client.get("/lang/en")
    html = client.get("/search", params={"q": "Mohammad 1985"}).text
    assert '<html lang="en" dir="ltr">' in html
    assert "birth year" in html and "Read 1985 in the text as the birth year." in html
    assert "Aleppo" in html and "Deir ez-Zor" in html


def test_htmx_gets_the_results_alone(client: TestClient) -> None:
    login(client, "analyst")
    partial = client.get("/search", params={"q": "Mohammad"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and 'id="search-results"' in partial.text
    assert partial.headers["vary"] == "HX-Request"
    restore = client.get(
        "/search",
        params={"q": "Mohammad"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text  # history restore needs the whole page
    refused = client.get("/search", params={"q": " 1999"}, headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "search-error" in refused.text


def test_page_refusal_is_worded_in_the_readers_language(client: TestClient) -> None:
    login(client, "analyst")
    page = client.get("/search", params={"q": "Omar", "birth_year": "85"})
    assert page.status_code == 400
    assert "سنة الميلاد أربعة أرقام" in page.text
    empty = client.get("/search")
    assert empty.status_code == 200 and "search-error" not in empty.text


def test_page_says_when_the_index_is_being_rebuilt(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from athar.web.routers import api_search

    login(client, "analyst")
    real = api_search.keeper_for

    class Rebuilding:
        def __init__(self, store: Any) -> None:
            self.inner = real(store)

        def index(self) -> Any:
            return self.inner.index()

        def status(self) -> KeeperStatus:
            return KeeperStatus(True, True, 10, None, None)

    monkeypatch.setattr(api_search, "keeper_for", Rebuilding)
    page = client.get("/search", params={"q": "Mohammad"})
    assert 'id="index-rebuilding"' in page.text
    assert api(client, q="Mohammad")["index"]["rebuilding"] is True


def test_openapi_documents_the_search(client: TestClient) -> None:
    login(client, "analyst")
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/search"]["get"]
    assert "best first" in operation["description"]
    assert {"400", "503"} <= set(operation["responses"])
    assert "/search" not in schema["paths"]
