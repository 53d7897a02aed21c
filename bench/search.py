"""Search quality and speed (issue 4): top-1 / top-10 hit rate, latency, index build and memory.

Synthetic sources (``athar.synth``) are read through ``athar.ingest`` and indexed with their
*true* person ids (perfect linkage, so the figures measure search, not linkage; importing a
million records into the store and linking them would take longer than this benchmark's budget).
Queries are written the way a family would type them, with the synthetic generator's own
renderers and noise (``athar.synth.render``: table spellings, French habits, Arabizi, vowel
shifts, doubled letters, typos; Arabic orthography and slips) — never with the index's keys:

- given + family name, plus the father's name in a third of them, sometimes family name first;
- 45 % Latin (a fifth of those with French habits), 15 % Arabizi, 40 % Arabic;
- a birth year in the text for a third of them (a year off in one of ten of those).

The latency run loads the saved index in a fresh process (its load time and memory are what a
server pays) and times ``search`` end to end, one query at a time, on one core.

    .venv/bin/python bench/search.py --quality-persons 20000 --latency-persons 472000 \
        [--data /tmp/srch-1m/sources] [--queries 2000]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from athar.config import settings
from athar.ingest import prepare_import
from athar.names.similarity import name_features
from athar.search import parse_query, search
from athar.search.index import INDEX_COLUMNS, IndexFormatError, SearchIndex, build_index
from athar.search.provider import candidates
from athar.search.score import name_why, unit_score
from athar.search.service import rank
from athar.synth import generate
from athar.synth.pools import pools
from athar.synth.population import Person, families
from athar.synth.render import ArabicHand, LatinHand, arabic_name, latin_name

QUERY_HAND = ArabicHand(orthography=0.3, dot_loss=0.0, typo=0.05)
SOURCES = ("family_report", "prison_register", "release_list", "ngo_list", "death_record")


def _rss_mb() -> float:
    """Resident memory now (Linux), in MiB."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def records_table(folder: Path) -> pa.Table:
    """The synthetic sources as the columns the index reads, with the true person ids."""
    with (folder / "truth.csv").open(encoding="utf-8") as fh:
        truth = {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}
    columns: dict[str, list[Any]] = {c: [] for c in (*INDEX_COLUMNS, "person_id")}
    pk = 0
    for name in SOURCES:
        prepared = prepare_import(folder / f"{name}.csv")
        for record in prepared.records:
            pk += 1
            f = record.fields
            row = {
                "pk": pk,
                "source": f["source"],
                "full_name": f["full_name"],
                "given_name": f["given_name"],
                "father_name": f["father_name"],
                "grandfather_name": f["grandfather_name"],
                "family_name": f["family_name"],
                "mother_name": f["mother_name"],
                "birth_date_norm": record.birth_date,
                "birth_place_id": record.birth_place_id,
                "governorate_id": record.governorate_id,
                "facility_id": record.facility_id,
                "status_norm": record.status,
                "event_date_norm": record.event_date,
                "person_id": truth[f["record_id"]],
            }
            for c, v in row.items():
                columns[c].append(v if v != "" else None)
        del prepared
    types = {c: pa.int64() if c == "pk" else pa.string() for c in columns}
    return pa.table({c: pa.array(v, types[c]) for c, v in columns.items()})


def write_query(p: Person, rng: Random) -> tuple[str, bool, int | None]:
    """One query for one true person, as a relative would type it: the text, whether it names
    the father, and the birth year it states (None when none)."""
    roll = rng.random()
    if roll < 0.40:
        given = arabic_name(p.given, rng, QUERY_HAND)
        father = arabic_name(p.father, rng, QUERY_HAND)
        family = arabic_name(p.family, rng, QUERY_HAND)
    else:
        hand = LatinHand(french=rng.random() < 0.2, arabizi=roll >= 0.85)
        given = latin_name(p.given, rng, hand)
        father = latin_name(p.father, rng, hand)
        family = latin_name(p.family, rng, hand, family=True)
    with_father = rng.random() < 0.33
    parts = [given, father, family] if with_father else [given, family]
    if rng.random() < 0.1:
        parts = [parts[-1], *parts[:-1]]  # family name first
    year = None
    if rng.random() < 0.33:
        year = p.birth.year + (rng.choice((-1, 1)) if rng.random() < 0.1 else 0)
        parts.append(str(year))
    return " ".join(parts), with_father, year


def make_queries(
    persons: int, seed: int, observed: set[str], n: int
) -> list[tuple[str, str, int, int, str]]:
    """``n`` queries for persons some source mentions: (text, true person id, namesakes,
    agreeing). Namesakes counts the *other* observed persons with the same given and family
    name; agreeing those that also agree with everything else the query states (the father's
    name when it names him, a birth year at least as close to the stated one as the true
    person's) — persons no ranking can tell from the true one."""
    everyone = [p for _, members in families(persons, seed, pools()) for p in members]
    chosen = [p for p in everyone if p.person_id in observed]
    same: dict[tuple[str, str], list[Person]] = {}
    for p in chosen:
        same.setdefault((p.given.arabic, p.family.arabic), []).append(p)
    rng = Random(f"queries/{seed}")
    picks = rng.sample(chosen, min(n, len(chosen)))
    out = []
    for p in picks:
        text, with_father, year = write_query(p, rng)
        others = [o for o in same[(p.given.arabic, p.family.arabic)] if o is not p]
        if with_father:
            others = [o for o in others if o.father.arabic == p.father.arabic]
        if year is not None:
            off = abs(p.birth.year - year)
            others = [o for o in others if abs(o.birth.year - year) <= off]
        namesakes = len(same[(p.given.arabic, p.family.arabic)]) - 1
        out.append((text, p.person_id, namesakes, len(others), p.family.arabic))
    return out


#: Persons that agree with everything a query says, beyond which no ranking can put the true
#: one in a top 10 but by chance.
UNRESOLVABLE = 10


def family_written(index: SearchIndex, records: set[int], family: str) -> bool:
    """Whether any of the records writes the family name (however damaged: any level above
    DIFFERENT); release lists and short family reports often leave it out."""
    wanted = name_features(family)[0]
    return any(
        unit_score(wanted, index.unit(int(u)))[1] > 0
        for r in records
        for u in index.rec_units[r]
        if u >= 0
    )


def classify(
    index: SearchIndex, query: Any, truth: str, agreeing: int, family: str
) -> dict[str, Any]:
    """Why the true person is not in the top 10: (a) namesakes agreeing with everything the
    query says, (b) a candidate ranked low, (c) not among the provider's candidates; and
    whether the person's records write the queried family name at all."""
    entity = index.entities.index(truth)
    records = set(index.entity_records(entity).tolist())
    n_cand = max(settings().search_candidates, 10)
    scorer, scored = rank(index, query, n_cand)
    out: dict[str, Any] = {
        "truth_names": sorted({index.display(r) for r in records}),
        "top": [
            (index.entities[s.entity], index.display(s.best_record), s.score) for s in scored[:3]
        ],
        "tenth_score": scored[9].score if len(scored) >= 10 else None,
        "family_written": family_written(index, records, family),
    }
    if agreeing >= UNRESOLVABLE:
        out["kind"] = "a"
    place = next((k for k, s in enumerate(scored) if s.entity == entity), None)
    if place is not None:
        out.setdefault("kind", "b")
        s = scored[place]
        out.update(rank=place + 1, score=s.score, name_score=s.name_score,
                   why=[w.to_dict() for w in name_why(scorer, s)])  # fmt: skip
    else:
        out.setdefault("kind", "c")
        every = candidates(index, query, index.n_records).records.tolist()
        coarse = next((k for k, r in enumerate(every) if r in records), None)
        out["coarse_rank"] = None if coarse is None else coarse + 1
    return out


def quality(
    index: SearchIndex,
    queries: list[tuple[str, str, int, int, str]],
    misses_file: Path | None = None,
) -> dict[str, Any]:
    """Top-1 and top-10 hit rates, overall and for queries whose name alone can single the
    person out (fewer than 10 namesakes, or a birth year in the text), and every miss
    classified (``classify``)."""
    top1 = top10 = 0
    clear = clear10 = 0
    kinds = {"a": 0, "b": 0, "c": 0}
    absent = {"a": 0, "b": 0, "c": 0}  # misses whose records never write the family name
    unresolvable = resolvable10 = 0
    misses: list[dict[str, Any]] = []
    for text, truth, namesakes, agreeing, family in queries:
        query = parse_query(text)
        ids = [r.person_id for r in search(index, query, 10)]
        top1 += bool(ids) and ids[0] == truth
        top10 += truth in ids
        unresolvable += agreeing >= UNRESOLVABLE
        resolvable10 += agreeing < UNRESOLVABLE and truth in ids
        if namesakes < 10 or query.birth_year is not None:
            clear += 1
            clear10 += truth in ids
        if truth not in ids:
            why = classify(index, query, truth, agreeing, family)
            kinds[why["kind"]] += 1
            absent[why["kind"]] += not why["family_written"]
            misses.append({"query": text, "truth": truth, "namesakes": namesakes,
                           "agreeing": agreeing, **why})  # fmt: skip
    if misses_file is not None:
        with misses_file.open("w", encoding="utf-8") as fh:
            for m in misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    n = len(queries)
    return {
        "queries": n,
        "top1": round(top1 / n, 4),
        "top10": round(top10 / n, 4),
        "queries_name_can_resolve": clear,
        "top10_of_those": round(clear10 / max(clear, 1), 4),
        "unresolvable_queries": unresolvable,
        "top10_of_resolvable": round(resolvable10 / max(n - unresolvable, 1), 4),
        "misses_by_kind": kinds,
        "misses_family_never_written": absent,
        "misses_shown": misses[:10],
    }


def population_fingerprint(persons: int, seed: int) -> str:
    """A digest of the persons ``athar synth`` makes for this size and seed. The queries are
    written from the persons the generator makes now; data generated by an older generator (the
    gazetteer or the name tables have grown since) hold other persons under the same ids."""
    digest = hashlib.sha1()
    for _, members in families(persons, seed, pools()):
        for p in members:
            digest.update(f"{p.person_id}|{p.given.arabic}|{p.family.arabic}\n".encode())
    return digest.hexdigest()


def ensure_data(folder: Path | None, persons: int, seed: int, tmp: Path) -> Path:
    if folder is not None and (folder / "truth.csv").is_file():
        done = folder / "done.json"
        made = json.loads(done.read_text(encoding="utf-8")) if done.is_file() else {}
        if made and (made.get("persons"), made.get("seed")) != (persons, seed):
            sys.exit(
                f"{folder} holds {made.get('persons')} persons of seed {made.get('seed')}, "
                f"not {persons} of seed {seed}: the queries would not match its truth"
            )
        kept = folder / "population.sha1"
        if not kept.is_file():
            print(f"{folder}: made before population.sha1; it cannot be checked", flush=True)
        elif kept.read_text().strip() != population_fingerprint(persons, seed):
            sys.exit(
                f"{folder} was made by another version of athar synth (its persons differ from "
                "today's for this seed): the queries would not match its truth; remove it"
            )
        return folder
    out = folder or tmp / f"synth-{persons}"
    summary = generate(persons=persons, seed=seed, out_dir=out)
    (out / "population.sha1").write_text(population_fingerprint(persons, seed) + "\n")
    print(f"generated {summary.total_records:,} records in {summary.seconds:.0f} s", flush=True)
    return out


def _kept_index(path: Path) -> SearchIndex | None:
    try:
        return SearchIndex.load(path) if path.is_file() else None
    except IndexFormatError:
        return None


def latency_worker(path: Path, queries_file: Path) -> None:
    """Run in a fresh process: load the index, then time every query."""
    before = _rss_mb()
    start = time.perf_counter()
    index = SearchIndex.load(path)
    load = time.perf_counter() - start
    loaded = _rss_mb()
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    search(index, parse_query("warm up"), 10)
    times = []
    cpu = []
    hits = 0
    for text, truth, *_ in queries:
        t, c = time.perf_counter(), time.process_time()
        ids = [r.person_id for r in search(index, text, 10)]
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        hits += truth in ids
    times.sort()
    cpu.sort()
    print(
        json.dumps(
            {
                "load_seconds": round(load, 2),
                "rss_before_mb": round(before),
                "rss_after_load_mb": round(loaded),
                "index_rss_mb": round(loaded - before),
                "queries": len(times),
                "p50_ms": round(1000 * times[len(times) // 2], 1),
                "p95_ms": round(1000 * times[int(len(times) * 0.95)], 1),
                "max_ms": round(1000 * times[-1], 1),
                "mean_ms": round(1000 * statistics.fmean(times), 1),
                "cpu_p50_ms": round(1000 * cpu[len(cpu) // 2], 1),
                "cpu_p95_ms": round(1000 * cpu[int(len(cpu) * 0.95)], 1),
                "top10": round(hits / len(times), 4),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quality-persons", type=int, default=20_000)
    ap.add_argument("--latency-persons", type=int, default=472_000)
    ap.add_argument("--data", type=Path, help="sources of --latency-persons persons (reused)")
    ap.add_argument("--queries", type=int, default=2_000)
    ap.add_argument("--latency-queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--quality-data",
        type=Path,
        help="sources of --quality-persons persons for --seed (generated if missing)",
    )
    ap.add_argument("--misses", type=Path, help="write every top-10 miss, classified (JSONL)")
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--keep", type=Path, help="keep the latency index and queries in this folder")
    ap.add_argument(
        "--reuse-index",
        action="store_true",
        help="time the index kept in --keep when this Athar reads its format",
    )
    ap.add_argument("--worker", nargs=2, type=Path, help="time queries (JSON) on a saved index")
    args = ap.parse_args()
    if args.worker:
        latency_worker(*args.worker)
        return
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if not args.skip_quality:
            folder = ensure_data(args.quality_data, args.quality_persons, args.seed, tmp)
            table = records_table(folder)
            index = build_index(table)
            observed = set(table.column("person_id").to_pylist())
            queries = make_queries(args.quality_persons, args.seed, observed, args.queries)
            result = quality(index, queries, args.misses)
            print(json.dumps({"quality": {"persons": args.quality_persons,
                                          "records": index.n_records, **result}},
                             ensure_ascii=False, indent=1), flush=True)  # fmt: skip
        if not args.skip_latency:
            folder = ensure_data(args.data, args.latency_persons, args.seed, tmp)
            start = time.perf_counter()
            cached = args.keep / "records.parquet" if args.keep else None
            if cached is not None and cached.is_file():
                table = pq.read_table(cached)  # the same rows, read once through athar.ingest
            else:
                table = records_table(folder)
                if cached is not None:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    pq.write_table(table, cached)
            read = time.perf_counter() - start
            print(f"read {table.num_rows:,} records in {read:.0f} s", flush=True)
            keep = args.keep or tmp
            keep.mkdir(parents=True, exist_ok=True)
            path = keep / "index.npz"
            start = time.perf_counter()
            kept = _kept_index(path) if args.reuse_index else None
            if kept is None:
                index = build_index(table)
                build = time.perf_counter() - start
                index.save(path)
            else:
                index = kept
                build = float(index.meta["build_seconds"])  # of the kept index, when it was built
            observed = set(table.column("person_id").to_pylist())
            del table
            queries = make_queries(args.latency_persons, args.seed, observed, args.latency_queries)
            qfile = keep / "queries.json"
            qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
            out = subprocess.run(
                [sys.executable, __file__, "--worker", str(path), str(qfile)],
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "ATHAR_SEARCH_MAX_LIMIT": "100"},
            )
            worker = json.loads(out.stdout.strip().splitlines()[-1])
            print(json.dumps({"latency": {
                "records": index.n_records, "entities": index.n_entities,
                "terms": len(index.terms), "read_seconds": round(read, 1),
                "build_seconds": round(build, 1), "file_mb": round(path.stat().st_size / 2**20),
                "builder_peak_rss_mb": round(_peak_mb()), **worker}}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
