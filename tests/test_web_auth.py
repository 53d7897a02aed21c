"""The web app's gatekeeping, through its HTTP interface (httpx TestClient on a real SQLite
registry): who may reach what, CSRF, tokens, one-time passwords, audit entries, languages."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import web_support
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from fastapi import APIRouter, Request
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import csrf_of

from athar import accounts
from athar.cli import app as cli
from athar.config import Settings, settings
from athar.records import CANONICAL_FIELDS, Record
from athar.store import Store
from athar.web import create_app
from athar.web.app import SECTIONS
from athar.web.i18n import po_path, translations
from athar.web.sections import Section

PASSWORD = "correct horse battery"
ROLES = ("admin", "caseworker", "reviewer", "analyst")


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATHAR_COOKIE_SECURE", raising=False)
    return settings()


@pytest.fixture
def store(config: Settings) -> Iterator[Store]:
    with Store.open(config.database_url) as opened:
        for role in ROLES:
            accounts.add_user(opened, role, role, by="test", password=PASSWORD)
        yield opened


@pytest.fixture
def client(config: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(config, store=store)) as c:
        yield c


def new_client(client: TestClient) -> TestClient:
    return TestClient(client.app)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign in through the form; the CSRF token of the new session."""
    return web_support.login(client, name, password)


def events(store: Store, kind: str) -> list[tuple[str, dict[str, object]]]:
    return [(e.actor, e.payload) for e in store.events(kind=kind)]


def every_route(client: TestClient) -> list[tuple[str, str]]:
    routes = []
    for section in SECTIONS:
        for route in section.router.routes:
            assert isinstance(route, APIRoute)
            path = route.path.replace("{name}", "analyst").replace("{code}", "en")
            path = path.replace("{action}", "disable")
            routes.extend((method, path) for method in sorted(route.methods or ()))
    return routes


OPEN = {("GET", "/login"), ("POST", "/login"), ("GET", "/lang/en"), ("POST", "/api/login")}


# ----------------------------------------------------------------------- anonymous


def test_anonymous_gets_nothing_but_login(client: TestClient) -> None:
    routes = every_route(client)
    assert len(routes) >= 15
    for method, path in routes:
        if (method, path) in OPEN:
            continue
        response = client.request(method, path, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next=")
    assert client.get("/login").status_code == 200


def test_a_route_without_declared_access_stops_the_app(config: Settings, store: Store) -> None:
    router = APIRouter()

    @router.get("/leaky")
    def leaky(request: Request) -> dict[str, str]:
        return {}

    with pytest.raises(RuntimeError, match="/leaky declares no access"):
        create_app(config, store=store, sections=[*SECTIONS, Section("leaky", router)])


# ----------------------------------------------------------------------- sign-in


def test_login_sets_a_protected_session_cookie_and_is_audited(
    client: TestClient, store: Store
) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": "analyst", "password": PASSWORD, "csrf_token": token, "next": "/api/me"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/api/me"
    cookie = response.headers["set-cookie"]
    assert "athar_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in the test
    assert client.get("/api/me").json()["name"] == "analyst"
    assert events(store, "auth.login")[-1][0] == "analyst"


def test_wrong_password_and_unknown_name_are_refused_alike(
    client: TestClient, store: Store
) -> None:
    for name in ("analyst", "nobody"):
        response = client.post(
            "/login",
            data={"name": name, "password": "wrong password", "csrf_token": csrf_of(client)},
        )
        assert response.status_code == 401
        assert "athar_session" not in response.headers.get("set-cookie", "")
    failed = events(store, "auth.login_failed")
    assert [p["name"] for _, p in failed] == ["analyst", "nobody"]


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    data = {"name": "analyst", "password": PASSWORD}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 403
    wrong = data | {"csrf_token": "0" * 64}
    assert client.post("/login", data=wrong, follow_redirects=False).status_code == 403
    # a token from another browser's pre-session cookie does not fit this one
    other = new_client(client)
    stolen = data | {"csrf_token": csrf_of(other)}
    assert client.post("/login", data=stolen, follow_redirects=False).status_code == 403


def test_open_redirects_are_refused(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(
        "/login",
        data={"name": "analyst", "password": PASSWORD, "csrf_token": token, "next": "//evil"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    lang = client.get("/lang/en?next=https://evil.example/", follow_redirects=False)
    assert lang.headers["location"] == "/"


def test_logout_ends_the_session_server_side(client: TestClient, store: Store) -> None:
    token = login(client, "reviewer")
    cookie = client.cookies["athar_session"]
    assert client.post("/logout", follow_redirects=False).status_code == 403  # no CSRF token
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    replay = new_client(client)
    replay.cookies.set("athar_session", cookie)
    assert replay.get("/api/me").status_code == 401
    assert events(store, "auth.logout")[-1][0] == "reviewer"


def test_a_flash_message_shows_once_and_not_again_on_reload(client: TestClient) -> None:
    token = login(client, "reviewer")
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.headers["location"] == "/login"  # the message is not in the URL
    shown = 'class="flash"'
    assert shown in client.get("/login").text
    assert shown not in client.get("/login").text  # a reload: gone
    # a page cannot be made to show a message by its URL
    assert shown not in client.get("/login?flash=signed-out").text


def test_secure_cookie_behind_tls(config: Settings, store: Store) -> None:
    for mode, base, secure in (
        ("auto", "https://athar.example", True),
        ("auto", "http://testserver", False),
        ("true", "http://testserver", True),
    ):
        app = create_app(dataclasses.replace(config, cookie_secure=mode), store=store)
        with TestClient(app, base_url=base) as c:
            response = c.post(
                "/login",
                data={"name": "analyst", "password": PASSWORD, "csrf_token": csrf_of(c)},
                follow_redirects=False,
            )
            assert ("Secure" in response.headers["set-cookie"]) is secure, (mode, base)


def test_api_login_takes_json_only(client: TestClient, store: Store) -> None:
    form = client.post("/api/login", data={"name": "analyst", "password": PASSWORD})
    assert form.status_code in (415, 422)
    assert "athar_session" not in client.cookies
    assert (
        client.post("/api/login", json={"name": "analyst", "password": "nope"}).status_code == 401
    )
    answer = client.post("/api/login", json={"name": "analyst", "password": PASSWORD})
    assert answer.status_code == 200
    body = answer.json()
    assert body["user"]["role"] == "analyst" and body["user"]["via"] == "session"
    headers = {"X-CSRF-Token": body["csrf_token"]}
    assert client.post("/api/logout").status_code == 403
    assert client.post("/api/logout", headers=headers).status_code == 204
    assert client.get("/api/me").status_code == 401


# ----------------------------------------------------------------------- roles and CSRF


@pytest.mark.parametrize("role", ["caseworker", "reviewer", "analyst"])
def test_admin_pages_refuse_other_roles(client: TestClient, role: str) -> None:
    token = login(client, role)
    assert client.get("/users").status_code == 403
    assert client.get("/api/users").status_code == 403
    refused = client.post(
        "/api/users", json={"name": "x1", "role": "analyst"}, headers={"X-CSRF-Token": token}
    )
    assert refused.status_code == 403 and refused.json()["reason"] == "role"
    assert (
        client.post("/api/users/analyst/disable", headers={"X-CSRF-Token": token}).status_code
        == 403
    )
    page = client.get("/")
    assert page.status_code == 200 and 'href="/users"' not in page.text  # nav follows the role


def test_admin_manages_users_with_csrf(client: TestClient, store: Store) -> None:
    token = login(client, "admin")
    assert 'href="/users"' in client.get("/").text
    listed = client.get("/api/users").json()
    assert {u["name"] for u in listed} == set(ROLES)
    body = {"name": "سارة", "role": "caseworker"}
    missing = client.post("/api/users", json=body)
    assert missing.status_code == 403 and missing.json()["reason"] == "csrf"
    wrong = client.post("/api/users", json=body, headers={"X-CSRF-Token": "f" * 64})
    assert wrong.status_code == 403
    created = client.post("/api/users", json=body, headers={"X-CSRF-Token": token})
    assert created.status_code == 201
    otp = created.json()["one_time_password"]
    assert accounts.authenticate(store, "سارة", otp) is not None
    again = client.post("/api/users", json=body, headers={"X-CSRF-Token": token})
    assert again.status_code == 400 and "exists" in again.json()["detail"]
    bad_role = client.post(
        "/api/users", json={"name": "y", "role": "king"}, headers={"X-CSRF-Token": token}
    )
    assert bad_role.status_code == 422
    # the page form does the same
    page = client.post("/users", data={"name": "omar", "role": "reviewer", "csrf_token": token})
    assert page.status_code == 200 and 'id="one-time-password"' in page.text
    assert client.post("/users", data={"name": "x2", "role": "reviewer"}).status_code == 403
    assert (
        client.post(
            "/users/omar/disable", data={"csrf_token": token}, follow_redirects=False
        ).status_code
        == 303
    )
    assert store.user("omar").disabled  # type: ignore[union-attr]
    assert (
        client.post("/api/users/admin/disable", headers={"X-CSRF-Token": token}).status_code == 400
    )
    assert (
        client.post("/api/users/omar/enable", headers={"X-CSRF-Token": token}).json()["disabled"]
        is False
    )
    assert [p["user"] for _, p in events(store, "user.add")][-2:] == ["سارة", "omar"]
    assert events(store, "user.disable")[-1][0] == "admin"


def test_every_form_post_without_csrf_is_refused(client: TestClient) -> None:
    login(client, "admin")
    for method, path in every_route(client):
        if method != "POST" or (method, path) in OPEN:
            continue
        response = client.post(path, data={}, follow_redirects=False)
        assert response.status_code == 403, path


# ----------------------------------------------------------------------- one-time passwords


def test_one_time_password_must_be_changed_first(client: TestClient, store: Store) -> None:
    issued = accounts.add_user(store, "newcomer", "caseworker", by="test")
    first = client.post(
        "/login",
        data={"name": "newcomer", "password": issued.secret, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert first.headers["location"] == "/password"
    assert client.get("/", follow_redirects=False).headers["location"] == "/password"
    blocked = client.get("/api/stats")
    assert blocked.status_code == 403 and blocked.json()["reason"] == "password-change"
    assert client.get("/api/me").json()["must_change_password"] is True
    token = csrf_of(client, "/password")
    other = new_client(client)
    login(other, "newcomer", issued.secret)

    def change(current: str, new: str, confirm: str | None = None) -> int:
        data = {"current": current, "new": new, "confirm": confirm or new, "csrf_token": token}
        return client.post("/password", data=data, follow_redirects=False).status_code

    assert change("wrong one-time", "a brand new secret") == 400
    assert change(issued.secret, "short") == 400
    assert change(issued.secret, "a brand new secret", "a different secret") == 400
    assert change(issued.secret, issued.secret) == 400
    assert change(issued.secret, "a brand new secret") == 303
    assert client.get("/api/stats").status_code == 200
    assert other.get("/api/me").status_code == 401  # the other session ended
    assert accounts.authenticate(store, "newcomer", "a brand new secret") is not None
    assert accounts.authenticate(store, "newcomer", issued.secret) is None
    actor, payload = events(store, "user.password")[-1]
    assert actor == "newcomer" and payload["sessions_ended"] == 1


def test_password_errors_are_translated(client: TestClient) -> None:
    token = login(client, "analyst")
    client.get("/lang/ar")
    data = {"current": "wrong password!", "new": "abcdefghijk", "confirm": "abcdefghijk"}
    page = client.post("/password", data=data | {"csrf_token": token})
    assert page.status_code == 400 and "كلمة المرور الحالية غير صحيحة" in page.text


def test_api_password_change(client: TestClient) -> None:
    token = login(client, "analyst")
    headers = {"X-CSRF-Token": token}
    body = {"current": PASSWORD, "new": "another long secret"}
    assert client.post("/api/me/password", json=body).status_code == 403
    assert (
        client.post("/api/me/password", json=body | {"current": "x"}, headers=headers).status_code
        == 400
    )
    assert client.post("/api/me/password", json=body, headers=headers).status_code == 204


# ----------------------------------------------------------------------- bearer tokens


def test_bearer_tokens(client: TestClient, store: Store) -> None:
    analyst = accounts.issue_token(store, "analyst", by="test").secret
    admin = accounts.issue_token(store, "admin", by="test").secret
    api = new_client(client)

    def call(method: str, path: str, token: str, **kw: object) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        return api.request(method, path, headers=headers, **kw).status_code  # type: ignore[arg-type]

    assert call("GET", "/api/stats", analyst) == 200
    assert (
        api.get("/api/me", headers={"Authorization": f"Bearer {analyst}"}).json()["via"] == "token"
    )
    assert call("GET", "/api/users", analyst) == 403
    # no cookie, no CSRF: a bearer POST needs no token
    assert call("POST", "/api/users", admin, json={"name": "tok", "role": "analyst"}) == 201
    assert call("GET", "/api/stats", "athar_not-a-token") == 401
    assert api.get("/api/stats", headers={"Authorization": "Basic abc"}).status_code == 401
    assert store.tokens("analyst")[0].last_used_at is not None

    assert accounts.revoke(store, analyst[:14], by="test") == 1
    assert call("GET", "/api/stats", analyst) == 401
    assert call("GET", "/api/stats", admin) == 200
    store.set_disabled("admin", True, by="test")
    assert call("GET", "/api/stats", admin) == 401
    assert [p["prefix"] for _, p in events(store, "token.revoke")] == [analyst[:14]]


def test_disabling_a_user_ends_their_sessions(client: TestClient, store: Store) -> None:
    login(client, "reviewer")
    assert client.get("/api/me").status_code == 200
    store.set_disabled("reviewer", True, by="admin")
    assert client.get("/api/me").status_code == 401
    assert (
        client.post(
            "/login",
            data={"name": "reviewer", "password": PASSWORD, "csrf_token": csrf_of(client)},
        ).status_code
        == 401
    )


# ----------------------------------------------------------------------- pages and API


def stored_record(i: int, source: str) -> Record:
    fields = dict.fromkeys(CANONICAL_FIELDS, "")
    fields |= {
        "record_id": f"R{i}",
        "source": source,
        "given_name": "محمد",
        "family_name": "الحلبي",
    }
    return Record(fields=fields, raw={"الاسم": "محمد الحلبي"}, row_number=i + 1)


def test_stats_page_and_api_agree(client: TestClient, store: Store) -> None:
    for source, n in (("sednaya", 3), ("release_list", 2)):
        store.import_source(
            source,
            "prison_register",
            f"{source}.csv",
            source,
            "test",
            [stored_record(i, source) for i in range(n)],
        )
    login(client, "analyst")
    stats = client.get("/api/stats").json()
    assert stats == {"records": 5, "sources": 2, "persons": 0, "last_run": None}
    page = client.get("/").text
    assert 'id="count-records">5<' in page and 'id="count-sources">2<' in page
    assert 'id="count-records">5<' in client.get("/partials/counts").text


def test_openapi_and_docs_behind_login(client: TestClient) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/docs", follow_redirects=False).status_code == 401
    login(client, "analyst")
    schema = client.get("/api/openapi.json").json()
    assert {"/api/me", "/api/login", "/api/stats", "/api/users"} <= set(schema["paths"])
    assert "/login" not in schema["paths"]  # pages are not API
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    docs = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_security_headers(client: TestClient) -> None:
    page = client.get("/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"


# ----------------------------------------------------------------------- languages


def test_arabic_first_and_english_on_request(client: TestClient) -> None:
    page = client.get("/login").text
    assert '<html lang="ar" dir="rtl">' in page and "تسجيل الدخول" in page
    switched = client.get("/lang/en?next=/login", follow_redirects=False)
    assert switched.headers["location"] == "/login"
    page = client.get("/login").text
    assert '<html lang="en" dir="ltr">' in page and "Sign in" in page
    client.get("/lang/xx")  # unknown: ignored
    assert '<html lang="en" dir="ltr">' in client.get("/login").text


def test_arabic_catalogue_translates_every_message() -> None:
    root = Path(__file__).resolve().parent.parent
    with (root / "athar/web/babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "say": None}
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(root), method_map, options_map, keywords=keywords
        )
    }
    assert len(found) > 40
    arabic = translations("ar")
    untranslated = sorted(m for m in found if arabic.gettext(m) == m)
    assert untranslated == []
    assert po_path("en").exists()


# ----------------------------------------------------------------------- CLI


def test_user_commands(config: Settings) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "layla", "--role", "reviewer"])
    assert added.exit_code == 0, added.output
    otp = re.search(r"one-time password: (\S+)", added.output)
    assert otp
    assert runner.invoke(cli, ["user", "add", "layla", "--role", "reviewer"]).exit_code == 1
    bad = runner.invoke(cli, ["user", "add", "kim", "--role", "king"])
    assert bad.exit_code == 1 and "unknown role" in bad.output
    typed = runner.invoke(
        cli,
        ["user", "add", "ops", "--role", "analyst", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert typed.exit_code == 0 and "one-time" not in typed.output
    token = runner.invoke(cli, ["user", "token", "layla"]).output.strip()
    assert token.startswith("athar_") and len(token) > 40
    listed = runner.invoke(cli, ["user", "list"]).output
    assert "layla\treviewer\tone-time password" in listed and token[:14] in listed
    assert runner.invoke(cli, ["user", "revoke", "abc"]).exit_code == 1  # too short a prefix
    assert "revoked 1 token" in runner.invoke(cli, ["user", "revoke", token[:14]]).output
    assert runner.invoke(cli, ["user", "disable", "layla"]).exit_code == 0
    assert runner.invoke(cli, ["user", "token", "layla"]).exit_code == 1
    with Store.open(config.database_url) as store:
        assert store.user("layla").disabled  # type: ignore[union-attr]
        assert accounts.authenticate(store, "layla", otp.group(1)) is None  # disabled
        assert accounts.authenticate(store, "ops", "a long enough secret") is not None
        kinds = [e.kind for e in store.events() if e.actor == "cli"]
    assert kinds == ["user.add", "user.add", "token.add", "token.revoke", "user.disable"]
