"""The search index of a long-running process: served from memory, rebuilt in the background
(one build at a time) when the registry changes, the old index answering meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from athar.config import settings
from athar.records import CANONICAL_FIELDS, Record
from athar.search import search
from athar.search.index import SearchIndex
from athar.search.keeper import IndexKeeper, IndexNotReady, forget_keepers, keeper_for
from athar.search.service import build_from_store
from athar.store import Store


def _record(i: int, source: str, given: str, family: str) -> Record:
    fields = dict.fromkeys(CANONICAL_FIELDS, "")
    fields |= {"record_id": f"R{i}", "source": source, "given_name": given, "family_name": family}
    return Record(fields=fields, raw={"name": f"{given} {family}"}, row_number=i + 1)


def _import(store: Store, source: str, names: list[tuple[str, str]]) -> None:
    records = [_record(i, source, g, f) for i, (g, f) in enumerate(names)]
    store.import_source(source, "ngo_list", f"{source}.csv", source, "test", records)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ATHAR_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATHAR_SEARCH_INDEX", raising=False)
    forget_keepers()
    with Store.open(settings().database_url) as opened:
        _import(opened, "first", [("محمد", "الحلبي"), ("Samer", "Khatib")])
        yield opened
    forget_keepers()


class Gate:
    """A build that waits for the test's go-ahead, counting how often it ran."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.go = threading.Event()
        self.calls = 0
        self.fail = False

    def __call__(self, store: Store) -> SearchIndex:
        self.calls += 1
        self.started.set()
        assert self.go.wait(10), "the test never let the build finish"
        if self.fail:
            raise RuntimeError("disk full")
        return build_from_store(store)


def test_first_search_builds_saves_and_a_new_process_loads_the_saved_index(store: Store) -> None:
    keeper = IndexKeeper(store)
    index = keeper.index()
    assert index.n_records == 2 and keeper.builds == 1
    assert settings().search_index.is_file()
    assert search(index, "Mohammad Halabi", 5)[0].name == "محمد الحلبي"
    again = IndexKeeper(store)  # another process: the saved index still fits the registry
    assert again.index().n_records == 2
    assert again.builds == 0
    assert keeper_for(store) is keeper_for(store)


def test_old_index_answers_while_one_rebuild_runs_in_the_background(store: Store) -> None:
    gate = Gate()
    keeper = IndexKeeper(store, refresh_seconds=0, build=gate)
    gate.go.set()
    old = keeper.index()
    assert old.n_records == 2 and gate.calls == 1
    gate.go.clear()
    gate.started.clear()

    _import(store, "second", [("Omar", "Masri"), ("عمر", "المصري"), ("Rami", "Haddad")])
    # the search that notices the change is answered at once, from the old index
    assert keeper.index(wait=0) is old
    assert gate.started.wait(5)
    status = keeper.status()
    assert status.ready and status.rebuilding and status.records == 2
    for _ in range(5):  # more searches meanwhile: still the old index, still one build
        assert keeper.index(wait=0) is old
    assert gate.calls == 2
    gate.go.set()
    assert keeper.wait(10)
    fresh = keeper.index()
    assert fresh is not old and fresh.n_records == 5
    assert not keeper.status().rebuilding
    assert search(fresh, "Omar Masri", 5)[0].record_count == 1


def test_a_failed_rebuild_keeps_the_old_index_and_is_retried(store: Store) -> None:
    gate = Gate()
    gate.go.set()
    keeper = IndexKeeper(store, refresh_seconds=0, build=gate)
    old = keeper.index()
    _import(store, "second", [("Omar", "Masri")])
    gate.fail = True
    keeper.index()
    assert keeper.wait(10)
    status = keeper.status()
    assert status.error and "disk full" in status.error and not status.rebuilding
    gate.go.clear()
    assert keeper.index() is old  # still answering; this call started a retry
    gate.fail = False
    gate.go.set()
    assert keeper.wait(10)
    assert keeper.index().n_records == 3 and keeper.status().error is None


def test_unchanged_registry_is_not_rebuilt(store: Store) -> None:
    gate = Gate()
    gate.go.set()
    keeper = IndexKeeper(store, refresh_seconds=0, build=gate)
    first = keeper.index()
    store.log_event("person.view", {"id": "P1"}, actor="analyst")  # audit, not data
    for _ in range(3):
        assert keeper.index() is first
        keeper.wait(10)
    assert gate.calls == 1


def test_the_very_first_search_waits_only_so_long(store: Store) -> None:
    gate = Gate()
    keeper = IndexKeeper(store, build=gate)
    with pytest.raises(IndexNotReady):
        keeper.index(wait=0.05)
    assert keeper.status().rebuilding and not keeper.status().ready
    gate.go.set()
    assert keeper.index(wait=10).n_records == 2
    assert gate.calls == 1
