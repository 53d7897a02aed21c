"""Name engine benchmark: quality on the project's labelled pairs, and speed.

Quality: precision / recall / F1 of "same name" (score >= SAME_NAME_THRESHOLD) on two
hand-labelled sets of variant pairs and hard negatives in both scripts, by script combination:
tests/data/name_pairs.csv (the development set the tests use) and
bench/data/name_pairs_holdout.csv (written independently of the engine and not tuned on).

Speed: full-name comparisons per second on random pairs of synthetic full names built from the
name tables (Arabic and Latin spellings mixed), with a cold cache and a warm one; and name-part
comparisons per second, as record linkage makes them.

    .venv/bin/python bench/names.py [--pairs 200000]
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import defaultdict
from pathlib import Path

from athar.names import SAME_NAME_THRESHOLD, compare, detect_script
from athar.names.similarity import compare_parts, compare_units, name_features, unit_features
from athar.names.tables import family_names, given_names

ROOT = Path(__file__).resolve().parents[1]
#: The development set (tests run on it) and a held-out set, written apart and never tuned on.
PAIR_SETS = (
    ROOT / "tests" / "data" / "name_pairs.csv",
    ROOT / "bench" / "data" / "name_pairs_holdout.csv",
)


def quality(path: Path) -> None:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sa, sb = detect_script(row["a"]), detect_script(row["b"])
            combo = "cross-script" if sa != sb else f"{sa}-{sa}"
            predicted = compare(row["a"], row["b"]).score >= SAME_NAME_THRESHOLD
            truth = row["same"] == "1"
            idx = 0 if predicted and truth else 1 if predicted else 2 if truth else 3
            for key in ("all", combo, f"kind:{row['kind']}"):
                by_kind[key][idx] += 1
    print(f"\nlabelled pairs: {path.name}, threshold {SAME_NAME_THRESHOLD}")
    print(f"{'subset':<16}{'pairs':>7}{'precision':>11}{'recall':>9}{'F1':>8}")
    for key in sorted(by_kind, key=lambda k: (k != "all", k)):
        tp, fp, fn, tn = by_kind[key]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{key:<16}{tp + fp + fn + tn:>7}{p:>11.4f}{r:>9.4f}{f1:>8.4f}")


def _random_name(rng: random.Random) -> str:
    given = given_names()
    family = family_names()
    parts = [rng.choice(given), rng.choice(given), rng.choice(family)]
    if rng.random() < 0.5:
        return " ".join(p.arabic for p in parts)
    return " ".join(rng.choice(p.latin) if p.latin else p.arabic for p in parts)


def speed(n_pairs: int) -> None:
    rng = random.Random(7)
    names = [_random_name(rng) for _ in range(max(2000, n_pairs // 20))]
    pairs = [(rng.choice(names), rng.choice(names)) for _ in range(n_pairs)]
    for label in ("cold cache", "warm cache"):
        if label == "cold cache":
            for fn in (compare_units, name_features, unit_features):
                fn.cache_clear()
        start = time.perf_counter()
        for a, b in pairs:
            compare(a, b)
        secs = time.perf_counter() - start
        print(
            f"{label}: {n_pairs:,} full-name pairs in {secs:.2f} s = {n_pairs / secs:,.0f} pairs/s"
        )


def part_speed(n_pairs: int) -> None:
    """Name-part comparisons (a given name against a given name), as record linkage makes them."""
    rng = random.Random(11)
    entries = [*given_names(), *family_names()]
    values = [e.arabic if rng.random() < 0.5 else rng.choice(e.latin) for e in entries]
    pairs = [(rng.choice(values), rng.choice(values)) for _ in range(n_pairs)]
    start = time.perf_counter()
    for a, b in pairs:
        compare_parts(a, b)
    secs = time.perf_counter() - start
    print(f"name parts: {n_pairs:,} pairs in {secs:.2f} s = {n_pairs / secs:,.0f} pairs/s")


def _full(row: dict[str, str]) -> str:
    if row["full_name"]:
        return row["full_name"]
    parts = ("given_name", "father_name", "grandfather_name", "family_name")
    return " ".join(row[p] for p in parts if row[p])


def synthetic_search(persons: int) -> None:
    """Family reports (Latin, Arabizi, French) searched in the prison register (Arabic), as a
    caseworker would: is the right person among the top 10? Only reports whose person is in the
    register count. A report of given + family name alone is often ambiguous among namesakes."""
    import tempfile

    from athar.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(persons=persons, seed=3, out_dir=Path(tmp))
        truth = {}
        with (Path(tmp) / "truth.csv").open(encoding="utf-8") as fh:
            truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}

        def rows(name: str) -> list[dict[str, str]]:
            with (Path(tmp) / name).open(encoding="utf-8") as fh:
                return list(csv.DictReader(fh))

        register = [(truth[r["record_id"]], _full(r)) for r in rows("prison_register.csv")]
        in_register = {pid for pid, _ in register}
        queries = [
            (truth[r["record_id"]], _full(r))
            for r in rows("family_report.csv")
            if truth[r["record_id"]] in in_register and _full(r)
        ]
    from athar.names.rank import Gallery, rank_one

    start = time.perf_counter()
    gallery = Gallery(register)
    top1 = top10 = 0
    for pid, name in queries:
        hits = rank_one(gallery, pid, name, top=10)
        ids = [h.gallery_id for h in hits]
        top1 += bool(ids) and ids[0] == pid
        top10 += pid in ids
    secs = time.perf_counter() - start
    n = len(queries)
    print(
        f"synthetic search ({persons:,} persons, {len(register):,} register rows, {n:,} Latin "
        f"family reports): top-1 {top1 / n:.4f}, top-10 {top10 / n:.4f} ({n / secs:,.0f} queries/s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pairs", type=int, default=200_000)
    ap.add_argument("--persons", type=int, default=5_000, help="for the synthetic search")
    args = ap.parse_args()
    for path in PAIR_SETS:
        quality(path)
    speed(args.pairs)
    part_speed(args.pairs * 5)
    synthetic_search(args.persons)


if __name__ == "__main__":
    main()
