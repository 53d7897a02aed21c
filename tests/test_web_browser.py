"""The web app in a real browser: Debian's chromium driven by Playwright against uvicorn on a
free local port, on a small synthetic registry. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web_support import ARTIFACTS, needs_chromium, new_page, serving, shot

from athar import accounts
from athar.config import settings
from athar.ingest.importer import import_file
from athar.store import Store
from athar.synth import generate

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Base URL of a running server and the one-time password of its admin."""
    data = tmp_path_factory.mktemp("registry")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(data))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    try:
        config = settings()
        summary = generate(persons=40, seed=3, out_dir=data / "sources")
        store = Store.open(config.database_url)
        for name in sorted(summary.records):
            if name != "truth.csv":
                import_file(store, data / "sources" / name, by="test")
        secret = accounts.add_user(store, "admin", "admin", by="test").secret
        with serving(config, store) as (base, _app):
            yield base, secret
    finally:
        mp.undo()


def test_sign_in_change_password_and_switch_language(server: tuple[str, str], browser: Any) -> None:
    from playwright.sync_api import expect

    base, one_time = server
    page = new_page(browser, 1200, 800)
    try:
        page.goto(base + "/")
        assert page.url.startswith(base + "/login")
        html = page.locator("html")
        expect(html).to_have_attribute("dir", "rtl")
        expect(html).to_have_attribute("lang", "ar")
        shot(page, "login-ar")

        page.fill("input[name=name]", "admin")
        page.fill("input[name=password]", "not the password")
        page.click("button[type=submit]")
        expect(page.locator(".error")).to_be_visible()

        page.fill("input[name=password]", one_time)
        page.click("main button[type=submit]")
        page.wait_for_url(base + "/password")
        page.fill("input[name=current]", one_time)
        page.fill("input[name=new]", "browser tested secret")
        page.fill("input[name=confirm]", "browser tested secret")
        page.click("main button[type=submit]")
        page.wait_for_url(base + "/")
        expect(page.locator(".flash")).to_have_text("تم تغيير كلمة المرور.")
        page.reload()
        expect(page.locator(".flash")).to_have_count(0)  # shown once, not on a reload
        records = page.locator("#count-records").inner_text()
        assert int(records.replace(",", "").replace("٬", "")) > 40
        # the Arabic face is the vendored Naskh, and it loaded
        assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'أثر')")
        shot(page, "home-ar")

        page.click("#lang-en")
        expect(html).to_have_attribute("dir", "ltr")
        expect(html).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_text("The registry")
        page.click("nav >> text=Users")
        expect(page.locator("table.list")).to_contain_text("admin")
        shot(page, "users-en")

        page.click("#lang-ar")
        expect(html).to_have_attribute("dir", "rtl")
        page.click("header button:has-text('تسجيل الخروج')")
        page.wait_for_url(base + "/login")
        expect(page.locator(".flash")).to_be_visible()
        page.goto(base + "/")
        assert page.url.startswith(base + "/login")
    finally:
        page.close()
    assert (ARTIFACTS / "home-ar.png").stat().st_size > 10_000
