"""Search's fast paths give the answers of the plain ones, and the ranking rules of issue 4.

- ``athar.search.batch`` scores all candidates at once with numpy; ``Scorer.name`` and
  ``score_entity`` score one record / person in Python: the two must agree on every candidate
  of many noisy queries over synthetic names.
- The provider's frequency guard is exact: the candidates are those of scoring every record.
- Rules: Arabizi digits marked by an apostrophe are letters, a rare name is weighed by its
  table name (not by a skeleton it shares with a common one), a misspelt or dotless Arabic
  record meets the Latin query through the table's Arabic name, and the family name's place and
  article count.
"""

from __future__ import annotations

import gc
from pathlib import Path
from random import Random

import numpy as np
import pyarrow as pa
import pytest

from athar.search import parse_query, search
from athar.search import provider as provider_module
from athar.search.batch import name_scores, rank_candidates
from athar.search.index import INDEX_COLUMNS, SearchIndex, build_index
from athar.search.provider import candidates, unit_weight
from athar.search.score import Scorer, score_entity, unit_score
from athar.synth.pools import pools
from athar.synth.population import families
from athar.synth.render import ArabicHand, LatinHand, arabic_name, latin_name

PERSONS, SEED = 500, 7


def _index(rows: list[dict[str, str]]) -> SearchIndex:
    columns: dict[str, list[object]] = {c: [] for c in (*INDEX_COLUMNS, "person_id")}
    for k, row in enumerate(rows, 1):
        for c in columns:
            columns[c].append(k if c == "pk" else row.get(c) or None)
    types = {c: pa.int64() if c == "pk" else pa.string() for c in columns}
    return build_index(pa.table({c: pa.array(v, types[c]) for c, v in columns.items()}))


def _written(p: object, rng: Random) -> str:
    """One noisy rendering of a person's name: Arabic or Latin, two to four parts."""
    entries = [p.given, p.father, p.grandfather, p.family]  # type: ignore[attr-defined]
    if rng.random() < 0.5:
        hand = ArabicHand(orthography=0.3, dot_loss=0.1, typo=0.1)
        parts = [arabic_name(e, rng, hand) for e in entries]
    else:
        latin = LatinHand(french=rng.random() < 0.2, arabizi=rng.random() < 0.2)
        parts = [latin_name(e, rng, latin, family=k == 3) for k, e in enumerate(entries)]
    keep = rng.choice(([0, 1, 2, 3], [0, 1, 3], [0, 3], [0, 1], [3, 0, 1]))
    return " ".join(parts[k] for k in keep)


@pytest.fixture(scope="module")
def synthetic() -> tuple[SearchIndex, list[str]]:
    rng = Random(SEED)
    rows: list[dict[str, str]] = []
    queries: list[str] = []
    for _, members in families(PERSONS, SEED, pools()):
        for p in members:
            for _ in range(rng.randint(1, 3)):
                year = str(p.birth.year) if rng.random() < 0.5 else ""
                rows.append({"full_name": _written(p, rng), "birth_date_norm": year,
                             "person_id": p.person_id})  # fmt: skip
            if len(queries) < 120:
                year = f" {p.birth.year}" if rng.random() < 0.3 else ""
                queries.append(_written(p, rng) + year)
    return _index(rows), queries


def test_batch_name_scores_equal_the_one_record_path(
    synthetic: tuple[SearchIndex, list[str]],
) -> None:
    index, queries = synthetic
    compared = 0
    for text in queries:
        query = parse_query(text)
        found = candidates(index, query, 200)
        scorer = Scorer(index, query, found.weights)
        fast = name_scores(scorer, found.records)
        plain = np.array([scorer.name(int(r))[0] for r in found.records])
        np.testing.assert_allclose(fast, plain, atol=2e-4, err_msg=text)
        compared += len(plain)
    assert compared > 5_000


def test_batch_person_ranking_equals_score_entity(
    synthetic: tuple[SearchIndex, list[str]],
) -> None:
    index, queries = synthetic
    for text in queries[:60]:
        query = parse_query(text)
        found = candidates(index, query, 150)
        scorer = Scorer(index, query, found.weights)
        ranked = rank_candidates(scorer, found.records)
        by_entity: dict[int, list[int]] = {}
        for r in found.records.tolist():
            by_entity.setdefault(int(index.rec_entity[r]), []).append(r)
        plain = {e: score_entity(scorer, e, rs) for e, rs in by_entity.items()}
        assert sorted(ranked.entities.tolist()) == sorted(plain)
        for e, s, name in zip(ranked.entities, ranked.scores, ranked.name_scores, strict=True):
            assert s == pytest.approx(plain[int(e)].score, abs=2e-4), text
            assert name == pytest.approx(plain[int(e)].name_score, abs=2e-4), text
        assert np.all(np.diff(ranked.scores) <= 0)  # best first


def test_remembered_unit_scores_are_exact_and_out_of_the_garbage_collectors_way(
    synthetic: tuple[SearchIndex, list[str]],
) -> None:
    """A server remembers hundreds of thousands of (query unit, indexed unit) scores; a full
    pass of the cyclic collector must not walk them (it held searches for 60 ms when they were
    tuples), and what is remembered must be the comparison itself, to the last bit."""
    index, queries = synthetic
    for text in queries[:20]:
        search(index, parse_query(text), 10)
    memos = [(q, index.unit_scores(q)) for q in parse_query(queries[0]).units]
    assert sum(len(known) for _, known in memos) > 100
    for q, known in memos:
        assert not gc.is_tracked(known)
        for code, found in list(known.items())[:200]:
            assert (found.real, int(found.imag)) == unit_score(q, index.unit(code))


@pytest.mark.parametrize("cap", [24, 5])
def test_pooled_rows_are_each_persons_pooled_units(
    synthetic: tuple[SearchIndex, list[str]], monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    import athar.search.batch as batch
    import athar.search.score as score

    for module in (batch, score):
        monkeypatch.setattr(module, "POOL_MAX_UNITS", cap)
    index, _ = synthetic
    entities = np.arange(index.n_entities, dtype=np.int64)
    units, roles = batch._pooled_rows(index, entities)
    assert units.shape[1] == min(cap, 11)  # the most distinct units a person has here
    for e in entities.tolist():
        codes, rls, _ = score.pooled_units(index, e)
        assert units[e, : len(codes)].tolist() == codes
        assert roles[e, : len(rls)].tolist() == rls
        assert (units[e, len(codes) :] < 0).all()


def test_the_top_is_the_same_when_persons_below_it_are_not_pooled(
    synthetic: tuple[SearchIndex, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``rank_candidates(top=k)`` pools a person's records only when that could lift it into
    the top k: the first k are those of the full ranking, to the last digit, and fewer persons
    are pooled."""
    import athar.search.batch as batch

    index, queries = synthetic
    pooled: list[int] = []
    real = batch.pooled_name_scores

    def counting(scorer: Scorer, entities: np.ndarray) -> np.ndarray:
        pooled.append(len(entities))
        return real(scorer, entities)

    monkeypatch.setattr(batch, "pooled_name_scores", counting)
    spared = 0
    for text in queries:
        query = parse_query(text)
        found = candidates(index, query, 150)
        scorer = Scorer(index, query, found.weights)
        for top in (1, 10):
            pooled.clear()
            full = rank_candidates(scorer, found.records)
            everyone = pooled[0]
            pooled.clear()
            cut = rank_candidates(scorer, found.records, top)
            spared += everyone - pooled[0]
            k = min(top, len(full.entities))
            for column in ("entities", "scores", "name_scores", "best_records", "pooled"):
                got, want = getattr(cut, column)[:k], getattr(full, column)[:k]
                assert got.tolist() == want.tolist(), (text, top, column)
    assert spared > 1_000


def test_frequency_guard_is_exact(
    synthetic: tuple[SearchIndex, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    index, queries = synthetic
    guarded = [candidates(index, parse_query(t), 20).records.tolist() for t in queries]
    monkeypatch.setattr(provider_module, "FREQUENT", 10.0)  # every key defines: no guard
    for text, got in zip(queries, guarded, strict=True):
        plain = candidates(index, parse_query(text), 20).records.tolist()
        assert got == plain, text


def test_the_guard_leaves_common_only_records_untouched() -> None:
    rows = [
        {"given_name": "محمد", "family_name": f"عائلة{k}", "person_id": f"M-{k}"}
        for k in range(400)
    ]
    rows.append({"given_name": "محمد", "family_name": "القباني", "person_id": "RARE"})
    rows += [{"given_name": "سامر", "family_name": "القباني", "person_id": f"Q-{k}"}
             for k in range(5)]  # fmt: skip
    index = _index(rows)
    found = candidates(index, parse_query("Mohammad Kabbani"), 3)
    assert found.matched == 6  # the Kabbanis, not the 400 who share only Mohammad
    assert index.entities[int(index.rec_entity[found.records[0]])] == "RARE"


def test_arabizi_digits_marked_by_an_apostrophe_are_letters() -> None:
    q = parse_query("3'asan al7asan 1980")  # the digit letter also shows where "al" ends
    assert q.names == ("ghasan", "al hasan") and q.birth_year == 1980 and not q.ignored
    assert parse_query("7ussein Al-7'alil").names == ("hussein", "al khalil")
    assert parse_query("Nadir Najar 227").ignored == ("227",)  # a lone number stays a number


def test_a_rare_name_weighs_by_its_table_name_not_a_shared_skeleton() -> None:
    rows = [{"given_name": "حسن", "family_name": f"بيت{k}", "person_id": f"H-{k}"}
            for k in range(300)]  # fmt: skip
    rows += [{"given_name": "عمر", "family_name": "حسون", "person_id": f"S-{k}"} for k in range(2)]
    index = _index(rows)
    hassun, hassan = parse_query("Hassun Hassan").units  # one skeleton: h-s-n
    assert hassun.skel == hassan.skel
    assert unit_weight(index, hassun) > 3 * unit_weight(index, hassan)
    assert search(index, "Omar Hassun", 1)[0].person_id in {"S-0", "S-1"}


def test_misspelt_and_dotless_arabic_records_meet_the_latin_query() -> None:
    rows = [{"given_name": "سامي", "family_name": "الحلبي", "person_id": f"H-{k}"}
            for k in range(30)]  # fmt: skip
    rows.append({"given_name": "ساامح", "family_name": "الحلبي", "person_id": "SAMIH"})
    rows += [{"given_name": "عمر", "family_name": "الحمصي", "person_id": f"O-{k}"}
             for k in range(30)]  # fmt: skip
    rows.append({"given_name": "عمر", "family_name": "القتاني", "person_id": "KABBANI"})
    index = _index(rows)
    top = search(index, "Samih Al-Halabi", 1)[0]
    assert top.person_id == "SAMIH"
    assert {w.query: w.level for w in top.why if w.part == "name"}["samih"] != "different"
    top = search(index, "Omar Kabbani", 1)[0]
    assert top.person_id == "KABBANI"  # قباني with its dots lost in a scanned register
    assert {w.query: w.level for w in top.why if w.part == "name"}["kabbani"] == "close"


def test_the_family_name_place_and_article_count() -> None:
    index = _index(
        [
            {"given_name": "أحمد", "father_name": "محمد", "family_name": "العمر", "person_id": "F"},
            {"given_name": "أحمد", "father_name": "محمود", "grandfather_name": "عمر",
             "family_name": "الحريري", "person_id": "G"},
            {"given_name": "حسن", "family_name": "المحمد", "person_id": "AL"},
            {"given_name": "حسن", "father_name": "محمد", "person_id": "SON"},
        ]
    )  # fmt: skip
    assert [r.person_id for r in search(index, "Ahmed Omar", 2)] == ["F", "G"]
    assert [r.person_id for r in search(index, "Hassan Al-Mohammad", 2)] == ["AL", "SON"]


def test_threads_searching_one_index_get_the_answers_of_one_thread(
    synthetic: tuple[SearchIndex, list[str]],
) -> None:
    """A server's threads share the loaded index: its scratch arrays are per thread and its
    memo is locked, so concurrent queries answer as sequential ones do."""
    from concurrent.futures import ThreadPoolExecutor

    index, queries = synthetic

    def answer(text: str) -> list[tuple[str | None, float]]:
        return [(r.person_id, r.score) for r in search(index, text, 10)]

    alone = [answer(t) for t in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(answer, queries * 2))
    assert together == alone * 2


def test_a_warmed_index_answers_as_a_cold_one(
    synthetic: tuple[SearchIndex, list[str]], tmp_path: Path
) -> None:
    """``SearchIndex.warm`` (the server's keeper calls it after loading) builds every unit's
    features and the one-edit skeletons up front, and changes no answer."""
    built, queries = synthetic
    built.save(tmp_path / "index.npz")
    cold, warm = SearchIndex.load(tmp_path / "index.npz"), SearchIndex.load(tmp_path / "index.npz")
    warm.warm()
    assert cold._deletions is None and not cold._units  # as loaded: nothing built yet
    assert warm._deletions is not None
    assert all(warm._units[c] is not None for c in range(len(warm.unit_text)))
    for q in queries[:40]:
        answers = [[(r.person_id, r.score) for r in search(i, q, 10)] for i in (cold, warm)]
        assert answers[0] == answers[1], q


def test_the_index_remembers_the_last_keys_it_was_asked_for(
    synthetic: tuple[SearchIndex, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import athar.search.index as index_module

    index, _ = synthetic
    monkeypatch.setattr(index_module, "KEY_MEMO", 2)
    made: list[str] = []

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    for key in ("a", "b", "a", "c", "a", "b"):
        assert index.remembered(("test", key), lambda k=key: make(k)) == key.upper()
    assert made == ["a", "b", "c", "b"]  # "b" was the least recently used when "c" came
