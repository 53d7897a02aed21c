"""How often a Latin (or, with ``--script arabic``, an Arabic) writing of a name part reaches its
true table name (synthetic data only).

For every record of a synthetic data set, the linkage features of the given and family name
(``athar.link.features``: ``<part>_id`` and ``<part>_key``) are checked against the table name the
generator drew for that person (re-generated from the same seed; ``truth.csv`` maps records to
persons). Each Latin-script part falls in one of:

- ``true``: its id is the true name's id;
- ``role``: its id is the true name of another part of the person (a role the parser or the
  source mixed up, not a misread name);
- ``wrong``: its id is another name's (dangerous: different names meet);
- ``none``: no id; ``key_true`` counts those whose blocking key still reaches the true id
  (``nearest_id`` of the skeleton).

``none`` writings are sorted into rough patterns so the leftovers can be read::

    .venv/bin/python bench/name_keys.py /tmp/lk/root/p20000-s1 [--show 40] [--json out.json]
        [--script arabic]

``--anchor out.json`` instead writes the ids of every word of the real OFAC spellings
(../shared/names_anchor), so two versions of the engine can be compared word by word.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SOURCES = ("family_report", "prison_register", "release_list", "ngo_list", "death_record")
PARTS = ("given", "family", "father")


def true_ids(data: Path) -> dict[str, dict[str, str]]:
    """person_id → {part: true table id}, by re-generating the persons of the data set."""
    from athar.names.lexicon import _joined, lexicon
    from athar.synth.pools import pools
    from athar.synth.population import families

    done = json.loads((data / "done.json").read_text())
    keep = lexicon().article_words
    out: dict[str, dict[str, str]] = {}
    for _rng, members in families(int(done["persons"]), int(done["seed"]), pools()):
        for p in members:
            out[p.person_id] = {
                "given": _joined(p.given.arabic, keep)[0],
                "family": _joined(p.family.arabic, keep)[0],
                "father": _joined(p.father.arabic, keep)[0],
                "grandfather": _joined(p.grandfather.arabic, keep)[0],
                "mother": _joined(p.mother_given.arabic, keep)[0],
                "mother_family": _joined(p.mother_family.arabic, keep)[0],
            }
    return out


def pattern(written: str, truth: str) -> str:
    """A rough label for why a Latin writing found no id."""
    from athar.names.lexicon import lexicon

    w = written.lower()
    entry = lexicon().entries.get(truth)
    table = [s.lower() for s in entry.latin] if entry else []
    if " " in w:
        return "several units"
    if re.search(r"[0-9]", w):
        return "arabizi digits"
    if re.match(r"^(abu|abou|abo|aboo|aboou|bou|abi)", w) or truth.startswith("ابو"):
        return "abu compound"
    if re.match(r"^abd", w) or truth.startswith("عبد"):
        return "abd compound"
    if re.match(r"^(al|el|ul|il)", w) and not any(t.startswith(w[:2]) for t in table):
        return "article joined"
    if re.search(r"([a-z])\1", w):
        return "doubled letter"
    if re.search(r"(kh|gh|ch|sh|th|dh)", w):
        return "digraph"
    return "vowels / other"


def anchor_ids(out: Path) -> None:
    """Every distinct word of the OFAC anchor spellings with the ids the engine gives it."""
    from anchor import load

    from athar.names.similarity import name_features

    words: dict[str, list[str]] = {}
    for _person, spelling in load():
        for f in name_features(spelling):
            words[f.unit.bare] = sorted(f.ids)
    out.write_text(json.dumps(words, ensure_ascii=False, indent=0, sort_keys=True))
    known = sum(1 for v in words.values() if v)
    print(f"{len(words):,} distinct anchor words, {known:,} with a table id", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, nargs="?")
    ap.add_argument("--anchor", type=Path, help="write the anchor words' ids here and stop")
    ap.add_argument("--show", type=int, default=0, help="print this many examples per outcome")
    ap.add_argument("--json", type=Path, help="write the counts here")
    ap.add_argument(
        "--script", choices=("latin", "arabic"), default="latin", help="which writings to check"
    )
    args = ap.parse_args(argv)
    if args.anchor:
        anchor_ids(args.anchor)
        return 0
    if args.data is None:
        ap.error("give the synthetic data folder (or --anchor FILE)")

    from athar.ingest import prepare_import
    from athar.link.features import feature_table
    from athar.link.pipeline import row_of

    with (args.data / "truth.csv").open(encoding="utf-8", newline="") as fh:
        person_of = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    truth = true_ids(args.data)
    rows: list[dict[str, object]] = []
    record_ids: list[str] = []
    for kind in SOURCES:
        prepared = prepare_import(args.data / f"{kind}.csv")
        for rec in prepared.records:
            rows.append(row_of(len(rows) + 1, rec))
            record_ids.append(rec.record_id)
        print(f"{kind}: {len(prepared.records):,} records", file=sys.stderr)
    feats = feature_table(rows).to_pylist()

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    patterns: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str], Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for rid, f in zip(record_ids, feats, strict=True):
        person = person_of.get(str(rid))
        if person is None:
            continue
        for part in PARTS:
            exact = f[f"{part}_exact"]
            if not exact or exact.isascii() != (args.script == "latin"):
                continue
            want = truth[person][part]
            got = f[f"{part}_id"]
            if got == want or (got and f[f"{part}_alt"] == want):
                outcome = "true"
            elif got and got in truth[person].values():
                outcome = "role"  # the name of another part of this person: a parse, not a reading
            elif got:
                outcome = "wrong"
            else:
                outcome = "none"
                if f[f"{part}_key"] == want:
                    counts[part]["none_key_true"] += 1
                if args.script == "latin":
                    patterns[part][pattern(exact, want)] += 1
            counts[part][outcome] += 1
            examples[(part, outcome)][(exact, want, got or f[f"{part}_key"] or "")] += 1

    result: dict[str, object] = {
        part: dict(counts[part]) | {"patterns": dict(patterns[part])} for part in PARTS
    }
    result["wrong"] = sorted(
        [part, w, want, got, k]
        for (part, outcome), ex in examples.items()
        if outcome == "wrong"
        for (w, want, got), k in ex.items()
    )
    for part in PARTS:
        c = counts[part]
        n = c["true"] + c["role"] + c["wrong"] + c["none"]
        print(
            f"{part:7s} {args.script} {n:6,}  true {c['true']:6,} ({c['true'] / max(n, 1):.3f})  "
            f"role {c['role']:4,}  wrong {c['wrong']:4,}  none {c['none']:5,} "
            f"(key reaches true: {c['none_key_true']:,})"
        )
        for label, k in patterns[part].most_common():
            print(f"          none · {label:16s} {k:5,}")
    if args.show:
        for (part, outcome), ex in sorted(examples.items()):
            if outcome == "true":
                continue
            print(f"\n{part} {outcome}:")
            for (w, want, got), k in ex.most_common(args.show):
                print(f"  {k:4d}  {w:24s} true {want:14s} got {got}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
