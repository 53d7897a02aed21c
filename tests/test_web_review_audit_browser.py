"""The review queue in a real browser (chromium, Playwright, uvicorn): after an HTMX decision
the keyboard focus stays where the pair was (Tab goes on to the next pair, not to the top of the
page) and the queue's count goes down by one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from casework_web import PASSWORD, copy_registry
from web_support import needs_chromium, new_page, serving, shot, sign_in

from athar.config import settings
from athar.store import Store

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    mp = pytest.MonkeyPatch()
    try:
        copy_registry(tmp_path_factory.mktemp("review-audit-browser"), mp)  # type: ignore[arg-type]
        store = Store.open(settings().database_url)
        with serving(settings(), store) as (url, _app):
            yield url
    finally:
        mp.undo()


def test_focus_and_count_after_a_decision(base: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = sign_in(new_page(browser), base, "reviewer", PASSWORD)
    try:
        page.goto(base + "/review")
        count = page.locator("#queue-count")
        before = int(count.inner_text().strip("()"))
        first, second = page.locator("article.pair").nth(0), page.locator("article.pair").nth(1)
        next_link = second.locator("h3 a").get_attribute("href")
        first.locator("input[name=reason]").focus()
        for _ in ("Same person", "Different persons", "Unsure"):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # unsure: regroups nothing, so one pair fewer in all
        expect(page.locator(".decided")).to_be_focused()
        expect(count).to_have_text(f"({before - 1})")
        shot(page, "review-audit-after-decide-ar")
        page.keyboard.press("Tab")  # on to the next pair, not back to the top of the page
        assert page.evaluate("document.activeElement.getAttribute('href')") == next_link
    finally:
        page.close()
