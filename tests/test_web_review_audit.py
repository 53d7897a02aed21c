"""Defects of the usability audit in the review and users pages, through HTTP (TestClient) on the
small linked synthetic registry: diff marks that agree with what each row shows, the queue's
count and focus after an HTMX decision, refusals worded for reviewers, the merge form only for
persons that exist, and the users page (least-privileged default role, confirmation before
disabling or resetting, a status line, no "Disable" on one's own row, add errors worded)."""

from __future__ import annotations

import re
from typing import Any

from casework_web import module_app, module_store, signed_in
from fastapi.testclient import TestClient

from athar.records import Record
from athar.review.queue import field_diffs, implied_sexes
from athar.store import Store, StoredRecord
from athar.store.casework_api import current_partition
from athar.web.templating import LANG_COOKIE

ROW = re.compile(r'<tr class="mark-(\w+)[^"]*"><th scope="row">.*?</th>(.*?)</tr>', re.S)


#: One copy of the registry for the module: each test registers or decides its own.
store = module_store("review-audit")
app = module_app()


def english(client: TestClient) -> TestClient:
    client.cookies.set(LANG_COOKIE, "en")
    return client


def stored(pk: int, **fields: str) -> StoredRecord:
    """A record as the importer would build it (places and sex read) — not stored."""
    from athar.ingest.build import normalize_sex
    from athar.places.matching import resolve, resolve_place

    record = Record(fields={"source": "t", "record_id": str(pk), **fields}, raw={}, row_number=1)
    record.sex = normalize_sex(fields.get("sex", "")) if fields.get("sex") else ""
    if fields.get("birth_place"):
        place = resolve_place(fields["birth_place"])
        assert place is not None
        record.governorate_id = place.governorate if place.kind == "town" else place.id
    if fields.get("governorate"):
        found = resolve(fields["governorate"], "governorate")
        assert found is not None
        record.governorate_id = found.id
    return StoredRecord(pk, pk, 1, 1, True, record)


# ------------------------------------------------------------------------- D8 diff marks


def test_a_mark_never_stands_next_to_an_empty_cell() -> None:
    """The audit's pair: no written governorate (its birth place says Aleppo) against "Halab";
    no written sex (the given name says it) against "m"."""
    a = stored(1, full_name="حمزة فاروق الحلبي", given_name="حمزة", birth_place="Aleppo")
    b = stored(2, given_name="Hamzeh", sex="m", governorate="Halab")
    diffs = {d.field: d for d in field_diffs(a, b, implied_sexes([a, b]))}
    gov, sex, place = diffs["governorate"], diffs["sex"], diffs["birth_place"]
    assert (gov.a, gov.read_a, gov.read_from, gov.b, gov.mark) == (
        "",
        "aleppo",
        "birth_place",
        "Halab",
        "same",
    )
    assert (sex.a, sex.read_a, sex.read_from, sex.mark) == ("", "m", "given_name", "same")
    assert (place.b, place.read_b, place.mark) == ("", "", "missing")
    # both write a facility the gazetteer does not know: what is written is compared
    c, d, e = (
        stored(n, facility=f) for n, f in ((3, "Mars Prison"), (4, "mars  prison"), (5, "X"))
    )
    assert {x.field: x.mark for x in field_diffs(c, d, {})}["facility"] == "same"
    assert {x.field: x.mark for x in field_diffs(c, e, {})}["facility"] == "different"


def test_pages_show_what_was_compared(app: object, store: Store) -> None:
    client, _ = signed_in(app, "reviewer")
    english(client)
    queue = client.get("/api/review/queue?limit=200").json()
    read = 0
    for item in queue:
        for d in item["diffs"]:
            blank_a, blank_b = not (d["a"] or d["read_a"]), not (d["b"] or d["read_b"])
            if blank_a or blank_b:
                assert d["mark"] == "missing", d
            read += bool(d["read_a"] or d["read_b"])
    assert read, "no pair of the synthetic registry reads a field from another"
    pages = [client.get("/review").text]
    shown = next(
        i for i in queue if any(d["field"] == "governorate" and d["read_a"] for d in i["diffs"])
    )
    pages.append(client.get(f"/review/pair/{shown['a']['pk']}/{shown['b']['pk']}").text)
    for html in pages:
        rows = ROW.findall(html)
        assert rows
        for mark, cells in rows:
            if mark != "missing":
                assert "<td>—</td>" not in cells, cells
    gov = next(d for d in shown["diffs"] if d["field"] == "governorate")
    from athar.places.gazetteer import governorate

    assert governorate(gov["read_a"]).name_en in pages[1]
    assert "(read from: Birth place)" in pages[1]


# ------------------------------------------------------------------------- D12 count and focus


def test_htmx_decision_redraws_the_count_and_keeps_the_focus(app: object) -> None:
    client, token = signed_in(app, "reviewer")
    page = client.get("/review").text
    total = int(re.search(r'id="queue-count">\(<span dir="ltr">(\d+)</span>\)', page).group(1))  # type: ignore[union-attr]
    assert total >= len(re.findall(r'<article class="card pair"', page))
    a, b = re.search(r'id="pair-(\d+)-(\d+)"', page).groups()  # type: ignore[union-attr]
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    answer = client.post("/review/decide", data={"a": a, "b": b, "answer": "unsure"}, headers=hx)
    assert answer.status_code == 200
    assert re.search(r'class="notice decided"[^>]*tabindex="-1" autofocus', answer.text)
    count = re.search(
        r'id="queue-count" hx-swap-oob="true">\(<span dir="ltr">(\d+)</span>', answer.text
    )
    assert count and int(count.group(1)) == total - 1


# ------------------------------------------------------------------------- D2 refusals


def test_split_and_merge_refusals_are_worded_for_reviewers(app: object, store: Store) -> None:
    client, token = signed_in(app, "reviewer")
    english(client)
    person, pks = next((p, r) for p, r in sorted(current_partition(store).items()) if len(r) >= 2)
    none = client.post(f"/review/persons/{person}/split", data={"reason": "x", "csrf_token": token})
    assert none.status_code == 409
    assert "Tick the records that go to a new person" in none.text
    assert "needs records on both sides" not in none.text and str(pks) not in none.text
    unknown = client.post(
        "/review/persons/merge",
        data={"persons": "P-999998 P-999999", "reason": "x", "csrf_token": token},
    )
    assert unknown.status_code == 409
    assert "There is no current person P-999998" in unknown.text
    assert "retired or unknown" not in unknown.text and 'id="merge-form"' not in unknown.text
    arabic = signed_in(app, "reviewer")[0]
    page = arabic.get(f"/review/persons/{person}").text
    token_ar = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    refused = arabic.post(
        f"/review/persons/{person}/split", data={"reason": "x", "csrf_token": token_ar}
    )
    assert "a split needs records" not in refused.text and str(pks) not in refused.text


def test_merge_form_only_for_persons_that_exist(app: object, store: Store) -> None:
    client, _ = signed_in(app, "reviewer")
    english(client)
    p1, p2 = sorted(current_partition(store))[:2]
    assert 'id="merge-form"' in client.get(f"/review/persons?persons={p1}+{p2}").text
    for wanted in ("P-999998+P-999999", f"{p1}+P-999999"):
        page = client.get(f"/review/persons?persons={wanted}").text
        assert "No current person with this id." in page and 'id="merge-form"' not in page
    three = client.get(f"/review/persons?persons={p1}+{p2}+P-999999").text
    assert 'id="merge-form"' not in three and 'id="merge-unknown"' in three


# ------------------------------------------------------------------------- users page


def row_of(html: str, name: str) -> str:
    match = re.search(rf"<tr id=\"user-\d+\">\s*<td>{re.escape(name)}</td>(.*?)</tr>", html, re.S)
    assert match, name
    return match.group(1)


def test_users_page_defaults_confirms_and_reports(app: object, store: Store) -> None:
    client, token = signed_in(app, "admin")
    english(client)
    page = client.get("/users").text
    assert re.search(r'<option value="analyst" selected>', page)
    assert not re.search(r'<option value="admin" selected>', page)
    assert "/users/admin/disable" not in row_of(page, "admin")  # nobody disables themselves
    assert "/users/analyst/disable" in row_of(page, "analyst")

    added = client.post("/users", data={"name": "nadia", "role": "analyst", "csrf_token": token})
    assert added.status_code == 200 and 'id="one-time-password"' in added.text
    # Disable asks first: the button opens a confirmation; nothing changes until it is confirmed.
    ask = client.get("/users/nadia/disable")
    assert ask.status_code == 200 and 'id="confirm-change"' in ask.text
    assert "Disable nadia?" in ask.text and 'action="/users/nadia/disable"' in ask.text
    assert not store.user("nadia").disabled  # type: ignore[union-attr]
    done = client.post("/users/nadia/disable", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/users?disabled=nadia"
    assert store.user("nadia").disabled  # type: ignore[union-attr]
    status = client.get(done.headers["location"]).text
    assert "nadia is disabled: they cannot sign in" in status
    assert 'id="user-status"' not in client.get("/users?disabled=admin").text  # not so: no claim
    # so does a new one-time password
    reset = client.get("/users/nadia/reset")
    assert "Give nadia a new one-time password?" in reset.text
    assert 'id="one-time-password"' not in reset.text
    assert client.get("/users/admin/disable").status_code == 400


def test_add_user_errors_are_worded_for_people(app: object) -> None:
    client, token = signed_in(app, "admin")
    english(client)
    bad = client.post("/users", data={"name": "new user", "role": "reviewer", "csrf_token": token})
    assert bad.status_code == 400
    assert "A user name is one word" in bad.text and "control characters" not in bad.text
    assert 'value="new user"' in bad.text and '<option value="reviewer" selected>' in bad.text
    taken = client.post("/users", data={"name": "analyst", "role": "analyst", "csrf_token": token})
    assert taken.status_code == 400 and "There is already a user named analyst." in taken.text
    arabic, token_ar = signed_in(app, "admin")
    refused: Any = arabic.post(
        "/users", data={"name": "a b", "role": "reviewer", "csrf_token": token_ar}
    )
    assert refused.status_code == 400 and "control characters" not in refused.text
