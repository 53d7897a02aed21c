"""The import, sighting and attachment pages in a real browser (Debian's chromium through
Playwright, against uvicorn), in Arabic and English; screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_evidence_support import ARABIC_CSV, BAD_CSV, PASSWORD, USERS, png
from web_support import needs_chromium, new_page, serving, shot, sign_in

from athar import accounts
from athar.config import settings
from athar.store import Store

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Base URL of a running server on an empty registry with one account per role."""
    data = tmp_path_factory.mktemp("evidence-web")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(data))
    for name in ("ATHAR_DATABASE_URL", "ATHAR_KEY_FILE", "ATHAR_BLOB_DIR"):
        mp.delenv(name, raising=False)
    try:
        config = settings()
        store = Store.open(config.database_url)
        for name, role in USERS.items():
            accounts.add_user(store, name, role, by="test", password=PASSWORD)
        files = data / "files"
        files.mkdir()
        (files / "قائمة العائلات.csv").write_bytes(ARABIC_CSV.encode("cp1256"))
        (files / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
        (files / "photo.png").write_bytes(png((90, 60, 40), (320, 240)))
        with serving(config, store) as (base, _app):
            yield base, files
    finally:
        mp.undo()


def test_import_sighting_and_attachments_in_both_languages(
    server: tuple[str, Path], browser: Any
) -> None:
    from playwright.sync_api import expect

    base, files = server
    page = sign_in(new_page(browser, 1200, 800), base, "caseworker", PASSWORD)
    try:
        # ---------------------------------------------------------- import, in Arabic
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.click("nav >> text=استيراد")
        page.set_input_files("#import-file", str(files / "bad.csv"))
        page.fill("#import-source", "bad_list")
        page.click("#import-upload")
        expect(page.locator("#problems")).to_contain_text("31/02/1990")
        expect(page.locator("#problems")).to_contain_text("birth_date")
        expect(page.locator("#start-import")).to_have_count(0)
        shot(page, "import-bad-ar")

        page.goto(base + "/import")
        page.set_input_files("#import-file", str(files / "قائمة العائلات.csv"))
        page.fill("#import-source", "family_reports")
        page.select_option("#import-kind", "family_report")
        page.click("#import-upload")
        expect(page.locator("#columns select[data-header='الكنية']")).to_have_value("family_name")
        page.select_option("#columns select[data-header='الرقم']", "record_id")
        page.click("#apply-mapping")
        expect(page.locator("#columns select[data-header='الرقم']")).to_have_value("record_id")
        expect(page.locator("#first-rows")).to_contain_text("الحلبي")
        shot(page, "import-preview-ar")
        page.click("#start-import")
        expect(page.locator("#job-state")).to_have_attribute("data-state", "done", timeout=20_000)
        expect(page.locator("#job-result")).to_contain_text("family_reports")
        shot(page, "import-job-ar")

        page.click("#relink")
        expect(page.locator("#job-state")).to_have_attribute("data-state", "done", timeout=30_000)
        expect(page.locator("#job-result")).to_contain_text(
            "سجلان"
        )  # two records: the Arabic dual, no digit
        shot(page, "relink-job-ar")

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
        shot(page, "sighting-form-en")
        page.click("#record-sighting")
        expect(page.locator("#witness-name")).to_have_text("Umm Fadi")
        expect(page.locator("#statement-facility")).to_contain_text("Sednaya")
        statement_url = page.url.split("?")[0]
        shot(page, "sighting-en")

        # ---------------------------------------------------------- attachments
        page.click("#attachments-link")
        page.set_input_files("#attach-file", str(files / "photo.png"))
        page.check("#attach-dead")
        page.click("#attach-submit")
        expect(page.locator("#attachments .tag.warn")).to_be_visible()
        shot(page, "attachments-en")
        page.click("#attachments a")
        expect(page.locator("#blurred-note")).to_be_visible()
        page.click("#reveal")
        expect(page.locator("#revealed-note")).to_be_visible()
        src = page.locator("#attachment-image").get_attribute("src")
        assert src is not None and src.endswith("?reveal=1")
        shot(page, "attachment-revealed-en")

        # ---------------------------------------------------------- others see no witness
        for name, lang in (("analyst", "ar"), ("caseworker2", "en")):
            other = sign_in(new_page(browser, 1200, 800), base, name, PASSWORD)
            if lang == "en":
                other.click("#lang-en")
            other.goto(statement_url)
            expect(other.locator("#witness-restricted")).to_be_visible()
            assert "Umm Fadi" not in other.content() and "944 123" not in other.content()
            shot(other, f"sighting-restricted-{name}-{lang}")
            other.click("#attachments-link")
            other.click("#attachments a")
            expect(other.locator("#blurred-note")).to_be_visible()
            if name == "analyst":
                expect(other.locator("#reveal")).to_have_count(0)
                shot(other, "attachment-blurred-analyst-ar")
            other.close()
    finally:
        page.close()
