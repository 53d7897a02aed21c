"""athar.crypto: AES-256-GCM with a key file made on first use."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from athar.crypto import decrypt, encrypt, load_or_create_key


def test_round_trip_and_random_nonce(tmp_path: Path) -> None:
    key = tmp_path / "k" / "athar.key"
    a = encrypt("شاهد: أبو محمد", key_file=key)
    b = encrypt("شاهد: أبو محمد", key_file=key)
    assert a != b  # a fresh nonce each time
    assert "أبو محمد".encode() not in a
    assert decrypt(a, key_file=key) == decrypt(b, key_file=key) == "شاهد: أبو محمد"


def test_key_file_is_32_bytes_private_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "athar.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key


def test_default_key_file_comes_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATHAR_KEY_FILE", str(tmp_path / "configured.key"))
    token = encrypt("x")
    assert (tmp_path / "configured.key").exists()
    assert decrypt(token, key_file=tmp_path / "configured.key") == "x"


def test_wrong_key_or_altered_token_fails_loudly(tmp_path: Path) -> None:
    token = encrypt("secret", key_file=tmp_path / "one.key")
    with pytest.raises(ValueError, match="wrong key"):
        decrypt(token, key_file=tmp_path / "two.key")
    altered = token[:-1] + bytes([token[-1] ^ 1])
    with pytest.raises(ValueError, match="altered"):
        decrypt(altered, key_file=tmp_path / "one.key")
    with pytest.raises(ValueError, match="too short"):
        decrypt(b"abc", key_file=tmp_path / "one.key")


def test_a_key_file_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.key"
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match="5 bytes"):
        load_or_create_key(path)
