"""The rules a row must meet to be imported; each broken rule is a problem naming the field.

Only what cannot be true refuses a row: a date that does not exist, a birth after the event or in
the future, a row with nothing to identify a person by, an id used twice. Values merely not
understood (a status, a facility) are imported as written and reported once per value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from athar.ingest.messages import say

NAME_FIELDS = ("full_name", "given_name", "father_name", "grandfather_name", "family_name")

K = TypeVar("K")
V = TypeVar("V")


def after(a: str, b: str) -> bool:
    """True when partial ISO date ``a`` is surely after ``b`` ("1990" is not after "1990-05")."""
    n = min(len(a), len(b))
    return bool(a and b) and a[:n] > b[:n]


def date_problems(birth: str, event: str, today: str) -> list[tuple[str, str]]:
    """(field, problem) for dates that cannot be: a birth after the event, dates to come."""
    out: list[tuple[str, str]] = []
    if after(birth, today):
        out.append(("birth_date", say("birth date in the future")))
    if after(event, today):
        out.append(("event_date", say("event date in the future")))
    if after(birth, event):
        out.append(("birth_date", say("born after the event date (%(date)s)", date=event)))
    return out


def identifies(fields: dict[str, str]) -> bool:
    """A name, or a facility with a detainee number (a nameless death record is a record)."""
    if any(fields.get(f, "").strip() for f in NAME_FIELDS):
        return True
    return bool(fields.get("facility", "").strip() and fields.get("detainee_number", "").strip())


def repeated(items: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    """Keys seen more than once, each with every item that carries it (the first one too)."""
    seen: dict[K, list[V]] = {}
    for key, value in items:
        seen.setdefault(key, []).append(value)
    return {k: v for k, v in seen.items() if len(v) > 1}
