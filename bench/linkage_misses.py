"""Why true pairs were missed: no edge (never a candidate of the blocking rules, or scored
under ``KEEP_PAIRS_ABOVE`` and not kept), an edge below the threshold, or split by clustering
(an edge above the threshold that the constraints refused). FEBRL4 or synth data.

    .venv/bin/python bench/linkage_misses.py [--data febrl4 | DIR] [--show 15] [--given-veto on|off]

``--given-veto`` sets ``ATHAR_GIVEN_NAME_VETO`` over the data set's own settings (FEBRL's turn
it off: its lists hold no relatives): ``on`` measures what the Syrian-records rule costs on a
data set whose generator replaces given names wholesale, ``off`` what it saves on synth data.

Also lists the false pairs of the clusters. Uses ``bench/linkage.py``'s records and metrics'
idea of truth; prints counts, then examples with the model's field-by-field explanation.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage import (
    DEATH_THRESHOLD,
    FEBRL,
    FEBRL_SETTINGS,
    THRESHOLD,
    febrl_records,
    ingest,
    read_truth,
)

from athar.link.pipeline import explanation_text, link_rows, row_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=FEBRL)
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--given-veto", choices=("on", "off"))
    args = parser.parse_args()
    if args.data == FEBRL:
        os.environ.update(FEBRL_SETTINGS)
        records, truth = febrl_records()
    else:
        records = ingest(Path(args.data))
        by_id = read_truth(Path(args.data) / "truth.csv")
        truth = {pk: by_id[r.record_id] for pk, r in records}
    if args.given_veto:
        os.environ["ATHAR_GIVEN_NAME_VETO"] = "true" if args.given_veto == "on" else "false"
    by_pk = dict(records)
    linkage = link_rows(
        [row_of(pk, r) for pk, r in records], threshold=THRESHOLD, death_threshold=DEATH_THRESHOLD
    )
    cluster_of = {pk: i for i, c in enumerate(linkage.clusters) for pk in c}
    edges = linkage.edges.as_dict()
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, person in truth.items():
        groups[person].append(pk)
    why: Counter[str] = Counter()
    examples: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            if cluster_of[a] == cluster_of[b]:
                continue
            edge = edges.get((a, b))
            kind = "no edge" if edge is None else "below" if edge[0] < THRESHOLD else "split"
            why[kind] += 1
            examples[kind].append((a, b))
    false = [
        (a, b)
        for c in linkage.clusters
        for a, b in combinations(sorted(c), 2)
        if truth[a] != truth[b]
    ]
    true_pairs = sum(len(m) * (len(m) - 1) // 2 for m in groups.values())
    found = true_pairs - sum(why.values())
    precision = found / (found + len(false)) if found + len(false) else 1.0
    recall = found / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"pairwise P {precision:.4f} R {recall:.4f} F1 {f1:.4f}")
    print(f"missed pairs: {dict(why)}; false pairs: {len(false)}; refusals {linkage.refusals}")
    shown = [("false", p) for p in false] + [(k, p) for k, ps in examples.items() for p in ps]
    counts: Counter[str] = Counter()
    for kind, (a, b) in shown:
        if counts[kind] >= args.show:
            continue
        counts[kind] += 1
        edge = edges.get((a, b))
        print(f"\n[{kind}] {a} {b} p={edge[0]:.4f}" if edge else f"\n[{kind}] {a} {b}")
        for pk in (a, b):
            f = by_pk[pk].fields
            print("   ", {k: v for k, v in f.items() if v and k not in ("source_kind",)})
        if edge:
            print("    " + "; ".join(explanation_text(edge[3])))


if __name__ == "__main__":
    main()
