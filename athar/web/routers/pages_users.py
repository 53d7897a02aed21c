"""Accounts, for admins: list, add (showing the one-time password once), disable, enable,
new one-time password. JSON twin: ``/api/users``."""

from __future__ import annotations

from typing import Annotated

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


def _page(request: Request, status_code: int = 200, **context: object) -> Response:
    store = store_of(request)
    live: dict[str, int] = {}
    for token in store.tokens():
        if token.revoked_at is None:
            live[token.user] = live.get(token.user, 0) + 1
    return render(
        request,
        "users.html",
        status_code=status_code,
        users=store.users(),
        tokens=live,
        roles=ROLES,
        **context,
    )


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
    try:
        issued = accounts.add_user(store_of(request), name, role, by=who.name)
    except accounts.AccountError as exc:
        return _page(request, status_code=400, error=str(exc))
    return _page(request, issued=issued)


@router.post("/users/{name}/{action}")
def change_user(request: Request, who: Admin, name: str, action: str) -> Response:
    """``action``: disable, enable or reset (a new one-time password)."""
    store = store_of(request)
    _ = gettext_for(request)
    try:
        if action in ("disable", "enable"):
            if action == "disable" and name == who.name:
                return _page(request, status_code=400, error=_("You cannot disable yourself."))
            store.set_disabled(name, action == "disable", by=who.name)
        elif action == "reset":
            return _page(request, issued=accounts.reset_password(store, name, by=who.name))
        else:
            return _page(request, status_code=404, error=f"unknown action {action!r}")
    except accounts.AccountError as exc:
        return _page(request, status_code=400, error=str(exc))
    return RedirectResponse("/users", status_code=303)


section = Section(name="users", router=router, nav=(NavLink("/users", N_("Users"), order=900),))
