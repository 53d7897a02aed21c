"""One renderer per source kind: what that kind of document says about a person, and how.

Each renderer returns one record (a dict of canonical fields; absent = unknown) for one
appearance of the person. The rates below are per record unless they say otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from random import Random
from typing import Final

from athar.synth import noise, vocab
from athar.synth.detention import Stay
from athar.synth.pools import Pools, weighted
from athar.synth.population import Person
from athar.synth.render import (
    ArabicHand,
    LatinHand,
    arabic_name,
    arabic_text,
    facility_name,
    governorate_name,
    latin_name,
    render_date,
    shift_days,
    town_name,
)

Row = dict[str, str]

HONORIFIC_SHOWN_RATE: Final = 0.6  # of the persons with a title, records that write it
NATIONAL_ID_SLIP_RATE: Final = 0.03  # a wrong or transposed digit in a copied national number
DETAINEE_NUMBER_EASTERN_RATE: Final = 0.1

# family_report: written abroad by relatives, in Latin script, from memory.
FAMILY_FRENCH_RATE: Final = 0.2
FAMILY_ARABIZI_RATE: Final = 0.1
FAMILY_SPLIT_PARTS_RATE: Final = 0.25
FAMILY_NAME_FORMS: Final = weighted([("gf", 0.55), ("gpf", 0.35), ("gpgf", 0.10)])
FAMILY_ORDER_SWAP_RATE: Final = 0.03  # family name written first without a marker
FAMILY_MOTHER_RATE: Final = 0.25
FAMILY_MOTHER_FULL_RATE: Final = 0.5  # her family name too, not only her given name
FAMILY_SEX_RATE: Final = 0.4
FAMILY_BIRTH_STYLES: Final = weighted([("year", 0.65), ("dmy", 0.12), ("iso", 0.08), ("", 0.15)])
FAMILY_BIRTH_YEAR_SLIP_RATE: Final = 0.1  # a year off: the age was remembered, not the date
FAMILY_BIRTHPLACE_RATE: Final = 0.5
FAMILY_PLACE_TYPO_RATE: Final = 0.1
FAMILY_GOVERNORATE_RATE: Final = 0.3
FAMILY_NATIONAL_ID_RATE: Final = 0.1
FAMILY_FACILITY_RATE: Final = 0.35
FAMILY_EVENT_STYLES: Final = weighted(
    [("iso", 0.35), ("dmy", 0.12), ("month", 0.3), ("year", 0.23)]
)
FAMILY_EVENT_SLIP_RATE: Final = 0.2  # arrest date remembered up to a month off
FAMILY_NOTES_RATE: Final = 0.3
FAMILY_KNOWS_DEATH_RATE: Final = 0.4
FAMILY_KNOWS_RELEASE_RATE: Final = 0.3

# prison_register: Arabic, name parts in columns, typed or scanned.
REGISTER_HAND: Final = ArabicHand(orthography=0.15, dot_loss=0.0, typo=0.03)
REGISTER_SCANNED_HAND: Final = ArabicHand(orthography=0.15, dot_loss=0.05, typo=0.05)
REGISTER_SCANNED_RATE: Final = 0.25
REGISTER_GRANDFATHER_RATE: Final = 0.7
REGISTER_PART_SWAP_RATE: Final = 0.03  # given and father's names in each other's column
REGISTER_MISSING_FATHER_RATE: Final = 0.04
REGISTER_MOTHER_RATE: Final = 0.75
REGISTER_MOTHER_FULL_RATE: Final = 0.6  # her given and family name, not the given name alone
REGISTER_SEX_RATE: Final = 0.9
REGISTER_DATE_STYLES: Final = weighted(
    [("iso", 0.4), ("dmy", 0.33), ("dmy_eastern", 0.15), ("dmy_short", 0.04), ("year", 0.08)]
)
REGISTER_BIRTH_YEAR_SLIP_RATE: Final = 0.02
REGISTER_BIRTHPLACE_RATE: Final = 0.8
REGISTER_GOVERNORATE_RATE: Final = 0.5
REGISTER_NATIONAL_ID_RATE: Final = 0.7
REGISTER_LATIN_FACILITY_RATE: Final = 0.1
REGISTER_NUMBER_RATE: Final = 0.96  # of the living; the dead always keep theirs
REGISTER_NOTES_RATE: Final = 0.15

# release_list: Arabic full names in one column, typed from decrees and lists.
RELEASE_HAND: Final = ArabicHand(orthography=0.2, dot_loss=0.0, typo=0.03)
RELEASE_SCANNED_HAND: Final = ArabicHand(orthography=0.2, dot_loss=0.05, typo=0.05)
RELEASE_SCANNED_RATE: Final = 0.1
RELEASE_GRANDFATHER_RATE: Final = 0.3
RELEASE_NO_FAMILY_RATE: Final = 0.08  # given and father only
RELEASE_MOTHER_RATE: Final = 0.35
RELEASE_BIRTH_RATE: Final = 0.5
RELEASE_DATE_STYLES: Final = weighted(
    [("dmy", 0.4), ("dmy_eastern", 0.3), ("iso", 0.25), ("iso_eastern", 0.05)]
)
RELEASE_BIRTH_STYLES: Final = weighted([("year", 0.5), ("year_eastern", 0.2), ("dmy", 0.3)])
RELEASE_BIRTHPLACE_RATE: Final = 0.4
RELEASE_FACILITY_RATE: Final = 0.4
RELEASE_NATIONAL_ID_RATE: Final = 0.3

# ngo_list: Latin, compiled by documentation groups from several channels.
NGO_HAND_NOISE: Final = 0.6
NGO_FRENCH_RATE: Final = 0.2
NGO_FAMILY_FIRST_RATE: Final = 0.3  # "AL-HALABI Mohammad Ahmad"
NGO_SPLIT_RATE: Final = 0.35
NGO_FATHER_RATE: Final = 0.7
NGO_STATUS_LANGUAGES: Final = weighted([("en", 0.5), ("fr", 0.2), ("ar", 0.3)])
NGO_KNOWS_FATE_RATE: Final = 0.6
NGO_BIRTH_STYLES: Final = weighted([("year", 0.5), ("iso", 0.3), ("", 0.2)])
NGO_EVENT_STYLES: Final = weighted([("iso", 0.5), ("month", 0.25), ("year", 0.25)])
NGO_SEX_RATE: Final = 0.7
NGO_BIRTHPLACE_RATE: Final = 0.4
NGO_GOVERNORATE_RATE: Final = 0.5
NGO_FACILITY_RATE: Final = 0.5
NGO_ARABIC_FACILITY_RATE: Final = 0.2
NGO_NATIONAL_ID_RATE: Final = 0.25
NGO_MOTHER_RATE: Final = 0.1
NGO_NOTES_RATE: Final = 0.3

# death_record: forensic, often a number instead of a name.
DEATH_HAND: Final = ArabicHand(orthography=0.2, dot_loss=0.02, typo=0.04)
DEATH_NAME_FORMS: Final = weighted([("gp", 0.5), ("gf", 0.3), ("gpf", 0.2)])
DEATH_SEX_RATE: Final = 0.8
DEATH_NAMED_NUMBER_RATE: Final = 0.7
DEATH_NAMED_FACILITY_RATE: Final = 0.8
DEATH_DATE_STYLES: Final = weighted([("dmy", 0.4), ("dmy_eastern", 0.3), ("iso", 0.3)])
DEATH_BODY_NUMBER_RATE: Final = 0.3  # a second, unrelated number in the notes
DEATH_LATIN_STATUS_RATE: Final = 0.1
DEATH_HOSPITAL_RATE: Final = 0.5  # the military hospital that registered the body, in the notes


def _one(rng: Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


def _gendered(text: str, person: Person) -> str:
    return vocab.feminine(text) if person.sex == "f" else text


def _national_id(person: Person, rng: Random, rate: float) -> str:
    if not person.national_id or rng.random() >= rate:
        return ""
    if rng.random() < NATIONAL_ID_SLIP_RATE:
        return noise.digit_slip(person.national_id, rng)
    return person.national_id


def _number(stay: Stay, rng: Random) -> str:
    if rng.random() < DETAINEE_NUMBER_EASTERN_RATE:
        return noise.eastern(stay.number)
    return stay.number


def _honorific(person: Person, rng: Random, language: str) -> str:
    if not person.honorific or rng.random() >= HONORIFIC_SHOWN_RATE:
        return ""
    return _one(rng, vocab.HONORIFICS[person.honorific][language])


def _birth(person: Person, rng: Random, slip: float) -> date:
    """The birth date, a year off at rate ``slip`` (an age remembered rather than a date)."""
    if rng.random() >= slip:
        return person.birth
    day = person.birth
    return day.replace(year=day.year + (1 if rng.random() < 0.5 else -1), day=min(day.day, 28))


def family_report(p: Person, rng: Random, ctx: Pools) -> Row:
    """A relative abroad fills a form in English or French (sometimes Arabizi), from memory."""
    language = "fr" if rng.random() < FAMILY_FRENCH_RATE else "en"
    hand = LatinHand(french=language == "fr", arabizi=rng.random() < FAMILY_ARABIZI_RATE)
    row: Row = {"source": "family_report_synth", "source_kind": "family_report"}
    form = FAMILY_NAME_FORMS.pick(rng)
    given = latin_name(p.given, rng, hand)
    father = latin_name(p.father, rng, hand) if "p" in form else ""
    grandfather = latin_name(p.grandfather, rng, hand) if form == "gpgf" else ""
    family = latin_name(p.family, rng, hand, family=True)
    title = _honorific(p, rng, language)
    if rng.random() < FAMILY_SPLIT_PARTS_RATE:
        row["given_name"] = f"{title} {given}".strip()
        row["father_name"], row["grandfather_name"], row["family_name"] = (
            father,
            grandfather,
            family,
        )
    else:
        parts = [title, given, father, grandfather, family]
        if rng.random() < FAMILY_ORDER_SWAP_RATE:
            parts = [family, title, given, father, grandfather]
        row["full_name"] = " ".join(x for x in parts if x)
    if rng.random() < FAMILY_MOTHER_RATE:
        mother = latin_name(p.mother_given, rng, hand)
        if rng.random() < FAMILY_MOTHER_FULL_RATE:
            mother += " " + latin_name(p.mother_family, rng, hand, family=True)
        row["mother_name"] = mother
    if rng.random() < FAMILY_SEX_RATE:
        row["sex"] = p.sex
    birth = _birth(p, rng, FAMILY_BIRTH_YEAR_SLIP_RATE)
    row["birth_date"] = render_date(birth, rng, FAMILY_BIRTH_STYLES)
    if rng.random() < FAMILY_BIRTHPLACE_RATE:
        row["birth_place"] = latin_place(town_name(p.town, rng, arabic=False), rng)
    if rng.random() < FAMILY_GOVERNORATE_RATE:
        row["governorate"] = governorate_name(
            ctx.governorates.get(p.town.governorate), rng, arabic=False
        )
    row["national_id"] = _national_id(p, rng, FAMILY_NATIONAL_ID_RATE)
    d = p.detention
    if rng.random() < FAMILY_FACILITY_RATE:
        row["facility"] = facility_name(d.stays[0].facility, rng, arabic=False)
    arrest = shift_days(d.arrest, rng, 30) if rng.random() < FAMILY_EVENT_SLIP_RATE else d.arrest
    row["event_date"] = render_date(arrest, rng, FAMILY_EVENT_STYLES)
    if d.fate == "deceased" and rng.random() < FAMILY_KNOWS_DEATH_RATE:
        status = _one(rng, vocab.FAMILY_DIED[language])
    elif d.fate == "released" and rng.random() < FAMILY_KNOWS_RELEASE_RATE:
        status = _one(rng, vocab.FAMILY_RELEASED[language])
    else:
        status = _one(rng, vocab.FAMILY_TAKEN[language])
    row["status"] = _gendered(status, p) if language == "fr" else status
    if rng.random() < FAMILY_NOTES_RATE:
        note = _one(rng, vocab.FAMILY_NOTES[language])
        row["notes"] = note.format(
            town=town_name(p.town, rng, arabic=False),
            facility=facility_name(d.stays[0].facility, rng, arabic=False),
            his="her" if p.sex == "f" else "his",
            him="her" if p.sex == "f" else "him",
        )
    return row


def latin_place(text: str, rng: Random) -> str:
    """A town typed by a relative: sometimes misspelled."""
    if rng.random() < FAMILY_PLACE_TYPO_RATE:
        return noise.latin_typo(text, rng)
    return text


def prison_register(p: Person, stay: Stay, rng: Random, ctx: Pools) -> Row:
    """A facility's register: Arabic name parts in columns, the number it gave, arrival day."""
    hand = REGISTER_SCANNED_HAND if rng.random() < REGISTER_SCANNED_RATE else REGISTER_HAND
    row: Row = {"source": "prison_register_synth", "source_kind": "prison_register"}
    given = arabic_name(p.given, rng, hand)
    father = arabic_name(p.father, rng, hand)
    if rng.random() < REGISTER_PART_SWAP_RATE:
        given, father = father, given
    if rng.random() < REGISTER_MISSING_FATHER_RATE:
        father = ""
    row["given_name"], row["father_name"] = given, father
    if rng.random() < REGISTER_GRANDFATHER_RATE:
        row["grandfather_name"] = arabic_name(p.grandfather, rng, hand)
    row["family_name"] = arabic_name(p.family, rng, hand)
    if rng.random() < REGISTER_MOTHER_RATE:
        mother = arabic_name(p.mother_given, rng, hand)
        if rng.random() < REGISTER_MOTHER_FULL_RATE:
            mother += " " + arabic_name(p.mother_family, rng, hand)
        row["mother_name"] = mother
    if rng.random() < REGISTER_SEX_RATE:
        row["sex"] = p.sex
    row["birth_date"] = render_date(
        _birth(p, rng, REGISTER_BIRTH_YEAR_SLIP_RATE), rng, REGISTER_DATE_STYLES
    )
    if rng.random() < REGISTER_BIRTHPLACE_RATE:
        row["birth_place"] = arabic_text(town_name(p.town, rng, arabic=True), rng, hand)
    if rng.random() < REGISTER_GOVERNORATE_RATE:
        row["governorate"] = governorate_name(
            ctx.governorates.get(p.town.governorate), rng, arabic=True
        )
    row["national_id"] = _national_id(p, rng, REGISTER_NATIONAL_ID_RATE)
    arabic = rng.random() >= REGISTER_LATIN_FACILITY_RATE
    row["facility"] = facility_name(stay.facility, rng, arabic)
    d = p.detention
    if d.fate == "deceased" or rng.random() < REGISTER_NUMBER_RATE:
        row["detainee_number"] = _number(stay, rng)
    row["event_date"] = render_date(stay.arrival, rng, REGISTER_DATE_STYLES)
    row["status"] = _gendered(_register_status(p, stay, rng), p)
    if rng.random() < REGISTER_NOTES_RATE:
        row["notes"] = _one(rng, vocab.REGISTER_NOTES)
    return row


def _register_status(p: Person, stay: Stay, rng: Random) -> str:
    stays = p.detention.stays
    k = stays.index(stay)
    if k == p.detention.interim_after:
        return _one(rng, vocab.REGISTER_RELEASED)
    if k + 1 < len(stays):
        template = _one(rng, vocab.REGISTER_TRANSFERRED)
        return template.format(facility=facility_name(stays[k + 1].facility, rng, arabic=True))
    if p.detention.fate == "released":
        return _one(rng, vocab.REGISTER_RELEASED)
    if p.detention.fate == "deceased":
        return _one(rng, vocab.REGISTER_DIED)
    return _one(rng, vocab.REGISTER_HELD)


def release_list(p: Person, rng: Random, ctx: Pools) -> Row:
    """A release list or amnesty decree annex: one Arabic name string and the release day."""
    hand = RELEASE_SCANNED_HAND if rng.random() < RELEASE_SCANNED_RATE else RELEASE_HAND
    row: Row = {"source": "release_list_synth", "source_kind": "release_list"}
    parts = [arabic_name(p.given, rng, hand), arabic_name(p.father, rng, hand)]
    if rng.random() < RELEASE_GRANDFATHER_RATE:
        parts.append(arabic_name(p.grandfather, rng, hand))
    if rng.random() >= RELEASE_NO_FAMILY_RATE:
        parts.append(arabic_name(p.family, rng, hand))
    title = _honorific(p, rng, "ar")
    row["full_name"] = f"{title} {' '.join(parts)}".strip()
    if rng.random() < RELEASE_MOTHER_RATE:
        row["mother_name"] = arabic_name(p.mother_given, rng, hand)
    if rng.random() < RELEASE_BIRTH_RATE:
        row["birth_date"] = render_date(p.birth, rng, RELEASE_BIRTH_STYLES)
    if rng.random() < RELEASE_BIRTHPLACE_RATE:
        row["birth_place"] = arabic_text(town_name(p.town, rng, arabic=True), rng, hand)
    row["national_id"] = _national_id(p, rng, RELEASE_NATIONAL_ID_RATE)
    d = p.detention
    releases = d.releases()
    released = releases[rng.randrange(len(releases))]
    stay = d.stays[
        d.interim_after if released == d.interim_release and d.interim_after is not None else -1
    ]
    if rng.random() < RELEASE_FACILITY_RATE:
        row["facility"] = facility_name(stay.facility, rng, arabic=True)
    row["event_date"] = render_date(released, rng, RELEASE_DATE_STYLES)
    row["status"] = _gendered(_one(rng, vocab.RELEASE_STATUS), p)
    return row


def ngo_list(p: Person, rng: Random, ctx: Pools) -> Row:
    """A documentation group's list: Latin names, often family name first in capitals."""
    french = rng.random() < NGO_FRENCH_RATE
    hand = LatinHand(french=french, noise=NGO_HAND_NOISE)
    row: Row = {"source": "ngo_list_synth", "source_kind": "ngo_list"}
    given = latin_name(p.given, rng, hand)
    father = latin_name(p.father, rng, hand) if rng.random() < NGO_FATHER_RATE else ""
    family = latin_name(p.family, rng, hand, family=True)
    title = _honorific(p, rng, "fr" if french else "en")
    roll = rng.random()
    if roll < NGO_SPLIT_RATE:
        row["given_name"], row["father_name"], row["family_name"] = given, father, family
    elif roll < NGO_SPLIT_RATE + NGO_FAMILY_FIRST_RATE:
        row["full_name"] = " ".join(x for x in (family.upper(), title, given, father) if x)
    else:
        row["full_name"] = " ".join(x for x in (title, given, father, family) if x)
    if rng.random() < NGO_MOTHER_RATE:
        row["mother_name"] = latin_name(p.mother_given, rng, hand)
    if rng.random() < NGO_SEX_RATE:
        row["sex"] = p.sex
    row["birth_date"] = render_date(p.birth, rng, NGO_BIRTH_STYLES)
    if rng.random() < NGO_BIRTHPLACE_RATE:
        row["birth_place"] = town_name(p.town, rng, arabic=False)
    if rng.random() < NGO_GOVERNORATE_RATE:
        row["governorate"] = governorate_name(
            ctx.governorates.get(p.town.governorate), rng, arabic=False
        )
    row["national_id"] = _national_id(p, rng, NGO_NATIONAL_ID_RATE)
    d = p.detention
    if rng.random() < NGO_FACILITY_RATE:
        stay = d.stays[rng.randrange(len(d.stays))]
        row["facility"] = facility_name(stay.facility, rng, rng.random() < NGO_ARABIC_FACILITY_RATE)
    row["event_date"] = render_date(d.arrest, rng, NGO_EVENT_STYLES)
    language = NGO_STATUS_LANGUAGES.pick(rng)
    fate = d.fate if rng.random() < NGO_KNOWS_FATE_RATE else "missing"
    status = _one(rng, vocab.NGO_STATUS[fate][language])
    row["status"] = status if language == "en" else _gendered(status, p)
    if rng.random() < NGO_NOTES_RATE:
        row["notes"] = _one(rng, vocab.NGO_NOTES[language])
    return row


def death_record(p: Person, nameless: bool, rng: Random, ctx: Pools) -> Row:
    """A forensic record: facility, detainee number and day of death; a name only sometimes."""
    row: Row = {"source": "death_record_synth", "source_kind": "death_record"}
    d = p.detention
    stay = d.stays[-1]
    if not nameless:
        form = DEATH_NAME_FORMS.pick(rng)
        parts = [arabic_name(p.given, rng, DEATH_HAND)]
        if "p" in form:
            parts.append(arabic_name(p.father, rng, DEATH_HAND))
        if form.endswith("f"):
            parts.append(arabic_name(p.family, rng, DEATH_HAND))
        row["full_name"] = " ".join(parts)
    if rng.random() < DEATH_SEX_RATE:
        row["sex"] = p.sex
    if nameless or rng.random() < DEATH_NAMED_FACILITY_RATE:
        row["facility"] = facility_name(stay.facility, rng, arabic=True)
    if nameless or rng.random() < DEATH_NAMED_NUMBER_RATE:
        row["detainee_number"] = _number(stay, rng)
    if d.fate_date is not None:
        row["event_date"] = render_date(d.fate_date, rng, DEATH_DATE_STYLES)
    if rng.random() < DEATH_LATIN_STATUS_RATE:
        row["status"] = "Deceased"
    else:
        row["status"] = _gendered(_one(rng, vocab.DEATH_STATUS), p)
    notes = _one(rng, vocab.DEATH_CAUSES)
    if ctx.hospitals and rng.random() < DEATH_HOSPITAL_RATE:
        hospital = ctx.hospitals[rng.randrange(len(ctx.hospitals))]
        notes = f"{facility_name(hospital, rng, arabic=True)} {notes}".strip()
    if rng.random() < DEATH_BODY_NUMBER_RATE:
        notes = f"{notes} - رقم الجثة {rng.randint(100, 9999)}".strip(" -")
    row["notes"] = notes
    return row
