"""The hand-written name tables shipped in ``athar/names/data``.

``given_names.csv`` (arabic, sex, latin) and ``family_names.csv`` (arabic, latin): each row is one
name in Arabic script with its common Latin spellings separated by ``|``, the usual English
spelling first. They are names only, never anyone's record.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A table name: its Arabic form, its Latin spellings and, for given names, a sex hint."""

    arabic: str
    latin: tuple[str, ...]
    sex: str  # "m", "f", "u" (either), or "" for family names
    role: str  # "given" or "family"

    @property
    def display(self) -> str:
        """The usual English spelling."""
        return self.latin[0] if self.latin else self.arabic


def _read(name: str, role: str) -> tuple[NameEntry, ...]:
    path = resources.files("athar.names").joinpath("data", name)
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    entries = []
    for row in rows:
        arabic = (row.get("arabic") or "").strip()
        latin = tuple(s.strip() for s in (row.get("latin") or "").split("|") if s.strip())
        if not arabic:
            continue
        entries.append(NameEntry(arabic, latin, (row.get("sex") or "").strip(), role))
    return tuple(entries)


@cache
def given_names() -> tuple[NameEntry, ...]:
    """Syrian given names (male, female and either), most frequent first within each sex."""
    return _read("given_names.csv", "given")


@cache
def family_names() -> tuple[NameEntry, ...]:
    """Syrian family names, as written with or without the article."""
    return _read("family_names.csv", "family")
