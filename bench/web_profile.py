"""Where one web request's time goes, in-process (issue 4): ``/api/search`` and the person page
under cProfile, on an existing registry (e.g. the one ``bench/web.py --keep DIR`` built).

    ATHAR_DATA_DIR=/tmp/serve-1m/data .venv/bin/python bench/web_profile.py --token athar_… \\
        --query "محمد الحلبي" --requests 50

The app runs in this one thread (httpx's ASGI transport, FastAPI's thread pool replaced by a
direct call) so that cProfile sees all of a request. Prints the mean time per request of each
route and the functions with the most cumulative time. Nothing is appended to RESULTS.md: this
is a tool for finding waste.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from collections.abc import Callable
from typing import Any

import fastapi.dependencies.utils
import fastapi.routing
import httpx

from athar.web import create_app


async def _inline(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


async def _profile(args: argparse.Namespace) -> None:
    fastapi.routing.run_in_threadpool = _inline  # type: ignore[assignment]
    fastapi.dependencies.utils.run_in_threadpool = _inline  # type: ignore[assignment]
    headers = {"Authorization": f"Bearer {args.token}"}
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", headers=headers
    ) as client:
        found = await client.get("/api/search", params={"q": args.query, "limit": 10})
        found.raise_for_status()
        person = next(r["person_id"] for r in found.json()["results"] if r["person_id"])
        routes = {
            "/api/search": ("/api/search", {"q": args.query, "limit": 10}),
            "person page": (f"/persons/{person}", {}),
        }
        for name, (path, params) in routes.items():
            (await client.get(path, params=params)).raise_for_status()  # warm
            profile = cProfile.Profile()
            start = time.perf_counter()
            profile.enable()
            for _ in range(args.requests):
                await client.get(path, params=params)
            profile.disable()
            mean = 1000 * (time.perf_counter() - start) / args.requests
            print(f"\n=== {name}: {mean:.1f} ms per request (profiled) ===")
            stats = pstats.Stats(profile)
            stats.sort_stats(args.sort).print_stats(args.top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--token", required=True, help="an API token (athar user token NAME)")
    ap.add_argument("--query", default="محمد الحلبي")
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    asyncio.run(_profile(ap.parse_args()))


if __name__ == "__main__":
    main()
