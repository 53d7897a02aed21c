"""What caseworkers' review adds to the linkage: F1 after rounds of human decisions.

A synthetic registry (``athar synth``, as ``bench/linkage.py`` makes it) is linked; then a
reviewer who knows the truth works through the review queue in rounds, as a team would:

- each round takes the first ``--per-round`` pairs of the queue, in the queue's own order
  (``athar.review.queue.queue_order``: pairs scored in the review band, and pairs above it that
  a rule kept apart, the ones whose answer would change most first), and answers each from
  ``truth.csv`` (same person or not);
- then the registry is linked again with every decision so far, as ``athar link`` does: the
  decisions are constraints on the clustering (a confirmed pair together, a rejected one apart).

Each round reports the decisions so far, pairwise precision / recall / F1, cross-script F1,
death-link precision, and whether every decision held after the re-run (confirmed pairs in one
person, rejected pairs apart): no human decision may be lost or overridden by a re-run.

    ATHAR_DATA_DIR=/tmp/rv .venv/bin/python bench/review.py --data /tmp/lk/root/p20000-s1 \\
        [--rounds 4] [--per-round 500] [--output review.json]

``--data`` is a folder ``bench/linkage.py`` generated (``--data-root``), or one to generate into
with ``--persons`` and ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import linkage as L

from athar.config import settings
from athar.link.pipeline import Linkage, link_rows, row_of
from athar.review.queue import queue_order


class Pair(NamedTuple):
    """A scored pair of the linkage in memory, as the queue reads it."""

    a: int
    b: int
    match_probability: float


def queue(linkage: Linkage, decided: set[tuple[int, int]]) -> list[Pair]:
    """The review queue of a linkage in memory, in the queue's order."""
    conf = settings()
    edges = linkage.edges
    keep = edges.probability >= conf.review_low
    pairs = [
        Pair(int(a), int(b), float(p))
        for a, b, p in zip(edges.a[keep], edges.b[keep], edges.probability[keep], strict=True)
    ]
    person_of = {pk: str(i) for i, members in enumerate(linkage.clusters) for pk in members}
    queued = queue_order(pairs, person_of, decided, conf.review_high, L.THRESHOLD)
    return [q.link for q in queued]


def held(clusters: list[list[int]], decisions: list[tuple[int, int, bool]]) -> dict[str, int]:
    """How many decisions the clustering kept, and how many it broke."""
    cluster_of = {pk: i for i, members in enumerate(clusters) for pk in members}
    kept = sum((cluster_of[a] == cluster_of[b]) == same for a, b, same in decisions)
    return {"kept": kept, "broken": len(decisions) - kept}


def measure(
    linkage: Linkage,
    info: dict[int, L.Info],
    decisions: list[tuple[int, int, bool]],
    seconds: float,
) -> dict[str, Any]:
    clusters = [list(c) for c in linkage.clusters]
    return {
        "decisions": len(decisions),
        "confirmed": sum(same for _, _, same in decisions),
        "pairwise": asdict(L.pairwise(clusters, info)),
        "cross_script_f1": L.cross_script(clusters, info).f1,
        "death_link_precision": L.death_links(clusters, info)["precision"],
        "decisions_held": held(clusters, decisions),
        "link_seconds": round(seconds, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-round", type=int, default=500)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    if not (args.data / "truth.csv").is_file():
        L.generate_data(args.persons, args.seed, args.data)
    records = L.ingest(args.data)
    truth = L.read_truth(args.data / "truth.csv")
    info = {pk: L.info_of(r, truth[r.record_id]) for pk, r in records}
    rows = [row_of(pk, r) for pk, r in records]
    decisions: list[tuple[int, int, bool]] = []
    rounds = []
    for k in range(args.rounds + 1):
        started = time.perf_counter()
        linkage = link_rows(rows, L.THRESHOLD, L.DEATH_THRESHOLD, decisions=decisions)
        result = measure(linkage, info, decisions, time.perf_counter() - started)
        rounds.append(result)
        pw = result["pairwise"]
        print(
            f"round {k}: {result['decisions']:,} decisions ({result['confirmed']:,} same) · "
            f"P {pw['precision']:.4f} R {pw['recall']:.4f} F1 {pw['f1']:.4f} · "
            f"cross-script F1 {result['cross_script_f1']:.4f} · "
            f"death-link precision {result['death_link_precision']} · "
            f"decisions broken {result['decisions_held']['broken']}",
            file=sys.stderr,
            flush=True,
        )
        if k == args.rounds:
            break
        decided = {(a, b) for a, b, _ in decisions}
        for pair in queue(linkage, decided)[: args.per_round]:
            decisions.append((pair.a, pair.b, info[pair.a].person == info[pair.b].person))
    report = {
        "data": str(args.data),
        "records": len(records),
        "per_round": args.per_round,
        "rounds": rounds,
    }
    text = json.dumps(report, indent=2)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
