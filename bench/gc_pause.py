"""How long Python's cyclic garbage collector holds a search server (issue 4).

A server process leaves its loaded index out of the collector (``gc.freeze()`` once the index is
warm), but what it builds while serving stays in: the name engine's caches of parsed query units
among it. This loads a ``bench/web.py`` registry's index as a server does and runs more and more
distinct searches written as families write them (``bench/search.py``'s writer), timing every
pass of the collector meanwhile; after each step it also times one full pass (the pause a search
meets when the collector's oldest generation comes due).

With ``--settle N`` each search is followed by an idle moment of a server that collects when
idle (``athar.web.collector``, ``ATHAR_WEB_GC_SETTLE_OBJECTS=N``): a lightly loaded server.

    .venv/bin/python bench/gc_pause.py --keep /tmp/serve-1m --steps 1000 3000 6000 [--settle 20000]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import sys
import time
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import make_queries  # bench/search.py: the families' query writer


class PassTimer:
    """Every pass of the collector, timed through ``gc.callbacks``."""

    def __init__(self) -> None:
        self.started = 0.0
        self.passes: list[tuple[int, float]] = []  # (generation, ms)
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.passes.append((info["generation"], 1000 * (time.perf_counter() - self.started)))

    def take(self) -> list[tuple[int, float]]:
        out, self.passes = self.passes, []
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keep", type=Path, required=True, help="a bench/web.py registry folder")
    ap.add_argument("--steps", type=int, nargs="+", default=[1_000, 3_000, 6_000])
    ap.add_argument("--settle", type=int, default=0, help="collect when idle past N objects")
    args = ap.parse_args()

    from athar.search import parse_query, search
    from athar.search.index import SearchIndex
    from athar.web.collector import IdleCollector

    built = json.loads((args.keep / "built.json").read_text(encoding="utf-8"))
    with Path(built["sources"], "truth.csv").open(encoding="utf-8") as fh:
        observed = {r["person_id"] for r in csv.DictReader(fh)}
    queries = make_queries(built["persons"], built["seed"], observed, max(args.steps))
    Random(7).shuffle(queries)
    index = SearchIndex.load(args.keep / "data" / "search" / "index.npz")
    index.warm()
    gc.collect()
    gc.freeze()  # as the server's keeper does once its index is warm
    idle = IdleCollector(args.settle, thaw_seconds=float("inf")) if args.settle else None
    timer = PassTimer()
    done = 0
    for step in sorted(args.steps):
        passes: list[tuple[int, float]] = []  # during searches
        idle_passes: list[tuple[int, float]] = []  # at the idle moments after them
        for text, *_ in queries[done:step]:
            search(index, parse_query(text), 10)
            passes += timer.take()
            if idle is not None:
                idle.settle()
                idle_passes += timer.take()
        done = step
        start = time.perf_counter()
        gc.collect()
        full = 1000 * (time.perf_counter() - start)
        timer.take()
        print(
            json.dumps(
                {
                    "searches": step,
                    "settle": args.settle,
                    "longest_pass_in_a_search_ms": round(
                        max((ms for _, ms in passes), default=0), 1
                    ),
                    "full_passes_in_searches": sum(g == 2 for g, _ in passes),
                    "collector_ms_in_searches": round(sum(ms for _, ms in passes), 1),
                    "idle_collections": len(idle_passes),
                    "longest_idle_ms": round(max((ms for _, ms in idle_passes), default=0), 1),
                    "tracked": len(gc.get_objects()),
                    "full_pass_now_ms": round(full, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
