"""Identifier rules: which shared numbers name one person."""

from __future__ import annotations

import pyarrow as pa
import pytest

from athar.config import settings
from athar.link.rules import NATIONAL_ID_PROBABILITY, identifier_edges


def _features(numbers: list[str | None]) -> pa.Table:
    n = len(numbers)
    return pa.table(
        {
            "unique_id": pa.array(range(1, n + 1), pa.int64()),
            "national_id": pa.array(numbers, pa.string()),
            "facility_id": pa.array([None] * n, pa.string()),
            "detainee_number": pa.array([None] * n, pa.string()),
        }
    )


def test_a_shared_national_number_of_enough_digits_links_its_records() -> None:
    table = _features(["01234567890", "01234567890", "4115888", "4115888", "01234567891", None])
    assert list(identifier_edges(table, 8)) == [(1, 2, NATIONAL_ID_PROBABILITY, "national_id")]
    assert {(a, b) for a, b, _, _ in identifier_edges(table, 7)} == {(1, 2), (3, 4)}


def test_the_digits_a_national_number_needs_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _features(["4115888", "4115888"])
    monkeypatch.delenv("ATHAR_NATIONAL_ID_MIN_DIGITS", raising=False)
    assert settings().national_id_min_digits == 8
    assert list(identifier_edges(table)) == []
    monkeypatch.setenv("ATHAR_NATIONAL_ID_MIN_DIGITS", "7")
    assert [(a, b) for a, b, _, _ in identifier_edges(table)] == [(1, 2)]
    monkeypatch.setenv("ATHAR_NATIONAL_ID_MIN_DIGITS", "seven")
    with pytest.raises(ValueError, match="ATHAR_NATIONAL_ID_MIN_DIGITS"):
        settings()


def test_the_given_name_veto_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATHAR_GIVEN_NAME_VETO", raising=False)
    assert settings().given_name_veto is True
    monkeypatch.setenv("ATHAR_GIVEN_NAME_VETO", "false")
    assert settings().given_name_veto is False
    monkeypatch.setenv("ATHAR_GIVEN_NAME_VETO", "off")
    with pytest.raises(ValueError, match="ATHAR_GIVEN_NAME_VETO"):
        settings()
