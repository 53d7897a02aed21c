"""Defects of the usability audit that only a browser shows (chromium via Playwright against
uvicorn, on the casework tests' registry), in Arabic and English:

- D1: on a phone (390 × 844) the nav did not wrap and pages ran off the screen, in Arabic onto
  empty space with the cards cut in half. No page may scroll sideways, and the nav stays on it.
- D9 and D11: the map popup's date and aliases scrambled in right-to-left text, its counts in
  the wrong Arabic plural; the facility markers out of reach of the keyboard.

Screenshots go to ``test-artifacts/layout-*.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import web_support
from casework_web import PASSWORD, copy_registry, sought_of
from web_support import needs_chromium, new_page, page_errors, serving, sign_in

from athar.config import settings
from athar.inquiries import register_inquiry
from athar.store import Store
from athar.store.casework_api import current_partition
from athar.web.i18n import translations

pytestmark = needs_chromium

PHONE = (390, 844)

# What the page must show before it is measured (content that comes late can widen it).
READY = {
    "home": "main",
    "search": "#search-results li.result",
    "person": "#records",
    "inquiry": "article.candidate",
    "review": "article.pair",
    "map": "#facility-map[data-loaded]",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    mp = pytest.MonkeyPatch()
    try:
        copy_registry(tmp_path_factory.mktemp("layout-browser"), mp)  # type: ignore[arg-type]
        store = Store.open(settings().database_url)
        partition = current_partition(store)
        person = max(sorted(partition), key=lambda p: len(partition[p]))  # the widest table
        sought = sought_of(store, store.person_records(person)[0])
        inquiry_id, candidates = register_inquiry(
            store,
            sought,
            requester_name="أم خالد",
            requester_relation="mother",
            contact="+963 944 000 111",
            consent_given=True,
            consent_how="signed form",
            by="caseworker",
        )
        assert candidates
        query = f"{sought['given_name']} {sought['family_name']}"
        paths = {
            "home": "/",
            "search": "/search?" + urlencode({"q": query}),
            "person": f"/persons/{person}",
            "inquiry": f"/inquiries/{inquiry_id}",
            "review": "/review",
            "map": "/map",
        }
        with serving(settings(), store) as (base, _app):
            yield base, paths
    finally:
        mp.undo()


def overflow(page: Any) -> dict[str, Any]:
    """How wide the document is against the window, and the nav's links off the screen."""
    return dict(
        page.evaluate(
            """() => ({
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth,
              navOff: [...document.querySelectorAll('nav.nav a')]
                .filter(a => { const r = a.getBoundingClientRect();
                               return r.left < 0 || r.right > window.innerWidth; })
                .map(a => a.textContent.trim()),
            })"""
        )
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_page_scrolls_sideways_on_a_phone(
    server: tuple[str, dict[str, str]], browser: Any, lang: str
) -> None:
    from playwright.sync_api import expect

    base, paths = server
    page = new_page(browser, *PHONE)
    errors = page_errors(page)
    try:
        sign_in(page, base, "admin", PASSWORD)  # the admin's nav is the longest
        page.context.add_cookies([{"name": "athar_lang", "value": lang, "url": base}])
        for name, path in paths.items():
            page.goto(base + path)
            expect(page.locator("html")).to_have_attribute("lang", lang)
            expect(page.locator(READY[name]).first).to_be_attached()
            page.wait_for_load_state("networkidle")
            web_support.shot(page, f"layout-390-{lang}-{name}")
            seen = overflow(page)
            assert seen["scrollWidth"] <= seen["innerWidth"], (name, seen)
            assert not seen["navOff"], (name, seen)
        assert not errors, errors
    finally:
        page.close()


def test_map_popup_isolates_dates_and_names_and_counts_in_arabic_plurals(
    server: tuple[str, dict[str, str]], browser: Any
) -> None:
    from playwright.sync_api import expect

    base, _paths = server
    page = new_page(browser)
    errors = page_errors(page)
    try:
        sign_in(page, base, "analyst", PASSWORD)
        page.goto(base + "/map")
        expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
        geo = page.evaluate("fetch('/api/facilities.geojson').then(r => r.json())")
        busiest = max(
            (f["properties"] for f in geo["features"]),
            key=lambda p: (p["persons"], len(p["aliases"])),
        )
        assert busiest["persons"] > 2 and busiest["last_date"]
        page.locator(f"path.facility-{busiest['id']}").first.dispatch_event("click")
        block = page.locator(".leaflet-popup-content .popup-facility").filter(
            has_text=busiest["name_ar"]
        )
        expect(block).to_be_visible()
        expect(page.locator(".leaflet-popup-content .popup")).to_have_attribute("dir", "rtl")

        # the counts take the plural form gettext gives for that number (23 شخصًا, not 23 أشخاص)
        ngettext = translations("ar").ngettext
        persons = ngettext("%(num)d person", "%(num)d people", busiest["persons"]) % {
            "num": busiest["persons"]
        }
        records = ngettext("%(num)d record", "%(num)d records", busiest["records"]) % {
            "num": busiest["records"]
        }
        expect(block).to_contain_text(f"{persons} · {records}")

        # the date reads left to right inside the Arabic line; each alias is isolated
        expect(block.locator(".last-date bdi[dir=ltr]")).to_have_text(busiest["last_date"])
        shown_aliases = [
            a for a in busiest["aliases"] if a not in (busiest["name_ar"], busiest["name_en"])
        ][:6]
        if shown_aliases:
            expect(block.locator(".aliases bdi")).to_have_text(shown_aliases)
        page.wait_for_timeout(400)  # the pan that brings the popup into view
        web_support.shot(page, "layout-map-popup-ar", full_page=False)
        assert not errors, errors
    finally:
        page.close()


def test_map_markers_open_by_keyboard_and_the_list_works_without_the_map(
    server: tuple[str, dict[str, str]], browser: Any
) -> None:
    from playwright.sync_api import expect

    base, _paths = server
    page = new_page(browser)
    try:
        sign_in(page, base, "analyst", PASSWORD)
        page.context.add_cookies([{"name": "athar_lang", "value": "en", "url": base}])
        page.goto(base + "/map")
        expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
        marker = page.locator("path.facility-marker").first
        expect(marker).to_have_attribute("tabindex", "0")
        expect(marker).to_have_attribute("role", "button")
        label = marker.get_attribute("aria-label")
        assert label and ":" in label  # the facility's name and its people
        marker.focus()
        page.keyboard.press("Enter")
        link = page.locator(".leaflet-popup-content a.popup-link").first
        expect(link).to_be_focused()

        # the list: reached from the skip link, each facility a link to its page
        page.click("#skip-map")
        expect(page.locator("#facility-list")).to_be_in_viewport()
        first = page.locator("#facility-list tbody tr").first.locator("a")
        href = first.get_attribute("href")
        first.click()
        page.wait_for_url(base + str(href))
        expect(page.locator("#facility-name")).to_be_visible()
    finally:
        page.close()
