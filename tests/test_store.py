"""athar.store on SQLite, and on PostgreSQL when ATHAR_TEST_POSTGRES_URL is set.

The promises under test: imports are all-or-nothing and versioned, nothing is ever deleted, person
ids are stable across runs, and human decisions bind every later clustering.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from databases import database_urls
from sqlalchemy import inspect, text

from athar.records import CANONICAL_FIELDS, Record
from athar.store import (
    RECORD_COLUMNS,
    DecisionConflict,
    LinkIn,
    Store,
    migrate,
)
from athar.store.engine import make_engine, normalize_url
from athar.store.migrate import alembic_config
from athar.store.models import NEVER_DELETED, Base

TABLES = {
    "sources",
    "records",
    "record_rows",
    "link_runs",
    "links",
    "persons",
    "memberships",
    "decisions",
    "events",
}
GIVEN = ("محمد", "أحمد", "خالد", "عمر", "Mohammad", "Ahmad", "Khaled", "Omar")
FAMILY = ("الحلبي", "الشامي", "Khatib", "Hamdan", "الأحمد")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_urls(request, tmp_path)


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store.open(url) as opened:
        yield opened


def make_record(i: int, source: str = "sednaya", **changes: str) -> Record:
    given = GIVEN[i % len(GIVEN)]
    family = FAMILY[i % len(FAMILY)]
    fields = dict.fromkeys(CANONICAL_FIELDS, "")
    fields.update(
        record_id=f"R{i:05d}",
        source=source,
        source_kind="prison_register",
        given_name=given,
        father_name=GIVEN[(i * 7) % len(GIVEN)],
        family_name=family,
        birth_date=f"{1960 + i % 40}" if i % 3 else f"{1 + i % 28:02d}/03/{1960 + i % 40}",
        facility="صيدنايا",
        detainee_number=f"{i:04d}",
        status="معتقل",
    )
    fields.update(changes)
    return Record(
        fields=fields,
        raw={"الاسم": f"{given} {family}", "رقم": f"{i}", "تاريخ الميلاد": fields["birth_date"]},
        row_number=i + 1,
        sheet="ورقة1" if i % 2 else "",
        birth_date=f"{1960 + i % 40}" if i % 3 else f"{1960 + i % 40}-03-{1 + i % 28:02d}",
        status="detained",
        facility_id="sednaya",
        detainee_number=f"{i:04d}",
        national_id="",
        sex="m",
    )


def records(n: int, start: int = 0, source: str = "sednaya") -> list[Record]:
    return [make_record(i, source) for i in range(start, start + n)]


def load(store: Store, rs: list[Record], file_hash: str = "h1", name: str = "sednaya") -> int:
    return store.import_source(
        name, "prison_register", f"{name}.csv", file_hash, "tester", rs
    ).version


# ------------------------------------------------------------------------ schema


def test_migrations_create_every_table_and_wal(url: str) -> None:
    migrate(url)
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
            assert set(MigrationContext.configure(conn).get_current_heads()) == heads
            if engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
    migrate(url)  # at head already: nothing to do, no error


def test_models_match_migrations(store: Store, url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_open_without_url_uses_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path / "data"))
    with Store.open() as s:
        assert s.backend == "sqlite"
        assert s.sources() == []
    assert (tmp_path / "data" / "athar.db").exists()


def test_in_memory_and_url_forms() -> None:
    with Store.open("sqlite://") as s:
        assert s.backend == "sqlite" and s.count_records() == 0
        load(s, records(2))
        assert s.count_records() == 2
    assert normalize_url("postgres://u:pw@host/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql://host/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://host/db").drivername == "postgresql+psycopg"


def test_append_only_triggers(store: Store) -> None:
    load(store, records(3))
    did = store.add_decision(1, 2, "same", "", "rev")
    assign(store, [{1, 2}, {3}])  # every table has rows
    engine = store._engine
    for table in NEVER_DELETED:
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(f"DELETE FROM {table}"))
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE decisions SET verdict = 'different' WHERE id = :i"), {"i": did})
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE record_rows SET given_name = 'x'"))
    with engine.begin() as conn:  # derived features may be rewritten
        conn.execute(text("UPDATE record_rows SET features_json = '{}'"))
    assert store.count_records() == 3


def test_no_delete_in_store_code() -> None:
    """Nothing in athar.store deletes: no DELETE or TRUNCATE statement, no delete() construct."""
    root = Path(__file__).resolve().parents[1] / "athar" / "store"
    offenders = []
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?i:DELETE\s+FROM|TRUNCATE\s+TABLE)|\bdelete\(|\.delete\b", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


# ------------------------------------------------------------------------ imports


def test_import_round_trip(store: Store) -> None:
    rs = records(12)
    outcome = store.import_source(
        "sednaya", "prison_register", "سجل.csv", "a" * 64, "amira", rs, progress=None
    )
    assert (outcome.version, outcome.inserted, outcome.already_imported) == (1, 12, False)
    assert outcome.new == 12
    stored = list(store.current_records())
    assert [s.record for s in stored] == rs
    assert stored[0].current and stored[0].source_version == 1
    first = stored[0]
    assert store.record(first.pk) == first
    assert store.record_by_key("sednaya", "R00000") == first
    assert store.record_by_key("sednaya", "nope") is None
    assert store.record(10**9) is None
    assert set(store.records_by_pk([s.pk for s in stored[:3]] + [10**9])) == {
        s.pk for s in stored[:3]
    }
    assert first.record.raw == {"الاسم": "محمد الحلبي", "رقم": "0", "تاريخ الميلاد": "01/03/1960"}
    assert list(first.record.raw) == ["الاسم", "رقم", "تاريخ الميلاد"]  # header order kept
    assert stored[1].record.birth_date == "1961"  # partial date stays partial
    (info,) = store.sources()
    assert (info.name, info.version, info.row_count, info.current) == ("sednaya", 1, 12, True)
    assert info.file_name == "سجل.csv" and info.imported_by == "amira"
    assert info.imported_at.tzinfo is not None
    (event,) = store.events("source_imported")
    assert event.actor == "amira" and event.payload["rows"] == 12


def test_reimport_same_file_is_a_noop(store: Store) -> None:
    first = store.import_source("s", "ngo_list", "s.csv", "h", "a", records(5, source="s"))
    again = store.import_source("s", "ngo_list", "s.csv", "h", "b", records(5, source="s"))
    assert again.already_imported and again.inserted == 0 and not again.reinstated
    assert again.source_id == first.source_id and again.version == 1
    assert len(store.sources()) == 1
    assert store.count_records(current_only=False) == 5
    assert len(store.events("source_imported")) == 1


def test_changed_file_is_a_new_version(store: Store) -> None:
    v1 = records(10)
    load(store, v1, "h1")
    pk_of = {s.record.record_id: s.pk for s in store.current_records()}
    store.add_decision(pk_of["R00001"], pk_of["R00002"], "different", "", "rev")
    # v2: R00000 corrected, R00009 dropped, R00010 added
    v2 = [make_record(0, given_name="محمود"), *records(8, start=1), make_record(10)]
    outcome = store.import_source("sednaya", "prison_register", "s2.csv", "h2", "t", v2)
    assert (outcome.version, outcome.inserted, outcome.already_imported) == (2, 10, False)
    assert (outcome.superseded, outcome.new, outcome.changed, outcome.removed) == (10, 1, 1, 1)
    assert outcome.unchanged == 8
    current = {s.record.record_id: s for s in store.current_records()}
    assert set(current) == {f"R{i:05d}" for i in range(11)} - {"R00009"}
    # a record kept across versions keeps its pk (and with it decisions and persons)
    assert all(current[rid].pk == pk for rid, pk in pk_of.items() if rid in current)
    assert current["R00000"].record.fields["given_name"] == "محمود"
    assert current["R00000"].source_version == 2
    assert store.decisions()[0].a == pk_of["R00001"]
    # the old version is kept, not current
    versions = [(s.version, s.current, s.row_count) for s in store.sources()]
    assert versions == [(1, False, 10), (2, True, 10)]
    assert store.count_records() == 10
    assert store.count_records(current_only=False) == 11
    dropped = store.record(pk_of["R00009"])
    assert dropped is not None and not dropped.current and dropped.source_version == 1
    assert store.records_table(["pk"]).num_rows == 10


def test_old_file_again_makes_its_version_current(store: Store) -> None:
    load(store, records(4), "h1")
    load(store, records(6), "h2")
    back = store.import_source("sednaya", "prison_register", "s.csv", "h1", "t", records(4))
    assert back.already_imported and back.reinstated and back.version == 1
    assert back.superseded == 6
    assert [(s.version, s.current) for s in store.sources()] == [(1, True), (2, False)]
    assert store.count_records() == 4
    assert len(store.events("source_reinstated")) == 1


def test_sqlite_writers_wait_their_turn(tmp_path: Path) -> None:
    """While one process imports, another reads the previous state and its writes wait."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Store.open(url) as first, Store.open(url) as second:
        load(first, records(2))
        started = threading.Event()

        def slow() -> Iterator[Record]:
            for record in records(3, source="slow"):
                started.set()
                time.sleep(0.2)
                yield record

        importer = threading.Thread(
            target=first.import_source, args=("slow", "ngo_list", "s.csv", "h", "t", slow())
        )
        importer.start()
        assert started.wait(5)
        assert second.count_records() == 2  # a reader sees the last commit, does not wait
        second.add_decision(1, 2, "different", "", "rev")  # waits for the import to commit
        importer.join()
        assert second.count_records() == 5
        assert len(second.decisions()) == 1


class Boom(RuntimeError):
    pass


def exploding(rs: list[Record], after: int) -> Iterator[Record]:
    for i, record in enumerate(rs):
        if i == after:
            raise Boom("disk on fire")
        yield record


def test_crash_mid_import_leaves_nothing(store: Store) -> None:
    seen: list[int] = []
    rows = exploding(records(12_000, source="big"), 11_000)
    with pytest.raises(Boom):
        store.import_source("big", "ngo_list", "b.csv", "h", "t", rows, seen.append)
    assert seen == [5_000, 10_000]  # batches had been written before the crash
    assert store.sources() == []
    assert store.count_records(current_only=False) == 0
    assert store.events() == []
    # and a crashed second version leaves the first one current and whole
    load(store, records(5, source="big"), "h1", name="big")
    with pytest.raises(Boom):
        store.import_source(
            "big", "ngo_list", "b.csv", "h2", "t", exploding(records(5, source="big"), 3)
        )
    assert [(s.version, s.current) for s in store.sources()] == [(1, True)]
    assert store.count_records() == 5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (make_record(1, record_id=""), "empty record_id"),
        (make_record(0), "appears twice"),
        (make_record(1, source="other"), "record says source"),
        (Record(fields={"record_id": "x", "colour": "red"}, raw={}, row_number=1), "outside"),
        (Record(fields={"record_id": "x"}, raw={}, row_number=1, status="gone"), "status"),
    ],
)
def test_import_refuses_broken_records(store: Store, bad: Record, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load(store, [make_record(0), bad])
    assert store.sources() == []


def test_bulk_import_and_records_table(store: Store) -> None:
    n = 5_000
    ticks: list[int] = []
    outcome = store.import_source(
        "bulk", "ngo_list", "b.csv", "hb", "t", records(n, source="bulk"), ticks.append
    )
    assert outcome.inserted == n and ticks[-1] == n
    load(store, records(3), "h1")
    table = store.records_table()
    assert isinstance(table, pa.Table)
    assert table.column_names == list(RECORD_COLUMNS)
    assert table.num_rows == n + 3
    assert table.schema.field("pk").type == pa.int64()
    assert table.schema.field("given_name").type == pa.string()
    row = table.slice(0, 1).to_pylist()[0]
    assert row["source"] == "bulk" and row["record_id"] == "R00000"
    assert row["birth_date"] == "01/03/1960" and row["birth_date_norm"] == "1960-03-01"
    assert row["status"] == "معتقل" and row["status_norm"] == "detained"
    assert row["facility_id"] == "sednaya" and row["source_kind"] == "prison_register"
    assert table.column("pk").to_pylist() == sorted(table.column("pk").to_pylist())
    narrow = store.records_table(["pk", "given_name"], with_person=True)
    assert narrow.column_names == ["pk", "given_name", "person_id"]
    assert narrow.column("person_id").null_count == n + 3
    with pytest.raises(ValueError, match="unknown"):
        store.records_table(["pk", "shoe_size"])


def test_features(store: Store) -> None:
    load(store, records(3))
    pks = [s.pk for s in store.current_records()]
    assert store.save_features({pks[0]: {"skeleton": ["mhmd"]}, 10**9: {}}) == 1
    assert store.features_of(pks) == {pks[0]: {"skeleton": ["mhmd"]}}


# ------------------------------------------------------------------------ links


def test_links(store: Store) -> None:
    load(store, records(4))
    assert store.links_for(1) == [] and store.latest_run() is None
    run = store.save_link_run(0.9, {"blocking": ["dob"]})
    n = store.save_links(
        run,
        [
            LinkIn(2, 1, 0.99, 7.5, explanation={"name": "exact", "keys": {"b", "a"}}),
            LinkIn(1, 3, 0.4, -1.0, rule="national_id"),
        ],
    )
    assert n == 2
    link = store.link_between(1, 2)
    assert link is not None and (link.a, link.b) == (1, 2)
    assert link.explanation == {"name": "exact", "keys": ["a", "b"]}
    assert [(x.a, x.b) for x in store.links_for(1)] == [(1, 2), (1, 3)]  # strongest first
    assert store.latest_run() is None and store.latest_run(finished_only=False) is not None
    store.finish_link_run(run, {"pairs": 2})
    info = store.latest_run()
    assert info is not None and info.stats == {"pairs": 2} and info.settings["blocking"] == ["dob"]
    run2 = store.save_link_run(0.8)
    store.save_links(run2, [LinkIn(1, 2, 0.5, 0.1)])
    found = store.link_between(2, 1)
    assert found is not None and found.run_id == run  # run2 is not finished
    found2 = store.link_between(1, 2, run_id=run2)
    assert found2 is not None and found2.match_probability == 0.5
    with pytest.raises(ValueError, match="twice"):
        store.save_links(run2, [LinkIn(3, 4, 0.5, 0.1), LinkIn(4, 3, 0.5, 0.1)])
    with pytest.raises(ValueError, match="two records"):
        store.save_links(run2, [LinkIn(3, 3, 0.5, 0.1)])
    assert store.link_between(3, 4, run_id=run2) is None  # all or nothing


# ------------------------------------------------------------------------ persons


def assign(store: Store, clusters: list[set[int]]) -> dict[int, str]:
    run = store.save_link_run(0.9)
    out = store.assign_persons(run, clusters)
    store.finish_link_run(run)
    return out


def test_facility_counts_are_added_up_by_the_database(store: Store) -> None:
    """Per facility: records, distinct persons, records in no person, the first and last date,
    and each person's (or unlinked record's) year of first arrival, undated records counted
    but arriving in no year; records of a replaced version and without a facility left out."""
    placed = [  # (facility, event date) of records 1..8
        ("sednaya", "2012-05-01"), ("sednaya", "2011-02"), ("sednaya", ""),
        ("adra", "2014"), ("adra", "2013-07-09"), ("sednaya", "2015-01-01"),
        ("", "2016"), ("adra", ""),
    ]  # fmt: skip
    load(store, [replace(make_record(i), facility_id=f, event_date=d)
                 for i, (f, d) in enumerate(placed)])  # fmt: skip
    # persons: {1, 2, 4} (Sednaya 2012 and 2011, Adra 2014), {3, 6}; 5, 7, 8 in no person
    assign(store, [{1, 2, 4}, {3, 6}])
    got = {c.facility_id: c for c in store.facility_counts()}
    assert set(got) == {"sednaya", "adra"}
    sednaya, adra = got["sednaya"], got["adra"]
    assert (sednaya.records, sednaya.persons, sednaya.unlinked) == (4, 2, 0)
    assert (sednaya.first_date, sednaya.last_date) == ("2011-02", "2015-01-01")
    assert sednaya.arrivals == {2011: 1, 2015: 1}  # person {3, 6}: 3 undated
    assert (adra.records, adra.persons, adra.unlinked) == (3, 1, 2)
    assert (adra.first_date, adra.last_date) == ("2013-07-09", "2014")
    assert adra.arrivals == {2013: 1, 2014: 1}  # record 5 alone; 8 undated
    # a new version of the source without record 8: only current records count
    load(store, [replace(make_record(i), facility_id=f, event_date=d)
                 for i, (f, d) in enumerate(placed[:7])], file_hash="h2")  # fmt: skip
    assert {c.facility_id: c.records for c in store.facility_counts()} == {"sednaya": 4, "adra": 2}


def test_person_ids_are_stable_across_runs(store: Store) -> None:
    load(store, records(10))
    first = assign(store, [{1, 2, 3, 4}, {5, 6}, {7}, {8}, {9, 10}])
    assert len(set(first.values())) == 5
    assert re.fullmatch(r"P-\d{6}", first[1])
    again = assign(store, [{10, 9}, {8}, {7}, {6, 5}, {4, 3, 2, 1}])
    assert again == first
    # split: the larger part keeps the id
    split = assign(store, [{1, 2, 3}, {4}, {5, 6}, {7}, {8}, {9, 10}])
    assert split[1] == first[1] and split[4] not in first.values()
    # merge: the id contributing most records wins; on a tie the older one
    merged = assign(store, [{1, 2, 3, 7}, {4}, {5, 6, 9, 10}, {8}])
    assert merged[1] == first[1]
    assert merged[5] == min(first[5], first[9])  # tie 2-2: the older id
    loser = max(first[5], first[9])
    assert store.person_retired(loser) is True
    assert store.person_retired(merged[5]) is False
    assert store.person_retired("P-999999") is None
    assert store.person_records(loser) == []
    assert store.successors(loser) == [merged[5]]
    # retired ids are never given again
    later = assign(store, [{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}])
    retired = {first[7], loser}
    assert not retired & set(later.values())
    all_ids = [e.payload for e in store.events("persons_assigned")]
    assert all_ids[-1]["records"] == 10
    assert store.person_of(1) == later[1] == first[1]
    assert store.persons_of([1, 2, 99]) == {1: later[1], 2: later[2]}


def test_records_left_out_leave_their_person(store: Store) -> None:
    load(store, records(4))
    first = assign(store, [{1, 2}, {3, 4}])
    second = assign(store, [{1, 2}])
    assert second == {1: first[1], 2: first[1]}
    assert store.person_of(3) is None
    assert store.person_retired(first[3]) is True


def test_persons_summary(store: Store) -> None:
    load(store, records(3, source="a"), "h1", name="a")
    load(store, records(2, source="b"), "h2", name="b")
    assign(store, [{1, 2, 4}, {3}, {5}])
    summary = {p.person_id: (p.records, p.sources) for p in store.persons_summary()}
    assert sorted(summary.values()) == [(1, 1), (1, 1), (3, 2)]


def test_assign_persons_refuses_bad_input(store: Store) -> None:
    load(store, records(3))
    run = store.save_link_run(0.9)
    with pytest.raises(ValueError, match="two clusters"):
        store.assign_persons(run, [{1, 2}, {2, 3}])
    with pytest.raises(KeyError):
        store.assign_persons(run + 100, [{1}])


# ------------------------------------------------------------------------ decisions


def test_decisions_are_append_only_with_undo(store: Store) -> None:
    load(store, records(4))
    d1 = store.add_decision(2, 1, "same", "same father and number", "rev1")
    d2 = store.add_decision(1, 2, "different", "different mothers", "rev2")
    assert [(d.a, d.b, d.verdict) for d in store.decisions()] == [(1, 2, "different")]
    u = store.undo_decision(d2, "rev1", "mistake")
    assert [(d.id, d.verdict) for d in store.decisions()] == [(d1, "same")]
    with pytest.raises(ValueError, match="already undone"):
        store.undo_decision(d2, "rev1")
    with pytest.raises(ValueError, match="cannot be undone"):
        store.undo_decision(u, "rev1")
    with pytest.raises(KeyError):
        store.undo_decision(10**6, "rev1")
    store.undo_decision(d1, "rev2")
    assert store.decisions() == []
    history = store.decision_history(1, 2)
    assert [d.verdict for d in history] == ["same", "different", "undo", "undo"]
    assert history[2].undoes == d2 and history[2].reason == "mistake"
    assert len(store.decisions(current_only=False)) == 4
    with pytest.raises(ValueError, match="verdict"):
        store.add_decision(1, 3, "maybe", "", "rev")
    with pytest.raises(ValueError, match="two records"):
        store.add_decision(3, 3, "same", "", "rev")
    with pytest.raises(KeyError, match="99"):
        store.add_decision(3, 99, "same", "", "rev")
    store.add_decision(3, 4, "unsure", "", "rev")
    assert [d.verdict for d in store.decisions()] == ["unsure"]
    assert len(store.events("decision")) == 3
    assert len(store.events("decision_undone")) == 2


def test_clusters_must_respect_decisions(store: Store) -> None:
    load(store, records(4))
    store.add_decision(1, 2, "different", "", "rev")
    store.add_decision(3, 4, "same", "", "rev")
    run = store.save_link_run(0.9)
    with pytest.raises(DecisionConflict) as caught:
        store.assign_persons(run, [{1, 2}, {3}, {4}])
    assert {(v.a, v.b, v.verdict) for v in caught.value.violations} == {
        (1, 2, "different"),
        (3, 4, "same"),
    }
    assert store.persons_summary() == []  # nothing written
    assert len(store.check_clusters([{1, 2, 3, 4}])) == 1
    assert store.check_clusters([{1, 3, 4}, {2}]) == []
    out = store.assign_persons(run, [{1, 3, 4}, {2}])
    assert out[3] == out[4] != out[2]
    forced = store.assign_persons(run, [{1, 2, 3, 4}], check_decisions=False)
    assert len(set(forced.values())) == 1


# ------------------------------------------------------------------------ events


def test_events(store: Store) -> None:
    e1 = store.log_event("export", {"file": "أسماء.csv", "rows": 3}, "amira")
    store.log_event("login", {}, "omar")
    (event,) = store.events("export")
    assert event.id == e1 and event.payload == {"file": "أسماء.csv", "rows": 3}
    assert [e.kind for e in store.events(after=e1)] == ["login"]
    assert len(store.events(limit=1)) == 1
