"""Helpers of the casework web tests (review and inquiry pages): a small linked synthetic
registry built once per test process and copied for each test, signed-in clients per role."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from casework_registry import build
from fastapi.testclient import TestClient
from web_support import login

from athar import accounts
from athar.config import settings
from athar.store import Store

PASSWORD = "correct horse battery"
ROLES = ("admin", "caseworker", "reviewer", "analyst")
SOURCES = ("prison_register", "family_report", "release_list", "ngo_list", "death_record")


@lru_cache(maxsize=1)
def built_registry() -> Path:
    """A linked registry of 80 synthetic persons with one account per role (built once)."""
    root = Path(tempfile.mkdtemp(prefix="athar-casework-web-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # built once, kept to the end
    home = root / "registry"
    build(home, SOURCES, persons=80, seed=11)
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(home))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    try:
        with Store.open(settings().database_url) as store:
            for role in ROLES:
                accounts.add_user(store, role, role, by="test", password=PASSWORD)
    finally:
        mp.undo()
    return home


def copy_registry(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp / "registry"
    shutil.copytree(built_registry(), home)
    monkeypatch.setenv("ATHAR_DATA_DIR", str(home))
    monkeypatch.setenv("ATHAR_KEY_FILE", str(home / "athar.key"))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATHAR_COOKIE_SECURE", raising=False)
    return home


def signed_in(app: object, name: str) -> tuple[TestClient, str]:
    """A client signed in as ``name`` (through the form) and its CSRF token."""
    client = TestClient(app)  # type: ignore[arg-type]
    return client, login(client, name, PASSWORD)


def death_person(store: Store) -> tuple[str, list[int], list[int]]:
    """A person with a death record and a named record that reports no death."""
    for summary in store.persons_summary():
        pks = store.person_records(summary.person_id)
        recs = store.records_by_pk(pks)
        deaths = [pk for pk, r in recs.items() if r.record.fields["source_kind"] == "death_record"]
        named = [
            pk
            for pk, r in recs.items()
            if pk not in deaths
            and r.record.status != "deceased"
            and r.record.fields["given_name"]
            and r.record.fields["family_name"]
        ]
        if deaths and named:
            return summary.person_id, deaths, named
    raise AssertionError("no person with a death record in the synthetic registry")


def sought_of(store: Store, pk: int) -> dict[str, str]:
    """A record's names and birth date, as a family would give them."""
    stored = store.record(pk)
    assert stored is not None
    fields = stored.record.fields
    keep = ("given_name", "father_name", "family_name", "mother_name", "birth_date")
    return {k: fields[k] for k in keep if fields.get(k)}


def module_store(name: str) -> Callable[[pytest.TempPathFactory], Iterator[Store]]:
    """A module-scoped ``store`` fixture: the module's own copy of the casework registry, open
    (each test registers or decides what it needs in it). Pair it with ``app``."""

    @pytest.fixture(scope="module")
    def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
        mp = pytest.MonkeyPatch()
        try:
            copy_registry(tmp_path_factory.mktemp(name), mp)  # type: ignore[arg-type]
            with Store.open(settings().database_url) as opened:
                yield opened
        finally:
            mp.undo()

    return store


def module_app() -> Callable[[Store], object]:
    """A module-scoped ``app`` fixture: the web app on the module's ``store``
    (``module_store``)."""

    @pytest.fixture(scope="module")
    def app(store: Store) -> object:
        from athar.web import create_app

        return create_app(settings(), store=store)

    return app
