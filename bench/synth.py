"""Benchmark of ``athar.synth``: time and peak memory to generate a million persons.

Run: ``.venv/bin/python bench/synth.py [--persons 1000000] [--seed 1] [--out DIR] [--keep]``.
Peak memory is the process's maximum resident set size (``resource.getrusage``), which includes
the interpreter and the loaded tables; it must stay flat as ``--persons`` grows, since persons
and rows are streamed to disk.
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from athar.synth import generate


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="directory to write into (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the files written")
    args = parser.parse_args()

    out = args.out or Path(tempfile.mkdtemp(prefix="athar-synth-bench-"))
    try:
        summary = generate(args.persons, args.seed, out)
        size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)

    print(f"athar.synth benchmark — Python {platform.python_version()}, {platform.machine()}")
    print("| persons | records | seconds | persons/s | peak RSS (MB) | written (MB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {summary.persons:,} | {summary.total_records:,} | {summary.seconds:.1f} "
        f"| {summary.persons / max(summary.seconds, 1e-9):,.0f} | {_peak_rss_mb():.0f} "
        f"| {size / 1e6:.0f} |"
    )
    for name, count in summary.records.items():
        print(f"  {name}: {count:,}")
    print(f"  persons in some source: {summary.observed_persons:,}")


if __name__ == "__main__":
    main()
