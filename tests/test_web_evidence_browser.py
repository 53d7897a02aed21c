"""The import, sighting and attachment pages in a real browser (Debian's chromium through
Playwright, against uvicorn), in Arabic and English; screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from web_evidence_support import ARABIC_CSV, BAD_CSV, PASSWORD, USERS, png

from athar import accounts
from athar.config import settings
from athar.store import Store
from athar.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is not installed (make chromium installs it)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Base URL of a running server on an empty registry with one account per role."""
    import socket

    data = tmp_path_factory.mktemp("evidence-web")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(data))
    for name in ("ATHAR_DATABASE_URL", "ATHAR_KEY_FILE", "ATHAR_BLOB_DIR"):
        mp.delenv(name, raising=False)
    config = settings()
    store = Store.open(config.database_url)
    for name, role in USERS.items():
        accounts.add_user(store, name, role, by="test", password=PASSWORD)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(config, store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    files = data / "files"
    files.mkdir()
    (files / "قائمة العائلات.csv").write_bytes(ARABIC_CSV.encode("cp1256"))
    (files / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
    (files / "photo.png").write_bytes(png((90, 60, 40), (320, 240)))
    try:
        yield f"http://127.0.0.1:{port}", files
    finally:
        jobs = getattr(app.state, "jobs", None)
        for job in jobs.jobs() if jobs else []:
            jobs.wait(job.id, timeout=120)  # no job may outlive the registry it works on
        server.should_exit = True
        thread.join(timeout=10)
        store.close()
        mp.undo()


def sign_in(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/**")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_import_sighting_and_attachments_in_both_languages(server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, files = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            # ---------------------------------------------------------- import, in Arabic
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            sign_in(page, base, "caseworker")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            page.click("nav >> text=استيراد")
            page.set_input_files("#import-file", str(files / "bad.csv"))
            page.fill("#import-source", "bad_list")
            page.click("#import-upload")
            expect(page.locator("#problems")).to_contain_text("31/02/1990")
            expect(page.locator("#problems")).to_contain_text("birth_date")
            expect(page.locator("#start-import")).to_have_count(0)
            shot(page, "import-bad-ar.png")

            page.goto(base + "/import")
            page.set_input_files("#import-file", str(files / "قائمة العائلات.csv"))
            page.fill("#import-source", "family_reports")
            page.select_option("#import-kind", "family_report")
            page.click("#import-upload")
            expect(page.locator("#columns select[data-header='الكنية']")).to_have_value(
                "family_name"
            )
            page.select_option("#columns select[data-header='الرقم']", "record_id")
            page.click("#apply-mapping")
            expect(page.locator("#columns select[data-header='الرقم']")).to_have_value("record_id")
            expect(page.locator("#first-rows")).to_contain_text("الحلبي")
            shot(page, "import-preview-ar.png")
            page.click("#start-import")
            expect(page.locator("#job-state")).to_have_attribute(
                "data-state", "done", timeout=20_000
            )
            expect(page.locator("#job-result")).to_contain_text("family_reports")
            shot(page, "import-job-ar.png")

            page.click("#relink")
            expect(page.locator("#job-state")).to_have_attribute(
                "data-state", "done", timeout=30_000
            )
            expect(page.locator("#job-result")).to_contain_text("2")
            shot(page, "relink-job-ar.png")

            # ---------------------------------------------------------- sighting, in English
            page.click("#lang-en")
            expect(page.locator("html")).to_have_attribute("dir", "ltr")
            page.click("nav >> text=Record a sighting")
            page.fill("input[name=given_name]", "Khaled")
            page.fill("input[name=father_name]", "Omar")
            page.fill("input[name=family_name]", "Al-Shami")
            page.fill("input[name=facility]", "Saydnaya")
            page.fill("input[name=seen_date]", "2016-05")
            page.fill("textarea[name=condition]", "very thin, a wound on the left arm")
            page.fill("input[name=witness_name]", "Umm Fadi")
            page.fill("input[name=witness_contact]", "+963 944 123 456")
            page.fill("input[name=witness_relation]", "cellmate")
            shot(page, "sighting-form-en.png")
            page.click("#record-sighting")
            expect(page.locator("#witness-name")).to_have_text("Umm Fadi")
            expect(page.locator("#statement-facility")).to_contain_text("Sednaya")
            statement_url = page.url.split("?")[0]
            shot(page, "sighting-en.png")

            # ---------------------------------------------------------- attachments
            page.click("#attachments-link")
            page.set_input_files("#attach-file", str(files / "photo.png"))
            page.check("#attach-dead")
            page.click("#attach-submit")
            expect(page.locator("#attachments .tag.warn")).to_be_visible()
            shot(page, "attachments-en.png")
            page.click("#attachments a")
            expect(page.locator("#blurred-note")).to_be_visible()
            page.click("#reveal")
            expect(page.locator("#revealed-note")).to_be_visible()
            src = page.locator("#attachment-image").get_attribute("src")
            assert src is not None and src.endswith("?reveal=1")
            shot(page, "attachment-revealed-en.png")
            page.close()

            # ---------------------------------------------------------- others see no witness
            for name, lang in (("analyst", "ar"), ("caseworker2", "en")):
                other = browser.new_page(viewport={"width": 1200, "height": 800})
                sign_in(other, base, name)
                if lang == "en":
                    other.click("#lang-en")
                other.goto(statement_url)
                expect(other.locator("#witness-restricted")).to_be_visible()
                assert "Umm Fadi" not in other.content() and "944 123" not in other.content()
                shot(other, f"sighting-restricted-{name}-{lang}.png")
                other.click("#attachments-link")
                other.click("#attachments a")
                expect(other.locator("#blurred-note")).to_be_visible()
                if name == "analyst":
                    expect(other.locator("#reveal")).to_have_count(0)
                    shot(other, "attachment-blurred-analyst-ar.png")
                other.close()
        finally:
            browser.close()
