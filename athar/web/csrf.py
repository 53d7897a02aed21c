"""CSRF protection for everything a browser posts.

A form carries a token that is an HMAC (the app's secret) of the browser's session id, or before
sign-in of a random ``athar_pre`` cookie (so the login form is protected too: OWASP's "signed
double submit"). A cross-site page can make the browser send the cookies, but cannot read them
or the token. HTMX requests send the token in the ``X-CSRF-Token`` header (set on <body>).
Requests with a bearer token carry no cookie to abuse and need none.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

SESSION_COOKIE = "athar_session"
PRE_COOKIE = "athar_pre"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CSRFError(Exception):
    """A state-changing request without the right token."""


def seed(request: Request) -> str:
    """What the token is bound to: the session cookie, else the pre-session cookie (created
    by the middleware for this request when the browser had none)."""
    session = getattr(request.state, "session_cookie", None) or request.cookies.get(SESSION_COOKIE)
    return session or request.state.pre_cookie


def token(request: Request) -> str:
    secret: bytes = request.app.state.secret
    return hmac.new(secret, b"csrf|" + seed(request).encode(), hashlib.sha256).hexdigest()


def new_pre_cookie() -> str:
    return secrets.token_urlsafe(24)


async def verify(request: Request) -> None:
    """Raise ``CSRFError`` unless an unsafe request carries the right token."""
    if request.method not in UNSAFE:
        return
    sent = request.headers.get(HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not sent or not hmac.compare_digest(sent, token(request)):
        raise CSRFError("missing or wrong CSRF token")
