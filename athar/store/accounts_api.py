"""Store methods for accounts (users, API tokens, browser sessions), mixed into ``Store``.

The store keeps hashes only; hashing and the rules of who may do what live in
``athar.accounts`` (shared by the CLI and the web app). Every change to an account is logged
in the same transaction as the change itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Row, String, and_, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from athar.store.accounts import ROLES, ApiToken, User, WebSession
from athar.store.models import UTCDateTime, utcnow

#: ``last_used_at`` of a token is written at most this often (one write per request is waste).
TOKEN_TOUCH = timedelta(minutes=1)


class AccountError(ValueError):
    """An account change that cannot be made (unknown user, duplicate name, bad role)."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: str
    must_change_password: bool
    created_at: datetime
    password_changed_at: datetime
    disabled_at: datetime | None

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


@dataclass(frozen=True)
class TokenInfo:
    id: int
    user: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _user(row: Row[Any] | Any) -> UserInfo:
    return UserInfo(
        id=row.id,
        name=row.name,
        role=row.role,
        must_change_password=row.must_change_password,
        created_at=row.created_at,
        password_changed_at=row.password_changed_at,
        disabled_at=row.disabled_at,
    )


_USER_COLUMNS = (
    User.id,
    User.name,
    User.role,
    User.must_change_password,
    User.created_at,
    User.password_changed_at,
    User.disabled_at,
)


class AccountsMixin:
    """Account methods of ``Store`` (each one transaction)."""

    if TYPE_CHECKING:
        _engine: Engine

        def _write(self) -> AbstractContextManager[Connection]: ...

    # ------------------------------------------------------------------ users

    def add_user(
        self, name: str, role: str, password_hash: str, by: str, *, must_change: bool = True
    ) -> UserInfo:
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
        try:
            with self._write() as conn:
                if conn.execute(select(User.id).where(User.name == name)).first():
                    raise AccountError(f"a user named {name!r} exists already")
                conn.execute(
                    insert(User).values(
                        name=name,
                        role=role,
                        password_hash=password_hash,
                        must_change_password=must_change,
                        created_at=utcnow(),
                        password_changed_at=utcnow(),
                    )
                )
                _log(conn, "user.add", {"user": name, "role": role}, by)
        except IntegrityError as exc:  # a concurrent add of the same name
            raise AccountError(f"a user named {name!r} exists already") from exc
        user = self.user(name)
        assert user is not None
        return user

    def user(self, name: str) -> UserInfo | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(*_USER_COLUMNS).where(User.name == name)).first()
            return _user(row) if row else None

    def users(self) -> list[UserInfo]:
        with self._engine.connect() as conn:
            return [_user(r) for r in conn.execute(select(*_USER_COLUMNS).order_by(User.name))]

    def password_hash(self, name: str) -> str | None:
        """The stored argon2id hash of an enabled user, for checking a password."""
        with self._engine.connect() as conn:
            return conn.execute(
                select(User.password_hash).where(User.name == name, User.disabled_at.is_(None))
            ).scalar_one_or_none()

    def set_password(
        self,
        name: str,
        password_hash: str,
        by: str,
        *,
        must_change: bool,
        keep_session: str | None = None,
        rehash_only: bool = False,
    ) -> None:
        """Replace a user's password hash and end their other sessions (all but
        ``keep_session``). ``rehash_only``: the same password under newer hash parameters; no
        sessions end and nothing is logged as a change."""
        with self._write() as conn:
            user_id = _user_id(conn, name)
            values: dict[str, Any] = {"password_hash": password_hash}
            if not rehash_only:
                values |= {"must_change_password": must_change, "password_changed_at": utcnow()}
            conn.execute(update(User).where(User.id == user_id).values(**values))
            if rehash_only:
                return
            ended = _end_sessions(conn, user_id, keep=keep_session)
            _log(
                conn,
                "user.password",
                {"user": name, "one_time": must_change, "sessions_ended": ended},
                by,
            )

    def set_disabled(self, name: str, disabled: bool, by: str) -> UserInfo:
        """Disable (ending every session; tokens stop working) or enable a user."""
        with self._write() as conn:
            user_id = _user_id(conn, name)
            conn.execute(
                update(User)
                .where(User.id == user_id)
                .values(disabled_at=utcnow() if disabled else None)
            )
            ended = _end_sessions(conn, user_id) if disabled else 0
            kind = "user.disable" if disabled else "user.enable"
            _log(conn, kind, {"user": name, "sessions_ended": ended}, by)
        user = self.user(name)
        assert user is not None
        return user

    # ------------------------------------------------------------------ API tokens

    def add_token(self, name: str, token_hash: str, prefix: str, by: str) -> TokenInfo:
        with self._write() as conn:
            user_id = _user_id(conn, name)
            token_id = conn.execute(
                insert(ApiToken)
                .values(user_id=user_id, token_hash=token_hash, prefix=prefix, created_at=utcnow())
                .returning(ApiToken.id)
            ).scalar_one()
            _log(conn, "token.add", {"user": name, "prefix": prefix}, by)
        return next(t for t in self.tokens(name) if t.id == token_id)

    def tokens(self, name: str | None = None) -> list[TokenInfo]:
        stmt = (
            select(ApiToken, User.name.label("user_name"))
            .join(User, User.id == ApiToken.user_id)
            .order_by(ApiToken.id)
        )
        if name is not None:
            stmt = stmt.where(User.name == name)
        with self._engine.connect() as conn:
            return [
                TokenInfo(r.id, r.user_name, r.prefix, r.created_at, r.last_used_at, r.revoked_at)
                for r in conn.execute(stmt)
            ]

    def revoke_tokens(self, token_ids: list[int], by: str) -> int:
        """Revoke these tokens (those not revoked yet); how many were revoked."""
        with self._write() as conn:
            rows = conn.execute(
                select(ApiToken.id, ApiToken.prefix, User.name)
                .join(User, User.id == ApiToken.user_id)
                .where(ApiToken.id.in_(token_ids), ApiToken.revoked_at.is_(None))
            ).all()
            if not rows:
                return 0
            conn.execute(
                update(ApiToken)
                .where(ApiToken.id.in_([r.id for r in rows]))
                .values(revoked_at=utcnow())
            )
            for r in rows:
                _log(conn, "token.revoke", {"user": r.name, "prefix": r.prefix}, by)
            return len(rows)

    def user_for_token(self, token_hash: str) -> UserInfo | None:
        """The enabled user holding this unrevoked token; notes when it was last used."""
        with self._engine.connect() as conn:
            row = conn.execute(_token_user(), {"token_hash": token_hash}).first()
        if row is None:
            return None
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH:
            with self._write() as conn:
                conn.execute(
                    update(ApiToken).where(ApiToken.id == row.token_id).values(last_used_at=now)
                )
        return _user(row)

    # ------------------------------------------------------------------ sessions

    def add_session(self, id_hash: str, name: str, expires_at: datetime) -> None:
        with self._write() as conn:
            user_id = _user_id(conn, name)
            conn.execute(
                insert(WebSession).values(
                    id_hash=id_hash, user_id=user_id, created_at=utcnow(), expires_at=expires_at
                )
            )

    def session_user(self, id_hash: str) -> UserInfo | None:
        """The enabled user of this live (not ended, not expired) session."""
        with self._engine.connect() as conn:
            row = conn.execute(_session_user(), {"id_hash": id_hash, "now": utcnow()}).first()
            return _user(row) if row else None

    def end_session(self, id_hash: str) -> bool:
        with self._write() as conn:
            result = conn.execute(
                update(WebSession)
                .where(WebSession.id_hash == id_hash, WebSession.ended_at.is_(None))
                .values(ended_at=utcnow())
            )
            return bool(result.rowcount)

    def live_sessions(self, name: str) -> int:
        with self._engine.connect() as conn:
            return len(
                conn.execute(
                    select(WebSession.id_hash)
                    .join(User, User.id == WebSession.user_id)
                    .where(
                        User.name == name,
                        WebSession.ended_at.is_(None),
                        WebSession.expires_at > utcnow(),
                    )
                ).all()
            )


# Asked on every request (who is this?): built once, so that only running them costs.


@cache
def _token_user() -> Any:
    return (
        select(*_USER_COLUMNS, ApiToken.id.label("token_id"), ApiToken.last_used_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == bindparam("token_hash", type_=String),
            ApiToken.revoked_at.is_(None),
            User.disabled_at.is_(None),
        )
    )


@cache
def _session_user() -> Any:
    return (
        select(*_USER_COLUMNS)
        .join(WebSession, WebSession.user_id == User.id)
        .where(
            WebSession.id_hash == bindparam("id_hash", type_=String),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > bindparam("now", type_=UTCDateTime),
            User.disabled_at.is_(None),
        )
    )


def _user_id(conn: Connection, name: str) -> int:
    user_id = conn.execute(select(User.id).where(User.name == name)).scalar_one_or_none()
    if user_id is None:
        raise AccountError(f"no user named {name!r}")
    return int(user_id)


def _end_sessions(conn: Connection, user_id: int, keep: str | None = None) -> int:
    live = and_(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
    if keep is not None:
        live = and_(live, WebSession.id_hash != keep)
    return int(conn.execute(update(WebSession).where(live).values(ended_at=utcnow())).rowcount)


def _log(conn: Connection, kind: str, payload: Mapping[str, Any], actor: str) -> None:
    from athar.store.api import _log as log

    log(conn, kind, payload, actor)
