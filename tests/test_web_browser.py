"""The web app in a real browser: Debian's chromium driven by Playwright against uvicorn on a
free local port, on a small synthetic registry. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from athar import accounts
from athar.config import settings
from athar.ingest.importer import import_file
from athar.store import Store
from athar.synth import generate
from athar.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is not installed (make chromium installs it)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Base URL of a running server and the one-time password of its admin."""
    data = tmp_path_factory.mktemp("registry")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(data))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    config = settings()
    summary = generate(persons=40, seed=3, out_dir=data / "sources")
    store = Store.open(config.database_url)
    for name in sorted(summary.records):
        if name != "truth.csv":
            import_file(store, data / "sources" / name, by="test")
    secret = accounts.add_user(store, "admin", "admin", by="test").secret
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
        yield f"http://127.0.0.1:{port}", secret
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
        mp.undo()


def test_sign_in_change_password_and_switch_language(server: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, one_time = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(base + "/")
            assert page.url.startswith(base + "/login")
            html = page.locator("html")
            expect(html).to_have_attribute("dir", "rtl")
            expect(html).to_have_attribute("lang", "ar")
            page.screenshot(path=str(ARTIFACTS / "login-ar.png"), full_page=True)

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
            page.wait_for_url(base + "/?flash=password-changed")
            expect(page.locator(".flash")).to_have_text("تم تغيير كلمة المرور.")
            records = page.locator("#count-records").inner_text()
            assert int(records.replace(",", "").replace("٬", "")) > 40
            # the Arabic face is the vendored Naskh, and it loaded
            assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'أثر')")
            page.screenshot(path=str(ARTIFACTS / "home-ar.png"), full_page=True)

            page.click("#lang-en")
            expect(html).to_have_attribute("dir", "ltr")
            expect(html).to_have_attribute("lang", "en")
            expect(page.locator("h1")).to_have_text("The registry")
            page.click("nav >> text=Users")
            expect(page.locator("table.list")).to_contain_text("admin")
            page.screenshot(path=str(ARTIFACTS / "users-en.png"), full_page=True)

            page.click("#lang-ar")
            expect(html).to_have_attribute("dir", "rtl")
            page.click("header button:has-text('تسجيل الخروج')")
            page.wait_for_url(base + "/login?flash=signed-out")
            page.goto(base + "/")
            assert page.url.startswith(base + "/login")
        finally:
            browser.close()
    assert (ARTIFACTS / "home-ar.png").stat().st_size > 10_000
