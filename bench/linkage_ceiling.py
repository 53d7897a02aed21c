"""Where the recall of a synth run is lost, and what would (not) win it back: what-ifs on one run.

    .venv/bin/python bench/linkage_ceiling.py --data /tmp/lk/root/p20000-s1

Links once (``link_rows``), then re-clusters the same scored pairs under the same constraints:

- **oracle**: every scored pair (probability ≥ ``KEEP_PAIRS_ABOVE``, or an identifier rule)
  classified by the truth: the recall the candidates allow, if scoring were perfect;
- **thresholds**: other link and death-link thresholds (the death rule is a policy, not a knob to
  tune: shown to size what it holds back);
- **cluster evidence**: two clusters joined by the evidence of all the scored pairs between them,
  one comparison at a time (the three given-name comparisons by script count as one piece of
  evidence, as do lineage and family): per comparison the least, mean or greatest weight of those
  pairs, plus the prior; and "several fairly likely pairs": at least two pairs with no record in
  common, each at ``q`` or more. The joins go through the clustering constraints (the death
  record at 0.995 included).

Uses ``bench/linkage.py``'s records and truth; prints one line per what-if.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linkage import DEATH_THRESHOLD, THRESHOLD, ingest, read_truth

from athar.link.cluster import cluster
from athar.link.pipeline import Linkage, link_rows, record_facts, row_of

#: Comparisons that are one piece of evidence (split by script, or by whether a father is named).
SAME_EVIDENCE = {"given_in_latin": "given", "given_across": "given", "family": "lineage"}


def pairwise(clusters: Iterable[Sequence[int]], truth: dict[int, str]) -> str:
    groups: Counter[str] = Counter(truth.values())
    true = sum(n * (n - 1) // 2 for n in groups.values())
    predicted = correct = 0
    for members in clusters:
        predicted += len(members) * (len(members) - 1) // 2
        counts = Counter(truth[pk] for pk in members)
        correct += sum(n * (n - 1) // 2 for n in counts.values())
    p, r = correct / max(predicted, 1), correct / max(true, 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.4f} R {r:.4f} F1 {f1:.4f} (correct {correct:,}, false {predicted - correct:,})"


def cross_cluster_pairs(linkage: Linkage) -> dict[tuple[int, int], list[int]]:
    """(cluster, cluster) → positions in ``linkage.edges`` of the pairs between them."""
    of = {pk: i for i, members in enumerate(linkage.clusters) for pk in members}
    out: dict[tuple[int, int], list[int]] = defaultdict(list)
    pairs = zip(linkage.edges.a.tolist(), linkage.edges.b.tolist(), strict=True)
    for i, (a, b) in enumerate(pairs):
        x, y = of[a], of[b]
        if x != y:
            out[(min(x, y), max(x, y))].append(i)
    return out


def evidence_edges(linkage: Linkage, mode: str) -> list[tuple[int, int, float]]:
    """One pair per two clusters, at the probability their pairs' pooled evidence gives."""
    edges, scored = linkage.edges, linkage.edges.scored
    settings = linkage.model.settings_json()
    prior = float(settings["probability_two_random_records_match"])
    prior_weight = math.log2(prior / (1 - prior))
    groups: dict[str, list[int]] = defaultdict(list)
    for k, name in enumerate(scored.fields):
        groups[SAME_EVIDENCE.get(name, name)].append(k)
    pick = {"min": np.min, "mean": np.mean, "max": np.max}[mode]
    out = []
    for positions in cross_cluster_pairs(linkage).values():
        rows = edges.scored_row[positions]
        rows = rows[rows >= 0]
        if not len(rows):
            continue
        weight = prior_weight
        for columns in groups.values():
            gamma = scored.gamma[np.ix_(rows, columns)]
            known = gamma >= 0
            if known.any():
                weight += float(pick(scored.field_weight[np.ix_(rows, columns)][known]))
        best = positions[int(np.argmax(edges.probability[positions]))]
        p = 1 - 1 / (1 + 2**weight)
        out.append((int(edges.a[best]), int(edges.b[best]), p))
    return out


def several_pairs_edges(linkage: Linkage, q: float, k: int) -> list[tuple[int, int, float]]:
    """A pair at the threshold for two clusters with ``k`` pairs at ``q`` or more, no record in
    two of them."""
    edges = linkage.edges
    out = []
    for positions in cross_cluster_pairs(linkage).values():
        ranked = sorted(positions, key=lambda i: -edges.probability[i])
        used: set[int] = set()
        n = 0
        for i in ranked:
            if edges.probability[i] < q:
                break
            a, b = int(edges.a[i]), int(edges.b[i])
            if a in used or b in used:
                continue
            used |= {a, b}
            n += 1
        if n >= k:
            out.append((int(edges.a[ranked[0]]), int(edges.b[ranked[0]]), THRESHOLD))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    args = parser.parse_args()
    records = ingest(args.data)
    by_id = read_truth(args.data / "truth.csv")
    truth = {pk: by_id[r.record_id] for pk, r in records}
    linkage = link_rows(
        [row_of(pk, r) for pk, r in records], threshold=THRESHOLD, death_threshold=DEATH_THRESHOLD
    )
    pks = linkage.features.column("unique_id").to_pylist()
    facts = record_facts(linkage.features)
    base = list(linkage.edges.triples())

    def show(label: str, clusters: Iterable[Sequence[int]]) -> None:
        print(f"{label:<52} {pairwise(clusters, truth)}", flush=True)

    def run(
        label: str, extra: list[tuple[int, int, float]], t: float = THRESHOLD, death: float = 0.0
    ) -> None:
        show(label, cluster(pks, base + extra, facts, t, death or DEATH_THRESHOLD).clusters)

    show("run as linked", linkage.clusters)
    oracle = [(a, b, 1.0) for a, b, _ in base if truth[a] == truth[b]]
    perfect = cluster(pks, oracle, {}, THRESHOLD, THRESHOLD).clusters
    show("oracle: scored pairs classified by the truth", perfect)
    for t, death in ((0.8, DEATH_THRESHOLD), (0.95, DEATH_THRESHOLD), (THRESHOLD, 0.99)):
        run(f"threshold {t}, death records at {death}", [], t, death)
    run(f"death records at the threshold {THRESHOLD} (no death rule)", [], THRESHOLD, THRESHOLD)
    for mode in ("min", "mean", "max"):
        run(f"cluster evidence, {mode} weight per comparison", evidence_edges(linkage, mode))
    for q in (0.5, 0.8):
        run(f"cluster evidence, 2 disjoint pairs at {q}+", several_pairs_edges(linkage, q, 2))


if __name__ == "__main__":
    main()
