"""Content-addressed file storage: a file's bytes live at ``<root>/ab/cdef…``, named by their
SHA-256, so the name proves the content (Berkeley Protocol: integrity is checkable by anyone
holding the hash) and the same scan added twice is stored once.

Writes go to a temporary file in the same folder, are hashed as they are copied, flushed to disk
and renamed into place, so a crash never leaves a half-written blob under a real hash. Storing a
file whose blob already exists verifies the stored copy instead of trusting it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobCorrupt(Exception):
    """A stored blob's bytes no longer match its name: the copy was altered or damaged."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path
    new: bool  # False when the same content was already stored


def check_sha256(sha256: str) -> str:
    """The hash in lower case; ValueError unless it is 64 hex digits."""
    value = sha256.strip().lower()
    if not _SHA256.match(value):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return value


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class BlobStore:
    """The blob folder (``ATHAR_BLOB_DIR``, default ``$ATHAR_DATA_DIR/blobs``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def default(cls) -> BlobStore:
        from athar.config import settings

        return cls(settings().blob_dir)

    def path_of(self, sha256: str) -> Path:
        sha = check_sha256(sha256)
        return self.root / sha[:2] / sha[2:]

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, source: Path) -> StoredBlob:
        """Store a copy of ``source``; idempotent. Raises BlobCorrupt if a stored blob with the
        same hash exists but its bytes differ from its name."""
        source = Path(source)
        if not source.is_file():
            raise FileNotFoundError(f"no file {source}")
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.exists():
                self.verify(sha)
                return StoredBlob(sha, size, final, new=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o440)  # read-only: a stored blob is never edited in place
            os.replace(tmp, final)
            return StoredBlob(sha, size, final, new=True)
        finally:
            tmp.unlink(missing_ok=True)

    def verify(self, sha256: str) -> int:
        """Re-hash a stored blob; returns its size. FileNotFoundError if absent, BlobCorrupt if
        its bytes do not match its hash."""
        path = self.path_of(sha256)
        if not path.is_file():
            raise FileNotFoundError(f"blob {sha256} is not in {self.root}")
        actual, size = file_sha256(path)
        if actual != check_sha256(sha256):
            raise BlobCorrupt(f"blob {sha256} is corrupt: its content hashes to {actual}")
        return size

    def read(self, sha256: str) -> bytes:
        """The blob's bytes, verified against its hash."""
        data = self.path_of(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != check_sha256(sha256):
            raise BlobCorrupt(f"blob {sha256} is corrupt")
        return data

    def copy_to(self, sha256: str, target: Path) -> None:
        self.verify(sha256)
        shutil.copyfile(self.path_of(sha256), target)
