"""The review and inquiry pages in a real browser (Debian's chromium, Playwright, uvicorn), in
Arabic and English: a reviewer decides a pair without a page reload and undoes it; a caseworker
registers an inquiry and sees its candidates and, on a click, the family's contact.
Screenshots go to ``test-artifacts/casework-*.png``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import web_support
from casework_web import PASSWORD, copy_registry, sought_of
from web_support import needs_chromium, new_page, serving, sign_in

from athar.config import settings
from athar.store import Store
from athar.store.casework_api import current_partition

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    mp = pytest.MonkeyPatch()
    try:
        copy_registry(tmp_path_factory.mktemp("casework-browser"), mp)  # type: ignore[arg-type]
        store = Store.open(settings().database_url)
        with serving(settings(), store) as (base, _app):
            yield base, store
    finally:
        mp.undo()


def shot(page: Any, name: str) -> None:
    web_support.shot(page, f"casework-{name}")


def test_reviewer_decides_and_undoes_without_reload(
    server: tuple[str, Store], browser: Any
) -> None:
    from playwright.sync_api import expect

    base, _store = server
    page = sign_in(new_page(browser), base, "reviewer", PASSWORD)
    try:
        page.goto(base + "/review")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        first = page.locator("article.pair").first
        pair_id = first.get_attribute("id")
        assert pair_id
        page.evaluate("window.__stay = 'no reload'")  # gone if the page reloads
        shot(page, "review-ar")
        first.locator("input[name=reason]").fill("أمّان مختلفتان")
        first.locator("button.reject").click()
        expect(page.locator(f"#{pair_id}")).to_have_count(0)
        expect(page.locator(".decided")).to_be_visible()
        act = page.locator("#recent li.act").first
        expect(act).to_contain_text("أمّان مختلفتان")
        assert page.evaluate("window.__stay") == "no reload"
        shot(page, "review-decided-ar")

        act.locator("button.undo").click()
        expect(page.locator(f"#{pair_id}")).to_have_count(1)
        expect(page.locator("#recent li.act.undone")).to_have_count(1)
        assert page.evaluate("window.__stay") == "no reload"

        a, b = pair_id.split("-")[1:]
        page.goto(f"{base}/review/pair/{a}/{b}")
        expect(page.locator("#pair-table")).to_be_visible()
        shot(page, "pair-ar")
        page.click("#lang-en")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.locator("h1")).to_have_text("Two records side by side")
        shot(page, "pair-en")
        page.goto(base + "/review")
        expect(page.locator("#recent-title")).to_have_text("Recent decisions")
        shot(page, "review-en")
    finally:
        page.close()


def test_caseworker_registers_an_inquiry_and_sees_candidates(
    server: tuple[str, Store], browser: Any
) -> None:
    from playwright.sync_api import expect

    base, store = server
    pk = store.person_records(sorted(current_partition(store))[5])[0]
    sought = sought_of(store, pk)
    page = sign_in(new_page(browser), base, "caseworker", PASSWORD)
    try:
        page.click("#lang-en")
        page.goto(base + "/inquiries")
        page.click("#new-inquiry")
        page.click("#register")  # empty: errors beside the fields
        expect(page.locator("#error-given_name")).to_be_visible()
        expect(page.locator("#error-consent_how")).to_be_visible()
        shot(page, "inquiry-new-errors-en")
        for name, value in sought.items():
            page.fill(f"input[name={name}]", value)
        page.select_option("select[name=sex]", "m")
        page.fill("input[name=requester_name]", "Umm Khaled")
        page.fill("input[name=requester_relation]", "mother")
        page.fill("input[name=contact]", "+963 944 000 222")
        page.check("input[name=consent_given]")
        page.fill("input[name=consent_how]", "signed form")
        page.click("#register")
        page.wait_for_url(base + "/inquiries/*")
        expect(page.locator("article.candidate").first).to_be_visible()
        expect(page.locator("#status")).to_contain_text("candidates")
        expect(page.locator("body")).not_to_contain_text("+963 944 000 222")
        page.click("#show-contact")
        expect(page.locator("#contact")).to_contain_text("+963 944 000 222")
        page.locator("details.why").first.locator("summary").click()
        shot(page, "inquiry-en")
        inquiry_url = page.url.split("?")[0]

        page.click("#lang-ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.goto(inquiry_url)
        expect(page.locator("article.candidate").first).to_be_visible()
        page.locator("details.why").first.locator("summary").click()
        shot(page, "inquiry-ar")
        expect(page.locator("#badge-alerts")).to_be_visible()
        page.click("nav >> text=التنبيهات")
        expect(page.locator("#alerts tbody tr").first).to_be_visible()
        shot(page, "alerts-ar")
        page.goto(base + "/inquiries")
        shot(page, "inquiries-ar")
        page.goto(base + "/inquiries/new")
        page.click("#register")
        expect(page.locator("#error-given_name")).to_be_visible()
        shot(page, "inquiry-new-errors-ar")
    finally:
        page.close()
