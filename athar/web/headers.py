"""What every answer carries: security headers, and the pre-session cookie the login form's CSRF
token binds to. A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` (``@app.middleware``)
runs each request through an extra task group and body stream, a measurable cost on every
request of a busy server.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from athar.web import csrf

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class CookiesAndHeaders:
    """Give every browser the pre-session cookie (``csrf.PRE_COOKIE``), every answer the
    security headers, HTML pages the Content Security Policy, and everything but static files
    ``Cache-Control: no-store`` (pages show personal data: keep them out of caches)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pre = _cookie(scope, csrf.PRE_COOKIE)
        state = scope.setdefault("state", {})
        state["pre_cookie"] = pre or csrf.new_pre_cookie()
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if not pre:
                    headers.append("set-cookie", _pre_cookie_header(scope, state["pre_cookie"]))
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
                if headers.get("content-type", "").startswith("text/html") and (
                    path != "/api/docs"  # Swagger UI starts itself with an inline script
                ):
                    headers.setdefault("Content-Security-Policy", scope["app"].state.csp)
                if path != "/static" and not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            found = cookie_parser(value.decode("latin-1")).get(name)
            if found:
                return found
    return None


def _pre_cookie_header(scope: Scope, value: str) -> str:
    mode: str = scope["app"].state.settings.cookie_secure
    secure = mode == "true" or (mode == "auto" and scope.get("scheme") == "https")
    carrier = Response()
    carrier.set_cookie(
        csrf.PRE_COOKIE, value, httponly=True, samesite="lax", secure=secure, path="/"
    )
    return carrier.headers["set-cookie"]
