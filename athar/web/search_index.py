"""The web server's search index, shared by its worker processes.

Each process keeps its own ``athar.search.keeper.IndexKeeper`` (the index answered from memory,
refreshed in the background when the registry changes). With several processes every keeper
notices the same change; only one of them should spend the minutes and the memory a build costs
at a million records. So a keeper's build here takes an exclusive lock on a file beside the
index (``index.npz.lock``, ``fcntl.flock``: released by the kernel if the process dies): the
first process builds and saves while the others wait in their background thread — still
answering from the index they have — and then find the saved index current and load it instead
of building their own. The lock is per host, as the index file is.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from athar.config import settings
from athar.search.index import IndexFormatError, SearchIndex
from athar.search.keeper import IndexKeeper
from athar.search.service import build_from_store, is_current
from athar.store import Store

log = logging.getLogger(__name__)


class SharedBuild:
    """``IndexKeeper``'s ``build`` for a server with several processes: build under the lock,
    or load what another process built meanwhile. ``built``/``loaded`` count what this one did
    (tests)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.built = 0
        self.loaded = 0

    def __call__(self, store: Store) -> SearchIndex:
        with file_lock(self.path.with_name(self.path.name + ".lock")):
            saved = _load_current(self.path, store)
            if saved is not None:
                self.loaded += 1
                log.info("search index: loaded the one another process built")
                return saved
            log.info("search index: building")
            fresh = build_from_store(store)
            try:
                fresh.save(self.path)  # before the lock is released: the waiting ones load it
            except OSError as exc:
                log.warning("search index not saved to %s: %s", self.path, exc)
            self.built += 1
            return fresh


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if missing), waiting for it as long as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _load_current(path: Path, store: Store) -> SearchIndex | None:
    if not path.is_file():
        return None
    try:
        saved = SearchIndex.load(path)
    except (IndexFormatError, OSError, ValueError):
        return None
    return saved if is_current(saved, store) else None


@contextmanager
def search_slot() -> Iterator[None]:
    """Hold one of this process's ``ATHAR_SEARCH_THREADS`` search slots for a search.

    A search is Python computing, and the threads of one process take turns on one core (the
    interpreter lock): searches at once in one process each last as long as all of them, and
    taking turns costs CPU of its own. Searching one at a time (by default) and queueing the
    rest answers each sooner; more cores are used through more processes (``--workers``)."""
    with _slots(settings().search_threads):
        yield


class FairSlots:
    """A semaphore that serves its waiters in the order they came.

    ``threading.Semaphore`` lets a newcomer take a freed slot before the waiter it woke, which
    then waits again at the back of the queue, however long it has waited already. Here a freed
    slot is handed to the longest waiter directly."""

    def __init__(self, n: int) -> None:
        self._lock = threading.Lock()
        self._free = n
        self._waiting: deque[threading.Lock] = deque()

    def __enter__(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            gate = threading.Lock()
            gate.acquire()
            self._waiting.append(gate)
        gate.acquire()  # released by the search that hands its slot over

    def waiting(self) -> int:
        """How many searches wait for a slot now."""
        with self._lock:
            return len(self._waiting)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._free += 1


@functools.cache
def _slots(n: int) -> FairSlots:
    return FairSlots(n)


_KEEPERS: dict[str, IndexKeeper] = {}
_LOCK = threading.Lock()


def keeper_for(store: Store) -> IndexKeeper:
    """This process's keeper of the store's index (one per database and index path), whose
    builds are shared with the server's other processes."""
    path = settings().search_index
    key = f"{store.url}|{path}"
    with _LOCK:
        keeper = _KEEPERS.get(key)
        if keeper is None or keeper.store is not store:
            keeper = _KEEPERS[key] = IndexKeeper(store, path, build=SharedBuild(path))
        return keeper


def forget_keepers() -> None:
    """Drop every keeper (tests; a process that switches registries)."""
    with _LOCK:
        _KEEPERS.clear()
