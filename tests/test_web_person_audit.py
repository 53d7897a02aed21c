"""Defects of the usability audit on the person page, the map and the facility page, through
HTTP (TestClient on the small linked registry of ``person_registry``): words of the journey run
together (D10), no way to attach a file from the person page (D7), no warning when a person's
records disagree (D6), map facilities out of reach without the map (D11), dates reversed in
right-to-left sentences (D9)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import web_support
from fastapi.testclient import TestClient
from person_registry import PASSWORD, Built, web_fixtures

from athar.names import Level, compare_parts
from athar.person_file import person_file
from athar.places import facilities
from athar.review.decide import merge
from athar.stats.facilities import facility_stats
from athar.store import Store
from athar.web.routers.pages_person import count_forms, disagreements, name_groups

LRI, PDI = "\u2066", "\u2069"


registry, app_store, built = web_fixtures("web-person-audit")


def signed_in(client: TestClient, role: str, lang: str = "en") -> TestClient:
    web_support.login(client, role, PASSWORD)
    client.cookies.set("athar_lang", lang)
    return client


def timeline_items(html: str) -> list[str]:
    return re.findall(r'<li class="ev ev-.*?</li>', html, flags=re.S)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


# ---------------------------------------------------------------------- D10: the journey


def test_journey_keeps_a_space_between_place_transfer_and_detainee_number(
    app_store: tuple[TestClient, Store],
) -> None:
    client, store = app_store
    signed_in(client, "analyst")
    numbered = next(
        pid
        for pid in sorted(p.person_id for p in store.persons_summary())
        if any(e.facility_id and e.detainee_number for e in person_file(store, pid).events)
    )
    items = timeline_items(client.get(f"/persons/{numbered}").text)
    with_number = [li for li in items if 'class="ev-number"' in li]
    assert with_number
    for li in items:
        # each part of an event is its own word: "Qaboun detainee no.", not "Qaboundetainee no."
        assert not re.search(r"</span><span class=\"ev-", li), li
        assert not re.search(r"</a></span><span", li), li
    assert all(re.search(r"\S detainee no\. ", text_of(li)) for li in with_number)


# ---------------------------------------------------------------------- D7: attach a file


def test_caseworkers_and_admins_get_an_attach_link_for_each_record(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    pks = store.person_records(built.person)
    for role in ("caseworker", "admin"):
        html = signed_in(client, role).get(f"/persons/{built.person}").text
        for pk in pks:
            assert f'href="/records/{pk}/attachments" class="attach"' in html
        assert 'id="attach-hint"' in html
        # the link leads to the page where the upload form is
        assert 'type="file"' in client.get(f"/records/{pks[0]}/attachments").text
        client.post("/logout", data={"csrf_token": web_support.csrf_of(client, "/password")})


@pytest.mark.parametrize("role", ["reviewer", "analyst"])
def test_roles_that_may_not_attach_get_no_attach_link(
    app_store: tuple[TestClient, Store], built: Built, role: str
) -> None:
    client, _store = app_store
    html = signed_in(client, role).get(f"/persons/{built.person}").text
    assert 'class="attach"' not in html and 'id="attach-hint"' not in html


# ---------------------------------------------------------------------- D6: records disagree


def test_spellings_of_one_name_are_one_name_and_two_names_are_two() -> None:
    groups = name_groups(["Ahmed", "Hamza", "Hamzeh", "أحمد", "أحمذ", "حزة", "حمزة"])
    assert sorted(sorted(g) for g in groups) == [
        ["Ahmed", "أحمد", "أحمذ"],
        ["Hamza", "Hamzeh", "حزة", "حمزة"],
    ]
    assert len(name_groups(["Mohammad", "محمد", "Mhd", "Mo7ammad"])) == 1


def _given(store: Store, pid: str) -> set[str]:
    records = store.records_by_pk(store.person_records(pid)).values()
    return {r.record.fields["given_name"] for r in records if r.record.fields["given_name"]}


def _years(store: Store, pid: str) -> set[int]:
    records = store.records_by_pk(store.person_records(pid)).values()
    return {
        int(r.record.fields["birth_date"][:4])
        for r in records
        if r.record.fields["birth_date"][:4].isdigit()
    }


def test_spellings_across_records_raise_no_warning(
    app_store: tuple[TestClient, Store],
) -> None:
    client, store = app_store
    spelt = next(
        pid
        for pid in sorted(p.person_id for p in store.persons_summary())
        if len(names := _given(store, pid)) > 1
        and all(compare_parts(a, b)[0] >= Level.KEY for a in names for b in names)
        and len(_years(store, pid)) <= 1
    )
    assert not disagreements(person_file(store, spelt))
    assert 'id="disagreements"' not in signed_in(client, "reviewer").get(f"/persons/{spelt}").text


def test_a_person_of_two_peoples_records_is_flagged_and_sent_to_review(
    app_store: tuple[TestClient, Store],
) -> None:
    """Two persons of different given names, born years apart, merged (as linkage may do with
    brothers): the page lists both names and both years with their records, and points to the
    review of the person (a page that exists, for reviewers)."""
    client, store = app_store
    persons = sorted(p.person_id for p in store.persons_summary())
    first = next(p for p in persons if len(_given(store, p)) == 1 and len(_years(store, p)) == 1)
    (name_a,), (year_a,) = _given(store, first), _years(store, first)
    second = next(
        p
        for p in persons
        if len(_given(store, p)) == 1
        and len(_years(store, p)) == 1
        and compare_parts(name_a, next(iter(_given(store, p))))[0] == Level.DIFFERENT
        and abs(next(iter(_years(store, p))) - year_a) > 2
    )
    (name_b,), (year_b,) = _given(store, second), _years(store, second)
    merged = merge(store, [first, second], "test: two brothers", "test").persons[0]

    signed_in(client, "reviewer")
    html = client.get(f"/persons/{merged}").text
    notice = re.search(
        r'<section class="card disagree" id="disagreements".*?</section>', html, re.S
    )
    assert notice, "no warning on a person whose records disagree"
    text = text_of(notice.group(0))
    for value in (name_a, name_b, str(year_a), str(year_b)):
        assert value in text
    records = store.records_by_pk(store.person_records(merged))
    for pk, r in records.items():
        if r.record.fields["given_name"]:  # each value's records are named
            assert f'href="#record-{pk}"' in notice.group(0)
    assert f'href="/review/persons/{merged}"' in notice.group(0)
    assert client.get(f"/review/persons/{merged}").status_code == 200

    client.post("/logout", data={"csrf_token": web_support.csrf_of(client, "/password")})
    analyst = signed_in(client, "analyst").get(f"/persons/{merged}").text
    assert 'id="disagreements"' in analyst and "/review/persons/" not in analyst


# ---------------------------------------------------------------------- D11: facilities listed


def test_the_map_page_lists_every_facility_with_counts_and_a_link(
    app_store: tuple[TestClient, Store],
) -> None:
    client, store = app_store
    html = signed_in(client, "analyst").get("/map").text
    listing = re.search(r'<section class="card" id="facility-list".*?</section>', html, re.S)
    assert listing, "no list of the facilities beside the map"
    assert 'href="#facility-list"' in html  # a keyboard user can skip the map
    stats = facility_stats(store)
    rows = re.findall(r'<tr id="facility-row-([\w-]+)">(.*?)</tr>', listing.group(0), re.S)
    assert {fid for fid, _ in rows} == {f.id for f in facilities()}
    for fid, row in rows:
        assert f'href="/facilities/{fid}"' in row
        counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        s = stats.get(fid)
        assert counts == ([s.persons, s.records, s.unlinked] if s else [0, 0, 0])
    documented = [fid for fid, _ in rows if fid in stats]
    assert documented == [fid for fid, _ in rows][: len(documented)]  # documented ones first


def test_the_map_page_carries_its_facilities_as_the_api_gives_them(
    app_store: tuple[TestClient, Store],
) -> None:
    # Counting reads every record that names a facility: the page counts once, for its table
    # and its map, rather than the map asking /api/facilities.geojson for a second count.
    client, _store = app_store
    html = signed_in(client, "analyst").get("/map").text
    carried = re.search(r'data-facilities="([^"]*)"', html)
    assert carried, "the map's facilities do not come with the page"
    assert "data-geojson" not in html
    assert json.loads(unescape(carried.group(1))) == client.get("/api/facilities.geojson").json()


def test_count_forms_give_every_arabic_plural_form() -> None:
    forms = count_forms("ar")["persons"]
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}
    assert all("%(num)d" in forms[c] for c in ("few", "many", "other"))
    assert len(set(forms.values())) >= 4  # Arabic words differ by count
    english = count_forms("en")["records"]
    assert english["one"] == "%(num)d record" and english["other"] == "%(num)d records"


# ---------------------------------------------------------------------- D9: dates isolated


def test_facility_dates_are_isolated_in_the_arabic_sentence(
    app_store: tuple[TestClient, Store], built: Built
) -> None:
    client, store = app_store
    html = signed_in(client, "analyst", "ar").get(f"/facilities/{built.facility}").text
    stats = facility_stats(store)[built.facility]
    assert f"{LRI}{stats.first_date}{PDI}" in html and f"{LRI}{stats.last_date}{PDI}" in html
    aliases = re.search(r'<dd class="aliases">(.*?)</dd>', html, re.S)
    assert aliases and '<span dir="auto">' in aliases.group(1)
