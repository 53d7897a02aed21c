"""``/api/login``, ``/api/logout``, ``/api/me``, ``/api/me/password``.

API clients normally send a bearer token (``athar user token NAME``); ``/api/login`` is for
scripts in a browser that want a session instead. It takes JSON only: a cross-site HTML form
cannot send ``application/json`` without the browser asking first (CORS preflight, which this app
never grants), which is what the CSRF token guards against elsewhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field

from athar import accounts
from athar.store import UserInfo
from athar.web import csrf
from athar.web.audit import audit
from athar.web.auth import Principal, anonymous, end_session, require, start_session, store_of
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["account"])


class Me(BaseModel):
    name: str
    role: str
    must_change_password: bool
    created_at: datetime
    via: str = Field(description="'session' (browser cookie) or 'token' (bearer)")


class LoginIn(BaseModel):
    name: str
    password: str


class LoginOut(BaseModel):
    user: Me
    csrf_token: str = Field(description="send as X-CSRF-Token with each POST of this session")


class PasswordIn(BaseModel):
    current: str
    new: str


def me_of(user: UserInfo, via: str) -> Me:
    return Me(
        name=user.name,
        role=user.role,
        must_change_password=user.must_change_password,
        created_at=user.created_at,
        via=via,
    )


@router.get("/me", response_model=Me)
def me(who: Annotated[Principal, Depends(require(password_change=True))]) -> Me:
    """Who is signed in."""
    return me_of(who.user, who.via)


@router.post(
    "/login",
    response_model=LoginOut,
    dependencies=[Depends(anonymous)],
    responses={401: {"description": "wrong name or password"}, 415: {"description": "not JSON"}},
)
def login(request: Request, response: Response, body: LoginIn) -> LoginOut:
    """Start a browser session (sets the session cookie)."""
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise HTTPException(415, "send JSON")
    user = accounts.authenticate(store_of(request), body.name, body.password)
    if user is None:
        audit(request, "auth.login_failed", actor="-", name=body.name[:100], via="api")
        raise HTTPException(401, "wrong name or password")
    start_session(request, response, user)
    audit(request, "auth.login", actor=user.name, via="api")
    return LoginOut(user=me_of(user, "session"), csrf_token=csrf.token(request))


@router.post("/logout", status_code=204)
def logout(
    request: Request,
    response: Response,
    who: Annotated[Principal, Depends(require(password_change=True))],
) -> None:
    """End this browser session (a bearer token stays valid: revoke it with the CLI)."""
    if who.via != "session":
        raise HTTPException(400, "a bearer token has no session; revoke it with athar user revoke")
    audit(request, "auth.logout")
    end_session(request, response)


@router.post("/me/password", status_code=204)
def change_password(
    request: Request,
    body: PasswordIn,
    who: Annotated[Principal, Depends(require(password_change=True))],
) -> None:
    """Change your own password; ends your other sessions."""
    try:
        accounts.change_password(
            store_of(request), who.name, body.current, body.new, keep_session=who.session_hash
        )
    except accounts.AccountError as exc:
        raise HTTPException(400, str(exc)) from exc


section = Section(name="api-auth", router=router)
