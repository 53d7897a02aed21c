"""Python's cyclic garbage collector run in a server process's idle moments.

A full pass of the collector walks every object it tracks and holds the interpreter meanwhile.
The search index is left out of its passes (``gc.freeze()`` once it is warm), but what a server
builds while it serves stays in: the name engine's caches of parsed query units grow with every
new name searched for. At a million records a full pass took 12–30 ms after 1,500 searches and
60 ms after 3,000 (``bench/gc_pause.py``), memory-bound, and it falls on whichever request is
running when the collector's turn comes.

So when the last request a process holds has been answered, and the objects the collector's
oldest generation holds have grown past ``settle_objects``, the process collects and then
freezes what is alive: the caches leave the passes as the index did, and the next passes walk
only what is newer. Under steady load a process is never idle and Python's own passes run as
before, so memory is never left to grow.

Freezing has one cost: reference cycles among frozen objects are not collected until they are
thawed (refcounting still frees everything else). An idle moment at most every
``thaw_seconds`` thaws everything, collects it all and freezes again: a longer pass, at a moment
no request is waiting.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send


class IdleCollector:
    """When an idle moment collects and freezes, and the collecting: the middleware's policy,
    apart from any server (``bench/gc_pause.py`` calls it between searches)."""

    def __init__(
        self,
        settle_objects: int,
        thaw_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settle_objects = settle_objects
        self.thaw_seconds = thaw_seconds
        self.clock = clock
        self.thawed_at = clock()
        self.settled = 0  # idle collections so far (a status for tests and logs)

    def settle(self) -> bool:
        """Collect and freeze now if it is due; whether it was."""
        if self.clock() - self.thawed_at >= self.thaw_seconds:
            gc.unfreeze()
            self.thawed_at = self.clock()
        # cheap first: no pass of the middle generation since the last full one, nothing moved
        # to the oldest; counting the oldest's objects walks a list of them
        elif gc.get_count()[2] == 0 or len(gc.get_objects(2)) < self.settle_objects:
            return False
        gc.collect()
        gc.freeze()
        self.settled += 1
        return True


class CollectWhenIdle(IdleCollector):
    """ASGI middleware: count the requests in hand; when none is left, collect and freeze if
    the collector's oldest generation has grown past ``settle_objects`` (thaw everything first
    when ``thaw_seconds`` have passed since the last thaw)."""

    def __init__(
        self,
        app: ASGIApp,
        settle_objects: int,
        thaw_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(settle_objects, thaw_seconds, clock)
        self.app = app
        self.in_hand = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_hand += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_hand -= 1
            if self.in_hand == 0:
                self.settle()
