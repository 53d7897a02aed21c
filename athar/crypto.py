"""Encryption at rest for what must not sit in the database as plain text (families' contact
details, witness identities).

AES-256-GCM with a 32-byte key kept in a file outside the database (``settings().key_file``),
created on first use with mode 0600: a copied database alone reveals nothing. A token is the
12-byte random nonce followed by the ciphertext and its tag.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``; a new random one, written with mode 0600, if the file is missing."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key)
            return key
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise ValueError(f"key file {path} holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def _key(key_file: Path | None) -> bytes:
    if key_file is None:
        from athar.config import settings

        key_file = settings().key_file
    return load_or_create_key(key_file)


def encrypt(plaintext: str, *, key_file: Path | None = None) -> bytes:
    """``plaintext`` encrypted with the key file (default ``settings().key_file``)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(_key(key_file)).encrypt(nonce, plaintext.encode("utf-8"), None)


def decrypt(token: bytes, *, key_file: Path | None = None) -> str:
    """The text ``encrypt`` sealed in ``token``; ``ValueError`` if the key is not the one that
    sealed it or the token was altered."""
    if len(token) < NONCE_BYTES + 16:
        raise ValueError("not an encrypted token: too short")
    try:
        plain = AESGCM(_key(key_file)).decrypt(token[:NONCE_BYTES], token[NONCE_BYTES:], None)
    except InvalidTag as exc:
        raise ValueError("cannot decrypt: wrong key file or altered data") from exc
    return plain.decode("utf-8")
