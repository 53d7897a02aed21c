"""athar.synth: deterministic, complete ground truth, and as hard as the real sources are."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from random import Random

import pytest
import typer
from typer.testing import CliRunner

from athar import places
from athar.records import CANONICAL_FIELDS, SOURCE_KINDS
from athar.synth import describe, generate
from athar.synth.cli import synth
from athar.synth.pools import pools
from athar.synth.population import Person, families
from athar.synth.spelling import align, arabizi

PERSONS = 3000
SEED = 11
SOURCES = ("family_report", "prison_register", "release_list", "ngo_list", "death_record")
NAME_FIELDS = ("full_name", "given_name", "father_name", "grandfather_name", "family_name")
ARABIC = re.compile("[\u0600-\u06ff]")
EASTERN = re.compile("[٠-٩]")
DMY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
ARABIZI = re.compile(r"[a-z][235679]|[235679][a-z]", re.IGNORECASE)

Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth")
    generate(PERSONS, SEED, path)
    return path


@pytest.fixture(scope="module")
def rows(out: Path) -> Rows:
    result: Rows = {}
    for kind in SOURCES:
        with (out / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            result[kind] = list(csv.DictReader(fh))
    return result


@pytest.fixture(scope="module")
def truth(out: Path) -> dict[str, str]:
    with (out / "truth.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["record_id", "person_id"]
        pairs = list(reader)
    ids = [r for r, _ in pairs]
    assert len(ids) == len(set(ids)), "a record appears twice in truth.csv"
    return dict(pairs)


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_same_seed_same_bytes_and_other_seed_other_data(tmp_path: Path) -> None:
    generate(600, 3, tmp_path / "a")
    generate(600, 3, tmp_path / "b")
    generate(600, 4, tmp_path / "c")
    a, b, c = (_files(tmp_path / d) for d in "abc")
    assert set(a) == {f"{k}.csv" for k in SOURCES} | {"truth.csv"}
    assert a == b
    assert all(a[name] != c[name] for name in a)


def test_columns_are_canonical_and_kinds_known(out: Path, rows: Rows) -> None:
    for kind in SOURCES:
        with (out / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            assert tuple(next(csv.reader(fh))) == CANONICAL_FIELDS
        assert rows[kind], kind
        assert {r["source_kind"] for r in rows[kind]} == {kind}
        assert kind in SOURCE_KINDS
        assert {r["source"] for r in rows[kind]} == {f"{kind}_synth"}
        assert all(r["sex"] in ("", "m", "f") for r in rows[kind])


def test_truth_covers_every_record_once(rows: Rows, truth: dict[str, str]) -> None:
    ids = [r["record_id"] for kind in SOURCES for r in rows[kind]]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(truth)
    assert all(re.fullmatch(r"[A-Z]{2}-\d{7}", i) for i in ids)


def test_summary_counts_match_files(tmp_path: Path) -> None:
    seen: list[int] = []
    summary = generate(1500, 2, tmp_path, seen.append)
    assert seen and seen[-1] == 1500 and seen == sorted(seen)
    for name, count in summary.records.items():
        with (tmp_path / name).open(encoding="utf-8", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == count
    assert summary.persons == 1500 and 0 < summary.observed_persons < 1500
    assert "truth.csv" in describe(summary)


def _digits(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


def test_nameless_death_records_tie_to_the_register_by_number(
    rows: Rows, truth: dict[str, str]
) -> None:
    by_label: defaultdict[str, set[str]] = defaultdict(set)
    for f in places.facilities():
        for label in (f.name_ar, f.name_en, *f.aliases):
            by_label[label].add(f.id)
    held: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows["prison_register"]:
        for fid in by_label[r["facility"]]:
            held[truth[r["record_id"]]].add((fid, _digits(r["detainee_number"])))
    nameless = [r for r in rows["death_record"] if not any(r[f] for f in NAME_FIELDS)]
    assert len(nameless) >= 0.5 * len(rows["death_record"])
    for r in nameless:
        assert r["facility"] and r["detainee_number"] and r["event_date"]
        pairs = {(fid, _digits(r["detainee_number"])) for fid in by_label[r["facility"]]}
        assert pairs & held[truth[r["record_id"]]], r


def _people(persons: int, seed: int) -> list[Person]:
    return [p for _, members in families(persons, seed, pools()) for p in members]


def test_brothers_cousins_and_women_in_the_population() -> None:
    people = _people(PERSONS, SEED)
    assert len(people) == PERSONS
    assert len({p.person_id for p in people}) == PERSONS
    branches: defaultdict[tuple[int, int], list[Person]] = defaultdict(list)
    for p in people:
        branches[(p.family_index, p.branch)].append(p)
    brothers = 0
    for siblings in branches.values():
        for a in siblings:
            for b in siblings:
                if a.person_id < b.person_id:
                    assert (a.father, a.grandfather, a.family) == (
                        b.father,
                        b.grandfather,
                        b.family,
                    )
                    assert (a.mother_given, a.mother_family) == (b.mother_given, b.mother_family)
                    assert a.given != b.given and a.birth.year != b.birth.year
                    brothers += a.sex == b.sex == "m"
    assert brothers > 50
    cousins = [
        (a, b)
        for a in people
        for b in people
        if a.family_index == b.family_index and a.branch < b.branch
    ]
    assert cousins and all(a.father != b.father for a, b in cousins)
    assert all(a.grandfather == b.grandfather and a.family == b.family for a, b in cousins)
    women = sum(p.sex == "f" for p in people) / len(people)
    assert 0.08 <= women <= 0.12
    men = [p for p in people if p.sex == "m"]
    mohammad = sum(p.given.arabic == "محمد" for p in men) / len(men)
    assert 0.09 <= mohammad <= 0.15
    assert all(1950 <= p.birth.year <= 2006 for p in people)
    assert all(2011 <= p.detention.arrest.year <= 2024 for p in people)
    assert all(1 <= len(p.detention.stays) <= 3 for p in people)


def test_brothers_are_distinct_persons_in_the_register(rows: Rows, truth: dict[str, str]) -> None:
    groups: defaultdict[tuple[str, ...], set[tuple[str, str, str]]] = defaultdict(set)
    for r in rows["prison_register"]:
        if r["father_name"] and r["grandfather_name"] and r["mother_name"]:
            key = (r["father_name"], r["grandfather_name"], r["family_name"], r["mother_name"])
            groups[key].add((truth[r["record_id"]], r["given_name"], r["birth_date"][-4:]))
    brothers = [
        g
        for g in groups.values()
        if len({pid for pid, _, _ in g}) > 1 and len({given for _, given, _ in g}) > 1
    ]
    assert brothers


def test_scripts_by_source(rows: Rows) -> None:
    register = rows["prison_register"]
    assert all(ARABIC.search(r["given_name"]) for r in register if r["given_name"])
    assert all(ARABIC.search(r["full_name"]) for r in rows["release_list"])
    latin = [
        r[f] for kind in ("family_report", "ngo_list") for r in rows[kind] for f in NAME_FIELDS
    ]
    assert not any(ARABIC.search(v) for v in latin)
    arabizi_names = [
        r for r in rows["family_report"] if ARABIZI.search(r["full_name"] + " " + r["given_name"])
    ]
    assert 0.03 * len(rows["family_report"]) < len(arabizi_names) < 0.2 * len(rows["family_report"])
    assert any(r["full_name"].split(" ")[0].isupper() for r in rows["ngo_list"] if r["full_name"])
    assert any(r["facility"] and not ARABIC.search(r["facility"]) for r in register)


def test_dates_in_many_hands(rows: Rows) -> None:
    dates = [r[f] for kind in SOURCES for r in rows[kind] for f in ("birth_date", "event_date")]
    assert any(EASTERN.search(d) for d in dates)
    assert any(DMY.match(d) for d in dates)
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}-\d{2}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_statuses_in_three_languages(rows: Rows) -> None:
    statuses = {r["status"] for kind in SOURCES for r in rows[kind]}
    assert any(ARABIC.search(s) for s in statuses)
    assert {"missing", "Released"} & statuses
    assert {"Disparu de force", "Libéré", "Détenu", "Disparue de force"} & statuses
    assert any("موقوفة" in s or "سبيلها" in s or "عنها" in s for s in statuses)  # gendered


def test_duplicates_within_sources_and_overlap_across(rows: Rows, truth: dict[str, str]) -> None:
    for kind in ("family_report", "prison_register", "ngo_list", "release_list"):
        per_person = Counter(truth[r["record_id"]] for r in rows[kind])
        assert max(per_person.values()) > 1, kind
    sources: defaultdict[str, set[str]] = defaultdict(set)
    for kind in SOURCES:
        for r in rows[kind]:
            sources[truth[r["record_id"]]].add(kind)
    spread = Counter(len(s) for s in sources.values())
    assert all(spread[n] > 0 for n in (1, 2, 3, 4))
    assert max(spread) <= 5
    assert 0.75 * PERSONS < len(sources) < PERSONS  # some persons are in no source at all


def test_rows_are_shuffled_not_grouped_by_family(rows: Rows, truth: dict[str, str]) -> None:
    pids = [truth[r["record_id"]] for r in rows["prison_register"]]
    adjacent_same = sum(a == b for a, b in pairwise(pids))
    assert adjacent_same < 0.05 * len(pids)


def test_arabizi_from_arabic_letters() -> None:
    rng = Random(0)
    assert "7" in arabizi("محمد", "Mohammad", rng)
    assert arabizi("علي", "Ali", rng).lower() == "3ali"
    assert arabizi("عمر", "Omar", rng).lower() == "3omar"
    assert align("محمد", "Xyzzy") is None


def test_cli_writes_and_prints_summary(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(synth)
    result = CliRunner().invoke(app, [str(tmp_path), "--persons", "300", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "prison_register.csv" in result.output
    assert (tmp_path / "truth.csv").exists()
