"""Sightings: a witness statement becomes a linkable record; the witness stays encrypted and
private to the statement's caseworker and admins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import database_urls
from evidence_support import Registry, use_registry
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from athar.cli import app
from athar.evidence import AccessDenied
from athar.sightings import WitnessIdentity, record_sighting, witness_of
from athar.store import Store
from athar.store.engine import normalize_url

runner = CliRunner()


@pytest.fixture
def registry(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Registry:
    return use_registry(tmp_path_factory, monkeypatch)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_urls(request, tmp_path)


@pytest.fixture
def store(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATHAR_KEY_FILE", raising=False)
    with Store.open(url) as opened:
        yield opened


def _sight(store: Store, by: str = "caseworker-a", **changes: str) -> int:
    args = {
        "facility": "Saydnaya",
        "seen_date": "2016-05",
        "condition": "very thin",
        "given_name": "Khaled",
        "father_name": "Omar",
        "family_name": "Al-Halabi",
    }
    args.update(changes)
    return record_sighting(
        store, witness=WitnessIdentity("Umm Fadi", contact="+963 944 123 456"), by=by, **args
    ).pk


# ------------------------------------------------------------------ on the linked registry


def test_a_sighting_links_to_its_person(registry: Registry) -> None:
    with Store.open(registry.url) as store:
        for register_id, sighting in registry.sightings.items():
            seen = store.record(sighting.pk)
            assert seen is not None and seen.current
            fields = seen.record.fields
            assert fields["source_kind"] == "witness_statement"
            assert sighting.record_id.startswith("WS-")
            assert seen.record.facility_id == sighting.facility_id != ""
            assert "condition: thin" in fields["notes"]
            register = store.record_by_key("prison_register_synth", register_id)
            assert register is not None
            person = store.person_of(sighting.pk)
            assert person is not None
            assert person == store.person_of(register.pk)


def test_the_witness_never_reaches_the_record_or_the_database_in_plaintext(
    registry: Registry,
) -> None:
    with Store.open(registry.url) as store:
        for sighting in registry.sightings.values():
            stored = store.record(sighting.pk)
            assert stored is not None
            assert "Witness" not in repr(stored.record)
    data = b"".join(p.read_bytes() for p in registry.home.glob("athar.db*"))
    assert b"Witness 0" not in data and b"Witness 1" not in data
    assert b"+963 900 00" not in data
    assert b"caseworker-a" in data  # the caseworker is not secret; the database was read


def test_only_the_caseworker_and_admins_see_the_witness(registry: Registry) -> None:
    pk = next(iter(registry.sightings.values())).pk
    with Store.open(registry.url) as store:
        before = store.events()[-1].id
        assert witness_of(store, pk, "caseworker-a", "caseworker").name.startswith("Witness")
        assert witness_of(store, pk, "lead", "admin").contact.startswith("+963")
        for viewer, role in [
            ("caseworker-b", "caseworker"),
            ("caseworker-a", "analyst"),
            ("", "caseworker"),
            ("someone", "researcher"),
        ]:
            with pytest.raises(AccessDenied, match="may not see"):
                witness_of(store, pk, viewer, role)
        log = store.events(after=before)
    assert [e.kind for e in log] == ["witness_accessed"] * 2 + ["witness_access_refused"] * 4
    assert [e.actor for e in log][:3] == ["caseworker-a", "lead", "caseworker-b"]
    assert all(e.payload["record_pk"] == pk for e in log)


# ------------------------------------------------------------------ on both databases


def test_statements_append_as_new_versions_keeping_earlier_ones(store: Store) -> None:
    first = _sight(store)
    second = _sight(store, given_name="Ahmad", seen_date="2017")
    versions = [s for s in store.sources() if s.name == "sightings"]
    assert [(s.version, s.row_count, s.current) for s in versions] == [
        (1, 1, False),
        (2, 2, True),
    ]
    assert versions[0].file_hash != versions[1].file_hash
    current = {s.pk: s for s in store.current_records()}
    assert set(current) == {first, second}
    assert current[first].source_version == 2  # the earlier statement carried over, same pk
    assert current[second].record.fields["record_id"] == "WS-000002"
    assert current[second].record.event_date == "2017"
    assert store.events(kind="source_appended")[-1].payload["new"] == ["WS-000002"]


def test_witness_is_stored_encrypted_with_its_caseworker(store: Store, url: str) -> None:
    pk = _sight(store, by="caseworker-z")
    engine = create_engine(normalize_url(url))
    try:
        assert "witness_identities" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT record_pk, caseworker, identity_encrypted FROM witness_identities")
            ).all()
    finally:
        engine.dispose()
    assert [(r[0], r[1]) for r in rows] == [(pk, "caseworker-z")]
    assert b"Umm Fadi" not in bytes(rows[0][2]) and b"944" not in bytes(rows[0][2])
    assert witness_of(store, pk, "caseworker-z", "caseworker").name == "Umm Fadi"


def test_the_witness_table_is_append_only(store: Store, url: str) -> None:
    _sight(store)
    engine = create_engine(normalize_url(url))
    try:
        for sql in (
            "DELETE FROM witness_identities",
            "UPDATE witness_identities SET caseworker='x'",
        ):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"facility": "Nowhere Land"}, "not a known detention facility"),
        ({"seen_date": ""}, "date the person was seen"),
        ({"seen_date": "31/02/2016"}, "event_date"),
        ({"seen_date": "2999"}, "event_date"),
        ({"given_name": "", "father_name": "", "family_name": ""}, "no name"),
    ],
)
def test_bad_statements_are_refused_with_a_reason(
    store: Store, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _sight(store, **changes)
    assert not [s for s in store.sources() if s.name == "sightings"]


def test_a_sighting_needs_its_caseworker_and_a_witness(store: Store) -> None:
    with pytest.raises(ValueError, match="caseworker"):
        _sight(store, by=" ")
    with pytest.raises(ValueError, match="witness's name"):
        WitnessIdentity("  ")


def test_an_unlisted_place_is_accepted_only_when_asked(store: Store) -> None:
    pk = _sight(store, facility="a basement near the bakery", allow_unknown_facility=True)
    stored = store.record(pk)
    assert stored is not None and stored.record.facility_id == ""
    assert stored.record.fields["facility"] == "a basement near the bakery"


# ------------------------------------------------------------------ command line


def test_cli_add_and_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATHAR_KEY_FILE", raising=False)
    added = runner.invoke(
        app,
        [
            "sighting", "add", "--facility", "الفرع 215", "--seen", "2014-08",
            "--witness-name", "Abu Sami", "--by", "cw1", "--given", "محمد",
            "--family", "الشامي", "--condition", "ill",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "sightings/WS-000001" in added.output and "mi_215" in added.output
    refused = runner.invoke(
        app,
        ["sighting", "witness", "sightings/WS-000001", "--viewer", "cw2", "--role", "caseworker"],
    )
    assert refused.exit_code == 3 and "may not see" in refused.output
    shown = runner.invoke(
        app,
        ["sighting", "witness", "sightings/WS-000001", "--viewer", "cw1", "--role", "caseworker"],
    )
    assert shown.exit_code == 0 and "Abu Sami" in shown.output
    bad = runner.invoke(
        app,
        ["sighting", "add", "--facility", "Atlantis", "--seen", "2014", "--witness-name", "W",
         "--by", "cw1", "--given", "Ali"],
    )  # fmt: skip
    assert bad.exit_code == 2 and "Atlantis" in bad.output
    with Store.open() as store:
        assert len(store.events(kind="witness_access_refused")) == 1


def test_concurrent_statements_all_stay_current(store: Store) -> None:
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            _sight(store, by=f"cw{i}", given_name=["Ali", "Omar", "Samir", "Fadi"][i])
        except BaseException as exc:  # reported below
            errors.append(exc)

    _sight(store)  # the source exists: later appends race on its current version
    threads = [threading.Thread(target=add, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    current = [s for s in store.sources() if s.name == "sightings" and s.current]
    assert [s.row_count for s in current] == [5]
    assert sum(1 for _ in store.current_records()) == 5
