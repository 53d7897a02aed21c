"""Blocking keys as Arrow columns: values joined, and null where a block would be too crowded.

Keys are computed over a whole registry at once (a million rows): by Arrow compute, never a
Python value per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import pyarrow as pa
import pyarrow.compute as pc

Column: TypeAlias = pa.Array | pa.ChunkedArray


def present(column: Column) -> pa.Array:
    """The column as strings, an empty one null (an empty key says nothing)."""
    text = pc.cast(column, pa.string())
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def joined(columns: Sequence[Column]) -> pa.Array:
    """Per row, the values joined by ``|``; null where one is missing."""
    return pc.binary_join_element_wise(*(present(c) for c in columns), "|")


def counts(column: Column) -> pa.Array:
    """Per row, how many rows hold its value (null for a null)."""
    counted = pc.value_counts(column)
    return pc.take(counted.field("counts"), pc.index_in(column, value_set=counted.field("values")))


def capped(block: Column, cap: int) -> pa.Array:
    """The block where at most ``cap`` rows share it, else null: a crowded block pairs nothing."""
    return pc.if_else(pc.less_equal(counts(block), cap), block, pa.scalar(None, pa.string()))
