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
  record at the death-link threshold included);
- **supervised**: a gradient-boosted classifier (scikit-learn) trained on the TRUE labels of the
  pairs of half the persons and scoring the other half's (and the other way round), on the
  model's comparison levels and weights, then also with graded name similarity
  (``athar.names.similarity.compare_parts`` of each part, and of the given / father / family
  parts across) and the gaps in birth year and arrest days: what any re-weighting of these
  candidates could reach with perfect labels, where EM has none.

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
from athar.link.pipeline import RULES, Linkage, link_rows, record_facts, row_of

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


#: Name parts compared by the supervised what-if's graded similarity: (left part, right part).
GRADED_PARTS = (
    *((p, p) for p in ("given", "father", "grandfather", "family", "mother")),
    ("given", "father"),
    ("father", "given"),
    ("family", "father"),
    ("father", "family"),
)


def _graded(linkage: Linkage, a: list[int], b: list[int]) -> np.ndarray:
    """Per pair: graded similarity of ``GRADED_PARTS`` (NaN where a side is empty), the gap in
    birth years and in arrest days (NaN where unknown)."""
    from datetime import date

    from athar.names.similarity import compare_parts

    cols = {part for pair in GRADED_PARTS for part in pair}
    table = linkage.features
    row = {pk: i for i, pk in enumerate(table.column("unique_id").to_pylist())}
    name = {c: table.column(f"{c}_exact").to_pylist() for c in cols}
    year = table.column("birth_year").to_pylist()
    arrest = table.column("arrest_date").to_pylist()
    memo: dict[tuple[str, str], float] = {}

    def similar(x: str | None, y: str | None) -> float:
        if not x or not y:
            return math.nan
        if (x, y) not in memo:
            memo[(x, y)] = compare_parts(x, y)[1]
        return memo[(x, y)]

    def days(x: str | None, y: str | None) -> float:
        if not (x and y and len(x) == len(y) == 10):
            return math.nan
        try:
            return abs((date.fromisoformat(x) - date.fromisoformat(y)).days)
        except ValueError:
            return math.nan

    out = np.full((len(a), len(GRADED_PARTS) + 2), math.nan)
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        i, j = row[x], row[y]
        for c, (left, right) in enumerate(GRADED_PARTS):
            out[k, c] = similar(name[left][i], name[right][j])
        if year[i] and year[j]:
            out[k, -2] = abs(year[i] - year[j])
        out[k, -1] = days(arrest[i], arrest[j])
    return out


def supervised_edges(
    linkage: Linkage, truth: dict[int, str], graded: bool
) -> list[tuple[int, int, float]]:
    """Every pair at the probability a classifier trained on the other half's true labels gives
    it (two folds by person); an identifier rule's pair keeps its rule's probability."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    edges, scored = linkage.edges, linkage.edges.scored
    a, b = scored.a.tolist(), scored.b.tolist()
    n_fields = scored.gamma.shape[1]
    x = np.hstack([scored.gamma.astype(float) + 1, scored.field_weight])
    if graded:
        x = np.hstack([x, _graded(linkage, a, b)])
    y = np.array([truth[i] == truth[j] for i, j in zip(a, b, strict=True)])
    fold = np.array([sum(map(ord, truth[i])) % 2 for i in a])
    p = np.zeros(len(y))
    for f in (0, 1):
        classifier = HistGradientBoostingClassifier(
            max_iter=300,
            learning_rate=0.05,
            categorical_features=list(range(n_fields)),
            random_state=0,  # its early stopping holds out a random tenth
        )
        classifier.fit(x[fold != f], y[fold != f])
        p[fold == f] = classifier.predict_proba(x[fold == f])[:, 1]
    by_model = RULES.index("model")
    return [
        (int(a), int(b), float(p[row]) if rule == by_model else float(q))
        for a, b, q, rule, row in zip(
            edges.a, edges.b, edges.probability, edges.rule, edges.scored_row, strict=True
        )
    ]


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
    for t, death in ((0.8, DEATH_THRESHOLD), (0.95, DEATH_THRESHOLD), (THRESHOLD, 0.995)):
        run(f"threshold {t}, death records at {death}", [], t, death)
    run(f"death records at the threshold {THRESHOLD} (no death rule)", [], THRESHOLD, THRESHOLD)
    for mode in ("min", "mean", "max"):
        run(f"cluster evidence, {mode} weight per comparison", evidence_edges(linkage, mode))
    for q in (0.5, 0.8):
        run(f"cluster evidence, 2 disjoint pairs at {q}+", several_pairs_edges(linkage, q, 2))
    for graded in (False, True):
        learnt = supervised_edges(linkage, truth, graded)
        label = "supervised on the truth" + (", + graded names, date gaps" if graded else "")
        for death in (DEATH_THRESHOLD, THRESHOLD):
            clusters = cluster(pks, learnt, facts, THRESHOLD, death).clusters
            show(f"{label} (deaths at {death})", clusters)


if __name__ == "__main__":
    main()
