"""`athar match` latency: one new record scored against a linked registry, without retraining.

Generates a synthetic registry of N persons, imports its files (``athar.ingest``), links them
(``link_rows``), leaves the run's features and model in a temporary folder as `athar link` does,
then times loading the matcher and scoring queries written as families write them.

    .venv/bin/python bench/match.py [--persons 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from athar.ingest import prepare_import
from athar.link.match import Matcher
from athar.link.pipeline import link_rows, row_of, save_artifacts
from athar.synth import generate

QUERIES = (
    {"full_name": "Mohammad Osama Al-Moustafa", "birth_date": "1965"},
    {"full_name": "محمد أحمد الحلبي"},
    {"full_name": "Khaled Al-Halabi", "birth_date": "1980"},
    {"full_name": "Hikmat Al-Tawil"},
    {"full_name": "Abdulrahman Al-Ali", "father_name": "Hassan"},
    {"full_name": "Mo7ammad 3abd el ra7man"},
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        summary = generate(persons=args.persons, seed=1, out_dir=root / "sources")
        rows = []
        for name in sorted(summary.records):
            if name == "truth.csv":
                continue
            for record in prepare_import(root / "sources" / name).records:
                rows.append(row_of(len(rows) + 1, record))
        linked = link_rows(rows, 0.9, 0.99)
        save_artifacts(linked.features, linked.model, root / "linkage")
        start = time.perf_counter()
        matcher = Matcher(root / "linkage")
        load = time.perf_counter() - start
        times = []
        for _ in range(args.repeat):
            for query in QUERIES:
                t = time.perf_counter()
                matcher.match(query)
                times.append(time.perf_counter() - t)
        matcher.close()
    times.sort()
    print(
        f"{len(rows):,} records: matcher loads in {load:.2f} s; a query takes "
        f"{statistics.median(times):.3f} s median, {times[int(0.95 * (len(times) - 1))]:.3f} s p95 "
        f"({len(times)} queries)"
    )


if __name__ == "__main__":
    main()
