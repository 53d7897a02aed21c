"""Search quality on the held-out generator's sources and queries (see README.md).

    python bench/heldout/search_quality.py --persons 20000 --seed 7 [--data DIR] [--misses F]

Builds the search index over the sources with the true person of every record (as
``bench/search.py`` does), runs every query of ``queries.csv`` with its optional fields, and
reports top-1 and top-10: whether the sought person is first, or among the first ten.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from search import records_table  # noqa: E402 (bench/search.py)

from athar.search import parse_query, search  # noqa: E402
from athar.search.index import build_index  # noqa: E402
from athar.search.query import QueryError  # noqa: E402


def quality(data: Path, misses_file: Path | None = None) -> dict[str, Any]:
    index = build_index(records_table(data))
    n = top1 = top10 = refused = 0
    misses: list[dict[str, str]] = []
    with (data / "queries.csv").open(encoding="utf-8", newline="") as fh:
        for q in csv.DictReader(fh):
            n += 1
            try:
                query = parse_query(
                    q["q"],
                    father=q["father"] or None,
                    mother=q["mother"] or None,
                    birth_year=q["birth_year"] or None,
                    governorate=q["governorate"] or None,
                )
            except QueryError:
                refused += 1
                misses.append(q)
                continue
            ids = [r.person_id for r in search(index, query, 10)]
            top1 += bool(ids) and ids[0] == q["person_id"]
            top10 += q["person_id"] in ids
            if q["person_id"] not in ids:
                misses.append(q)
    if misses_file is not None:
        misses_file.write_text(
            "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses), encoding="utf-8"
        )
    return {
        "queries": n,
        "records": index.n_records,
        "top1": round(top1 / n, 4),
        "top10": round(top10 / n, 4),
        "refused": refused,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data", type=Path, help="generated sources (made here when missing)")
    ap.add_argument("--misses", type=Path, help="write the missed queries here (JSON lines)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="athar-heldout-") as tmp:
        data = args.data or Path(tmp) / "data"
        if not (data / "queries.csv").is_file():
            gen = [sys.executable, str(HERE / "gen.py"), "--persons", str(args.persons)]
            gen += ["--seed", str(args.seed), str(data)]
            subprocess.run(gen, check=True, stdout=subprocess.DEVNULL)
        result = quality(data, args.misses)
    print(json.dumps({"persons": args.persons, "seed": args.seed, **result}))


if __name__ == "__main__":
    main()
