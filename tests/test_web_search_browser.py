"""The search page in a real browser (Debian's chromium, Playwright) against uvicorn: HTMX swaps
the results in without a reload and pushes a URL that can be shared; Arabic and English.
Screenshots: ``test-artifacts/search-*.png``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from search_web_support import PASSWORD, Registry, search_registry  # noqa: F401
from web_support import ARTIFACTS, CHROMIUM, new_page, serving

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is not installed (make chromium installs it)"
)


@pytest.fixture(scope="module")
def base(search_registry: Registry) -> Iterator[str]:  # noqa: F811
    with serving(search_registry.config, search_registry.store, close=False) as (url, _app):
        yield url


def test_search_in_arabic_and_english(
    base: str,
    search_registry: Registry,  # noqa: F811
    browser: object,
) -> None:
    from playwright.sync_api import expect

    person = search_registry.written_only(arabic=False)[0]
    query = f"{person.given.arabic} {person.family.arabic}"
    ARTIFACTS.mkdir(exist_ok=True)
    page = new_page(browser, 1200, 900)
    page.goto(base + "/login?next=/search")
    page.fill("input[name=name]", "caseworker")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/search")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("nav a[aria-current=page]")).to_have_text("بحث")

    # HTMX: the results come in place, the page is not reloaded, the URL keeps the query
    page.evaluate("window.notReloaded = true")
    page.fill("#q", query)
    page.click("summary")
    page.select_option("#limit", "10")
    page.click("#search-button")
    expect(page.locator("#search-results li.result").first).to_be_visible()
    assert page.evaluate("window.notReloaded === true")
    assert parse_qs(urlparse(page.url).query)["q"] == [query]
    first = page.locator("#result-1")
    expect(first.locator("a.result-name")).to_have_attribute("href", re.compile(r"^/persons/P-"))
    expect(first.locator("ul.why")).to_contain_text("«")
    page.screenshot(path=str(ARTIFACTS / "search-results-ar.png"), full_page=True)

    # the same URL, opened fresh (shared with a colleague), shows the same results
    shared = page.url
    other = new_page(browser, 1200, 900)
    other.context.add_cookies(page.context.cookies())
    other.goto(shared)
    expect(other.locator("#q")).to_have_value(query)
    expect(other.locator("#result-1 .result-name")).to_have_text(
        first.locator(".result-name").inner_text()
    )
    other.close()

    # English, left to right, the same search
    page.click("#lang-en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Search")
    expect(page.locator("#search-summary")).to_contain_text("best first")
    latin = f"{person.given.latin[0]} {person.family.latin[0]} {person.birth.year}"
    page.fill("#q", latin)
    page.click("#search-button")
    expect(page.locator("#search-summary")).to_contain_text(
        f"Read {person.birth.year} in the text as the birth year."
    )
    expect(page.locator("#result-1 ul.why")).to_contain_text("birth year")
    page.screenshot(path=str(ARTIFACTS / "search-results-en.png"), full_page=True)

    page.fill("#q", "1999")
    page.click("#search-button")
    expect(page.locator("#search-error")).to_contain_text("Type at least one name")
    page.click("#lang-ar")
    expect(page.locator("#search-error")).to_contain_text("اكتب اسمًا واحدًا")
    page.screenshot(path=str(ARTIFACTS / "search-error-ar.png"), full_page=True)
    assert (ARTIFACTS / "search-results-ar.png").stat().st_size > 10_000
