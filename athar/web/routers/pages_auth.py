"""Sign in, sign out, change password, switch language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from athar import accounts
from athar.web.audit import audit
from athar.web.auth import (
    Principal,
    anonymous,
    anonymous_form,
    end_session,
    require,
    start_session,
    store_of,
)
from athar.web.i18n import LANGUAGES
from athar.web.sections import N_, Section
from athar.web.templating import LANG_COOKIE, flash_redirect, gettext_for, render

router = APIRouter(include_in_schema=False)

#: What ``athar.accounts`` may answer a password change, for the catalogue (shown translated).
ACCOUNT_MESSAGES = (
    N_("the current password is wrong"),
    N_("the new password must differ from the current one"),
    N_("a password cannot be the user name"),
    N_("a password needs at least 10 characters"),
)


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default`` (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    return target


@router.get("/login", dependencies=[Depends(anonymous)])
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=local_path(next))


@router.post("/login", dependencies=[Depends(anonymous_form)])
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = accounts.authenticate(store_of(request), name, password)
    if user is None:
        audit(request, "auth.login_failed", actor="-", name=name[:100], via="form")
        _ = gettext_for(request)
        return render(
            request,
            "login.html",
            status_code=401,
            next=local_path(next),
            error=_("Wrong name or password."),
            name=name,
        )
    target = "/password" if user.must_change_password else local_path(next)
    response = RedirectResponse(target, status_code=303)
    start_session(request, response, user)
    audit(request, "auth.login", actor=user.name, via="session")
    return response


@router.post("/logout")
def logout(
    request: Request, who: Annotated[Principal, Depends(require(password_change=True))]
) -> Response:
    response = flash_redirect(request, "/login", "signed-out")
    audit(request, "auth.logout")
    end_session(request, response)
    return response


@router.get("/password")
def password_page(
    request: Request, who: Annotated[Principal, Depends(require(password_change=True))]
) -> Response:
    return render(request, "password.html")


@router.post("/password")
def change_password(
    request: Request,
    who: Annotated[Principal, Depends(require(password_change=True))],
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
    confirm: Annotated[str, Form()],
) -> Response:
    _ = gettext_for(request)
    if new != confirm:
        return render(
            request, "password.html", status_code=400, error=_("The two new passwords differ.")
        )
    try:
        accounts.change_password(
            store_of(request), who.name, current, new, keep_session=who.session_hash
        )
    except accounts.AccountError as exc:
        return render(request, "password.html", status_code=400, error=_(str(exc)))
    return flash_redirect(request, "/", "password-changed")


@router.get("/lang/{code}", dependencies=[Depends(anonymous)])
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    """Remember the language in a cookie and go back where the user was."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", path="/", httponly=True
        )
    return response


section = Section(name="auth", router=router)
