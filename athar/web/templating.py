"""Rendering pages: the Jinja2 environment and what every template gets.

Every page is rendered with ``_``/``ngettext`` of the request's language, ``lang`` (code,
direction, name), ``languages`` for the switch, ``user``, the ``nav`` links this user may follow,
``csrf_token``, and a ``flash`` message once after a ``flash_redirect``. Two filters put
words made outside the web into the page's language: ``translated`` for a message of the domain
code (``athar.ingest.messages``) and ``match_label`` for the link model's labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.responses import RedirectResponse, Response

from athar.web import csrf
from athar.web.auth import principal, secure_cookies
from athar.web.i18n import LANGUAGES, language, translated, translations
from athar.web.labels import MATCH_LABELS
from athar.web.sections import N_

TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_COOKIE = "athar_lang"
FLASH_COOKIE = "athar_flash"
FLASH_SECONDS = 60  # long enough for the redirect to be followed

#: Messages a redirect may ask the next page to show (``flash_redirect``); nothing else is shown.
FLASHES: dict[str, str] = {
    "password-changed": N_("Your password has been changed."),
    "signed-out": N_("You have signed out."),
    "signed-in": N_("Welcome."),
}

#: How roles are named to people.
ROLE_LABELS: dict[str, str] = {
    "admin": N_("administrator"),
    "caseworker": N_("caseworker"),
    "reviewer": N_("reviewer"),
    "analyst": N_("analyst"),
}

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=environment)


@pass_context
def _translated(context: Context, text: Any) -> str:
    """``{{ problem|translated }}``: a domain message in the page's language."""
    return translated(text, context["gettext"])


@pass_context
def _match_label(context: Context, label: Any) -> str:
    """``{{ w.level|match_label }}``: a label of the link model (comparison, level or rule) in
    the page's language; a label ``MATCH_LABELS`` does not know is shown as it is."""
    msgid = MATCH_LABELS.get(str(label))
    return context["gettext"](msgid) if msgid else str(label)


environment.filters["translated"] = _translated
environment.filters["match_label"] = _match_label


def request_language(request: Request) -> str:
    return language(request.cookies.get(LANG_COOKIE)).code


def gettext_for(request: Request) -> Any:
    return translations(request_language(request)).gettext


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    lang = language(request_language(request))
    catalog = translations(lang.code)
    who = principal(request)
    nav = [
        link
        for link, roles in request.app.state.nav
        if who is not None and not who.user.must_change_password and who.has(roles)
    ]
    flash_key = request.cookies.get(FLASH_COOKIE, "")
    base = {
        "_": catalog.gettext,
        "gettext": catalog.gettext,
        "ngettext": catalog.ngettext,
        "lang": lang,
        "languages": list(LANGUAGES.values()),
        "user": who.user if who else None,
        "nav": nav,
        "csrf_token": csrf.token(request),
        "flash": FLASHES.get(flash_key),
        "here": quote(request.url.path + (f"?{request.url.query}" if request.url.query else "")),
        "path": request.url.path,
        "role_labels": ROLE_LABELS,
    }
    response = templates.TemplateResponse(
        request, template, base | context, status_code=status_code
    )
    if flash_key:
        response.delete_cookie(FLASH_COOKIE, path="/")  # shown once: a reload does not repeat it
    return response


def flash_redirect(request: Request, url: str, key: str) -> RedirectResponse:
    """A redirect to ``url`` whose page shows the message ``FLASHES[key]`` once: the key rides
    in a short-lived cookie, which that page clears, not in the URL (a reload, a bookmark or
    the language switch would show it again)."""
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        FLASH_COOKIE,
        key,
        max_age=FLASH_SECONDS,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )
    return response
