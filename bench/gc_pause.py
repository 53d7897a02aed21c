"""How long a full pass of Python's cyclic garbage collector holds a search server (issue 4).

A server process leaves its loaded index out of the collector (``gc.freeze()`` once the index is
warm), but what it builds while serving stays in: the name engine's caches of parsed query units
among it. This loads a ``bench/web.py`` registry's index as a server does, parses more and more
distinct queries written as families write them (``bench/search.py``'s writer), and times a full
collection after each step: the pause a search would meet when the collector's turn comes.

    .venv/bin/python bench/gc_pause.py --keep /tmp/serve-1m --steps 10000 30000 60000
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import make_queries  # bench/search.py: the families' query writer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--keep", type=Path, required=True, help="a bench/web.py registry folder")
    ap.add_argument("--steps", type=int, nargs="+", default=[10_000, 30_000, 60_000])
    args = ap.parse_args()

    from athar.search import parse_query
    from athar.search.index import SearchIndex

    built = json.loads((args.keep / "built.json").read_text(encoding="utf-8"))
    with Path(built["sources"], "truth.csv").open(encoding="utf-8") as fh:
        observed = {r["person_id"] for r in csv.DictReader(fh)}
    queries = make_queries(built["persons"], built["seed"], observed, max(args.steps))
    Random(7).shuffle(queries)
    index = SearchIndex.load(args.keep / "data" / "search" / "index.npz")
    index.warm()
    gc.freeze()  # as the server's keeper does once its index is warm
    done = 0
    for step in sorted(args.steps):
        for text, *_ in queries[done:step]:
            parse_query(text)
        done = step
        start = time.perf_counter()
        gc.collect()
        pause = 1000 * (time.perf_counter() - start)
        print(
            json.dumps(
                {"queries": step, "tracked": len(gc.get_objects()), "full_pass_ms": round(pause, 1)}
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
