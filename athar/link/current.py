"""A matcher over the registry as it is now: the last run's features and model, plus the records
imported since that run (their features computed now, no retraining).

Inquiries are matched after every import: a new list may hold the sought person before anyone
runs ``athar link``. Those records have no person yet; they come back as candidates on their own.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from athar.link.features import feature_table
from athar.link.match import Matcher
from athar.link.model import add_block_columns
from athar.link.pipeline import _READ, artifacts_dir, feature_input
from athar.store import Store


def registry_matcher(store: Store, artifacts: Path | None = None) -> Matcher:
    """``Matcher`` of the last run with the records it did not see added; raises
    ``NotLinkedYet`` when there was no run."""
    where = artifacts or artifacts_dir()
    features = where / "features.parquet"
    if not features.is_file():
        return Matcher(where)  # raises NotLinkedYet
    seen = pq.read_table(features, columns=["unique_id"]).column("unique_id")
    current = store.records_table(["pk"]).column("pk")
    unseen = pc.filter(current, pc.invert(pc.is_in(current, value_set=seen)))
    extra: pa.Table | None = None
    if len(unseen):
        table = store.records_table(list(_READ))
        table = table.filter(pc.is_in(table.column("pk"), value_set=unseen))
        extra = add_block_columns(feature_table(feature_input(table)))
    return Matcher(where, extra=extra)
