"""Encryption at rest for the few fields that must never be readable from the database alone
(witness identities, families' contact details).

AES-256-GCM (``cryptography``'s AESGCM): a token is a 12-byte random nonce followed by the
ciphertext and its tag, so a changed byte or a wrong key fails loudly instead of decrypting to
garbage. The key is 32 random bytes in a file (``ATHAR_KEY_FILE``, default
``$ATHAR_DATA_DIR/athar.key``), created with mode 0600 on first use. Back the key file up apart
from the database: without it the encrypted fields are lost, with the database they are exposed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


def load_or_create_key(path: Path) -> bytes:
    """The key in ``path``; a new random key is written there (mode 0600) if the file is absent."""
    path = Path(path)
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return load_or_create_key(path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
            fh.flush()
            os.fsync(fh.fileno())
        return key
    if len(key) != KEY_BYTES:
        raise ValueError(f"key file {path} holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def _key(key_file: Path | None) -> bytes:
    if key_file is None:
        from athar.config import settings

        key_file = settings().key_file
    return load_or_create_key(key_file)


def encrypt(plaintext: str, *, key_file: Path | None = None) -> bytes:
    """``plaintext`` encrypted with the key in ``key_file`` (default: the configured one)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(_key(key_file)).encrypt(nonce, plaintext.encode("utf-8"), None)


def decrypt(token: bytes, *, key_file: Path | None = None) -> str:
    """The text ``encrypt`` sealed in ``token``; ValueError if it was altered or the key differs."""
    if len(token) < NONCE_BYTES + 16:
        raise ValueError("not an Athar encrypted value (too short)")
    nonce, sealed = token[:NONCE_BYTES], token[NONCE_BYTES:]
    try:
        return AESGCM(_key(key_file)).decrypt(nonce, sealed, None).decode("utf-8")
    except InvalidTag:
        raise ValueError("cannot decrypt: wrong key file, or the value was altered") from None
