"""Search: one box, any script, partial names; persons ranked with why they matched.

query.py     the box's text → name units, birth year, optional fields (``parse_query``)
index.py     the registry's records by person, name keys in compact posting lists, on disk
provider.py  cheap, frequency-aware candidates for a query
score.py     the full comparison of a person's records with the query, with evidence
batch.py     the same comparison for all candidates at once (numpy), what a query runs
service.py   ``search`` (what the CLI and the web app call) and the index's life cycle

The names from ``service`` load on first use (PEP 562): it brings in the database layer and
numpy, which ``athar --help`` (importing ``athar.search.cli``) should not wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from athar.lazy import lazy_names
from athar.search.query import Query, QueryError, parse_query

if TYPE_CHECKING:
    from athar.search.service import Result, open_index, search

__all__ = ["Query", "QueryError", "Result", "open_index", "parse_query", "search"]

#: The submodule of each name loaded on first use.
__getattr__ = lazy_names(
    __name__, {"Result": "service", "open_index": "service", "search": "service"}
)
