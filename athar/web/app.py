"""``create_app(settings)``: the web application, assembled from the sections in ``SECTIONS``.

Adding a page is one router module in ``routers/`` (ending with ``section = Section(...)``),
its templates, and one line in ``SECTIONS`` (see docs/web.md). At start the app checks that
every route declares who may use it (``require(...)``, or ``anonymous`` for the few open ones)
and derives each nav link's audience from the route it points to.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from athar import __version__
from athar.config import Settings
from athar.config import settings as current_settings
from athar.store import Store
from athar.web.auth import AuthProblem, route_roles
from athar.web.balance import LoadBoard, SpreadConnections
from athar.web.collector import CollectWhenIdle
from athar.web.headers import CookiesAndHeaders
from athar.web.routers import (
    api_attachments,
    api_auth,
    api_docs,
    api_import,
    api_inquiries,
    api_person,
    api_review,
    api_search,
    api_sightings,
    api_stats,
    api_users,
    pages_attachments,
    pages_auth,
    pages_home,
    pages_import,
    pages_inquiries,
    pages_person,
    pages_review,
    pages_search,
    pages_sightings,
    pages_users,
)
from athar.web.sections import NavLink, Section
from athar.web.templating import render

STATIC = Path(__file__).resolve().parent / "static"

#: Every part of the web app, in nav order of appearance. Add yours here.
SECTIONS: list[Section] = [
    pages_auth.section,
    pages_home.section,
    pages_search.section,
    pages_users.section,
    pages_person.section,
    api_auth.section,
    api_stats.section,
    api_search.section,
    api_users.section,
    api_person.section,
    api_docs.section,
    pages_review.section,  # casework: review queue, pairs, merge/split
    api_review.section,
    pages_inquiries.section,  # casework: inquiries and alerts
    api_inquiries.section,
    pages_import.section,
    api_import.section,
    pages_sightings.section,
    api_sightings.section,
    pages_attachments.section,
    api_attachments.section,
]

#: Content Security Policy of Athar's own pages: nothing from elsewhere, no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'"
)


def csp_for(tile_url: str) -> str:
    """``CSP``, letting images come from the map's tile server when one is configured."""
    from urllib.parse import urlsplit

    parts = urlsplit(tile_url.strip())
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("http", "https") or not host or any(c in host for c in "{} ;'"):
        return CSP
    return CSP.replace("img-src 'self' data:", f"img-src 'self' data: {parts.scheme}://{host}")


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    sections: list[Section] | None = None,
) -> FastAPI:
    """The app for ``settings`` (default: from the environment). ``store`` defaults to the
    registry of ``settings.database_url``; the app closes only a store it opened."""
    settings = settings or current_settings()
    own_store = store is None
    app = FastAPI(
        title="Athar",
        version=__version__,
        openapi_url=None,  # served by api_docs behind sign-in
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.secret = load_secret(settings.secret_file)
    app.state.csp = csp_for(settings.tile_url)
    app.state.store = store if store is not None else Store.open(settings.database_url)
    if own_store:
        app.router.on_shutdown.append(app.state.store.close)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    chosen = SECTIONS if sections is None else sections
    for section in chosen:
        app.include_router(section.router)
    check_routes(chosen)
    app.state.nav = nav_links(chosen)

    app.add_exception_handler(AuthProblem, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _unreadable)  # type: ignore[arg-type]
    app.add_middleware(CookiesAndHeaders)
    if settings.web_gc_settle_objects > 0:
        app.add_middleware(
            CollectWhenIdle,
            settle_objects=settings.web_gc_settle_objects,
            thaw_seconds=settings.web_gc_thaw_seconds,
        )
    if settings.web_load_board is not None:  # one of several processes: spread connections
        board = LoadBoard(settings.web_load_board)
        board.claim()
        app.add_middleware(SpreadConnections, board=board)
        app.router.on_shutdown.append(board.release)
    return app


def load_secret(path: Path) -> bytes:
    """The app's secret from ``path``, created (random, owner-only) on first run. Several worker
    processes may start at once: the file appears whole or not at all (written aside, then
    linked into place; the first link wins and every process reads that one)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            with contextlib.suppress(FileExistsError):  # another process made it first
                os.link(aside, path)
        finally:
            aside.unlink(missing_ok=True)
    value = path.read_text().strip()
    if len(value) < 32:
        raise ValueError(f"{path}: the web secret is too short (delete it to make a new one)")
    return value.encode()


def check_routes(sections: list[Section]) -> None:
    """Refuse to start with a route that does not say who may use it."""
    for route in (r for section in sections for r in section.router.routes):
        if not isinstance(route, APIRoute):
            raise RuntimeError(f"route {route!r} is not an APIRoute; declare access with require()")
        if _declared_roles(route) is False:
            raise RuntimeError(
                f"route {sorted(route.methods or ())} {route.path} declares no access: add "
                "Depends(require(...)) (or Depends(anonymous) for login-like pages)"
            )


def _declared_roles(route: APIRoute) -> tuple[str, ...] | bool | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        roles = route_roles(dependant.call)
        if roles is not False:
            return roles
        stack.extend(dependant.dependencies)
    return False


def nav_links(sections: list[Section]) -> list[tuple[NavLink, tuple[str, ...]]]:
    """Each section's nav links with the roles of the GET route they point to."""
    gets = {
        r.path: r
        for section in sections
        for r in section.router.routes
        if isinstance(r, APIRoute) and "GET" in (r.methods or ())
    }
    links: list[tuple[NavLink, tuple[str, ...]]] = []
    for section in sections:
        for link in section.nav:
            route = gets.get(link.path)
            if route is None:
                raise RuntimeError(f"nav link {link.path} of {section.name} has no GET route")
            roles = _declared_roles(route)
            if not isinstance(roles, tuple):
                raise RuntimeError(f"nav link {link.path} points to a page open to anyone")
            links.append((link, roles))
    return sorted(links, key=lambda pair: pair[0].order)


async def _refused(request: Request, exc: AuthProblem) -> Response:
    if request.url.path.startswith("/api/"):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(
            {"detail": exc.detail, "reason": exc.reason}, status_code=exc.status, headers=headers
        )
    if exc.reason == "login":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    if exc.reason == "password-change":
        return RedirectResponse("/password", status_code=303)
    return render(request, "error.html", status_code=exc.status, reason=exc.reason)


async def _unreadable(request: Request, exc: RequestValidationError) -> Response:
    """A request whose parameters cannot be read (``/search?limit=abc``): the JSON API answers
    FastAPI's 422 as ever; a page answers a page that says which parameter, in its language."""
    if request.url.path.startswith("/api/"):
        return await request_validation_exception_handler(request, exc)
    names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc") and len(e["loc"]) > 1})
    return render(request, "error.html", status_code=422, reason="unreadable", parameters=names)
