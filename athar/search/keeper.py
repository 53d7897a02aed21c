"""The search index of a long-running process (the web server): answer from the index in
memory, and rebuild it in the background when the registry changes.

``keeper_for(store).index()`` returns the index to search at once. At most every
``ATHAR_SEARCH_REFRESH_SECONDS`` a call starts a background check of the registry's fingerprint
(``athar.store.state``); when an import, a link run or a decision has changed it, a new index is
built in that background thread while the old one keeps answering, and swapped in when done. One
check or build runs at a time. Only the very first call of a process, with no index in memory,
waits — for the saved index to load, or for a first build — and then no longer than ``wait``
seconds: past that it raises ``IndexNotReady`` (the page says "being built", the API answers
503) while the build goes on.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from athar.config import settings
from athar.search.index import IndexFormatError, SearchIndex
from athar.search.service import build_from_store, is_current
from athar.store import Store

log = logging.getLogger(__name__)

#: How long the first search of a process waits for an index before saying "being built".
FIRST_WAIT_SECONDS = 20.0


class IndexNotReady(RuntimeError):
    """No index in memory yet: the first one is being loaded or built."""


@dataclass(frozen=True)
class KeeperStatus:
    """What a page may say about the index it searched."""

    ready: bool  # an index is in memory
    rebuilding: bool  # a newer one is being built (the one in memory still answers)
    records: int  # records in the index in memory
    built_at: float | None  # time.time() when the index in memory was built or loaded
    error: str | None  # the last background failure, if the last attempt failed


class IndexKeeper:
    """One registry's index: served from memory, refreshed in one background thread.

    ``build`` (default: ``build_from_store``) and ``path`` (default: ``ATHAR_SEARCH_INDEX``) are
    for tests and benchmarks; ``refresh_seconds`` defaults to ``ATHAR_SEARCH_REFRESH_SECONDS``.
    """

    def __init__(
        self,
        store: Store,
        path: Path | None = None,
        *,
        refresh_seconds: float | None = None,
        build: Callable[[Store], SearchIndex] | None = None,
    ) -> None:
        cfg = settings()
        self.store = store
        self.path = path or cfg.search_index
        self.refresh_seconds = (
            cfg.search_refresh_seconds if refresh_seconds is None else refresh_seconds
        )
        self._build = build or build_from_store
        self._index: SearchIndex | None = None
        self._built_at: float | None = None
        self._checked = 0.0
        self._worker: threading.Thread | None = None
        self._rebuilding = False
        self._error: str | None = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        #: Builds started (tests check that overlapping refreshes share one).
        self.builds = 0

    # ------------------------------------------------------------------ what callers use

    def index(self, wait: float = FIRST_WAIT_SECONDS) -> SearchIndex:
        """The index to search now. Starts a background refresh when one is due; waits (at most
        ``wait`` seconds) only while no index is in memory at all."""
        with self._lock:
            current = self._index
            due = time.monotonic() - self._checked >= self.refresh_seconds
        if current is not None:
            if due:
                self.refresh()
            return current
        self.refresh()
        self._ready.wait(wait)
        with self._lock:
            if self._index is None:
                raise IndexNotReady(self._error or "the search index is being built")
            return self._index

    def status(self) -> KeeperStatus:
        with self._lock:
            return KeeperStatus(
                ready=self._index is not None,
                rebuilding=self._rebuilding,
                records=self._index.n_records if self._index is not None else 0,
                built_at=self._built_at,
                error=self._error,
            )

    def refresh(self, force: bool = False) -> threading.Thread | None:
        """Start a background check (and, when the registry changed or ``force``, a rebuild);
        the running one when one is under way (never two at a time)."""
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return self._worker
            self._checked = time.monotonic()
            if self._index is None:
                self._ready.clear()  # a first caller waits for this attempt, not a failed one
            worker = threading.Thread(
                target=self._refresh, args=(force,), name="athar-search-index", daemon=True
            )
            self._worker = worker
        worker.start()
        return worker

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background work under way; whether it ended within ``timeout``."""
        with self._lock:
            worker = self._worker
        if worker is not None:
            worker.join(timeout)
            return not worker.is_alive()
        return True

    # ------------------------------------------------------------------ the background thread

    def _refresh(self, force: bool) -> None:
        try:
            current = self._index
            if current is None and not force:
                current = self._load_saved()
                if current is not None:
                    self._install(current, rebuilding=False)
                    return
            if current is not None and not force and is_current(current, self.store):
                return
            with self._lock:
                self._rebuilding = True
                self.builds += 1
            fresh = self._build(self.store)
            try:
                fresh.save(self.path)
            except OSError as exc:  # a read-only data dir still gets a working search
                log.warning("search index not saved to %s: %s", self.path, exc)
            self._install(fresh, rebuilding=False)
        except Exception as exc:  # the old index keeps answering; the next refresh retries
            log.exception("search index refresh failed")
            with self._lock:
                self._error = f"{type(exc).__name__}: {exc}"
                self._rebuilding = False
            self._ready.set()  # let a first caller stop waiting and see the error
        else:
            with self._lock:
                self._checked = time.monotonic()

    def _load_saved(self) -> SearchIndex | None:
        if not self.path.is_file():
            return None
        try:
            saved = SearchIndex.load(self.path)
        except (IndexFormatError, OSError, ValueError):
            return None
        return saved if is_current(saved, self.store) else None

    def _install(self, index: SearchIndex, rebuilding: bool) -> None:
        with self._lock:
            self._index = index
            self._built_at = time.time()
            self._rebuilding = rebuilding
            self._error = None
        self._ready.set()
        index.warm()  # searches meanwhile answer from the index, building what they need
        # The index and its unit features are hundreds of thousands of long-lived objects: a
        # full pass of the cyclic collector over them held the interpreter for 140 ms in the
        # middle of searches. Everything alive now is left out of its passes: it is still freed
        # by reference counting (an index replaced after a rebuild is), only reference cycles
        # among these objects wait for the exit, where they are handed back for a clean shutdown.
        # A rebuild (after an import or a link run) freezes what is alive then, a few objects
        # of the requests in flight among them.
        gc.freeze()
        _unfreeze_at_exit()


@functools.cache
def _unfreeze_at_exit() -> None:
    atexit.register(gc.unfreeze)


_KEEPERS: dict[str, IndexKeeper] = {}
_KEEPERS_LOCK = threading.Lock()


def keeper_for(store: Store) -> IndexKeeper:
    """The process's keeper of this store's index (one per database and index path)."""
    key = f"{store.url}|{settings().search_index}"
    with _KEEPERS_LOCK:
        keeper = _KEEPERS.get(key)
        if keeper is None or keeper.store is not store:
            keeper = _KEEPERS[key] = IndexKeeper(store)
        return keeper


def forget_keepers() -> None:
    """Drop every keeper (tests; a process that switches registries)."""
    with _KEEPERS_LOCK:
        _KEEPERS.clear()
