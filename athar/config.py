"""Every knob of Athar, read from the environment (``ATHAR_*``) with defaults that work on a laptop.

Settings are read when asked for, so tests and commands can set the environment first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Athar's settings; see ``settings()``."""

    database_url: str
    data_dir: Path
    key_file: Path
    #: Match probability at or above which two records are linked into one person.
    link_threshold: float
    #: A death record joins a person only at or above this probability; below it goes to review.
    death_link_threshold: float
    #: Pairs whose probability falls between these bounds are offered to reviewers.
    review_low: float
    review_high: float
    #: Search: the index file (rebuilt when the registry changes).
    search_index: Path
    #: Search: records per query that get the full comparison after the cheap key lookup.
    search_candidates: int
    #: Search: the most results one query may ask for.
    search_max_limit: int
    #: Search: seconds between two checks that a loaded index still matches the registry.
    search_refresh_seconds: float


def settings() -> Settings:
    """Settings from the environment now."""
    data_dir = Path(os.environ.get("ATHAR_DATA_DIR", ".")).expanduser()
    url = os.environ.get("ATHAR_DATABASE_URL") or f"sqlite:///{data_dir / 'athar.db'}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        key_file=Path(os.environ.get("ATHAR_KEY_FILE", str(data_dir / "athar.key"))),
        link_threshold=float(os.environ.get("ATHAR_LINK_THRESHOLD", "0.9")),
        death_link_threshold=float(os.environ.get("ATHAR_DEATH_LINK_THRESHOLD", "0.995")),
        review_low=float(os.environ.get("ATHAR_REVIEW_LOW", "0.3")),
        review_high=float(os.environ.get("ATHAR_REVIEW_HIGH", "0.95")),
        search_index=Path(
            os.environ.get("ATHAR_SEARCH_INDEX", str(data_dir / "search" / "index.npz"))
        ),
        search_candidates=int(os.environ.get("ATHAR_SEARCH_CANDIDATES", "150")),
        search_max_limit=int(os.environ.get("ATHAR_SEARCH_MAX_LIMIT", "100")),
        search_refresh_seconds=float(os.environ.get("ATHAR_SEARCH_REFRESH_SECONDS", "30")),
    )


@contextmanager
def using_data_dir(path: Path) -> Iterator[None]:
    """Work on the registry in ``path`` (its own SQLite file) for a while, then restore the
    environment as it was: ``athar demo`` builds its registry without touching the caller's."""
    saved = {k: os.environ.get(k) for k in ("ATHAR_DATA_DIR", "ATHAR_DATABASE_URL")}
    os.environ["ATHAR_DATA_DIR"] = str(path)
    os.environ.pop("ATHAR_DATABASE_URL", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
