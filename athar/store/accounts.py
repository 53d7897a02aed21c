"""Tables for the web application's accounts: users, API tokens, browser sessions.

On the same ``Base`` as ``models.py`` (imported by ``athar.store`` so that the Store and the
model-vs-migration test see them); created by migration ``0002_accounts``.

Secrets are never stored: a password as its argon2id hash, an API token and a session id as the
sha256 of the random value the client holds. Unlike the registry's tables these rows change
(a user is disabled, a token revoked, a session ended); the changes themselves are written to the
event log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# re-exported: the roles live in a light module the CLI can import without the database layer
from athar.roles import ROLES as ROLES
from athar.store.models import Base, UTCDateTime, utcnow


class User(Base):
    """A person who signs in. ``must_change_password`` is set for a one-time password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiToken(Base):
    """A bearer token for API clients: its sha256, and a short prefix people can name it by."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index(None, "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WebSession(Base):
    """A signed-in browser: the sha256 of its cookie, whose it is, until when."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index(None, "user_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
