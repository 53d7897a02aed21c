"""Accounts, for admins: list, add (showing the one-time password once), disable, enable,
new one-time password. JSON twin: ``/api/users``.

Disabling and a new one-time password lock a person out until someone acts, so each button
first opens a confirmation (``GET /users/{name}/{action}``, no script needed) whose form does
it (``POST``)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar import accounts
from athar.store.accounts import ROLES
from athar.web.auth import Principal, require, store_of
from athar.web.sections import N_, NavLink, Section
from athar.web.templating import gettext_for, render

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, Depends(require("admin"))]
#: The role the add form offers first: the one that can do least (reads, never decides or
#: sees contacts), so a hurried admin does not hand out more than meant.
DEFAULT_ROLE = "analyst"
#: Acts that lock a person out until someone acts again: confirmed first.
CONFIRMED = ("disable", "reset")
#: ``?disabled=name`` / ``?enabled=name`` after a change: the status line it shows.
DONE = {
    "disabled": N_("%(name)s is disabled: they cannot sign in, and their sessions have ended."),
    "enabled": N_("%(name)s is enabled again and can sign in."),
}


def _page(request: Request, status_code: int = 200, **context: Any) -> Response:
    store = store_of(request)
    live: dict[str, int] = {}
    for token in store.tokens():
        if token.revoked_at is None:
            live[token.user] = live.get(token.user, 0) + 1
    users = store.users()
    context.setdefault("status", _done(request, {u.name: u.disabled for u in users}))
    context.setdefault("role", DEFAULT_ROLE)
    return render(
        request,
        "users.html",
        status_code=status_code,
        users=users,
        tokens=live,
        roles=ROLES,
        **context,
    )


def _done(request: Request, disabled: dict[str, bool]) -> str:
    """The status line a redirect after a change asks for, if the account is in that state
    (a hand-made link cannot make the page claim what did not happen)."""
    _ = gettext_for(request)
    for state, message in DONE.items():
        name = request.query_params.get(state, "")
        if name in disabled and disabled[name] == (state == "disabled"):
            return str(_(message) % {"name": name})
    return ""


def _add_refusal(request: Request, name: str, role: str) -> str:
    """Why the add form cannot create this account, in the admin's language ("" if it can)."""
    _ = gettext_for(request)
    try:
        clean = accounts.check_name(name)
    except accounts.AccountError:
        return str(
            _(
                "A user name is one word of at most 100 characters: letters, digits or signs, "
                "without spaces."
            )
        )
    if role not in ROLES:
        return str(_("Choose one of the roles."))
    if store_of(request).user(clean) is not None:
        return str(_("There is already a user named %(name)s.") % {"name": clean})
    return ""


@router.get("/users")
def users_page(request: Request, who: Admin) -> Response:
    return _page(request)


@router.post("/users")
def add_user(
    request: Request,
    who: Admin,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
) -> Response:
    refused = _add_refusal(request, name, role)
    if refused:
        return _page(request, status_code=400, error=refused, name=name, role=role)
    try:
        issued = accounts.add_user(store_of(request), name, role, by=who.name)
    except accounts.AccountError as exc:  # a race with another admin: the detailed reason
        return _page(request, status_code=400, error=str(exc), name=name, role=role)
    return _page(request, issued=issued)


def _unchangeable(request: Request, who: Principal, name: str, action: str) -> Response | None:
    """The page saying why ``action`` cannot be done to ``name``, or None if it can."""
    _ = gettext_for(request)
    if action not in ("disable", "enable", "reset"):
        return _page(request, status_code=404, error=_("There is no such change of an account."))
    if store_of(request).user(name) is None:
        return _page(
            request, status_code=404, error=_("There is no user named %(name)s.") % {"name": name}
        )
    if action == "disable" and name == who.name:
        return _page(request, status_code=400, error=_("You cannot disable yourself."))
    return None


@router.get("/users/{name}/{action}")
def confirm_change(request: Request, who: Admin, name: str, action: str) -> Response:
    """The confirmation of a disable or a new one-time password (the row's button)."""
    refused = _unchangeable(request, who, name, action)
    if refused is not None:
        return refused
    if action not in CONFIRMED:
        return RedirectResponse("/users", status_code=303)
    return _page(request, confirm={"name": name, "action": action})


@router.post("/users/{name}/{action}")
def change_user(request: Request, who: Admin, name: str, action: str) -> Response:
    """``action``: disable, enable or reset (a new one-time password)."""
    store = store_of(request)
    refused = _unchangeable(request, who, name, action)
    if refused is not None:
        return refused
    try:
        if action == "reset":
            return _page(request, issued=accounts.reset_password(store, name, by=who.name))
        store.set_disabled(name, action == "disable", by=who.name)
    except accounts.AccountError as exc:
        return _page(request, status_code=400, error=str(exc))
    state = "disabled" if action == "disable" else "enabled"
    return RedirectResponse(f"/users?{state}={quote(name, safe='')}", status_code=303)


section = Section(name="users", router=router, nav=(NavLink("/users", N_("Users"), order=900),))
