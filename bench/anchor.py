"""Real-name check: OFAC SDN Syria-related aliases (../shared/names_anchor), leave-one-out ranking.

Each spelling of a person with two or more spellings is a query against every *other* spelling of
all 521 people; we report how often the right person ranks first (top-1) and the mean reciprocal
rank, for Athar's ranker (the code behind `athar names rank`) and for a naive baseline (anyascii +
rapidfuzz token_sort_ratio).

    .venv/bin/python bench/anchor.py [--failures N]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz, process

from athar.names.rank import Gallery, rank_one

ANCHOR = (
    Path(__file__).resolve().parents[2] / "shared" / "names_anchor" / "ofac_sdn_syria_aliases.csv"
)


def load() -> list[tuple[str, str]]:
    with ANCHOR.open(encoding="utf-8") as fh:
        return [(r["entity_id"], r["name_variant"]) for r in csv.DictReader(fh)]


def evaluate_athar(rows: list[tuple[str, str]], failures: int) -> tuple[float, float, int, float]:
    counts = Counter(pid for pid, _ in rows)
    gallery = Gallery(rows)
    top1 = 0
    rr = 0.0
    n = 0
    shown = 0
    start = time.perf_counter()
    for qi, (pid, name) in enumerate(rows):
        if counts[pid] < 2:
            continue
        n += 1
        hits = rank_one(gallery, str(qi), name, top=10, skip=lambda row, qi=qi: row == qi)
        ranks = [h.rank for h in hits if h.gallery_id == pid]
        if ranks:
            rr += 1.0 / ranks[0]
            top1 += ranks[0] == 1
        if (not ranks or ranks[0] != 1) and shown < failures:
            shown += 1
            truth = [nm for p, nm in rows if p == pid and nm != name]
            got = [(h.gallery_id, h.score) for h in hits[:2]]
            print(f"MISS {name!r} -> {got}; right: {truth[:3]}")
    elapsed = time.perf_counter() - start
    return top1 / n, rr / n, n, elapsed


def evaluate_naive(rows: list[tuple[str, str]]) -> tuple[float, float]:
    counts = Counter(pid for pid, _ in rows)
    folded = [anyascii(nm).lower() for _, nm in rows]
    top1 = 0
    rr = 0.0
    n = 0
    for qi, (pid, _) in enumerate(rows):
        if counts[pid] < 2:
            continue
        n += 1
        scored = process.extract(folded[qi], folded, scorer=fuzz.token_sort_ratio, limit=60)
        seen: list[str] = []
        for _, _, row in scored:
            if row == qi:
                continue
            gid = rows[row][0]
            if gid not in seen:
                seen.append(gid)
        if pid in seen[:10]:
            r = seen.index(pid) + 1
            rr += 1.0 / r
            top1 += r == 1
    return top1 / n, rr / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--failures", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    rows = load()
    t1, mrr, n, secs = evaluate_athar(rows, args.failures)
    b1, bmrr = evaluate_naive(rows)
    print(f"queries: {n} (spellings of the {len(set(p for p, _ in rows))} people that have 2+)")
    print(f"athar : top-1 {t1:.4f}  MRR {mrr:.4f}  ({secs:.1f} s, {n / secs:.0f} queries/s)")
    print(f"naive : top-1 {b1:.4f}  MRR {bmrr:.4f}  (anyascii + token_sort_ratio)")


if __name__ == "__main__":
    main()
