"""Shared by the import, sighting and attachment web tests: a registry with one account per role
(and a second caseworker), sign-in through the form, and small files to upload."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from web_support import login

from athar import accounts
from athar.config import Settings, settings
from athar.store import Store
from athar.web import create_app

PASSWORD = "correct horse battery"
USERS = {
    "admin": "admin",
    "caseworker": "caseworker",
    "caseworker2": "caseworker",
    "reviewer": "reviewer",
    "analyst": "analyst",
}

GOOD_CSV = (
    "record_id,given_name,father_name,family_name,birth_date,facility,detainee_number,status\n"
    "A1,محمد,أحمد,الحلبي,1985,صيدنايا,1021,معتقل\n"
    "A2,خالد,عمر,الشامي,1990-03-02,Saydnaya,1022,released\n"
    "A3,Ahmad,Hassan,Darwish,1979,الفرع 215,77,missing\n"
)
BAD_CSV = (
    "record_id,given_name,family_name,birth_date\nB1,محمد,الحلبي,1985\nB2,خالد,الشامي,31/02/1990\n"
)
ARABIC_CSV = (
    "الرقم,الاسم,اسم الأب,الكنية,اسم الأم,تاريخ الميلاد,مكان الولادة,الحالة\n"
    "1,محمد,أحمد,الحلبي,فاطمة,1985,حلب,معتقل\n"
    "2,خالد,عمر,الشامي,مريم,1990,دمشق,مفقود\n"
)


def png(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 48)) -> bytes:
    """A small PNG with a pattern (so that a blur changes it)."""
    im = Image.new("RGB", size, color)
    for x in range(0, size[0], 4):
        for y in range(size[1]):
            im.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    for name in ("ATHAR_DATABASE_URL", "ATHAR_COOKIE_SECURE", "ATHAR_KEY_FILE", "ATHAR_BLOB_DIR"):
        monkeypatch.delenv(name, raising=False)
    return settings()


@pytest.fixture
def store(config: Settings) -> Iterator[Store]:
    with Store.open(config.database_url) as opened:
        for name, role in USERS.items():
            accounts.add_user(opened, name, role, by="test", password=PASSWORD)
        yield opened


@pytest.fixture
def app_client(config: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(config, store=store)) as c:
        yield c


def as_user(client: TestClient, name: str) -> tuple[TestClient, str]:
    """A new browser signed in as ``name``, and its CSRF token."""
    c = TestClient(client.app)
    return c, login(c, name, PASSWORD)
