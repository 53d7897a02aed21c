"""Shared rendering: a name, a place, a facility or a date the way one kind of writer puts it.

Each source renderer combines these with its own rates; the noise rates that apply to every
source live here as named constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from random import Random
from typing import Final

from athar.names.tables import NameEntry
from athar.places import Facility, Governorate, Town
from athar.synth import noise
from athar.synth.pools import Pool
from athar.synth.spelling import (
    COMPOUND_REJOIN_RATE,
    arabizi,
    choose_spelling,
    rejoin_compound,
    with_article,
)

# Latin spelling noise, per name part written in Latin script.
LATIN_VOWEL_SHIFT_RATE: Final = 0.18
LATIN_GEMINATION_RATE: Final = 0.12
LATIN_TYPO_RATE: Final = 0.05
# Arabic: writing a compound given name as one word (عبدالرحمن), per compound name.
ARABIC_COMPOUND_JOIN_RATE: Final = 0.35
DAY_MONTH_SWAP_RATE: Final = 0.03  # full dates whose day and month were swapped (day ≤ 12 only)
PRIMARY_PLACE_NAME_SHARE: Final = 0.55  # a place's main name rather than one of its aliases


@dataclass(frozen=True, slots=True)
class LatinHand:
    """How one writer spells in Latin script: French habits, Arabizi, and care."""

    french: bool = False
    arabizi: bool = False
    noise: float = 1.0  # multiplies the Latin noise rates


@dataclass(frozen=True, slots=True)
class ArabicHand:
    """How one Arabic page was written: spelling habits, dots lost in scanning, slips."""

    orthography: float
    dot_loss: float
    typo: float


def latin_name(entry: NameEntry, rng: Random, hand: LatinHand, family: bool = False) -> str:
    """One name part in Latin: a table spelling, the writer's habits, then noise."""
    text = choose_spelling(entry, rng, hand.french)
    if (" " in entry.arabic or " " in text) and rng.random() < COMPOUND_REJOIN_RATE:
        text = rejoin_compound(text, rng)
    if family:
        text = with_article(entry.arabic, text, rng)
    if hand.arabizi:
        return arabizi(entry.arabic, text, rng)
    if rng.random() < LATIN_VOWEL_SHIFT_RATE * hand.noise:
        text = noise.latin_vowel_shift(text, rng)
    if rng.random() < LATIN_GEMINATION_RATE * hand.noise:
        text = noise.latin_gemination(text, rng)
    if rng.random() < LATIN_TYPO_RATE * hand.noise:
        text = noise.latin_typo(text, rng)
    return text


def arabic_name(entry: NameEntry, rng: Random, hand: ArabicHand) -> str:
    """One name part in Arabic script, with the page's spelling habits and damage."""
    text = entry.arabic
    if " " in text and rng.random() < ARABIC_COMPOUND_JOIN_RATE:
        text = text.replace(" ", "")
    return arabic_text(text, rng, hand)


def arabic_text(text: str, rng: Random, hand: ArabicHand) -> str:
    if hand.orthography:
        text = noise.arabic_orthography(text, rng, hand.orthography)
    if hand.dot_loss:
        text = noise.arabic_dot_loss(text, rng, hand.dot_loss)
    if rng.random() < hand.typo:
        text = noise.arabic_typo(text, rng)
    return text


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@cache
def _names(primary: str, aliases: tuple[str, ...], arabic: bool) -> tuple[str, ...]:
    """A place's names in one script, its main name first."""
    names = [primary] if primary else []
    names += [a for a in aliases if a and a != primary and is_arabic(a) == arabic]
    return tuple(names)


def pick_name(primary: str, aliases: tuple[str, ...], rng: Random, arabic: bool) -> str:
    """The main name of a place most of the time, otherwise one of its aliases in that script."""
    names = _names(primary, aliases, arabic)
    if not names:
        return primary
    if len(names) == 1 or rng.random() < PRIMARY_PLACE_NAME_SHARE:
        return names[0]
    return names[rng.randrange(1, len(names))]


def facility_name(facility: Facility, rng: Random, arabic: bool) -> str:
    primary = facility.name_ar if arabic else facility.name_en
    return pick_name(primary, facility.aliases, rng, arabic)


def town_name(town: Town, rng: Random, arabic: bool) -> str:
    return pick_name(town.name_ar if arabic else town.name_en, town.aliases, rng, arabic)


def governorate_name(gov: Governorate | None, rng: Random, arabic: bool) -> str:
    if gov is None:
        return ""
    return pick_name(gov.name_ar if arabic else gov.name_en, gov.aliases, rng, arabic)


def render_date(day: date, rng: Random, styles: Pool[str]) -> str:
    """A date in one of a source's styles; full dates sometimes have day and month swapped."""
    style = styles.pick(rng)
    if not style:
        return ""
    if style not in ("year", "month", "year_eastern") and rng.random() < DAY_MONTH_SWAP_RATE:
        day = noise.swap_day_month(day)
    return noise.format_date(day, style)


def shift_days(day: date, rng: Random, spread: int) -> date:
    """A date remembered a few days or weeks off."""
    return day + timedelta(days=rng.randint(-spread, spread))
