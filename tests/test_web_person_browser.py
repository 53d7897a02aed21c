"""The map, a facility and a person in a real browser (chromium via Playwright against uvicorn),
in Arabic and English. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from person_registry import PASSWORD, Built, copy_registry
from test_web_browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, free_port

from athar.config import settings
from athar.store import Store
from athar.web import create_app

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is not installed (make chromium installs it)"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Built]]:
    mp = pytest.MonkeyPatch()
    built, _home = copy_registry(tmp_path_factory, mp, "person-browser")
    config = settings()
    store = Store.open(config.database_url)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config, store=store), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", built
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
        mp.undo()


def test_map_facility_and_person_in_both_languages(served: tuple[str, Built]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, built = served
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: errors.append(msg.text) if msg.type == "error" else None,
            )
            page.goto(base + "/login")
            page.fill("input[name=name]", "caseworker")
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(base + "/**")
            html = page.locator("html")
            expect(html).to_have_attribute("dir", "rtl")

            # the map, in Arabic: markers from the GeoJSON, a popup leading to the facility
            page.click("nav >> text=الخريطة")
            page.wait_for_url(base + "/map")
            expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
            expect(page.locator(".leaflet-overlay-pane path").first).to_be_visible()
            page.wait_for_timeout(400)  # the outline and the fit to bounds
            page.screenshot(path=str(ARTIFACTS / "map-ar.png"))
            page.locator("path.facility-sednaya").first.dispatch_event("click")
            popup = page.locator(".leaflet-popup-content")
            expect(popup).to_contain_text("سجن صيدنايا العسكري")
            expect(popup).to_contain_text("الموقع الدقيق")
            page.wait_for_timeout(400)  # the pan that brings the popup into view
            page.screenshot(path=str(ARTIFACTS / "map-popup-ar.png"))
            link = popup.locator("a.popup-link[href='/facilities/sednaya']")
            link.scroll_into_view_if_needed()
            link.click()
            page.wait_for_url(base + "/facilities/sednaya")

            # the facility page: events with sources, arrivals, the people leading on
            expect(page.locator("#events")).to_contain_text("تحرير")
            expect(page.locator("#events")).to_contain_text("example.org/sednaya-liberation")
            expect(page.locator("#facility-spot[data-loaded]")).to_be_attached()
            page.screenshot(path=str(ARTIFACTS / "facility-ar.png"), full_page=True)
            page.locator("#people a[href^='/persons/']").first.click()
            page.wait_for_url(base + "/persons/**")
            expect(page.locator("#last-known")).to_contain_text("آخر ما عُرف:")

            # a person with a transfer: timeline, map, records side by side
            page.goto(base + f"/persons/{built.person}")
            expect(page.locator("ol.timeline")).to_contain_text("نقل")
            expect(page.locator("#journey-map[data-loaded]")).to_be_attached()
            expect(page.locator(".step-label").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "person-ar.png"), full_page=True)

            page.click("#lang-en")
            expect(html).to_have_attribute("dir", "ltr")
            expect(page.locator("#journey h2")).to_have_text("Journey")
            expect(page.locator("ol.timeline")).to_contain_text("Transfer")
            page.screenshot(path=str(ARTIFACTS / "person-en.png"), full_page=True)

            # the dead: blurred photo, revealed only on the caseworker's click
            page.goto(base + f"/persons/{built.dead}")
            expect(page.locator("#person-status")).to_have_text("deceased")
            expect(page.locator("img.thumb.dead")).to_be_visible()
            assert page.locator("a.reveal").count() == 1
            page.screenshot(path=str(ARTIFACTS / "person-dead-en.png"), full_page=True)

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
            page.screenshot(path=str(ARTIFACTS / "facility-en.png"), full_page=True)

            page.goto(base + "/map")
            expect(page.locator("#facility-map[data-loaded]")).to_be_attached()
            page.locator("path.facility-sednaya").first.dispatch_event("click")
            expect(page.locator(".leaflet-popup-content")).to_contain_text(
                "Sednaya Military Prison"
            )
            page.wait_for_timeout(400)
            page.screenshot(path=str(ARTIFACTS / "map-en.png"))
            assert not errors, errors
        finally:
            browser.close()
    assert (ARTIFACTS / "person-ar.png").stat().st_size > 10_000
