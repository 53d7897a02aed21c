"""Inquiry pages after the usability audit, through HTTP on the small linked synthetic registry:
death evidence held back but reachable by a deliberate, logged click (D4), a status form in
workflow order asking for outcome and person only when confirming (D5), refusals and automatic
reasons worded for the caseworker in the page's language (D2), no "Show contact" without a
contact, and required fields marked before any submit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from casework_web import death_person, module_app, module_store, signed_in, sought_of

from athar.inquiries import change_status, death_evidence_by_candidate, inquiry_view
from athar.inquiries import register_inquiry as register
from athar.inquiries.service import InquiryRefused
from athar.inquiries.view import reports_death
from athar.store import Store
from athar.store.casework_api import inquiry
from athar.web.templating import LANG_COOKIE

FAMILY: dict[str, Any] = {
    "requester_name": "أم خالد",
    "requester_relation": "mother",
    "contact": "+963 944 123 456",
    "consent_given": True,
    "consent_how": "signed form",
}
#: Words that would tell of a death on a page that must not (as test_web_casework checks).
DEATH_WORDS = ("deceased", "death_record", "متوفى")


#: One copy of the registry for the module: each test registers or decides its own.
store = module_store("inquiry-audit")
app = module_app()


def death_only(store: Store) -> tuple[str, list[int]]:
    """A person known only from records that report a death."""
    for summary in store.persons_summary():
        pks = store.person_records(summary.person_id)
        records = store.records_by_pk(pks)
        if records and all(reports_death(r) for r in records.values()):
            return summary.person_id, pks
    raise AssertionError("no person known only from death records in the synthetic registry")


def new_inquiry(store: Store, pk: int, **family: Any) -> int:
    inquiry_id, _found = register(
        store, sought_of(store, pk), **{**FAMILY, **family}, assigned_to="caseworker", by="cw"
    )
    return inquiry_id


def record_ids(store: Store, pks: list[int]) -> list[str]:
    return [store.record(pk).record.fields["record_id"] for pk in pks]  # type: ignore[union-attr]


def client_in(app: object, role: str, lang: str = "ar") -> tuple[Any, str]:
    client, token = signed_in(app, role)
    client.cookies.set(LANG_COOKIE, lang)
    return client, token


def without_move_form(html: str) -> str:
    return re.sub(r'<form[^>]*id="move-form".*?</form>', "", html, flags=re.S)


def error_of(html: str) -> str:
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, "no error on the page"
    return found.group(1)


# ------------------------------------------------------------------------------ D4


def test_a_death_only_match_is_counted_then_shown_on_a_logged_click_and_confirmable(
    app: object, store: Store
) -> None:
    person, pks = death_only(store)
    inquiry_id = new_inquiry(store, pks[0])
    ids = record_ids(store, pks)
    client, token = client_in(app, "caseworker")
    page = client.get(f"/inquiries/{inquiry_id}").text
    # held back: counted and offered, never shown, before the deliberate click
    assert 'id="held-back"' in page and 'id="show-death-evidence"' in page
    assert person not in page and not any(i in page for i in ids)
    # (the status form's outcome choices name every outcome: not a sign of this inquiry)
    assert not any(w in without_move_form(page) for w in DEATH_WORDS)
    api = client.get(f"/api/inquiries/{inquiry_id}").json()
    assert api["held_back_candidates"] == 1 and api["held_back_records"] == len(pks)
    assert person not in str(api)
    reads = len(store.events(kind="inquiry_death_evidence_read"))

    shown = client.post(
        f"/inquiries/{inquiry_id}/death-evidence",
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert shown.status_code == 200
    assert shown.text.lstrip().startswith('<section class="card" id="held-back"')  # the swap
    assert all(i in shown.text for i in ids) and person in shown.text
    logged = store.events(kind="inquiry_death_evidence_read")
    assert len(logged) == reads + 1 and logged[-1].actor == "caseworker"
    assert any(e.actor == "caseworker" for e in store.events(kind="person.view"))
    # the death-only person can be confirmed from there, and only deceased
    form = re.search(r'<form[^>]*class="decide confirm-death".*?</form>', shown.text, re.S)
    assert form and f'name="person" value="{person}"' in form.group(0)
    assert 'name="outcome" value="deceased"' in form.group(0)
    confirmed = client.post(
        f"/inquiries/{inquiry_id}/status",
        data={
            "csrf_token": token,
            "from": "candidates",
            "to": "confirmed",
            "outcome": "deceased",
            "person": person,
            "reason": "the death record matches name, mother and birth date",
        },
        follow_redirects=False,
    )
    assert confirmed.status_code == 303, confirmed.text[:300]
    done = inquiry(store, inquiry_id)
    assert done and (done.status, done.outcome, done.confirmed_person) == (
        "confirmed",
        "deceased",
        person,
    )
    page = client.get(f"/inquiries/{inquiry_id}").text
    assert all(i in page for i in ids) and 'id="held-back"' not in page  # shown: confirmed


def test_the_page_without_a_click_falls_back_to_the_whole_page(app: object, store: Store) -> None:
    _person, deaths, named = death_person(store)  # a person shown, with death records held back
    inquiry_id = new_inquiry(store, named[0])
    client, token = client_in(app, "admin", "en")
    page = client.get(f"/inquiries/{inquiry_id}").text
    assert "records are not shown on this page because they report a death" in page or (
        "1 record is not shown on this page because it reports a death" in page
    )
    assert not any(i in page for i in record_ids(store, deaths))
    whole = client.post(f"/inquiries/{inquiry_id}/death-evidence", data={"csrf_token": token})
    assert whole.status_code == 200 and "<html" in whole.text
    assert all(i in whole.text for i in record_ids(store, deaths))
    assert 'class="decide confirm-death"' in whole.text and "not listed among" not in whole.text


def test_death_evidence_is_for_caseworkers_only_and_has_an_api_twin(
    app: object, store: Store
) -> None:
    person, pks = death_only(store)
    inquiry_id = new_inquiry(store, pks[0])
    for role in ("reviewer", "analyst"):
        client, token = client_in(app, role)
        for path in (
            f"/inquiries/{inquiry_id}/death-evidence",
            f"/api/inquiries/{inquiry_id}/death-evidence",
        ):
            refused = client.post(path, headers={"X-CSRF-Token": token})
            assert refused.status_code == 403, (role, path)
            assert person not in refused.text
    with pytest.raises(InquiryRefused, match="may not read death evidence"):
        death_evidence_by_candidate(store, inquiry_id, "reviewer", "r")
    client, token = client_in(app, "caseworker")
    headers = {"X-CSRF-Token": token}
    found = client.post(f"/api/inquiries/{inquiry_id}/death-evidence", headers=headers)
    assert found.status_code == 200
    [evidence] = [e for e in found.json() if e["candidate"]["person_id"] == person]
    assert evidence["held_back"] and set(evidence["death_records"]) == set(pks)
    assert client.post("/api/inquiries/999/death-evidence", headers=headers).status_code == 404
    # a held-back candidate that is not the sought person can be dismissed: the notice goes
    dismissed = client.post(
        f"/api/inquiries/{inquiry_id}/candidates/{evidence['candidate']['candidate_id']}",
        json={"state": "dismissed"},
        headers=headers,
    )
    assert dismissed.status_code == 200 and dismissed.json()["held_back_candidates"] == 0
    # ...and "seen" still only for the candidates the page shows
    second = new_inquiry(store, pks[0])
    hidden = death_evidence_by_candidate(store, second, "caseworker", "cw")[0]
    seen = client.post(
        f"/inquiries/{second}/candidates/{hidden.candidate.candidate_id}/seen",
        data={"csrf_token": token},
    )
    assert seen.status_code == 404


# ------------------------------------------------------------------------------ D5


def test_status_form_goes_in_workflow_order_and_asks_outcome_only_when_confirming(
    app: object, store: Store
) -> None:
    person, _deaths, named = death_person(store)
    inquiry_id = new_inquiry(store, named[0])
    client, token = client_in(app, "caseworker")
    page = client.get(f"/inquiries/{inquiry_id}").text
    select = re.search(r'<select name="to".*?</select>', page, re.S)
    assert select
    options = re.findall(r'<option value="([^"]*)"( selected)?', select.group(0))
    assert [v for v, _sel in options] == ["", "confirmed", "open", "closed"]
    assert not any(sel for _v, sel in options)  # nothing chosen beforehand
    assert f'hx-get="/inquiries/{inquiry_id}/move-fields"' in select.group(0)
    live = re.sub(r"<noscript>.*?</noscript>", "", page, flags=re.S)
    assert 'name="outcome"' not in live and 'name="person"' not in live
    assert 'name="outcome"' in page  # without script: in <noscript>
    asked = client.get(f"/inquiries/{inquiry_id}/move-fields?to=confirmed").text
    assert 'name="outcome" required' in asked and f'value="{person}"' in asked
    assert '<option value="">' in asked  # no outcome chosen beforehand
    assert "<select" not in client.get(f"/inquiries/{inquiry_id}/move-fields?to=closed").text
    # the server still checks: a confirmation without outcome is refused, the choice kept
    refused = client.post(
        f"/inquiries/{inquiry_id}/status",
        data={"csrf_token": token, "from": "candidates", "to": "confirmed", "reason": "seen"},
    )
    assert refused.status_code == 409
    assert re.search(r'<option value="confirmed" selected>', refused.text)
    assert 'id="confirm-fields"' in refused.text and 'value="seen"' in refused.text
    assert inquiry(store, inquiry_id).status == "candidates"  # type: ignore[union-attr]


# ------------------------------------------------------------------------------ D2


def test_a_stale_tab_is_told_in_the_page_language_and_nothing_changes(
    app: object, store: Store
) -> None:
    _person, _deaths, named = death_person(store)
    inquiry_id = new_inquiry(store, named[0])
    change_status(store, inquiry_id, "closed", reason="family withdrew", by="other")
    stale = {"csrf_token": "", "from": "candidates", "to": "open", "reason": "reopen"}
    client, token = client_in(app, "caseworker", "en")
    answer = client.post(f"/inquiries/{inquiry_id}/status", data={**stale, "csrf_token": token})
    assert answer.status_code == 409
    message = error_of(answer.text)
    assert "changed since the page was loaded" in message and "“closed”" in message
    assert "cannot go from" not in answer.text and "'closed'" not in answer.text
    assert inquiry(store, inquiry_id).status == "closed"  # type: ignore[union-attr]
    # in Arabic: the status is named in Arabic, no developer wording
    client, token = client_in(app, "caseworker", "ar")
    answer = client.post(f"/inquiries/{inquiry_id}/status", data={**stale, "csrf_token": token})
    message = error_of(answer.text)
    assert "مغلق" in message and "closed" not in message and "'" not in message
    # an illegal move from a fresh page is worded too; the API twin refuses stale moves as well
    client, token = client_in(app, "caseworker", "en")
    illegal = client.post(
        f"/inquiries/{inquiry_id}/status",
        data={"csrf_token": token, "from": "closed", "to": "confirmed", "reason": "x"},
    )
    assert error_of(illegal.text) == "An inquiry that is “closed” cannot move to “confirmed”."
    api = client.post(
        f"/api/inquiries/{inquiry_id}/status",
        json={"to": "open", "reason": "reopen", "expected": "candidates"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 409
    assert inquiry(store, inquiry_id).status == "closed"  # type: ignore[union-attr]


def test_the_automatic_move_is_worded_and_a_caseworkers_reason_kept(
    app: object, store: Store
) -> None:
    _person, _deaths, named = death_person(store)
    inquiry_id = new_inquiry(store, named[0])
    change_status(store, inquiry_id, "closed", reason="called him", by="cw")
    view = inquiry_view(store, inquiry_id, "caseworker", with_contact=False)
    assert [e.system_reason for e in view.events if e.kind == "status"] == ["candidates_found", ""]
    client, _token = client_in(app, "caseworker", "en")
    page = client.get(f"/inquiries/{inquiry_id}").text
    assert "(automatic: the registry found candidates)" in page
    assert "<q>the registry found candidates</q>" not in page and "<q>called him</q>" in page
    client, _token = client_in(app, "caseworker", "ar")
    assert "<q>the registry found candidates</q>" not in client.get(f"/inquiries/{inquiry_id}").text


# ------------------------------------------------------------------------------ minor


def test_show_contact_only_when_one_was_recorded(app: object, store: Store) -> None:
    _person, _deaths, named = death_person(store)
    without = new_inquiry(store, named[0], contact="")
    with_contact = new_inquiry(store, named[0])
    client, _token = client_in(app, "caseworker")
    reads = len(store.events(kind="inquiry_contact_read"))
    page = client.get(f"/inquiries/{without}").text
    assert 'id="show-contact"' not in page and 'id="no-contact"' in page
    page = client.get(f"/inquiries/{with_contact}").text
    assert 'id="show-contact"' in page and FAMILY["contact"] not in page
    assert len(store.events(kind="inquiry_contact_read")) == reads  # knowing is not reading
    assert client.get(f"/api/inquiries/{without}").json()["has_contact"] is False


def test_the_new_inquiry_form_marks_required_fields_before_any_submit(app: object) -> None:
    client, _token = client_in(app, "caseworker")
    page = client.get("/inquiries/new").text
    for name in ("requester_name", "consent_given", "consent_how"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert tag and " required" in tag.group(0), name
    assert page.count('class="required-mark"') == 3 and 'id="required-note"' in page
    for name in ("requester_relation", "contact", "consent_date", "given_name"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
        assert tag and " required" not in tag.group(0), name
