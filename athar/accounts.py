"""Accounts: what the CLI (``athar user …``) and the web app share about who may sign in.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile);
API tokens and session ids are random (256 bits) and stored as their sha256, which is enough for
values that carry their own entropy and lets a lookup be one indexed equality. The store keeps
the hashes (``athar.store.accounts_api``); this module makes and checks the secrets.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from athar.store import AccountError, Store, TokenInfo, UserInfo
from athar.store.accounts import ROLES

__all__ = [
    "MIN_PASSWORD",
    "ROLES",
    "AccountError",
    "Issued",
    "add_user",
    "authenticate",
    "change_password",
    "hash_secret",
    "issue_token",
    "reset_password",
    "revoke",
]

#: Shortest password a user may choose.
MIN_PASSWORD = 10
#: API tokens start with this, so leaked ones are easy to recognise (and to scan for).
TOKEN_PREFIX = "athar_"
#: Characters of a token after ``TOKEN_PREFIX`` that name it in listings and ``revoke``.
SHOWN = 8

_hasher = PasswordHasher()  # argon2id


@dataclass(frozen=True)
class Issued:
    """A secret shown once (a one-time password or a token) and what it belongs to."""

    secret: str
    user: UserInfo
    token: TokenInfo | None = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def hash_secret(value: str) -> str:
    """sha256 hex of a random secret (token or session id)."""
    return hashlib.sha256(value.encode()).hexdigest()


def one_time_password() -> str:
    """A password to read out once: 4 groups of 4 letters and digits without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def check_name(name: str) -> str:
    """A user name as stored: trimmed, NFC; any script, no spaces or control characters."""
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise AccountError("a user name cannot be empty")
    if len(name) > 100:
        raise AccountError("a user name has at most 100 characters")
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in name):
        raise AccountError(f"user name {name!r}: no spaces or control characters")
    return name


def check_password(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if password.strip().casefold() == name.casefold():
        raise AccountError("a password cannot be the user name")


def add_user(store: Store, name: str, role: str, by: str, *, password: str | None = None) -> Issued:
    """Create an account. Without ``password`` one is generated (returned once) and must be
    changed at first sign-in; a given password is checked and kept."""
    name = check_name(name)
    if password is None:
        secret, must_change = one_time_password(), True
    else:
        check_password(password, name)
        secret, must_change = password, False
    user = store.add_user(name, role, hash_password(secret), by, must_change=must_change)
    return Issued(secret=secret if must_change else "", user=user)


def reset_password(store: Store, name: str, by: str) -> Issued:
    """A new one-time password for ``name`` (to change at next sign-in); ends their sessions."""
    secret = one_time_password()
    store.set_password(name, hash_password(secret), by, must_change=True)
    user = store.user(name)
    assert user is not None
    return Issued(secret=secret, user=user)


def authenticate(store: Store, name: str, password: str) -> UserInfo | None:
    """The user if ``password`` is theirs and they are enabled, else None. Unknown names cost
    the same time as wrong passwords, so sign-in does not tell which names exist."""
    name = unicodedata.normalize("NFC", name.strip())
    stored = store.password_hash(name)
    try:
        if stored is None:
            _hasher.verify(_DUMMY, password)
            return None
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(stored):
        store.set_password(name, hash_password(password), name, must_change=False, rehash_only=True)
    return store.user(name)


def change_password(
    store: Store, name: str, current: str, new: str, *, keep_session: str | None = None
) -> None:
    """The user's own change: the current password must be right and the new one acceptable
    and different. Ends the user's other sessions."""
    if authenticate(store, name, current) is None:
        raise AccountError("the current password is wrong")
    check_password(new, name)
    if new == current:
        raise AccountError("the new password must differ from the current one")
    store.set_password(name, hash_password(new), name, must_change=False, keep_session=keep_session)


def issue_token(store: Store, name: str, by: str) -> Issued:
    """A new API token for ``name``; only its hash is kept, so it is shown this once."""
    user = store.user(name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    if user.disabled:
        raise AccountError(f"user {name!r} is disabled")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = store.add_token(name, hash_secret(secret), secret[: len(TOKEN_PREFIX) + SHOWN], by)
    return Issued(secret=secret, user=user, token=token)


def revoke(store: Store, what: str, by: str) -> int:
    """Revoke every live token of user ``what``, or the token(s) whose shown prefix starts with
    ``what`` (at least ``SHOWN`` characters after ``athar_``). How many were revoked."""
    live = [t for t in store.tokens() if t.revoked_at is None]
    if store.user(what) is not None:
        chosen = [t for t in live if t.user == what]
    else:
        prefix = what if what.startswith(TOKEN_PREFIX) else TOKEN_PREFIX + what
        if len(prefix) < len(TOKEN_PREFIX) + SHOWN:
            raise AccountError(
                f"{what!r} is no user name, and too short for a token prefix "
                f"(give the {SHOWN} characters after {TOKEN_PREFIX!r})"
            )
        chosen = [t for t in live if prefix.startswith(t.prefix) or t.prefix.startswith(prefix)]
        if not chosen:
            raise AccountError(f"no user and no live token matching {what!r}")
    return store.revoke_tokens([t.id for t in chosen], by)


_DUMMY = _hasher.hash("athar: a password no one has")
