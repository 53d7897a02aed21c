"""The review and inquiry pages and their JSON twins, through HTTP (TestClient) on a small
linked synthetic registry: who may do what, CSRF on every POST, deciding and undoing pairs
(pages with HTMX, and the API), merge and split, registering inquiries (field errors), status
moves, the contact behind a logged request, alerts, and death never shown before confirmation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from casework_web import copy_registry, death_person, signed_in, sought_of
from fastapi.routing import APIRoute

from athar.config import settings
from athar.inquiries import inquiry_view, register_inquiry
from athar.store import Store
from athar.store.casework_api import current_partition, inquiry
from athar.web import create_app
from athar.web.routers import api_inquiries, api_review, pages_inquiries, pages_review

CASEWORK = (pages_review, api_review, pages_inquiries, api_inquiries)
INQUIRY = {
    "requester_name": "أم خالد",
    "requester_relation": "mother",
    "contact": "+963 944 123 456 — حي الميدان",
    "consent_given": True,
    "consent_how": "signed form",
}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    copy_registry(tmp_path, monkeypatch)
    with Store.open(settings().database_url) as opened:
        yield opened


@pytest.fixture
def app(store: Store) -> object:
    return create_app(settings(), store=store)


def routes() -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path, roles) of every casework route, with sample path values."""
    out = []
    for module in CASEWORK:
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            path = re.sub(r"\{(a|b|inquiry_id|candidate_id|action_id)\}", "1", route.path)
            path = path.replace("{person}", "P-000001").replace("{state}", "seen")
            from athar.web.app import _declared_roles

            roles = _declared_roles(route)
            assert isinstance(roles, tuple) and roles, f"{route.path} open to any signed-in user"
            out.extend((m, path, roles) for m in sorted(route.methods or ()))
    return out


def test_every_casework_route_refuses_the_wrong_role_and_a_missing_csrf(app: object) -> None:
    clients = {role: signed_in(app, role) for role in ("caseworker", "reviewer", "analyst")}
    checked = 0
    for method, path, roles in routes():
        for role, (client, _token) in clients.items():
            if role in roles:
                continue
            response = client.request(method, path, follow_redirects=False)
            assert response.status_code == 403, (method, path, role, response.text[:200])
            checked += 1
        if method == "POST":  # the right role without the CSRF token
            allowed = next(r for r in clients if r in roles)
            client, _token = clients[allowed]
            response = client.post(path, data={"a": "1"}, follow_redirects=False)
            assert response.status_code == 403, (path, response.text[:200])
            if path.startswith("/api/"):
                assert response.json()["reason"] == "csrf"
    assert checked > 20
    # the expected split of duties
    assert ("POST", "/api/review/decide", ("reviewer",)) in routes()
    assert ("GET", "/review", ("reviewer", "analyst")) in routes()
    assert ("GET", "/inquiries", ("caseworker",)) in routes()


# ------------------------------------------------------------------------------ review


def test_queue_page_decide_with_htmx_then_undo_brings_the_pair_back(
    app: object, store: Store
) -> None:
    client, token = signed_in(app, "reviewer")
    page = client.get("/review")
    assert page.status_code == 200
    first = re.search(r'id="pair-(\d+)-(\d+)"', page.text)
    assert first, "the queue is empty"
    a, b = first.groups()
    assert 'hx-post="/review/decide"' in page.text and "<meter" in page.text
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    answer = client.post(
        "/review/decide",
        data={"a": a, "b": b, "answer": "reject", "reason": "two mothers"},
        headers=hx,
    )
    assert answer.status_code == 200, answer.text
    assert 'id="recent" aria-labelledby="recent-title" hx-swap-oob="true"' in answer.text
    action = re.search(r'id="act-(\d+)"', answer.text)
    assert action
    assert f'id="pair-{a}-{b}"' not in client.get("/review").text
    decision = [d for d in store.decisions() if (d.a, d.b) == (int(a), int(b))]
    assert decision and decision[0].verdict == "different" and decision[0].reason == "two mothers"

    undone = client.post(f"/review/undo/{action.group(1)}", headers=hx)
    assert undone.status_code == 200
    assert f'id="pair-{a}-{b}"' in undone.text  # the queue is redrawn with the pair back
    assert not [d for d in store.decisions() if (d.a, d.b) == (int(a), int(b))]
    again = client.post(f"/review/undo/{action.group(1)}", headers=hx)
    assert again.status_code == 200 and "already undone" in again.text


def test_decide_without_htmx_redirects_and_the_analyst_only_reads(
    app: object, store: Store
) -> None:
    reader, _ = signed_in(app, "analyst")
    page = reader.get("/review")
    assert page.status_code == 200 and "/review/decide" not in page.text
    a, b = re.search(r'id="pair-(\d+)-(\d+)"', page.text).groups()  # type: ignore[union-attr]
    pair = reader.get(f"/review/pair/{a}/{b}")
    assert pair.status_code == 200 and "/review/decide" not in pair.text
    client, token = signed_in(app, "reviewer")
    response = client.post(
        "/review/decide",
        data={"a": a, "b": b, "answer": "unsure", "reason": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/review")
    assert any((d.a, d.b, d.verdict) == (int(a), int(b), "unsure") for d in store.decisions())
    bad = client.post(
        "/review/decide", data={"a": a, "b": a, "answer": "accept", "csrf_token": token}
    )
    assert bad.status_code == 409 and "two records" in bad.text


def test_pair_page_marks_fields_and_charts_the_weights(app: object, store: Store) -> None:
    client, _ = signed_in(app, "reviewer")
    item = client.get("/api/review/queue?limit=30").json()
    scored = next(i for i in item if i["weights"])
    a, b = scored["a"]["pk"], scored["b"]["pk"]
    page = client.get(f"/review/pair/{a}/{b}")
    assert page.status_code == 200
    for mark in {d["mark"] for d in scored["diffs"]}:
        assert f"mark-{mark}" in page.text
    assert page.text.count('class="wbar"') == len(scored["weights"])
    assert re.search(r'class="wbar-fill w10"', page.text)  # the strongest evidence fills its half
    assert f"{scored['probability'] * 100:.0f}%" in page.text
    # the API twin: any pair, with notes on how it was scored
    twin = client.get(f"/api/review/pair/{b}/{a}").json()
    assert (twin["a"]["pk"], twin["b"]["pk"]) == (a, b) and twin["notes"]
    assert client.get("/api/review/pair/1/999999").status_code == 404
    viewed = {e.payload["id"] for e in store.events(kind="person.view")}
    assert {scored["a"]["person_id"], scored["b"]["person_id"]} - {None} <= viewed


def test_api_decide_undo_and_actions(app: object, store: Store) -> None:
    client, token = signed_in(app, "reviewer")
    headers = {"X-CSRF-Token": token}
    first = client.get("/api/review/queue?limit=5").json()[0]
    a, b = first["a"]["pk"], first["b"]["pk"]
    answer = "reject" if first["together"] else "accept"
    done = client.post(
        "/api/review/decide",
        json={"a": a, "b": b, "answer": answer, "reason": "api"},
        headers=headers,
    )
    assert done.status_code == 200, done.text
    action = done.json()["action_id"]
    assert done.json()["regrouped"] is True
    together = store.person_of(a) == store.person_of(b)
    assert together == (answer == "accept")
    queue = client.get("/api/review/queue?limit=200").json()
    assert (a, b) not in {(i["a"]["pk"], i["b"]["pk"]) for i in queue}
    recent = client.get("/api/review/actions").json()
    assert recent[0]["id"] == action and recent[0]["decided_by"] == "reviewer"
    assert client.post(f"/api/review/undo/{action}", json={}, headers=headers).status_code == 200
    assert (store.person_of(a) == store.person_of(b)) == first["together"]
    again = client.post(f"/api/review/undo/{action}", json={}, headers=headers)
    assert again.status_code == 409 and "already undone" in again.json()["detail"]
    bad = client.post(
        "/api/review/decide", json={"a": a, "b": b, "answer": "maybe"}, headers=headers
    )
    assert bad.status_code == 422


def test_merge_and_split_pages_and_api(app: object, store: Store) -> None:
    client, token = signed_in(app, "reviewer")
    multi = [p for p, pks in sorted(current_partition(store).items()) if len(pks) >= 2]
    p1, p2 = multi[0], multi[1]
    form = client.get(f"/review/persons?persons={p1}+{p2}")
    assert form.status_code == 200 and 'id="merge-form"' in form.text
    merged = client.post(
        "/review/persons/merge",
        data={"persons": f"{p1} {p2}", "reason": "same family report", "csrf_token": token},
        follow_redirects=False,
    )
    assert merged.status_code == 303, merged.text
    target = merged.headers["location"].split("?")[0].rsplit("/", 1)[1]
    records = store.person_records(target)
    assert len(records) >= 4 and store.person_of(store.person_records(target)[0]) == target
    page = client.get(merged.headers["location"])
    assert 'id="split-form"' in page.text and "/review/undo/" in page.text
    split = client.post(
        f"/review/persons/{target}/split",
        data={"records": [str(records[0])], "reason": "another man", "csrf_token": token},
        follow_redirects=False,
    )
    assert split.status_code == 303
    assert store.person_of(records[0]) != store.person_of(records[1])
    refused = client.post(
        f"/review/persons/{target}/split", data={"reason": "x", "csrf_token": token}
    )
    assert refused.status_code == 409 and "error" in refused.text
    # the API twin
    headers = {"X-CSRF-Token": token}
    p3, p4 = multi[2], multi[3]
    merged_api = client.post(
        "/api/review/merge", json={"persons": [p3, p4], "reason": "api"}, headers=headers
    )
    assert merged_api.status_code == 200, merged_api.text
    joined = merged_api.json()["persons"][0]
    sides = client.get(f"/api/review/persons/{joined}").json()
    assert len(sides) >= 4
    split_api = client.post(
        "/api/review/split",
        json={"person": joined, "records": [sides[0]["pk"]], "reason": "api"},
        headers=headers,
    )
    assert split_api.status_code == 200 and len(split_api.json()["persons"]) == 2
    assert client.get("/api/review/persons/P-999999").status_code == 404


# ------------------------------------------------------------------------------ inquiries


def test_register_form_shows_errors_next_to_fields(app: object) -> None:
    client, token = signed_in(app, "caseworker")
    response = client.post(
        "/inquiries/new",
        data={"csrf_token": token, "birth_date": "31/31/1990", "requester_name": "أبو سامر"},
    )
    assert response.status_code == 400
    for name in ("given_name", "birth_date", "consent_given", "consent_how"):
        assert f'id="error-{name}"' in response.text, name
    assert 'id="error-requester_name"' not in response.text
    assert 'value="أبو سامر"' in response.text  # what was typed is kept


def test_register_in_the_form_then_candidates_contact_and_moves(app: object, store: Store) -> None:
    client, token = signed_in(app, "caseworker")
    pk = store.person_records(sorted(current_partition(store))[0])[0]
    sought = sought_of(store, pk)
    data = {**sought, **INQUIRY, "consent_given": "yes", "csrf_token": token}
    response = client.post("/inquiries/new", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    inquiry_id = int(location.split("?")[0].rsplit("/", 1)[1])
    page = client.get(location)
    assert page.status_code == 200 and 'class="card candidate' in page.text
    assert INQUIRY["contact"] not in page.text  # not shown before the click
    shown = client.post(
        f"/inquiries/{inquiry_id}/contact", headers={"HX-Request": "true", "X-CSRF-Token": token}
    )
    assert INQUIRY["contact"] in shown.text
    reads = [e for e in store.events(kind="inquiry_contact_read")]
    assert reads and reads[-1].actor == "caseworker"
    assert store.events(kind="inquiry.view")
    # list, filter and nav badge
    listing = client.get("/inquiries?status=candidates")
    assert f'id="inquiry-{inquiry_id}"' in listing.text and 'id="badge-alerts"' in listing.text
    assert f'id="inquiry-{inquiry_id}"' not in client.get("/inquiries?status=closed").text
    alerts = client.get("/alerts")
    cand = re.search(r'id="alert-(\d+)"', alerts.text)
    assert cand
    seen = client.post(
        f"/inquiries/{inquiry_id}/candidates/{cand.group(1)}/seen?next=alerts",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert seen.status_code == 303 and seen.headers["location"] == "/alerts"
    assert f'id="alert-{cand.group(1)}"' not in client.get("/alerts").text
    # an illegal move is refused on the page, a legal one goes through
    bad = client.post(
        f"/inquiries/{inquiry_id}/status",
        data={"to": "family_informed", "reason": "x", "csrf_token": token},
    )
    assert bad.status_code == 409 and 'class="error" role="alert"' in bad.text
    assert "cannot go from" not in bad.text  # worded for the caseworker, not the developer
    person = store.person_of(pk)
    ok = client.post(
        f"/inquiries/{inquiry_id}/status",
        data={
            "to": "confirmed",
            "outcome": "alive",
            "person": person,
            "reason": "called him",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert inquiry(store, inquiry_id).status == "confirmed"  # type: ignore[union-attr]


def test_inquiries_api(app: object, store: Store) -> None:
    client, token = signed_in(app, "caseworker")
    headers = {"X-CSRF-Token": token}
    pk = store.person_records(sorted(current_partition(store))[1])[0]
    body = {"sought": sought_of(store, pk), **INQUIRY}
    created = client.post("/api/inquiries", json=body, headers=headers)
    assert created.status_code == 201, created.text
    inquiry_id = created.json()["id"]
    assert created.json()["candidates"]
    bad = client.post(
        "/api/inquiries",
        json={**body, "sought": {"birth_date": "soon"}, "consent_given": False},
        headers=headers,
    )
    assert bad.status_code == 422
    assert set(bad.json()["detail"]["fields"]) >= {"given_name", "birth_date", "consent_given"}
    view = client.get(f"/api/inquiries/{inquiry_id}").json()
    assert view["candidates"] and "contact" not in view
    assert INQUIRY["contact"] not in client.get(f"/api/inquiries/{inquiry_id}").text
    contact = client.post(f"/api/inquiries/{inquiry_id}/contact", headers=headers)
    assert contact.json()["contact"] == INQUIRY["contact"]
    listed = client.get("/api/inquiries?status=candidates").json()
    assert [i["id"] for i in listed] == [inquiry_id]
    alerts = client.get("/api/alerts").json()
    assert {a["candidate_id"] for a in alerts} == {c["candidate_id"] for c in view["candidates"]}
    first = view["candidates"][0]["candidate_id"]
    marked = client.post(
        f"/api/inquiries/{inquiry_id}/candidates/{first}",
        json={"state": "dismissed"},
        headers=headers,
    )
    assert marked.status_code == 200
    assert first not in {c["candidate_id"] for c in marked.json()["candidates"]}
    moved = client.post(
        f"/api/inquiries/{inquiry_id}/status",
        json={"to": "closed", "reason": "withdrawn"},
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "closed"
    refused = client.post(
        f"/api/inquiries/{inquiry_id}/status",
        json={"to": "confirmed", "reason": "x"},
        headers=headers,
    )
    assert refused.status_code == 409
    assert client.get("/api/inquiries/999").status_code == 404


def test_death_is_not_shown_on_the_page_or_api_before_confirmation(
    app: object, store: Store
) -> None:
    person, deaths, named = death_person(store)
    inquiry_id, _ = register_inquiry(
        store, sought_of(store, named[0]), **INQUIRY, assigned_to="caseworker", by="caseworker"
    )
    view = inquiry_view(store, inquiry_id, "caseworker", with_contact=False)
    assert person in {c.person_id for c in view.candidates}
    death_ids = [store.record(pk).record.fields["record_id"] for pk in deaths]  # type: ignore[union-attr]
    client, token = signed_in(app, "caseworker")
    headers = {"X-CSRF-Token": token}

    def without_move_form(html: str) -> str:
        """The page but its status form (whose outcome choices name every outcome)."""
        return re.sub(r'<form[^>]*id="move-form".*?</form>', "", html, flags=re.S)

    def hidden() -> None:
        for text in (
            without_move_form(client.get(f"/inquiries/{inquiry_id}").text),
            client.get(f"/api/inquiries/{inquiry_id}").text,
            client.get("/alerts").text,
            client.get("/api/alerts").text,
            client.get("/inquiries").text,
        ):
            for word in ("deceased", "death_record", "متوفى", *death_ids):
                assert word not in text, word

    hidden()
    confirmed = client.post(
        f"/api/inquiries/{inquiry_id}/status",
        json={"to": "confirmed", "outcome": "deceased", "person": person, "reason": "certificate"},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["death_shown"] and confirmed.json()["outcome"] == "deceased"
    page = client.get(f"/inquiries/{inquiry_id}").text
    assert all(i in page for i in death_ids)
    assert "deceased" in client.get(f"/api/inquiries/{inquiry_id}").text
    # taken back: hidden again
    client.post(
        f"/api/inquiries/{inquiry_id}/status",
        json={"to": "candidates", "reason": "wrong person"},
        headers=headers,
    )
    hidden()


# ------------------------------------------------------------------------------ domain additions


def test_domain_helpers_the_pages_use(store: Store) -> None:
    from athar.inquiries import check_inquiry, shown_outcome, visible_alerts
    from athar.review.decide import decide, recent_actions
    from athar.review.queue import pair_item, person_sides, review_queue

    assert (
        check_inquiry(
            {"given_name": "سامر", "birth_date": "1985"},
            requester_name="x",
            consent_given=True,
            consent_how="oral",
        )
        == {}
    )
    assert check_inquiry(
        {"sex": "x", "last_seen_date": "soon"},
        requester_name="",
        consent_given=False,
        consent_how="",
        consent_date="not a date",
    ) == {
        "full_name": "name",
        "given_name": "name",
        "sex": "sex",
        "last_seen_date": "date",
        "requester_name": "required",
        "consent_given": "required",
        "consent_how": "required",
        "consent_date": "date",
    }
    assert shown_outcome("candidates", "deceased") is None
    assert shown_outcome("confirmed", "deceased") == "deceased"
    assert shown_outcome("confirmed", "alive") == "alive"
    # the view without its contact reads (and logs) nothing
    person, _deaths, named = death_person(store)
    inquiry_id, _found = register_inquiry(
        store, sought_of(store, named[0]), **INQUIRY, assigned_to="huda", by="huda"
    )
    before = len(store.events(kind="inquiry_contact_read"))
    assert inquiry_view(store, inquiry_id, "caseworker", "huda", with_contact=False).contact is None
    assert len(store.events(kind="inquiry_contact_read")) == before
    assert inquiry_view(store, inquiry_id, "caseworker", "huda").contact == INQUIRY["contact"]
    shown = {c.candidate_id for c in inquiry_view(store, inquiry_id, "caseworker").candidates}
    assert {a.candidate_id for a in visible_alerts(store, "huda", "caseworker")} == shown
    # any pair, explained; a person's records; the recent acts
    item = review_queue(store, 1)[0]
    same, notes = pair_item(store, item.b.pk, item.a.pk)
    assert (same.a.pk, same.b.pk) == (item.a.pk, item.b.pk)
    assert same.probability == pytest.approx(item.probability) and notes
    assert {s.pk for s in person_sides(store, person)} == set(store.person_records(person))
    assert person_sides(store, "P-999999") == []
    act = decide(store, item.a.pk, item.b.pk, "unsure", "?", "rev")
    assert [a.id for a in recent_actions(store, 5, by="rev")] == [act.action_id]
    assert recent_actions(store, 5, by="nobody") == []
