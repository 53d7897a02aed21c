"""Athar's Splink model, as data: comparisons, blocking rules and training plan.

Every SQL condition here compares columns made by ``athar.link.features``: equality on name ids
and written forms, and edit distance only on ASCII consonant skeletons.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

from athar.link.features import RASM_PARTS
from athar.link.recall_blocks import recall_blocking_rules

#: Parts compared as names, with the human label used in explanations.
NAME_COMPARISONS = {
    "given": "given name",
    "father": "father's name",
    "grandfather": "grandfather's name",
    "family": "family name",
    "mother": "mother's name",
}


def _missing_when(condition: str) -> dict[str, Any]:
    """The null level: nothing to compare, so the comparison says nothing."""
    return {"sql_condition": condition, "label_for_charts": "missing", "is_null_level": True}


def _missing(column: str) -> dict[str, Any]:
    return _missing_when(f'"{column}_l" IS NULL OR "{column}_r" IS NULL')


def _other_reading(a: str, b: str) -> str:
    """SQL: part ``a`` of the left record and part ``b`` of the right are one name if one of
    them is read the other likely way (Hassan: حسن, else حسان). Equality only."""
    return f'("{a}_id_l" = "{b}_alt_r" OR "{a}_alt_l" = "{b}_id_r" OR "{a}_alt_l" = "{b}_alt_r")'


def _two_scripts(part: str) -> str:
    """SQL: one record writes this part in Latin letters and the other does not."""
    return f'(("{part}_latin_l" IS NULL) <> ("{part}_latin_r" IS NULL))'


def _script_missing(part: str, scripts: str) -> str:
    """SQL to add to a null level: the pair is not written in the ``scripts`` compared."""
    lat = f"{part}_latin"
    return {
        "any": "",
        "arabic": f' OR "{lat}_l" IS NOT NULL OR "{lat}_r" IS NOT NULL',
        "latin": f' OR "{lat}_l" IS NULL OR "{lat}_r" IS NULL',
        "two": f" OR NOT {_two_scripts(part)}",
    }[scripts]


_SCRIPT_SUFFIX = {"any": "", "arabic": "", "latin": "_in_latin", "two": "_across"}
_SCRIPT_LABEL = {"any": "", "arabic": "", "latin": " (Latin letters)", "two": " (two scripts)"}


def name_comparison(
    part: str,
    label: str,
    extra_levels: tuple[dict[str, Any], ...] = (),
    scripts: str = "any",
) -> ComparisonCreator:
    """Levels of agreement of one name part (exact > same name > same key > close > different).

    Two names the tables know to be different names never reach "same key" or "close".

    ``scripts`` restricts the comparison to pairs both written in Arabic letters ("arabic"), both
    in Latin letters ("latin") or one in each ("two"), null otherwise, so that m and u are learnt
    apart for each: agreeing across scripts cannot be "the same writing"; two Latin writings of
    one person often differ (Mohamed, Mohammad) where two Arabic ones seldom do.
    """
    e, i, s = f"{part}_exact", f"{part}_id", f"{part}_skel"
    both_known = f'("{i}_l" IS NOT NULL AND "{i}_r" IS NOT NULL)'
    missing = f'"{s}_l" IS NULL OR "{s}_r" IS NULL'
    missing += _script_missing(part, scripts)
    same_writing = {
        "sql_condition": f'"{e}_l" = "{e}_r"',
        "label_for_charts": "same writing",
        "tf_adjustment_column": e,
        "tf_adjustment_weight": 1.0,
    }
    return cl.CustomComparison(
        output_column_name=part + _SCRIPT_SUFFIX[scripts],
        comparison_description=label + _SCRIPT_LABEL[scripts],
        comparison_levels=[
            _missing_when(missing),
            *([same_writing] if scripts != "two" else []),
            {
                "sql_condition": f'"{i}_l" = "{i}_r"',
                "label_for_charts": "same name",
                "tf_adjustment_column": i,
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": _other_reading(part, part),
                "label_for_charts": "same name in another reading",
            },
            {
                "sql_condition": f'NOT {both_known} AND "{s}_l" = "{s}_r"',
                "label_for_charts": "same key",
            },
            *_dotless_level(part, both_known),
            {
                "sql_condition": (
                    f'NOT {both_known} AND levenshtein("{s}_l", "{s}_r") <= 1 '
                    f'AND length("{s}_l") >= 3'
                ),
                "label_for_charts": "close spelling",
            },
            *_latin_level(part, both_known),
            *extra_levels,
            {"sql_condition": both_known, "label_for_charts": "different names"},
            {"sql_condition": "ELSE", "label_for_charts": "different spelling"},
        ],
    )


def _same_dotless(part: str) -> str:
    """SQL: the part written with the same letters but for their dots (a scan or a hurried hand
    loses them: شعاد for سعاد, الحطيب for الخطيب), as the feature ``<part>_rasm`` gives them
    (the Arabic writing, or the table name a Latin writing reads as); three letter shapes at
    least."""
    r = f"{part}_rasm"
    return f'("{r}_l" = "{r}_r" AND length("{r}_l") >= 3)'


def _dotless_level(part: str, both_known: str) -> list[dict[str, Any]]:
    """The given name's level "same letters without dots", one side a writing the tables do not
    list (parts without a dotless feature have none)."""
    if part not in RASM_PARTS:
        return []
    return [
        {
            "sql_condition": f"NOT {both_known} AND {_same_dotless(part)}",
            "label_for_charts": "same letters without dots",
        }
    ]


#: Jaro-Winkler similarity at which two Latin writings of a name the tables do not both know
#: count as one name (Latin only: DuckDB measures bytes, which are letters only in ASCII).
LATIN_SIMILAR = 0.92


def _latin_level(part: str, both_known: str) -> list[dict[str, Any]]:
    if part not in ("given", "family", "father"):
        return []
    col = f"{part}_latin"
    return [
        {
            "sql_condition": (
                f"NOT {both_known} AND "
                f'jaro_winkler_similarity("{col}_l", "{col}_r") >= {LATIN_SIMILAR}'
            ),
            "label_for_charts": "similar Latin writing",
        }
    ]


def _agree(part: str) -> str:
    """SQL: the two records write this part as the same name (any script), allowing, for a name
    the tables do not both know, one letter of difference in the skeleton (four consonants or
    more: a typo, a lost dot), and for the father's and family names the same letters without
    dots (Arabic, or a Latin writing's table name) or, for Latin writings, a Jaro-Winkler
    similarity of ``LATIN_SIMILAR``."""
    e, i, s, lat = f"{part}_exact", f"{part}_id", f"{part}_skel", f"{part}_latin"
    same = f'("{i}_l" = "{i}_r" OR {_other_reading(part, part)})'
    loose = [
        f'"{s}_l" = "{s}_r"',
        f'(least(length("{s}_l"), length("{s}_r")) >= 4 AND levenshtein("{s}_l", "{s}_r") <= 1)',
    ]
    if part in ("family", "father"):
        loose.append(f'jaro_winkler_similarity("{lat}_l", "{lat}_r") >= {LATIN_SIMILAR}')
        loose.append(_same_dotless(part))
    not_both_known = f'NOT ("{i}_l" IS NOT NULL AND "{i}_r" IS NOT NULL)'
    return f'("{e}_l" = "{e}_r" OR {same} OR ({not_both_known} AND ({" OR ".join(loose)})))'


def _cross_agree(a: str, b: str) -> str:
    """SQL: part ``a`` of the left record and part ``b`` of the right are the same name."""
    return (
        f'("{a}_exact_l" = "{b}_exact_r" OR "{a}_id_l" = "{b}_id_r" '
        f"OR {_other_reading(a, b)} OR "
        f'(NOT ("{a}_id_l" IS NOT NULL AND "{b}_id_r" IS NOT NULL) '
        f'AND "{a}_skel_l" = "{b}_skel_r"))'
    )


def _swapped_level() -> dict[str, Any]:
    """Given and father's names swapped by a clerk: each agrees with the other's other part."""
    return {
        "sql_condition": (
            f"{_cross_agree('given', 'father')} AND {_cross_agree('father', 'given')}"
        ),
        "label_for_charts": "given and father's names swapped",
    }


#: m and u of the "given and family names swapped" level: equal, so the level weighs nothing.
SWAP_NEUTRAL = 1e-4


def _given_family_swapped_level() -> dict[str, Any]:
    """Given and family names swapped (each agrees with the other's other part): NO evidence
    either way, with m = u fixed. A level that counted the swap as agreement merged Syrian
    "محمد الأحمد" with "أحمد المحمد" (patronymic family names are given names with the
    article); without one, a clerk's swap counted as two disagreeing names, against the pair."""
    return {
        "sql_condition": (
            f"{_cross_agree('given', 'family')} AND {_cross_agree('family', 'given')}"
        ),
        "label_for_charts": "given and family names swapped (no evidence)",
        "m_probability": SWAP_NEUTRAL,
        "u_probability": SWAP_NEUTRAL,
        "fix_m_probability": True,
        "fix_u_probability": True,
    }


def _both(part: str) -> str:
    return f'("{part}_skel_l" IS NOT NULL AND "{part}_skel_r" IS NOT NULL)'


def _family_reference_level(family_u: float | None) -> list[dict[str, Any]]:
    """Splink measures a term-frequency adjustment against an exact-match level on the same
    column: the last level before ELSE, never reached (earlier levels take every agreeing family),
    its u fixed to ``family_u``, the chance that two random records share a family key."""
    if family_u is None:
        return []
    return [
        {
            "sql_condition": '"family_key_l" = "family_key_r"',
            "label_for_charts": "family key (reference level)",
            "u_probability": family_u,
            "fix_u_probability": True,
            "m_probability": family_u,
            "fix_m_probability": True,
        }
    ]


def lineage_comparison(family_u: float | None = None) -> ComparisonCreator:
    """Father, grandfather and family name as ONE piece of evidence, where both records name the
    father.

    Brothers share all three (and their mother): counted as independent fields they would outvote
    the given name and the birth date, and brothers would merge. As one comparison, agreement of
    the lineage says "same family", and the given name and birth date must say "same person".

    A rare family name says more than a common one: levels where the family agrees are adjusted
    by the family name's frequency.

    Where a record does not name the father, this comparison is null and ``family_comparison``
    speaks instead: Splink estimates m and u over the pairs where a comparison is not null, so
    each is learnt on the pairs it applies to. (One comparison with a "father missing" level
    would learn that level's m from the pairs training finds, mostly register pairs that name
    the father, and undervalue a family name shared by a family's report and a register.)
    """
    tf: dict[str, Any] = {}
    if family_u is not None:
        tf = {"tf_adjustment_column": "family_key", "tf_adjustment_weight": 1.0}
    fa, gf, fam = _agree("father"), _agree("grandfather"), _agree("family")
    both_fa, both_gf, both_fam = _both("father"), _both("grandfather"), _both("family")
    return cl.CustomComparison(
        output_column_name="lineage",
        comparison_description="father, grandfather and family name",
        comparison_levels=[
            _missing_when(f"NOT {both_fa}"),
            {
                "sql_condition": f"{both_gf} AND {both_fam} AND {fa} AND {gf} AND {fam}",
                "label_for_charts": "father, grandfather and family agree",
                **tf,
            },
            {
                "sql_condition": f"{both_fam} AND {fa} AND {fam} AND NOT ({both_gf} AND NOT {gf})",
                "label_for_charts": "father and family agree",
                **tf,
            },
            {
                "sql_condition": f"{fa} AND NOT {both_fam}",
                "label_for_charts": "father agrees, a family name missing",
            },
            {
                "sql_condition": f"{both_fam} AND {fam}",
                "label_for_charts": "family agrees, father or grandfather differs",
                **tf,
            },
            {"sql_condition": fa, "label_for_charts": "father agrees, family differs"},
            {**_given_family_swapped_level(), "label_for_charts": "swapped (no evidence)"},
            *_family_reference_level(family_u),
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def _family_against_father() -> str:
    """SQL: one record names a family name and no father, the other a father and no family name
    ("Omar Khalid" on a list, a register's عمر son of خالد with its family column empty): the
    only names the two can compare past the given name are that family name and that father."""
    return " OR ".join(
        f'("family_skel_{x}" IS NOT NULL AND "family_skel_{y}" IS NULL '
        f'AND "father_skel_{y}" IS NOT NULL)'
        for x, y in (("l", "r"), ("r", "l"))
    )


def family_comparison(family_u: float | None = None) -> ComparisonCreator:
    """The family name alone, where a record does not name the father (see
    ``lineage_comparison``), adjusted by the family name's frequency; or, where one record names
    only a family name and the other only a father, the one against the other (a list's "given
    and family name" is often given and father's name)."""
    tf: dict[str, Any] = {}
    if family_u is not None:
        tf = {"tf_adjustment_column": "family_key", "tf_adjustment_weight": 1.0}
    across = _family_against_father()
    return cl.CustomComparison(
        output_column_name="family",
        comparison_description="family name",
        comparison_levels=[
            _missing_when(f"{_both('father')} OR NOT ({_both('family')} OR {across})"),
            {"sql_condition": _agree("family"), "label_for_charts": "same family name", **tf},
            {
                # a list that writes given and father's name only, read as given and family
                "sql_condition": (
                    '"family_key_l" = "father_key_r" OR "father_key_l" = "family_key_r"'
                ),
                "label_for_charts": "one's family name is the other's father's name",
            },
            {**_given_family_swapped_level(), "label_for_charts": "swapped (no evidence)"},
            {
                # a clerk's "surname, given name" read in the wrong order, the other part lost
                # or changed; learnt, since a patronymic family name (الأحمد) is often
                # another man's given name (أحمد)
                "sql_condition": (
                    f"{_cross_agree('family', 'given')} OR {_cross_agree('given', 'family')}"
                ),
                "label_for_charts": "one's family name is the other's given name",
            },
            {
                "sql_condition": f"({across})",
                "label_for_charts": "one's family name is not the other's father's name",
            },
            *_family_reference_level(family_u),
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def _year_levels(year: str, finer: str, other: str) -> list[dict[str, Any]]:
    """The year levels of a date: the same year where one record gives only the year (weighed
    apart from two finer dates that differ within it, labelled ``other``), or a year apart."""
    return [
        {
            "sql_condition": (
                f'"{year}_l" = "{year}_r" AND ("{finer}_l" IS NULL OR "{finer}_r" IS NULL)'
            ),
            "label_for_charts": "same year, one gives only the year",
        },
        {"sql_condition": f'"{year}_l" = "{year}_r"', "label_for_charts": other},
        {"sql_condition": f'abs("{year}_l" - "{year}_r") <= 1', "label_for_charts": "a year apart"},
    ]


def _day_month_swapped(column: str) -> str:
    """SQL: two full ISO dates of one year whose day and month are each other's (1984-02-08 and
    1984-08-02): a date written day first read month first, or the other way round."""
    a, b = f'"{column}_l"', f'"{column}_r"'
    return (
        f"substr({a}, 1, 4) = substr({b}, 1, 4) AND substr({a}, 6, 2) = substr({b}, 9, 2) "
        f"AND substr({a}, 9, 2) = substr({b}, 6, 2) AND length({a}) = 10 AND length({b}) = 10"
    )


def birth_comparison() -> ComparisonCreator:
    return cl.CustomComparison(
        output_column_name="birth",
        comparison_description="birth date",
        comparison_levels=[
            _missing("birth_year"),
            {"sql_condition": '"birth_date_l" = "birth_date_r"', "label_for_charts": "same date"},
            {
                "sql_condition": _day_month_swapped("birth_date"),
                "label_for_charts": "day and month swapped",
            },
            *_year_levels("birth_year", "birth_date", "same year, other day"),
            {
                "sql_condition": 'abs("birth_year_l" - "birth_year_r") <= 3',
                "label_for_charts": "within 3 years",
            },
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def arrest_comparison() -> ComparisonCreator:
    """Date of arrest (or of entering detention), as exact as both records give it.

    Families and lists remember the arrest to the day or the month; a register's date of a
    transfer comes later, which the estimated m says. Like the birth date, a year alone is
    weighed apart from two dates that differ within a year.
    """
    return cl.CustomComparison(
        output_column_name="arrest",
        comparison_description="date of arrest",
        comparison_levels=[
            _missing("arrest_year"),
            {"sql_condition": '"arrest_date_l" = "arrest_date_r"', "label_for_charts": "same day"},
            {
                "sql_condition": '"arrest_month_l" = "arrest_month_r"',
                "label_for_charts": "same month",
            },
            {
                "sql_condition": (
                    "abs(date_diff('day', TRY_CAST(\"arrest_date_l\" AS DATE), "
                    'TRY_CAST("arrest_date_r" AS DATE))) <= 31'
                ),
                "label_for_charts": "within a month",
            },
            *_year_levels("arrest_year", "arrest_month", "same year, other month"),
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


#: SQL: years from one record's arrest to the other's release or death (null unless one record
#: is dated by an arrest and the other by the end of a detention).
_YEARS_TO_END = (
    '(CASE WHEN "arrest_year_l" IS NOT NULL AND "end_year_r" IS NOT NULL '
    'THEN "end_year_r" - "arrest_year_l" '
    'WHEN "end_year_l" IS NOT NULL AND "arrest_year_r" IS NOT NULL '
    'THEN "end_year_l" - "arrest_year_r" END)'
)


def _level(sql: str, label: str) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label}


def timeline_comparison() -> ComparisonCreator:
    """One record's arrest against the other's release or death: one detention ends after it
    began. A release dated before the arrest a family reports is someone else's (or of an
    earlier detention, which the estimated m says); two release lists or death records of one
    day agree."""
    years = _YEARS_TO_END
    both_ended = '"end_year_l" IS NOT NULL AND "end_year_r" IS NOT NULL'
    return cl.CustomComparison(
        output_column_name="timeline",
        comparison_description="arrest and end of detention",
        comparison_levels=[
            _missing_when(f"{years} IS NULL AND NOT ({both_ended})"),
            _level('"end_date_l" = "end_date_r"', "ended the same day"),
            _level('"end_year_l" = "end_year_r"', "ended the same year"),
            _level(f"{years} < 0", "ended before the arrest"),
            _level(f"{years} = 0", "ended the year of the arrest"),
            _level(f"{years} <= 2", "ended 1–2 years after the arrest"),
            _level("ELSE", "ended later, or in other years"),
        ],
    )


def fate_comparison() -> ComparisonCreator:
    """What each record says became of the person: two that say released, or died, agree; one
    saying released and the other died disagree (an error, or two people). An unknown status
    says nothing."""

    def both(a: str, b: str) -> str:
        return f"(\"status_l\" = '{a}' AND \"status_r\" = '{b}')"

    unknown = "'unknown'"
    return cl.CustomComparison(
        output_column_name="fate",
        comparison_description="fate",
        comparison_levels=[
            _missing_when(
                f'"status_l" IS NULL OR "status_r" IS NULL '
                f'OR "status_l" = {unknown} OR "status_r" = {unknown}'
            ),
            _level(both("deceased", "deceased"), "both died"),
            _level(both("released", "released"), "both released"),
            _level(
                f"{both('released', 'deceased')} OR {both('deceased', 'released')}",
                "one released, the other died",
            ),
            _level('"status_l" = "status_r"', "same status"),
            _level("ELSE", "different status"),
        ],
    )


def place_comparison() -> ComparisonCreator:
    """Place of birth: the same town or governorate of the gazetteer, or, for places it does not
    know, the same place as written (cleaned). A record that names only the governorate (lists
    often have a governorate column and no town) is compared by it."""
    unplaced = '("birth_place_text_{s}" IS NULL AND "governorate_id_{s}" IS NULL)'
    return cl.CustomComparison(
        output_column_name="birth_place",
        comparison_description="place of birth",
        comparison_levels=[
            _missing_when(f"{unplaced.format(s='l')} OR {unplaced.format(s='r')}"),
            {
                "sql_condition": '"birth_place_id_l" = "birth_place_id_r"',
                "label_for_charts": "same town",
            },
            {
                "sql_condition": '"birth_place_text_l" = "birth_place_text_r"',
                "label_for_charts": "same place as written",
            },
            {
                "sql_condition": '"governorate_id_l" = "governorate_id_r"',
                "label_for_charts": "same governorate",
            },
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


#: Share of the shorter address's word keys the other holds, and Jaro-Winkler similarity of two
#: Latin addresses as written, for "mostly the same address", "half the address" and "some of
#: the address agrees". Word keys are consonant skeletons: a typo in a street name leaves most
#: of them; two random addresses of one country share under 1 in 1,000 at one half (FEBRL4).
RESIDENCE_MOSTLY = (0.75, 0.95)
RESIDENCE_HALF = (0.5, 0.88)
RESIDENCE_SOME = 0.25


def _shared_tokens() -> str:
    """SQL: how many word keys (ASCII, space-joined) the two residences share."""
    return (
        "len(list_intersect(string_split(\"residence_tokens_l\", ' '), "
        "string_split(\"residence_tokens_r\", ' ')))"
    )


def _fewest_tokens() -> str:
    return (
        "least(len(string_split(\"residence_tokens_l\", ' ')), "
        "len(string_split(\"residence_tokens_r\", ' ')))"
    )


def _residence_share(share: float, latin: float, label: str) -> dict[str, Any]:
    shared, fewest = _shared_tokens(), _fewest_tokens()
    return {
        "sql_condition": (
            f"({shared} >= 2 AND {shared} >= {share} * {fewest}) OR "
            f'jaro_winkler_similarity("residence_latin_l", "residence_latin_r") >= {latin}'
        ),
        "label_for_charts": label,
    }


def residence_comparison() -> ComparisonCreator:
    """Place of residence (address): the same address as written, the same town of the
    gazetteer, mostly the same words (or, in Latin script, a close writing), some words or
    the postcode shared, the same governorate, or different. Word keys and Latin writings are
    ASCII (``features.residence_features``); Arabic text is only compared for equality."""
    shared, fewest = _shared_tokens(), _fewest_tokens()
    return cl.CustomComparison(
        output_column_name="residence",
        comparison_description="place of residence",
        comparison_levels=[
            _missing("residence_text"),
            {
                "sql_condition": '"residence_text_l" = "residence_text_r"',
                "label_for_charts": "same address",
            },
            {
                "sql_condition": '"residence_id_l" = "residence_id_r"',
                "label_for_charts": "same town",
            },
            _residence_share(*RESIDENCE_MOSTLY, "mostly the same address"),
            _residence_share(*RESIDENCE_HALF, "half the address agrees"),
            {
                "sql_condition": (
                    f"({shared} >= 1 AND {shared} >= {RESIDENCE_SOME} * {fewest}) "
                    'OR "residence_postcode_l" = "residence_postcode_r"'
                ),
                "label_for_charts": "some of the address agrees",
            },
            {
                "sql_condition": '"residence_gov_l" = "residence_gov_r"',
                "label_for_charts": "same governorate",
            },
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def detainee_number_comparison() -> ComparisonCreator:
    """Detainee number (digits normalized): the same at the same facility; the same where a
    record names no facility (a death record often gives the number alone); the same at another
    facility; another number at the same facility; or another at another. Numbers at different
    facilities differ for one person (each facility numbers its own), so that last level says
    little either way."""
    same = '"detainee_number_l" = "detainee_number_r"'
    return cl.CustomComparison(
        output_column_name="detainee_number",
        comparison_description="detainee number",
        comparison_levels=[
            _missing("detainee_number"),
            {
                "sql_condition": f'{same} AND "facility_id_l" = "facility_id_r"',
                "label_for_charts": "same number, same facility",
            },
            {
                "sql_condition": f'{same} AND ("facility_id_l" IS NULL OR "facility_id_r" IS NULL)',
                "label_for_charts": "same number, a facility not named",
            },
            {"sql_condition": same, "label_for_charts": "same number, another facility"},
            {
                "sql_condition": '"facility_id_l" = "facility_id_r"',
                "label_for_charts": "another number at the same facility",
            },
            {"sql_condition": "ELSE", "label_for_charts": "another number, another facility"},
        ],
    )


def facility_comparison() -> ComparisonCreator:
    """Facility: the same; one record's status says the person was transferred to the other's
    facility (a register's "منقول إلى سجن صيدنايا" and Sednaya's own list); or another. A
    detainee passes through several facilities, so "another" is weak evidence against, while a
    transfer that names the other's facility is the journey itself. Facility ids are ASCII."""
    moved = '"transfer_to_id_l" = "facility_id_r" OR "transfer_to_id_r" = "facility_id_l"'
    return cl.CustomComparison(
        output_column_name="facility_id",
        comparison_description="facility",
        comparison_levels=[
            _missing("facility_id"),
            {"sql_condition": '"facility_id_l" = "facility_id_r"', "label_for_charts": "same"},
            {"sql_condition": moved, "label_for_charts": "transferred from one to the other"},
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def national_id_comparison() -> ComparisonCreator:
    """National number: the same, one digit off (a typo), or different. Digits only (ASCII)."""
    return cl.CustomComparison(
        output_column_name="national_id",
        comparison_description="national number",
        comparison_levels=[
            _missing("national_id"),
            {"sql_condition": '"national_id_l" = "national_id_r"', "label_for_charts": "same"},
            {
                "sql_condition": (
                    'length("national_id_l") >= 6 '
                    'AND damerau_levenshtein("national_id_l", "national_id_r") <= 1'
                ),
                "label_for_charts": "one digit off",
            },
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )


def comparisons(family_u: float | None = None) -> list[ComparisonCreator | dict[str, Any]]:
    out: list[ComparisonCreator | dict[str, Any]] = [
        *(
            name_comparison(
                "given",
                NAME_COMPARISONS["given"],
                (_swapped_level(), _given_family_swapped_level()),
                scripts=s,
            )
            for s in ("arabic", "latin", "two")
        ),
        lineage_comparison(family_u),
        family_comparison(family_u),
        name_comparison("mother", NAME_COMPARISONS["mother"]),
    ]
    out += [
        birth_comparison(),
        arrest_comparison(),
        place_comparison(),
        residence_comparison(),
        national_id_comparison(),
        detainee_number_comparison(),
        cl.ExactMatch("sex"),
        facility_comparison(),
        timeline_comparison(),
        fate_comparison(),
    ]
    return out


_GIVEN_FATHER_SWAPPED = '"l"."given_key" = "r"."father_key" AND "l"."father_key" = "r"."given_key"'


def blocking_rules() -> list[BlockingRuleCreator]:
    """Candidate pairs: rules that keep recall high across scripts (keys are script-free), and
    that respect name frequency (a very common given name blocks only with a second key)."""
    return [
        block_on("name_block"),
        block_on("lineage_block"),
        block_on("family_year_block"),
        block_on("given_key", "father_key", "birth_year"),
        block_on("given_key", "father_key", "mother_key"),
        block_on("father_key", "family_key", "grandfather_key"),
        block_on("given_key", "father_key", "family_key"),
        block_on("facility_id", "detainee_number"),
        # a number without its facility (a death record's), with the given name
        block_on("detainee_number", "given_key"),
        block_on("national_id"),
        block_on("birth_date", "given_key"),
        block_on("birth_date", "father_key"),
        block_on("birth_date", "family_key"),
        block_on("birth_date", "family_skel"),  # a family name mistyped or split: "georg e"
        block_on("birth_year", "mother_key", "family_key"),
        # Lists without birth years that date the arrest.
        block_on("arrest_block"),
        # Skeletons survive vowel typos and spellings the tables do not know.
        block_on("given_skel", "family_skel", "birth_year"),
        block_on("given_skel", "father_skel", "family_skel"),
        block_on("rasm_block"),
        block_on("rasm_lineage_block"),
        block_on("rasm_family_block"),
        block_on("family_facility_block"),
        block_on("given_family_head"),
        block_on("family_given_head"),
        # Given and father's names swapped by a clerk, with the family name, the birth date or
        # the grandfather's name (the family name misspelt too: النقيب / النفيب). A father and
        # the son named after his grandfather look swapped as well; the comparisons of birth
        # and grandfather tell them apart, not the candidates.
        *(
            CustomRule(f'{_GIVEN_FATHER_SWAPPED} AND "l"."{c}" = "r"."{c}"')
            for c in ("family_key", "birth_date", "grandfather_key")
        ),
        *residence_blocking_rules(),
        *recall_blocking_rules(),
    ]


def residence_blocking_rules() -> list[BlockingRuleCreator]:
    """Candidates a residence finds when the names were mistyped, dropped or swapped: a full
    birth date or a name key within one postcode or town, and given and family names swapped
    (the swap only with a second agreeing field: alone it would pair every محمد الأحمد with
    every أحمد المحمد)."""
    swapped = '"l"."given_key" = "r"."family_key" AND "l"."family_key" = "r"."given_key"'
    return [
        block_on("birth_date", "residence_postcode"),
        block_on("birth_date", "residence_id"),
        block_on("residence_postcode", "given_key"),
        block_on("residence_postcode", "family_key"),
        CustomRule(f'{swapped} AND "l"."birth_year" = "r"."birth_year"'),
        CustomRule(f'{swapped} AND "l"."residence_postcode" = "r"."residence_postcode"'),
    ]


#: `athar match` candidates through a residence, as ``residence_blocking_rules`` finds them.
RESIDENCE_MATCH_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("birth_date", "residence_postcode"),
    ("birth_date", "residence_id"),
    ("residence_postcode", "given_key"),
    ("residence_postcode", "family_key"),
)

#: Candidates for one new record (`athar match`): stored records that share any of these sets of
#: columns with it. Plain keys, not the frequency-guarded blocks: one query's candidates are few
#: enough to score even for the commonest names.
MATCH_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given_key", "family_key"),
    ("given_key", "father_key"),
    ("family_key", "birth_year"),
    ("father_key", "family_key", "grandfather_key"),
    ("facility_id", "detainee_number"),
    ("detainee_number", "given_key"),
    ("national_id",),
    ("birth_date", "given_key"),
    ("birth_date", "family_key"),
    ("given_skel", "family_skel"),
    ("given_rasm", "family_key"),
    ("family_key", "facility_id"),
    *RESIDENCE_MATCH_BLOCKS,
)
#: Columns of the new record that are compared with other columns of the stored ones.
MATCH_SWAPPED: tuple[tuple[tuple[str, str], ...], ...] = (
    (("given_key", "father_key"), ("father_key", "given_key"), ("family_key", "family_key")),
    (("given_key", "family_key"), ("family_key", "given_key"), ("birth_year", "birth_year")),
    (
        ("given_key", "family_key"),
        ("family_key", "given_key"),
        ("residence_postcode", "residence_postcode"),
    ),
)


#: Blocks for EM, as the columns they join on. Each leaves some comparisons free to be
#: estimated; none lets brothers (same father, grandfather, family and mother, other given name,
#: other birth date) dominate a session, else EM learns "family" instead of "person".
TRAINING_BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given_key", "family_key", "birth_year"),
    ("birth_date", "family_key"),
    ("given_key", "father_key", "family_key"),
    ("given_key", "father_key", "birth_year"),
    ("given_key", "mother_key", "birth_year"),
    # Leaves the lineage free where lists carry no father's or mother's names.
    ("given_key", "birth_date"),
)


def settings(prior: float = 1e-5, family_u: float | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(family_u),
        blocking_rules_to_generate_predictions=list[BlockingRuleCreator | dict[str, Any]](
            blocking_rules()
        ),
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def explanation_columns() -> dict[str, Any]:
    """Comparison output column → label for people."""
    labels: dict[str, Any] = dict(NAME_COMPARISONS)
    labels["lineage"] = "father, grandfather and family name"
    labels["given_across"] = labels["given_in_latin"] = "given name"
    labels.update({"birth": "birth date", "birth_place": "place of birth"})
    labels["arrest"] = "date of arrest"
    labels["residence"] = "place of residence"
    labels.update({"sex": "sex", "facility_id": "facility", "national_id": "national number"})
    labels["detainee_number"] = "detainee number"
    labels.update({"timeline": "arrest and end of detention", "fate": "fate"})
    return labels
