"""The shipped name tables: size, shape, and that every spelling reaches its own name."""

from __future__ import annotations

import re
from collections import Counter

from athar.names import detect_script
from athar.names.lexicon import lexicon
from athar.names.parse import units
from athar.names.tables import family_names, given_names

LATIN = re.compile(r"^[A-Za-z' -]+$")


def test_sizes() -> None:
    sexes = Counter(e.sex for e in given_names())
    assert sexes["m"] >= 300
    assert sexes["f"] >= 150
    assert len(family_names()) >= 500


def test_rows_are_well_formed() -> None:
    for entry in (*given_names(), *family_names()):
        assert detect_script(entry.arabic) == "arabic", entry
        assert entry.latin, entry
        for spelling in entry.latin:
            assert LATIN.match(spelling), (entry.arabic, spelling)
    assert all(e.sex in {"m", "f", "u"} for e in given_names())
    arabic = [e.arabic for e in given_names()]
    assert len(arabic) == len(set(arabic))


def test_every_spelling_finds_its_name() -> None:
    """Each listed Latin spelling is looked up to (at least) the name it is listed under."""
    lex = lexicon()
    misses = []
    for entry in (*given_names(), *family_names()):
        (arabic_unit,) = lex.merge_known(units(entry.arabic, keep=lex.article_words))
        for spelling in entry.latin:
            (unit,) = lex.merge_known(units(spelling))
            if not lex.ids(arabic_unit) & lex.ids(unit):
                misses.append((entry.arabic, spelling))
    assert not misses, misses[:20]


def test_an_article_joined_to_a_patronymic_family_name_is_read() -> None:
    """Alabdallah is العبدالله (the family name written as "al" + a given name), as the listed
    Alabdullah is."""
    lex = lexicon()
    (alabdallah,) = units("Alabdallah")
    (alabdullah,) = units("Alabdullah")
    assert lex.ids(alabdallah) == lex.ids(alabdullah) != frozenset()
    assert lex.ids(alabdallah) <= lex.family
