"""Who is asking, and may they: sessions, bearer tokens, and ``require(role, ...)``.

Browser sessions are server-side: the cookie holds a random id (HttpOnly, SameSite=Lax, Secure
behind TLS), the store holds its sha256, owner and expiry. So signing out, disabling a user or
changing a password ends sessions at once, which a signed cookie could not do. API clients send
``Authorization: Bearer athar_…`` (``athar user token NAME``); a bearer request never falls back
to the cookie. Passwords and tokens are made and checked by ``athar.accounts``.

Every route declares its access with ``Depends(require(...))``; the app refuses to start with
a route that does not (``app.check_routes``). Admins pass every role check.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from fastapi import Request, Response

from athar.accounts import hash_secret
from athar.store import Store, UserInfo
from athar.store.models import utcnow
from athar.web import csrf

ROLES_ATTR = "__athar_roles__"


@dataclass(frozen=True)
class Principal:
    user: UserInfo
    via: Literal["session", "token"]
    #: sha256 of the session id (browser sessions only).
    session_hash: str | None = None

    @property
    def name(self) -> str:
        return self.user.name

    def has(self, roles: tuple[str, ...]) -> bool:
        return not roles or self.user.role == "admin" or self.user.role in roles


class AuthProblem(Exception):
    """Refused: ``status`` 401 (not signed in), 403 (wrong role / CSRF / password change due)."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        #: "login", "role", "csrf", "password-change"
        self.reason = reason
        self.detail = detail


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def principal(request: Request) -> Principal | None:
    """The signed-in user of this request, or None (cached on the request)."""
    if hasattr(request.state, "principal"):
        found: Principal | None = request.state.principal
        return found
    found = _find_principal(request)
    request.state.principal = found
    return found


def _find_principal(request: Request) -> Principal | None:
    store = store_of(request)
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthProblem(401, "login", "Authorization must be 'Bearer <token>'")
        user = store.user_for_token(hash_secret(value.strip()))
        if user is None:
            raise AuthProblem(401, "login", "unknown, revoked or disabled token")
        return Principal(user, "token")
    cookie = request.cookies.get(csrf.SESSION_COOKIE)
    if not cookie:
        return None
    session_hash = hash_secret(cookie)
    user = store.session_user(session_hash)
    return Principal(user, "session", session_hash) if user else None


def require(
    *roles: str, password_change: bool = False
) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency admitting signed-in users with one of ``roles`` (any role when none is
    named). It also checks the CSRF token of unsafe browser requests, and sends a user with a
    one-time password to change it first (unless ``password_change``: the pages doing that)."""

    async def dependency(request: Request) -> Principal:
        who = principal(request)
        if who is None:
            raise AuthProblem(401, "login", "sign in first")
        if who.via == "session":
            try:
                await csrf.verify(request)
            except csrf.CSRFError as exc:
                raise AuthProblem(403, "csrf", str(exc)) from exc
            if who.user.must_change_password and not password_change:
                raise AuthProblem(403, "password-change", "change your one-time password first")
        if not who.has(roles):
            raise AuthProblem(403, "role", f"needs role {' or '.join(roles)}")
        return who

    setattr(dependency, ROLES_ATTR, roles)
    return dependency


def anonymous(request: Request) -> None:
    """Declares a route open to anonymous users (login and the language switch only).
    Unsafe requests still need the CSRF token bound to the pre-session cookie."""


setattr(anonymous, ROLES_ATTR, None)


async def anonymous_form(request: Request) -> None:
    """``anonymous`` for a form post: checks the pre-session CSRF token."""
    try:
        await csrf.verify(request)
    except csrf.CSRFError as exc:
        raise AuthProblem(403, "csrf", str(exc)) from exc


setattr(anonymous_form, ROLES_ATTR, None)


def start_session(request: Request, response: Response, user: UserInfo) -> str:
    """A new session for ``user`` (a fresh id, never one the browser brought: no fixation);
    sets the cookie and returns the session's hash."""
    settings = request.app.state.settings
    session_id = secrets.token_urlsafe(32)
    hours = timedelta(hours=settings.session_hours)
    store_of(request).add_session(hash_secret(session_id), user.name, utcnow() + hours)
    response.set_cookie(
        csrf.SESSION_COOKIE,
        session_id,
        max_age=int(hours.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
    request.state.session_cookie = session_id  # the CSRF token of this response binds to it
    request.state.principal = Principal(user, "session", hash_secret(session_id))
    return hash_secret(session_id)


def end_session(request: Request, response: Response) -> None:
    who = principal(request)
    if who is not None and who.session_hash:
        store_of(request).end_session(who.session_hash)
    response.delete_cookie(csrf.SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def secure_cookies(request: Request) -> bool:
    mode: str = request.app.state.settings.cookie_secure
    return mode == "true" or (mode == "auto" and request.url.scheme == "https")


def route_roles(call: Any) -> tuple[str, ...] | bool | None:
    """The roles a dependency declares; False when it is no access declaration."""
    return getattr(call, ROLES_ATTR, False)
