"""Recall: the capped blocks that pair records the name blocks never compare."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest
from link_support import home, synth_rows  # noqa: F401 (home: a fixture every test uses)

from athar.link import pipeline as P
from athar.link import recall_blocks as RB
from athar.link import settings as model_settings
from athar.link.features import feature_table
from athar.link.levels import ALIKE_LEVELS, floor_alike_levels
from athar.link.model import add_block_columns
from athar.link.settings import blocking_rules

THRESHOLD, DEATH_THRESHOLD = 0.9, 0.99


def test_capped_key_joins_values_and_drops_missing_and_crowded_keys() -> None:
    given = ["a", "a", "a", "b", "b", None, "c"]
    place = ["x", "x", "x", "x", "y", "x", ""]
    keys = RB.capped_key([given, place], cap=2).to_pylist()
    # "a|x" is held by three rows (over the cap of 2): it blocks nothing.
    assert keys == [None, None, None, "b|x", "b|y", None, None]
    assert RB.capped_key([given, place], cap=3).to_pylist()[:3] == ["a|x"] * 3


def test_capped_key_keeps_numbers_apart_from_missing() -> None:
    years: list[Any] = [1990, 1990, None, 0]
    keys = RB.capped_key([["m", "m", "m", "m"], years]).to_pylist()
    assert keys == ["m|1990", "m|1990", None, "m|0"]


def test_add_recall_blocks_names_the_missing_feature_column() -> None:
    table = pa.table({"given_skel": ["mhmd"], "facility_id": ["sednaya"]})
    with pytest.raises(ValueError, match="father_skel"):
        RB.add_recall_blocks(table)


def test_every_recall_block_is_a_feature_column_and_a_blocking_rule() -> None:
    row = {"pk": 1, "given_name": "طه", "father_name": "طارق", "facility_id": "sednaya"}
    table = add_block_columns(feature_table([row]))
    rules = " ".join(r.get_blocking_rule("duckdb").blocking_rule_sql for r in blocking_rules())
    for name in (*RB.RECALL_BLOCKS, *RB.DERIVED_BLOCKS):
        assert name in table.column_names
        assert name in rules
    key = table.column("given_father_facility_block").to_pylist()[0]
    assert key is not None and key.endswith("|sednaya")


# ---------------------------------------------------------------------------------------------
# End to end: a named death record with only the given and father's names.


DEATH_PK, REGISTER_PK = 900_001, 900_002
FACILITIES = ("sednaya", "mi_215", "mi_235", "afi_mezzeh", "mi_227", "gi_251", "mi_271")


def _crowded_lineage() -> list[dict[str, Any]]:
    """Thirty men named طه son of طارق, of other families, years and facilities: the pair of
    names is common, so the name blocks need the birth years too."""
    families = ("الحلبي", "الخطيب", "المصري", "الشامي", "العلي", "درويش")
    return [
        {
            "pk": 800_000 + i,
            "source_kind": "prison_register",
            "given_name": "طه",
            "father_name": "طارق",
            "family_name": families[i % len(families)],
            "birth_date": str(1960 + i),
            "facility_id": FACILITIES[i % len(FACILITIES)],
            "sex": "m",
        }
        for i in range(30)
    ]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    rows = synth_rows(tmp_path_factory.mktemp("synth"), persons=300, seed=7)
    rows += _crowded_lineage()
    death = {
        "pk": DEATH_PK,
        "source_kind": "death_record",
        "full_name": "طه طارق",
        "facility_id": "latakia_central",
        "status": "deceased",
        "sex": "m",
    }
    register = {
        "pk": REGISTER_PK,
        "source_kind": "prison_register",
        "given_name": "طه",
        "father_name": "طارق",
        "grandfather_name": "حسن",
        "family_name": "القباني",
        "mother_name": "جميلة",
        "birth_date": "1993-04-02",
        "facility_id": "latakia_central",
        "detainee_number": "4411",
        "sex": "m",
    }
    return [*rows, death, register]


def test_the_death_record_is_paired_through_its_facility(rows: list[dict[str, Any]]) -> None:
    edges = P.link_rows(rows, THRESHOLD, DEATH_THRESHOLD).edges.as_dict()
    assert (DEATH_PK, REGISTER_PK) in edges


def test_without_the_recall_blocks_the_pair_is_never_scored(
    rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RB, "RECALL_BLOCKS", {})
    monkeypatch.setattr(RB, "DERIVED_BLOCKS", {})
    edges = P.link_rows(rows, THRESHOLD, DEATH_THRESHOLD).edges.as_dict()
    assert (DEATH_PK, REGISTER_PK) not in edges


# ---------------------------------------------------------------------------------------------
# What EM learnt: a level that says two names are alike never weighs against the pair.


def _level(settings_obj: Any, comparison: str, label: str) -> Any:
    found = [
        lv
        for c in settings_obj.comparisons
        if c.output_column_name == comparison
        for lv in c.comparison_levels
        if lv.label_for_charts == label
    ]
    assert len(found) == 1, (comparison, label)
    return found[0]


def _trained_alike() -> Any:
    """Splink settings whose levels all weigh 0 (m = u), as if EM had learnt them so."""
    settings_obj = model_settings.settings().get_settings("duckdb")
    for comparison in settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if not level.is_null_level:
                level.m_probability = level.u_probability = 0.01
    return settings_obj


def test_an_alike_name_level_learnt_below_u_is_floored_at_weight_zero() -> None:
    settings_obj = _trained_alike()
    close = _level(settings_obj, "given_across", "close spelling")
    close.m_probability, close.u_probability = 0.00035, 0.0029  # what EM learnt at 20,000
    same_key = _level(settings_obj, "given_across", "same key")
    same_key.m_probability, same_key.u_probability = 0.0176, 0.0019
    raised = floor_alike_levels(settings_obj)
    assert [(c, lv) for c, lv, _ in raised] == [("given_across", "close spelling")]
    assert raised[0][2] == pytest.approx(math.log2(0.00035 / 0.0029))
    assert close.m_probability == pytest.approx(0.0029)
    assert same_key.m_probability == pytest.approx(0.0176)  # above u: left as learnt


def test_a_family_name_read_from_a_fathers_name_is_never_against_the_pair() -> None:
    """A list's "given and father's name" read as given and family name, its family the other
    record's father: EM learnt m below u at 20,000 persons (weight -0.71), counting a father's
    name found where the list put it as evidence against the pair."""
    settings_obj = _trained_alike()
    level = _level(settings_obj, "family", "one's family name is the other's father's name")
    level.m_probability, level.u_probability = 0.0037, 0.006
    raised = floor_alike_levels(settings_obj)
    assert [(c, lv) for c, lv, _ in raised] == [
        ("family", "one's family name is the other's father's name")
    ]
    assert level.m_probability == pytest.approx(0.006)
    swapped = _level(settings_obj, "family", "one's family name is the other's given name")
    swapped.m_probability, swapped.u_probability = 0.001, 0.01
    assert floor_alike_levels(settings_obj) == []  # a patronymic family name: learnt as it is


def test_disagreeing_levels_and_other_comparisons_keep_their_weight() -> None:
    settings_obj = _trained_alike()
    different = _level(settings_obj, "given_across", "different spelling")
    different.m_probability, different.u_probability = 0.01, 0.12
    birth = _level(settings_obj, "birth", "within 3 years")
    birth.m_probability, birth.u_probability = 0.005, 0.1
    assert floor_alike_levels(settings_obj) == []
    assert different.m_probability == pytest.approx(0.01)
    assert birth.m_probability == pytest.approx(0.005)


def test_a_trained_model_has_no_alike_name_level_against_the_pair(
    rows: list[dict[str, Any]],
) -> None:
    model = P.link_rows(rows, THRESHOLD, DEATH_THRESHOLD).model
    for comparison in model.settings_json()["comparisons"]:
        name = comparison.get("output_column_name", "")
        for level in comparison["comparison_levels"]:
            if level.get("label_for_charts") not in ALIKE_LEVELS or not name.startswith(
                ("given", "mother")
            ):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if isinstance(m, float) and isinstance(u, float):
                assert m >= u * (1 - 1e-9), (name, level["label_for_charts"], m, u)
