"""Candidate pairs: blocks that stay small for common names, and EM on a share of them."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa
import pytest
from splink import block_on

from athar.link import model as M


def _block(
    first: Sequence[str | None], second: Sequence[str | None], *finer: list, cap: int | None = None
) -> list:
    arrays = [pa.array(v) for v in finer]
    return M._frequency_block(pa.array(first), pa.array(second), *arrays, cap=cap).to_pylist()


def test_a_rare_pair_of_names_is_its_own_block() -> None:
    assert _block(["a", "a", None], ["b", "b", "b"], [1980, 1990, 1980]) == ["a|b", "a|b", None]


def test_a_common_pair_is_refined_while_it_is_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(M, "COMMON_PAIR_RECORDS", 3)
    years = [396, 396, 396, 396, 397, 397]  # half-decades: four in one
    exact = [1980, 1980, 1981, 1982, 1985, 1986]
    got = _block(["m"] * 6, ["k"] * 6, years, exact)
    # The pair held 6 > 3 records: refined by the half-decade; 396 still held 4: by the year.
    assert got[:4] == ["m|k|396|1980", "m|k|396|1980", "m|k|396|1981", "m|k|396|1982"]
    assert got[4:] == ["m|k|397", "m|k|397"]


def test_a_block_beyond_its_cap_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(M, "COMMON_PAIR_RECORDS", 2)
    got = _block(["m"] * 5 + ["x", "x"], ["k"] * 5 + ["y", "y"], [None] * 7, cap=3)
    assert got == [None] * 5 + ["x|y", "x|y"]  # five records with no year to tell them apart


def test_blocked_pairs_are_the_rules_pairs_once_each_with_the_first_rule() -> None:
    table = pa.table(
        {
            "unique_id": [1, 2, 3, 4, 5],
            "given_key": ["a", "a", "a", "b", None],
            "family_key": ["x", "x", "y", "y", None],
            "birth_year": [1980, 1981, 1980, 1980, 1980],
        }
    )
    connection = duckdb.connect()
    connection.register("records", table)
    rules = [
        block_on("given_key", "family_key"),
        block_on("birth_year"),
    ]
    name = M.blocked_pairs(connection, rules)
    got = connection.execute(f"SELECT join_key_l, join_key_r, match_key FROM {name}").fetchall()
    assert sorted(got) == [
        (1, 2, 0),
        (1, 3, 1),
        (1, 4, 1),
        (1, 5, 1),
        (3, 4, 1),
        (3, 5, 1),
        (4, 5, 1),
    ]


def test_em_reads_every_block_of_a_small_registry_and_a_share_of_a_large_one() -> None:
    columns = ("given_key", "family_key")
    small = M.training_block(columns, M.EM_RECORDS)
    sql = small.get_blocking_rule("duckdb").blocking_rule_sql
    assert "hash" not in sql
    large = M.training_block(columns, 3 * M.EM_RECORDS + 1)
    sql = large.get_blocking_rule("duckdb").blocking_rule_sql
    assert 'hash(l."given_key") % 4 = 0' in sql and 'l."family_key" = r."family_key"' in sql
    table = pa.table(
        {"unique_id": list(range(40)), "given_key": [f"g{i % 10}" for i in range(40)]}
        | {"family_key": ["f"] * 40}
    )
    connection = duckdb.connect()
    connection.register("records", table)
    pairs = connection.execute(
        f"SELECT l.unique_id, r.unique_id, l.given_key FROM records l JOIN records r ON {sql} "
        "WHERE l.unique_id < r.unique_id"
    ).fetchall()
    chosen = {g for _, _, g in pairs}
    assert 0 < len(chosen) < 10  # some blocks, not all
    assert len(pairs) == 6 * len(chosen)  # every pair of a chosen block: 4 records, 6 pairs


def test_match_finds_candidates_by_a_number_without_its_facility() -> None:
    """`athar match` for a death record that gives a detainee number and a given name, no
    facility: stored records with that number and given name are candidates, as in linkage."""
    from athar.link.match import _candidate_filter

    sql, params = _candidate_filter({"detainee_number": "235/2016", "given_key": "امنه"})
    assert '"detainee_number" = ? AND "given_key" = ?' in sql
    assert params == ["235/2016", "امنه"]


def _swapped_register_pair() -> list[dict[str, str | int]]:
    """One man in two registers: given and father's names swapped by a clerk, the family name
    misspelt (a dot lost: النقيب / النفيب), the birth date the same."""
    first = {"given_name": "أحمد", "father_name": "فارس", "family_name": "النقيب"}
    second = {"given_name": "فارس", "father_name": "أحمد", "family_name": "النفيب"}
    return [
        {"pk": pk, "source_kind": "prison_register", "birth_date": "1973-05-18", **names}
        for pk, names in ((1, first), (2, second))
    ]


def test_given_and_father_swapped_with_a_misspelt_family_are_a_candidate_pair() -> None:
    from athar.link.features import feature_table
    from athar.link.settings import blocking_rules

    connection = duckdb.connect()
    connection.register("records", M.add_block_columns(feature_table(_swapped_register_pair())))

    def pairs(rules: list) -> list:
        name = M.blocked_pairs(connection, rules)
        return connection.execute(f"SELECT join_key_l, join_key_r FROM {name}").fetchall()

    rules = blocking_rules()
    assert pairs(rules) == [(1, 2)]
    swap = '"l"."given_key" = "r"."father_key"'
    kept = [r for r in rules if swap not in r.get_blocking_rule("duckdb").blocking_rule_sql]
    assert len(kept) == len(rules) - 3  # with the family name, the birth date, the grandfather
    assert pairs(kept) == []


def _dotless_pair() -> list[dict[str, str | int]]:
    """One man in a register and on a release list whose copyist lost dots in the father's and
    the family name (محمود / مجمود, المصري / المضري)."""
    return [
        {
            "pk": 1,
            "source_kind": "prison_register",
            "given_name": "أحمد",
            "father_name": "محمود",
            "family_name": "المصري",
            "birth_date": "1970-09-24",
        },
        {"pk": 2, "source_kind": "release_list", "full_name": "أحمد مجمود المضري"},
    ]


@pytest.mark.parametrize("block", ["rasm_lineage_block", "rasm_family_block"])
def test_names_that_lost_their_dots_are_a_candidate_pair(block: str) -> None:
    from athar.link.features import feature_table
    from athar.link.settings import blocking_rules

    table = M.add_block_columns(feature_table(_dotless_pair()))
    assert table.column(block).to_pylist()[0] == table.column(block).to_pylist()[1]
    connection = duckdb.connect()
    connection.register("records", table)
    rules = blocking_rules()
    name = M.blocked_pairs(connection, rules)
    assert connection.execute(f"SELECT join_key_l, join_key_r FROM {name}").fetchall() == [(1, 2)]
    dotless = ("rasm_lineage_block", "rasm_family_block")
    kept = [
        r
        for r in rules
        if not any(d in r.get_blocking_rule("duckdb").blocking_rule_sql for d in dotless)
    ]
    name = M.blocked_pairs(connection, kept)
    assert connection.execute(f"SELECT join_key_l, join_key_r FROM {name}").fetchall() == []
