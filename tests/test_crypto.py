"""athar.crypto: AES-256-GCM with a key file made on first use, readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from athar import crypto


def test_round_trip_and_key_file(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "athar.key"
    token = crypto.encrypt("هاتف: 0933 123 456", key_file=key)
    assert key.exists() and len(key.read_bytes()) == 32
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert b"0933" not in token and "هاتف".encode() not in token
    assert crypto.decrypt(token, key_file=key) == "هاتف: 0933 123 456"
    assert crypto.load_or_create_key(key) == key.read_bytes()  # kept, not replaced


def test_nonce_is_random(tmp_path: Path) -> None:
    key = tmp_path / "k"
    a, b = crypto.encrypt("same", key_file=key), crypto.encrypt("same", key_file=key)
    assert a != b and a[:12] != b[:12]
    assert len(a) == 12 + len("same") + 16


def test_wrong_key_or_tampering_is_refused(tmp_path: Path) -> None:
    token = crypto.encrypt("secret", key_file=tmp_path / "k1")
    with pytest.raises(ValueError, match="wrong key file or altered"):
        crypto.decrypt(token, key_file=tmp_path / "k2")
    altered = token[:-1] + bytes([token[-1] ^ 1])
    with pytest.raises(ValueError, match="wrong key file or altered"):
        crypto.decrypt(altered, key_file=tmp_path / "k1")
    with pytest.raises(ValueError, match="too short"):
        crypto.decrypt(b"abc", key_file=tmp_path / "k1")


def test_bad_key_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.key"
    bad.write_bytes(b"short")
    with pytest.raises(ValueError, match=r"bad\.key holds 5 bytes"):
        crypto.encrypt("x", key_file=bad)


def test_default_key_file_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATHAR_KEY_FILE", str(tmp_path / "env.key"))
    token = crypto.encrypt("x")
    assert (tmp_path / "env.key").exists()
    assert crypto.decrypt(token) == "x"
