"""Scenarios of ``athar.web.collector`` run in a fresh interpreter each (``test_web_collector``):
they freeze objects, which the test process itself should not have done to its own."""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import weakref
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from athar.web.collector import CollectWhenIdle

#: What a server's caches hold after a while: live objects the collector tracks.
CACHE = 30_000


class Node:
    """An object that can sit in a reference cycle."""

    other: Any = None


def _cycle() -> weakref.ref[Node]:
    """A reference cycle no one refers to: garbage only the collector frees."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


async def _get(app: CollectWhenIdle, path: str) -> int:
    """One GET through the ASGI app, as a server makes it; the status."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": b"", "headers": [], "scheme": "http", "http_version": "1.1",
             "server": ("test", 80), "client": ("test", 1), "root_path": ""}  # fmt: skip
    await app(scope, receive, send)  # type: ignore[arg-type]
    return int(sent[0]["status"])


def _app(release: asyncio.Event, clock: list[float]) -> CollectWhenIdle:
    async def fast(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    async def slow(request: Request) -> PlainTextResponse:
        await release.wait()
        return PlainTextResponse("ok")

    routes = [Route("/fast", fast), Route("/slow", slow)]
    return CollectWhenIdle(
        Starlette(routes=routes), settle_objects=10_000, thaw_seconds=60, clock=lambda: clock[0]
    )


async def idle() -> dict[str, Any]:
    """Caches grown while a slow request is in hand: nothing happens until it is answered; then
    the garbage is collected and the caches frozen."""
    release, clock = asyncio.Event(), [0.0]
    app = _app(release, clock)
    gc.collect()
    cache = [[k] for k in range(CACHE)]  # survives young passes into the oldest generation
    dead = _cycle()
    slow = asyncio.create_task(_get(app, "/slow"))
    await asyncio.sleep(0)
    await _get(app, "/fast")
    busy = {"settled": app.settled, "frozen": gc.get_freeze_count()}
    release.set()
    await slow
    return {
        "busy": busy,
        "settled": app.settled,
        "frozen": gc.get_freeze_count(),
        "oldest": len(gc.get_objects(2)),
        "garbage_freed": dead() is None,
        "cache": len(cache),
    }


async def thaw() -> dict[str, Any]:
    """A cycle frozen while alive and dropped since is freed at the next thaw, not before."""
    release, clock = asyncio.Event(), [0.0]
    release.set()
    app = _app(release, clock)
    kept = Node()
    kept.other = Node()
    kept.other.other = kept
    cycle = weakref.ref(kept)
    cache = [[k] for k in range(CACHE)]
    await _get(app, "/fast")  # settles: the cycle is frozen, alive
    del kept
    gc.collect()
    frozen_garbage_kept = cycle() is not None
    clock[0] = 61.0
    await _get(app, "/fast")  # past thaw_seconds: thawed, collected, frozen again
    return {
        "settled": app.settled,
        "frozen_garbage_kept": frozen_garbage_kept,
        "freed_at_thaw": cycle() is None,
        "frozen": gc.get_freeze_count(),
        "cache": len(cache),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run({"idle": idle, "thaw": thaw}[sys.argv[1]]())))
