"""Athar's name engine: Syrian personal names in Arabic and Latin script.

A pure library (it imports nothing else from athar): cleanup, parsing into units and roles, keys
shared by both scripts, romanization, and graded similarity for record linkage and search.

    >>> from athar.names import compare
    >>> compare("محمد عبد الرحمن الحلبي", "Mhd Abd Al Rahman Halabi").same
    True
"""

from __future__ import annotations

from typing import Any

from athar.names.keys import latin_fold, skeleton
from athar.names.lexicon import lexicon
from athar.names.normalize import clean, clean_name, detect_script
from athar.names.parse import ParsedName, Unit, parse, units
from athar.names.romanize import romanize
from athar.names.similarity import (
    SAME_NAME_THRESHOLD,
    Level,
    NameComparison,
    compare,
    compare_parts,
)

__all__ = [
    "SAME_NAME_THRESHOLD",
    "Level",
    "NameComparison",
    "ParsedName",
    "Unit",
    "analyze",
    "clean",
    "compare",
    "compare_parts",
    "detect_script",
    "latin_fold",
    "match_key",
    "parse_name",
    "romanize",
    "skeleton",
    "units",
]


def parse_name(text: str) -> ParsedName:
    """Parse a full name into given / father / grandfather / family using the name tables."""
    lex = lexicon()
    return parse(
        text,
        is_family=lex.family,
        is_given=lex.given,
        family_plain=lex.family_plain,
        lookup=lex.ids,
        keep=lex.article_words,
        merge=lex.merge_known,
    )


def match_key(unit: Unit) -> str:
    """The key two spellings of one name share in either script.

    A name the tables know gets its table id (its bare Arabic form), so محمد, Mohammad, Mhd and
    Mo7ammad share ``محمد`` while حسن and حسين keep their own; any other name gets its consonant
    skeleton prefixed with ``~``.
    """
    ids = lexicon().ids(unit)
    if ids:
        return sorted(ids)[0]
    return "~" + skeleton(unit.bare)


def analyze(text: str) -> dict[str, Any]:
    """Everything the engine reads in a name, as plain data (for the CLI and the API)."""
    parsed = parse_name(text)
    return {
        "input": text,
        "script": detect_script(text),
        "cleaned": clean_name(text),
        "parts": parsed.roles(),
        "parse_confidence": parsed.confidence,
        "order": parsed.order,
        "units": [
            {
                "text": u.text,
                "article": u.article,
                "key": match_key(u),
                "skeleton": skeleton(u.bare),
            }
            for u in parsed.units
        ],
        "romanized": romanize(text),
    }
