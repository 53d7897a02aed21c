"""A small linked registry for the person, map and facility page tests.

Built once per test session (synthetic sources imported, a caseworker's sighting, ``athar link``,
a blurred-by-default photo of the dead attached to a death record, one documented event at a
facility) and copied for each test module, with one account per role.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from athar import accounts
from athar.config import using_data_dir
from athar.evidence import add_attachment, add_facility_event
from athar.evidence.blobs import BlobStore
from athar.ingest.importer import import_file
from athar.link.pipeline import link
from athar.sightings import WitnessIdentity, record_sighting
from athar.store import Store
from athar.synth import generate

PASSWORD = "correct horse battery"
ROLES = ("admin", "caseworker", "reviewer", "analyst")


@dataclass(frozen=True)
class Built:
    home: Path
    person: str  # a person with a transfer in their journey
    dead: str  # a person with a death record and an attached photo of the dead
    dead_photo: str  # its sha256
    witnessed: str  # the person of the recorded sighting
    statement_pk: int
    facility: str  # a facility with people and a documented event


_CACHE: dict[str, Built] = {}


def png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def build(root: Path) -> Built:
    if "built" in _CACHE:
        return _CACHE["built"]
    home = root / "person-registry"
    home.mkdir(parents=True)
    generate(persons=80, seed=5, out_dir=home / "synth")
    url = f"sqlite:///{home / 'athar.db'}"
    with using_data_dir(home), Store.open(url) as store:
        for path in sorted((home / "synth").glob("*.csv")):
            if path.name != "truth.csv":
                import_file(store, path, by="test")
        for role in ROLES:
            accounts.add_user(store, role, role, by="test", password=PASSWORD)
        seen = record_sighting(
            store,
            facility="sednaya",
            seen_date="2015-03",
            condition="thin",
            witness=WitnessIdentity("Abu Khaled", contact="+963 900 000", relation="cellmate"),
            by="caseworker",
            given_name="محمد",
            father_name="أحمد",
            family_name="الخطيب",
            key_file=home / "athar.key",
        )
        link(store, by="test")
        persons = store.persons_summary()
        files = {p.person_id: store.person_records(p.person_id) for p in persons}
        from athar.person_file import person_file

        person = dead = ""
        for pid in sorted(files, key=lambda p: -len(files[p])):
            kinds = {e.kind for e in person_file(store, pid).events}
            if not person and "transfer" in kinds:
                person = pid
            if not dead and "death" in kinds:
                dead = pid
        dead_pk = next(
            pk
            for pk, r in store.records_by_pk(files[dead]).items()
            if r.record.fields["source_kind"] == "death_record"
        )
        photo = home / "body.png"
        photo.write_bytes(png((200, 30, 30)))
        blobs = BlobStore(home / "blobs")
        attached = add_attachment(
            store,
            photo,
            by="caseworker",
            kind="photo",
            shows_dead=True,
            record=dead_pk,
            blobs=blobs,
        )
        add_facility_event(
            store,
            "sednaya",
            "liberation",
            "2024-12-08",
            "Opened by opposition fighters; families searched the cells.",
            by="caseworker",
            urls=["https://example.org/sednaya-liberation"],
            captured_at=datetime(2024, 12, 9, 10, 0, tzinfo=UTC),
            blobs=blobs,
        )
        built = Built(
            home=home,
            person=person,
            dead=dead,
            dead_photo=attached.sha256,
            witnessed=store.person_of(seen.pk) or "",
            statement_pk=seen.pk,
            facility="sednaya",
        )
    _CACHE["built"] = built
    return built


def copy_registry(
    factory: pytest.TempPathFactory, mp: pytest.MonkeyPatch, name: str
) -> tuple[Built, Path]:
    """The session's registry copied for one module; the environment points at the copy."""
    built = build(factory.getbasetemp())
    home = factory.mktemp(name) / "registry"
    shutil.copytree(built.home, home)
    mp.setenv("ATHAR_DATA_DIR", str(home))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    mp.delenv("ATHAR_KEY_FILE", raising=False)
    mp.delenv("ATHAR_BLOB_DIR", raising=False)
    mp.delenv("ATHAR_BLUR_DIR", raising=False)
    mp.delenv("ATHAR_TILE_URL", raising=False)
    mp.delenv("ATHAR_COOKIE_SECURE", raising=False)
    return built, home


def web_fixtures(name: str) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """Fixtures for a module of web tests on its own copy of the registry: ``registry`` (module
    scope: (built, home)), ``app_store`` (a TestClient on the app, and the store) and
    ``built``. Assign them to those names in the module."""
    from fastapi.testclient import TestClient

    from athar.config import settings
    from athar.web import create_app

    @pytest.fixture(scope="module")
    def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Built, Path]]:
        mp = pytest.MonkeyPatch()
        try:
            yield copy_registry(tmp_path_factory, mp, name)
        finally:
            mp.undo()

    @pytest.fixture
    def app_store(
        registry: tuple[Built, Path], monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[tuple[TestClient, Store]]:
        _built, home = registry
        monkeypatch.setenv("ATHAR_DATA_DIR", str(home))
        config = settings()
        with Store.open(config.database_url) as store, TestClient(create_app(config, store)) as c:
            yield c, store

    @pytest.fixture
    def built(registry: tuple[Built, Path]) -> Built:
        return registry[0]

    return registry, app_store, built
