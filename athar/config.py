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
    #: Content-addressed files (scans, photos): ``<blob_dir>/ab/cdef…`` by SHA-256.
    blob_dir: Path = Path("blobs")
    #: Blurred renditions of images of the dead, cached by hash.
    blur_dir: Path = Path("blurred")
    #: Gaussian blur radius as a fraction of the image's longer side (0.03 = 3 %).
    blur_strength: float = 0.03
    #: Map tiles ("https://…/{z}/{x}/{y}.png"); empty: the offline base layer in the package.
    tile_url: str = ""
    #: The source that caseworkers' recorded sightings (witness statements) are written to.
    sightings_source: str = "sightings"


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
        blob_dir=Path(os.environ.get("ATHAR_BLOB_DIR", str(data_dir / "blobs"))),
        blur_dir=Path(os.environ.get("ATHAR_BLUR_DIR", str(data_dir / "blurred"))),
        blur_strength=float(os.environ.get("ATHAR_BLUR_STRENGTH", "0.03")),
        tile_url=os.environ.get("ATHAR_TILE_URL", ""),
        sightings_source=os.environ.get("ATHAR_SIGHTINGS_SOURCE", "sightings"),
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
