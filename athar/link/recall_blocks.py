"""Candidate blocks for the true pairs that the name blocks never pair, at a bounded cost.

A named death record gives the given and father's names and the facility, with no family name
and no birth year; a family's report or an NGO list often no father's name and no birth year but
the facility and the year of the arrest; a given name mistyped or misread from Latin letters
(Omeer) has a key of its own. The name blocks (``athar.link.settings.blocking_rules``) need a
given-name key with a family name or a birth year, so such records are never compared with the
rest of their person's records. The blocks here pair them through the fields they do carry, on
consonant skeletons (which survive vowel typos and script) rather than keys.

Each block is one column: the values joined, or null where a value is missing or where more than
``MAX_BLOCK_RECORDS`` records share the key (محمد at Sednaya arrested in 2012: a block of every
such Mohammad would cost its size squared in pairs and say little). A record is thus compared
with at most ``MAX_BLOCK_RECORDS`` others per block, and the candidate pairs grow linearly with
the registry, whatever its names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyarrow as pa
import pyarrow.compute as pc
from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from athar.link.block_keys import Column, capped, joined

#: Block column → the feature columns it joins (all must be known).
RECALL_BLOCKS: dict[str, tuple[str, ...]] = {
    # A death record's given and father's names and its facility (skeletons: its clerk's typos).
    "given_father_facility_block": ("given_skel", "father_skel", "facility_id"),
    # A given name the tables misread or a typo'd one (Omeer, حالد): family, birth and arrest year.
    "family_years_block": ("family_skel", "birth_year", "arrest_year"),
    # Lists without a birth year or a father's name: the given name where and when arrested.
    "given_facility_arrest_block": ("given_skel", "facility_id", "arrest_year"),
    # A family name and the day of the arrest, which families and lists remember: the given
    # name mistyped (Wa'e for Wa'el) or written in a way the tables do not list.
    "family_arrest_day_block": ("family_skel", "arrest_date"),
}

#: A key shared by more records than this blocks nothing (see the module's docstring).
MAX_BLOCK_RECORDS = 40


def capped_key(
    columns: Sequence[Column | Sequence[object]], cap: int = MAX_BLOCK_RECORDS
) -> pa.Array:
    """Per row, the values of ``columns`` joined by ``|``; null where one is missing or where
    more than ``cap`` rows share the key."""
    arrays = [c if isinstance(c, pa.Array | pa.ChunkedArray) else pa.array(c) for c in columns]
    return capped(joined(arrays), cap)


def _second_name(table: pa.Table) -> list[Column]:
    """The given name and the name written after it: the father's, or where a record names no
    father, its family name — a release list's "بديع عبد الرحمن" is given and father's name,
    read as given and family name."""
    second = pc.coalesce(table.column("father_key"), table.column("family_key"))
    return [table.column("given_key"), second]


#: Blocks on values derived from the feature columns: block column → the values it joins.
DERIVED_BLOCKS: dict[str, Callable[[pa.Table], list[Column]]] = {
    "given_second_block": _second_name,
}


def add_recall_blocks(table: pa.Table) -> pa.Table:
    """The feature table with one capped key column per block of ``RECALL_BLOCKS`` and
    ``DERIVED_BLOCKS``."""
    for name, columns in RECALL_BLOCKS.items():
        missing = [c for c in columns if c not in table.column_names]
        if missing:
            raise ValueError(f"block {name} needs feature columns {missing}, not in the table")
        key = capped_key([table.column(c) for c in columns])
        table = table.append_column(name, key)
    for name, values in DERIVED_BLOCKS.items():
        table = table.append_column(name, capped_key(values(table)))
    return table


def recall_blocking_rules() -> list[BlockingRuleCreator]:
    """Splink blocking rules on the capped key columns."""
    return [block_on(name) for name in (*RECALL_BLOCKS, *DERIVED_BLOCKS)]
