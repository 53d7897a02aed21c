"""The headers lists are written with, loaded from ``data/headers.yaml``, and how they compare.

The table is data, reviewed by people who read the lists rather than the code; ``header_key``
folds hamza and taa marbuta variants, case, accents, spaces and punctuation, and drops a
bracketed hint such as "(يوم/شهر/سنة)", so one spelling in the table covers its variants.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from athar.names.normalize import clean

_BRACKETS = re.compile(r"[(\[{（].*?[)\]}）]")
#: What separates the languages of a bilingual header.
_PARTS = re.compile(r"\s*[/|\n]\s*|\s+[-–]\s+")


def header_key(header: str) -> str:
    """The folded form headers are compared in: "Date of Birth (DD/MM/YYYY)" → "dateofbirth"."""
    text = _BRACKETS.sub(" ", header)
    return clean(text).replace(" ", "") or clean(header).replace(" ", "")


def header_keys(header: str) -> tuple[str, ...]:
    """The folded forms a header is looked up by: the whole header first, then each part of a
    header written in two languages ("الاسم / Name", "Father | الأب", "Statut - الوضع")."""
    whole = header_key(header)
    parts = [p for p in _PARTS.split(_BRACKETS.sub(" ", header)) if p.strip()]
    if len(parts) < 2:
        return (whole,)
    keys = [whole]
    keys += [k for k in map(header_key, parts) if k and k not in keys]
    return tuple(keys)


@cache
def _table() -> dict[str, Any]:
    text = resources.files("athar.ingest").joinpath("data", "headers.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def field_headers() -> dict[str, tuple[str, ...]]:
    """Canonical field → the headers that mean it."""
    return {k: tuple(map(str, v)) for k, v in _table()["fields"].items()}


def event_headers() -> dict[str, tuple[str, ...]]:
    """Event (arrest, release, death, report) → the date headers that mean it."""
    return {k: tuple(map(str, v)) for k, v in _table()["event_date"].items()}


def name_headers() -> tuple[str, ...]:
    """Headers that say only "name": which part they are depends on the other columns."""
    return tuple(map(str, _table()["name"]))
