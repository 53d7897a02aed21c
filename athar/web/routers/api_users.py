"""``/api/users``: accounts, for admins (the same domain functions as ``athar user``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from athar import accounts
from athar.store import UserInfo
from athar.web.auth import Principal, require, store_of
from athar.web.sections import Section

router = APIRouter(prefix="/api", tags=["users"])
Admin = Annotated[Principal, Depends(require("admin"))]


class UserOut(BaseModel):
    name: str
    role: str
    must_change_password: bool
    created_at: datetime
    disabled: bool


class UserIn(BaseModel):
    name: str
    role: Literal["admin", "caseworker", "reviewer", "analyst"]


class Created(BaseModel):
    user: UserOut
    one_time_password: str


def user_out(user: UserInfo) -> UserOut:
    return UserOut(
        name=user.name,
        role=user.role,
        must_change_password=user.must_change_password,
        created_at=user.created_at,
        disabled=user.disabled,
    )


@router.get("/users", response_model=list[UserOut])
def list_users(request: Request, who: Admin) -> list[UserOut]:
    return [user_out(u) for u in store_of(request).users()]


@router.post("/users", response_model=Created, status_code=201)
def add_user(request: Request, body: UserIn, who: Admin) -> Created:
    """Create an account with a one-time password (shown only in this answer)."""
    try:
        issued = accounts.add_user(store_of(request), body.name, body.role, by=who.name)
    except accounts.AccountError as exc:
        raise HTTPException(400, str(exc)) from exc
    return Created(user=user_out(issued.user), one_time_password=issued.secret)


@router.post("/users/{name}/disable", response_model=UserOut)
def disable_user(request: Request, name: str, who: Admin) -> UserOut:
    """Disable an account: its sessions end and its tokens stop working."""
    if name == who.name:
        raise HTTPException(400, "you cannot disable yourself")
    return _set_disabled(request, name, True, who)


@router.post("/users/{name}/enable", response_model=UserOut)
def enable_user(request: Request, name: str, who: Admin) -> UserOut:
    return _set_disabled(request, name, False, who)


def _set_disabled(request: Request, name: str, disabled: bool, who: Principal) -> UserOut:
    try:
        return user_out(store_of(request).set_disabled(name, disabled, by=who.name))
    except accounts.AccountError as exc:
        raise HTTPException(404, str(exc)) from exc


section = Section(name="api-users", router=router)
