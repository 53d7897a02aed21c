"""Search quality on the held-out generator's sources and queries (see README.md).

    python bench/heldout/search_quality.py --persons 20000 --seed 7 [--data DIR] [--misses F]

Builds the search index over the sources with the true person of every record (as
``bench/search.py`` does), runs every query of ``queries.csv`` with its optional fields, and
reports top-1 and top-10: whether the sought person is first, or among the first ten.

Like ``bench/search.py`` it also counts the queries no ranking can resolve: those where ten or
more other persons agree with everything the query states (the same given and family name, and
the father, mother, birth year and governorate when it states them). The queries do not say
whether their text names the father, so it generates the same persons and queries again
(``gen.py`` is deterministic for a size and seed) and watches which names each query writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
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

#: Persons that agree with everything a query says, beyond which no ranking can put the true
#: one in a top 10 but by chance (as in ``bench/search.py``).
UNRESOLVABLE = 10


def agreeing_counts(persons: int, seed: int, texts: dict[str, str]) -> dict[str, int]:
    """For each query id, how many *other* persons agree with everything the query states.

    ``texts`` are the queries read from the data (id → text); they must be the ones ``gen.py``
    makes for this size and seed."""
    sys.path.insert(0, str(HERE))
    import gen  # bench/heldout/gen.py

    g = gen.Gen(persons, seed)
    people = g.persons()
    writer = gen.Writer(g, people)
    writer.emit()
    written: list[Any] = []
    plain = gen.arabic_part, gen.latin_part

    def watched(write: Any) -> Any:
        def wrapped(rng: Any, name: Any, *args: Any, **kw: Any) -> Any:
            written.append(name)
            return write(rng, name, *args, **kw)

        return wrapped

    gen.arabic_part, gen.latin_part = watched(plain[0]), watched(plain[1])
    try:
        made = writer.queries(len(texts))
    finally:
        gen.arabic_part, gen.latin_part = plain
    by_id = {p.pid: p for p in people}
    same: dict[tuple[str, str], list[Any]] = {}
    for p in people:
        same.setdefault((p.given.ar, p.family.ar), []).append(p)
    if {q["query_id"]: q["q"] for q in made} != texts:
        sys.exit("the queries are not the ones gen.py makes for this --persons and --seed")
    out: dict[str, int] = {}
    at = 0
    for q in made:
        # Each query writes, in order: given, [father], family, [father's field], [mother's
        # field in Latin]; the Arabic mother's field is written without the name writers.
        p = by_id[q["person_id"]]
        assert written[at] is p.given, q
        father = written[at + 1] is p.father
        at += 3 if father else 2
        if q["father"]:
            father, at = True, at + 1
        if q["mother"] and not re.search("[\u0600-\u06ff]", q["q"]):
            at += 1
        year = re.search(r"\b(1[89]\d\d|20\d\d)\b", q["q"])
        stated = int(year.group(1)) if year else int(q["birth_year"]) if q["birth_year"] else None
        others = [o for o in same[(p.given.ar, p.family.ar)] if o is not p]
        if father:
            others = [o for o in others if o.father.ar == p.father.ar]
        if q["mother"]:
            others = [o for o in others if o.mother.ar == p.mother.ar]
        if q["governorate"]:
            others = [o for o in others if o.gov == p.gov]
        if stated is not None:
            off = abs(p.birth.year - stated)
            others = [o for o in others if abs(o.birth.year - stated) <= off]
        out[q["query_id"]] = len(others)
    assert at == len(written), (at, len(written))
    return out


def quality(
    data: Path, agreeing: dict[str, int], misses_file: Path | None = None
) -> dict[str, Any]:
    index = build_index(records_table(data))
    n = top1 = top10 = refused = unresolvable = resolvable10 = 0
    misses: list[dict[str, Any]] = []
    with (data / "queries.csv").open(encoding="utf-8", newline="") as fh:
        for q in csv.DictReader(fh):
            n += 1
            crowd = agreeing[q["query_id"]] >= UNRESOLVABLE
            unresolvable += crowd
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
                misses.append({**q, "agreeing": agreeing[q["query_id"]]})
                continue
            ids = [r.person_id for r in search(index, query, 10)]
            top1 += bool(ids) and ids[0] == q["person_id"]
            top10 += q["person_id"] in ids
            resolvable10 += not crowd and q["person_id"] in ids
            if q["person_id"] not in ids:
                misses.append({**q, "agreeing": agreeing[q["query_id"]]})
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
        "unresolvable_queries": unresolvable,
        "top10_of_resolvable": round(resolvable10 / max(n - unresolvable, 1), 4),
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
        with (data / "queries.csv").open(encoding="utf-8", newline="") as fh:
            texts = {q["query_id"]: q["q"] for q in csv.DictReader(fh)}
        agreeing = agreeing_counts(args.persons, args.seed, texts)
        result = quality(data, agreeing, args.misses)
    print(json.dumps({"persons": args.persons, "seed": args.seed, **result}))


if __name__ == "__main__":
    main()
