"""The registry end to end on the command line: import, link, match, explain, export.

One small synthetic registry (a few hundred persons) is built once per module, as a caseworker's
team would: every source imported with `athar import`, then `athar link`.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from athar.cli import app
from athar.store import Store
from athar.synth import generate

runner = CliRunner()
SOURCES = ("prison_register", "family_report", "release_list", "ngo_list", "death_record")


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("registry")
    mp = pytest.MonkeyPatch()
    mp.setenv("ATHAR_DATA_DIR", str(home))
    mp.delenv("ATHAR_DATABASE_URL", raising=False)
    generate(persons=400, seed=11, out_dir=home / "synth")
    for name in SOURCES:
        result = runner.invoke(app, ["import", str(home / "synth" / f"{name}.csv")])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["link"])
    assert result.exit_code == 0, result.output
    yield home
    mp.undo()


def _truth(home: Path) -> dict[str, str]:
    with (home / "synth" / "truth.csv").open(encoding="utf-8") as fh:
        return {r["record_id"]: r["person_id"] for r in csv.DictReader(fh)}


def _export(home: Path, what: str) -> list[dict[str, str]]:
    out = home / f"{what}.csv"
    result = runner.invoke(app, ["export", what, "--output", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_every_record_belongs_to_a_person_and_links_are_right(registry: Path) -> None:
    rows = _export(registry, "records")
    assert list(rows[0])[:3] == ["source", "record_id", "person_id"]
    # the values as written, then as read: an ISO date, a canonical status, a facility id
    assert {"birth_date_norm", "status_norm", "facility_id"} <= set(rows[0])
    read = [r for r in rows if "/" in r["birth_date"] and r["birth_date"].isascii()]
    assert read and all(r["birth_date_norm"][:4] == r["birth_date"][-4:] for r in read)
    assert {r["status_norm"] for r in rows} <= {
        "detained",
        "released",
        "deceased",
        "missing",
        "unknown",
    }
    assert all(r["person_id"] for r in rows)
    truth = _truth(registry)
    by_person: dict[str, list[str]] = {}
    for r in rows:
        by_person.setdefault(r["person_id"], []).append(r["record_id"])
    predicted = {
        tuple(sorted(p)) for ids in by_person.values() for p in itertools.combinations(ids, 2)
    }
    assert predicted, "linkage joined nothing"
    correct = sum(1 for a, b in predicted if truth[a] == truth[b])
    assert correct / len(predicted) >= 0.97  # pairwise precision on synthetic truth


def test_nameless_death_records_reach_their_person(registry: Path) -> None:
    rows = _export(registry, "records")
    truth = _truth(registry)
    person_of = {r["record_id"]: r["person_id"] for r in rows}
    registers: dict[str, list[str]] = {}
    for r in rows:
        if r["source_kind"] == "prison_register":
            registers.setdefault(truth[r["record_id"]], []).append(r["record_id"])
    nameless = [
        r
        for r in rows
        if r["source_kind"] == "death_record"
        and not (r["full_name"] or r["given_name"])
        and truth[r["record_id"]] in registers
    ]
    assert nameless
    joined = sum(
        1
        for r in nameless
        if any(person_of[x] == r["person_id"] for x in registers[truth[r["record_id"]]])
    )
    assert joined / len(nameless) >= 0.9


def test_persons_export(registry: Path) -> None:
    rows = _export(registry, "persons")
    assert set(rows[0]) >= {"person_id", "name", "status", "last_known_place", "records"}
    assert all(r["name"] or int(r["records"]) >= 1 for r in rows)
    assert any(int(r["sources"]) >= 3 for r in rows)
    assert {r["status"] for r in rows} <= {"deceased", "released", "detained", "missing", "unknown"}


def test_reimport_is_a_no_op(registry: Path) -> None:
    result = runner.invoke(app, ["import", str(registry / "synth" / "release_list.csv")])
    assert result.exit_code == 0
    assert "imported before" in result.output


def test_match_finds_the_person_without_retraining(registry: Path) -> None:
    with Store.open() as store:
        target = next(
            s
            for pk in range(1, 200)
            if (s := store.record(pk)) is not None
            and s.record.fields.get("source_kind") == "prison_register"
            and s.record.fields.get("given_name")
        )
        fields = target.record.fields
        person = store.person_of(target.pk)
    name = " ".join(fields[p] for p in ("given_name", "father_name", "family_name") if fields[p])
    result = runner.invoke(app, ["match", name, "--birth", target.record.birth_date, "--json"])
    assert result.exit_code == 0, result.output
    assert person in result.output.split('"person_id": ')[1]


def test_explain_a_linked_pair(registry: Path) -> None:
    with Store.open() as store:
        person = next(p for p in store.persons_summary() if p.records >= 2)
        a, b = store.person_records(person.person_id)[:2]
    result = runner.invoke(app, ["explain", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "match probability" in result.output
    assert f"both are records of person {person.person_id}" in result.output


def test_human_decisions_survive_a_relink(registry: Path) -> None:
    with Store.open() as store:
        person = next(p for p in store.persons_summary() if p.records >= 2)
        a, b = store.person_records(person.person_id)[:2]
        store.add_decision(a, b, "different", "seen apart by a caseworker", "test")
        lonely = [p for p in store.persons_summary() if p.records == 1][:2]
        c = store.person_records(lonely[0].person_id)[0]
        d = store.person_records(lonely[1].person_id)[0]
        store.add_decision(c, d, "same", "confirmed by the family", "test")
        before = {pk: store.person_of(pk) for pk in range(1, 50)}
    result = runner.invoke(app, ["link"])
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        assert store.person_of(a) != store.person_of(b)
        assert store.person_of(c) == store.person_of(d)
        after = {pk: store.person_of(pk) for pk in range(1, 50)}
    stable = sum(1 for pk in before if before[pk] == after[pk])
    assert stable >= 0.9 * len(before)  # ids stay where records stay together


def test_a_bad_file_is_refused_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    bad = tmp_path / "list.csv"
    bad.write_text(
        "الاسم,اسم الأب,تاريخ الولادة\nمحمد,أحمد,31/02/1990\nعلي,حسن,1985\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["import", str(bad), "--source", "s1", "--kind", "ngo_list"])
    assert result.exit_code == 1
    assert "31/02/1990" in result.output or "row 2" in result.output
    with Store.open() as store:
        assert store.sources() == []
    result = runner.invoke(
        app, ["import", str(bad), "--source", "s1", "--kind", "ngo_list", "--skip-bad-rows"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "list.rejects.csv").exists()
    with Store.open() as store:
        assert store.count_records() == 1


def test_a_register_of_one_prison_gets_its_facility_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prison's own register names no prison on its rows: ``--default facility=...`` (or a
    mapping file's ``defaults``) fills the rows that leave it empty, so facility + detainee
    number can reach a forensic record; a row that names another facility keeps it."""
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    src = tmp_path / "sijill.csv"
    src.write_text(
        "الاسم,الكنية,رقم الموقوف,الجهة\nمحمد,الحلبي,2382,\nعلي,حسن,17,الفرع 227\n",
        encoding="utf-8",
    )
    args = ["import", str(src), "--source", "sijill", "--kind", "prison_register"]
    result = runner.invoke(app, [*args, "--default", "facility=سجن صيدنايا العسكري"])
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        facilities = sorted(r.record.facility_id for r in store.current_records())
    assert facilities == ["mi_227", "sednaya"]
    mapping = tmp_path / "map.yaml"
    mapping.write_text("defaults:\n  source_kind: x\n", encoding="utf-8")
    result = runner.invoke(app, [*args, "--mapping", str(mapping)])
    assert result.exit_code == 2 and "source_kind" in result.output
    result = runner.invoke(app, [*args, "--default", "facility"])
    assert result.exit_code == 2 and "FIELD=VALUE" in result.output
    result = runner.invoke(app, [*args, "--default", "prison=Sednaya"])
    assert result.exit_code == 2 and "not a canonical field" in result.output


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    src = tmp_path / "l.csv"
    src.write_text("Full name,Date of birth\nMohammad Al-Halabi,1980\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(src), "--source", "x", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "full_name" in result.output
    assert not (tmp_path / "athar.db").exists() or Store.open().sources() == []


def test_decisions_become_training_labels(registry: Path) -> None:
    """With enough confirmed pairs, the model re-estimates m from them; the run still links."""
    with Store.open() as store:
        pairs = []
        for person in store.persons_summary():
            records = store.person_records(person.person_id)
            if len(records) >= 2:
                pairs.append((records[0], records[1]))
            if len(pairs) == 25:
                break
        for a, b in pairs:
            store.add_decision(a, b, "same", "confirmed", "test")
    result = runner.invoke(app, ["link"])
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        assert all(store.person_of(a) == store.person_of(b) for a, b in pairs)
        run = store.latest_run()
        assert run is not None and run.stats["persons"] > 0


def test_matcher_scores_are_splinks_own(registry: Path) -> None:
    """The matcher runs Splink's scoring SQL compiled once; for every pair the link run scored,
    its weight must be the one Splink's own prediction gave (a Splink upgrade that changes the
    generated SQL fails here)."""
    from athar.link.match import Matcher
    from athar.link.pipeline import artifacts_dir, row_of

    matcher = Matcher(artifacts_dir())
    with Store.open() as store:
        checked = 0
        for person in store.persons_summary():
            for a, b in itertools.combinations(store.person_records(person.person_id), 2):
                link = store.link_between(a, b)
                if link is None or link.rule != "model" or checked >= 25:
                    continue
                stored = store.records_by_pk([a, b])
                ours = matcher.score(row_of(a, stored[a].record), row_of(b, stored[b].record))
                assert ours is not None and ours.pk == b
                assert ours.weight == pytest.approx(link.match_weight, abs=1e-6)
                assert sum(f["weight"] for f in ours.explanation.values()) == pytest.approx(
                    ours.weight - matcher.prior_weight, abs=0.01
                )
                checked += 1
    matcher.close()
    assert checked >= 10


def test_a_run_of_an_older_athar_matches_records_imported_since(
    registry: Path, tmp_path: Path
) -> None:
    """A run's saved features lack the columns a newer Athar computes: the records imported
    since are matched on the run's columns, not refused."""
    import pyarrow.parquet as pq

    from athar.link.features import feature_table
    from athar.link.match import Matcher
    from athar.link.model import add_block_columns
    from athar.link.pipeline import artifacts_dir

    saved = artifacts_dir()
    model = (saved / "model.json").read_text(encoding="utf-8")
    features = pq.read_table(saved / "features.parquet")
    unused = [c for c in features.column_names if f'"{c}' not in model and c != "unique_id"]
    assert unused, "every feature column is read by the model"
    older = tmp_path / "older"
    older.mkdir()
    (older / "model.json").write_text(model, encoding="utf-8")
    pq.write_table(features.drop_columns(unused[:1]), older / "features.parquet")
    new = {"pk": 10**9, "full_name": "محمد أحمد الحلبي", "birth_date": "1980"}
    extra = add_block_columns(feature_table([new]))
    assert unused[0] in extra.column_names
    matcher = Matcher(older, extra=extra)
    try:
        assert isinstance(matcher.match({"full_name": "محمد أحمد الحلبي"}), list)
    finally:
        matcher.close()
