"""Every knob of Athar, read from the environment (``ATHAR_*``) with defaults that work on a laptop.

Settings are read when asked for, so tests and commands can set the environment first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
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
    #: 0.99 is the precision asked of death links (issue 3: at least 99 in 100 true); measured on
    #: the synthetic registries it gives 0.9967–0.9995 (``bench/RESULTS.md``, session 9).
    death_link_threshold: float
    #: Pairs whose probability falls between these bounds are offered to reviewers.
    review_low: float
    review_high: float
    #: Linkage: the most memory DuckDB may take ("3GB", "2.5GiB"; "" = DuckDB's default, 80 % of
    #: the machine's); beyond it DuckDB spills to ``link_temp_dir``.
    link_memory_limit: str
    #: Linkage: where DuckDB spills what does not fit in ``link_memory_limit``.
    link_temp_dir: Path
    #: Linkage: records per prediction chunk; a larger registry's candidate pairs are scored in
    #: that many parts, one after another, so fewer pairs are in memory at once (slower: at a
    #: million records four parts took 144 s against 63 s for one).
    link_chunk_records: int
    #: Linkage: a national number of at least this many digits names one person (records sharing
    #: one are linked whatever else differs; the clustering constraints still apply); a shorter
    #: one, cut short or another code, is only the model's evidence. Syria's numbers have 11.
    national_id_min_digits: int
    #: Linkage: refuse to merge records whose given names cannot be one name. Siblings share
    #: every other part of a Syrian record (family, father, grandfather, mother, birthplace,
    #: address; twins the birth date too), so only the given name tells them apart. Turn it off
    #: ("false") only for lists that hold no relatives, where a wholly different given name is a
    #: clerk's error (FEBRL's generator makes such errors).
    given_name_veto: bool
    #: The web app's secret (CSRF tokens), kept in this file; created on first run.
    secret_file: Path
    #: Session cookie ``Secure`` flag: "auto" (set when the request came over TLS, as the proxy
    #: reports with uvicorn's --proxy-headers), "true" or "false".
    cookie_secure: str
    #: A browser session ends after this many hours (it is also ended by logout).
    session_hours: float
    host: str
    port: int
    #: Map tiles for later pages ({z}/{x}/{y}); empty = the offline base layer only.
    tile_url: str
    #: An inquiry's candidate must match at least this probability.
    inquiry_min_score: float
    #: At most this many candidate persons per inquiry and match.
    inquiry_candidates: int
    #: Content-addressed files (scans, photos): ``<blob_dir>/ab/cdef…`` by SHA-256.
    blob_dir: Path
    #: Blurred renditions of images of the dead, cached by hash.
    blur_dir: Path
    #: Gaussian blur radius as a fraction of the image's longer side (0.03 = 3 %).
    blur_strength: float
    #: The source that caseworkers' recorded sightings (witness statements) are written to.
    sightings_source: str
    #: Search: the index file (rebuilt when the registry changes).
    search_index: Path
    #: Search: records per query that get the full comparison after the cheap key lookup.
    search_candidates: int
    #: Search: the most results one query may ask for.
    search_max_limit: int
    #: Search: seconds between two checks that a loaded index still matches the registry.
    search_refresh_seconds: float
    #: Web: searches one server process runs at once (the others wait their turn).
    search_threads: int
    #: Web server processes ``athar serve`` starts (each holds its own search index in memory:
    #: about 0.8 GB a process at a million records).
    web_workers: int
    #: Seconds a worker process may take to start (and to answer the server's health checks)
    #: before uvicorn replaces it; importing Athar takes several on a busy machine.
    web_worker_timeout: int
    #: The file where the processes of one ``athar serve --workers N`` note their load
    #: (``athar.web.balance``): set by ``athar serve`` for its workers, not by hand.
    web_load_board: Path | None
    #: Web: when a server process falls idle and the collector's oldest generation holds more
    #: objects than this, collect and freeze them (``athar.web.collector``); 0 turns it off.
    web_gc_settle_objects: int
    #: Web: at most this often, an idle process thaws what it froze and collects it all.
    web_gc_thaw_seconds: float
    #: A job owned by a process on another host is taken for dead (and shown as failed) when its
    #: heartbeat is older than this; on the same host the process itself is checked at once.
    job_stale_seconds: float


def settings() -> Settings:
    """Settings from the environment now (made once per state of the ``ATHAR_`` variables: a
    server asks for them several times a request)."""
    athar = tuple((k, v) for k, v in os.environ.items() if k.startswith("ATHAR_"))
    return _settings_of(athar, os.environ.get("HOME", ""))


@lru_cache(maxsize=16)
def _settings_of(athar: tuple[tuple[str, str], ...], home: str) -> Settings:
    """``settings()`` for these variables and home folder (the cache's key: the values are
    read from ``os.environ``, which holds them now; ``~`` in paths is the home folder)."""
    data_dir = Path(os.environ.get("ATHAR_DATA_DIR", ".")).expanduser()
    url = os.environ.get("ATHAR_DATABASE_URL") or f"sqlite:///{data_dir / 'athar.db'}"
    return Settings(
        database_url=url,
        data_dir=data_dir,
        key_file=Path(os.environ.get("ATHAR_KEY_FILE", str(data_dir / "athar.key"))),
        link_threshold=float(os.environ.get("ATHAR_LINK_THRESHOLD", "0.9")),
        death_link_threshold=float(os.environ.get("ATHAR_DEATH_LINK_THRESHOLD", "0.99")),
        review_low=float(os.environ.get("ATHAR_REVIEW_LOW", "0.3")),
        review_high=float(os.environ.get("ATHAR_REVIEW_HIGH", "0.95")),
        link_memory_limit=_memory_size("ATHAR_LINK_MEMORY_LIMIT", "2.75GB"),
        link_temp_dir=Path(
            os.environ.get("ATHAR_LINK_TEMP_DIR", str(data_dir / "linkage" / "spill"))
        ).expanduser(),
        link_chunk_records=_positive_int("ATHAR_LINK_CHUNK_RECORDS", 2_000_000),
        national_id_min_digits=_positive_int("ATHAR_NATIONAL_ID_MIN_DIGITS", 8),
        given_name_veto=_choice("ATHAR_GIVEN_NAME_VETO", "true", ("true", "false")) == "true",
        secret_file=Path(os.environ.get("ATHAR_SECRET_FILE", str(data_dir / "web-secret.key"))),
        cookie_secure=_choice("ATHAR_COOKIE_SECURE", "auto", ("auto", "true", "false")),
        session_hours=float(os.environ.get("ATHAR_SESSION_HOURS", "12")),
        host=os.environ.get("ATHAR_HOST", "127.0.0.1"),
        port=int(os.environ.get("ATHAR_PORT", "8000")),
        tile_url=os.environ.get("ATHAR_TILE_URL", ""),
        inquiry_min_score=float(os.environ.get("ATHAR_INQUIRY_MIN_SCORE", "0.5")),
        inquiry_candidates=int(os.environ.get("ATHAR_INQUIRY_CANDIDATES", "10")),
        blob_dir=Path(os.environ.get("ATHAR_BLOB_DIR", str(data_dir / "blobs"))),
        blur_dir=Path(os.environ.get("ATHAR_BLUR_DIR", str(data_dir / "blurred"))),
        blur_strength=float(os.environ.get("ATHAR_BLUR_STRENGTH", "0.03")),
        sightings_source=os.environ.get("ATHAR_SIGHTINGS_SOURCE", "sightings"),
        search_index=Path(
            os.environ.get("ATHAR_SEARCH_INDEX", str(data_dir / "search" / "index.npz"))
        ),
        search_candidates=int(os.environ.get("ATHAR_SEARCH_CANDIDATES", "150")),
        search_max_limit=int(os.environ.get("ATHAR_SEARCH_MAX_LIMIT", "100")),
        search_refresh_seconds=float(os.environ.get("ATHAR_SEARCH_REFRESH_SECONDS", "30")),
        search_threads=_positive_int("ATHAR_SEARCH_THREADS", 1),
        web_workers=_positive_int("ATHAR_WEB_WORKERS", default_workers()),
        web_worker_timeout=_positive_int("ATHAR_WEB_WORKER_TIMEOUT", 60),
        web_load_board=Path(os.environ["ATHAR_WEB_LOAD_BOARD"])
        if os.environ.get("ATHAR_WEB_LOAD_BOARD")
        else None,
        web_gc_settle_objects=int(os.environ.get("ATHAR_WEB_GC_SETTLE_OBJECTS", "20000")),
        web_gc_thaw_seconds=float(os.environ.get("ATHAR_WEB_GC_THAW_SECONDS", "3600")),
        job_stale_seconds=float(os.environ.get("ATHAR_JOB_STALE_SECONDS", "120")),
    )


def default_workers() -> int:
    """The cores of this machine, at most 4: each worker holds a copy of the search index."""
    return max(1, min(4, os.cpu_count() or 1))


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected a whole number of at least 1") from None
    if value < 1:
        raise ValueError(f"{name}={raw!r}: expected a whole number of at least 1")
    return value


def _memory_size(name: str, default: str) -> str:
    """A size DuckDB reads ("3GB", "512 MiB"), or "" for DuckDB's own default."""
    value = os.environ.get(name, default).strip()
    if value and not re.fullmatch(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", value, re.I):
        raise ValueError(f"{name}={value!r}: expected a size such as 3GB or 2.5GiB, or empty")
    return value


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in allowed:
        raise ValueError(f"{name}={value!r}: expected one of {', '.join(allowed)}")
    return value


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
