"""The map, a facility and a person in a real browser (chromium via Playwright against uvicorn),
in Arabic and English. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from person_registry import PASSWORD, Built, copy_registry
from web_support import ARTIFACTS, needs_chromium, new_page, page_errors, serving, shot, sign_in

from athar.config import settings
from athar.store import Store

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built]]:
    mp = pytest.MonkeyPatch()
    try:
        built, _home = copy_registry(tmp_path_factory, mp, "person-browser")
        config = settings()
        with serving(config, Store.open(config.database_url)) as (base, _app):
            yield base, built
    finally:
        mp.undo()


def test_map_facility_and_person_in_both_languages(served: tuple[str, Built], browser: Any) -> None:
    from playwright.sync_api import expect

    base, built = served
    page = new_page(browser)
    errors = page_errors(page)
    try:
        sign_in(page, base, "caseworker", PASSWORD)
        html = page.locator("html")
        expect(html).to_have_attribute("dir", "rtl")

        # the map, in Arabic: markers from the GeoJSON, a popup leading to the facility
        page.click("nav >> text=الخريطة")
        page.wait_for_url(base + "/map")
        expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
        expect(page.locator(".leaflet-overlay-pane path").first).to_be_visible()
        page.wait_for_timeout(400)  # the outline and the fit to bounds
        shot(page, "map-ar", full_page=False)
        page.locator("path.facility-sednaya").first.dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("سجن صيدنايا العسكري")
        expect(popup).to_contain_text("الموقع الدقيق")
        page.wait_for_timeout(400)  # the pan that brings the popup into view
        shot(page, "map-popup-ar", full_page=False)
        link = popup.locator("a.popup-link[href='/facilities/sednaya']")
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_url(base + "/facilities/sednaya")

        # the facility page: events with sources, arrivals, the people leading on
        expect(page.locator("#events")).to_contain_text("تحرير")
        expect(page.locator("#events")).to_contain_text("example.org/sednaya-liberation")
        expect(page.locator("#facility-spot[data-loaded]")).to_be_attached()
        shot(page, "facility-ar")
        page.locator("#people a[href^='/persons/']").first.click()
        page.wait_for_url(base + "/persons/**")
        expect(page.locator("#last-known")).to_contain_text("آخر ما عُرف:")

        # a person with a transfer: timeline, map, records side by side
        page.goto(base + f"/persons/{built.person}")
        expect(page.locator("ol.timeline")).to_contain_text("نقل")
        expect(page.locator("#journey-map[data-loaded]")).to_be_attached()
        expect(page.locator(".step-label").first).to_be_visible()
        shot(page, "person-ar")

        page.click("#lang-en")
        expect(html).to_have_attribute("dir", "ltr")
        expect(page.locator("#journey h2")).to_have_text("Journey")
        expect(page.locator("ol.timeline")).to_contain_text("Transfer")
        shot(page, "person-en")

        # the dead: blurred photo, revealed only on the caseworker's click
        page.goto(base + f"/persons/{built.dead}")
        expect(page.locator("#person-status")).to_have_text("deceased")
        expect(page.locator("img.thumb.dead")).to_be_visible()
        assert page.locator("a.reveal").count() == 1
        shot(page, "person-dead-en")

        # the statement's caseworker sees the witness in place
        page.goto(base + f"/persons/{built.witnessed}")
        page.click("text=Show the witness")
        expect(page.locator(f"#witness-{built.statement_pk}")).to_contain_text("Abu Khaled")

        # a caseworker documents an event on the facility page
        page.goto(base + "/facilities/sednaya")
        page.click("text=Add an event with its sources")
        page.select_option("select[name=kind]", "transfer")
        page.fill("input[name=date]", "2013-07")
        page.fill("textarea[name=description]", "Detainees moved from Branch 215")
        page.fill("textarea[name=urls]", "https://example.org/transfer")
        page.click("#event-form button[type=submit]")
        page.wait_for_url(base + "/facilities/sednaya**")
        expect(page.locator("#events")).to_contain_text("Detainees moved from Branch 215")
        shot(page, "facility-en")

        page.goto(base + "/map")
        expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
        page.locator("path.facility-sednaya").first.dispatch_event("click")
        expect(page.locator(".leaflet-popup-content")).to_contain_text("Sednaya Military Prison")
        page.wait_for_timeout(400)
        shot(page, "map-en", full_page=False)
        assert not errors, errors
    finally:
        page.close()
    assert (ARTIFACTS / "person-ar.png").stat().st_size > 10_000
