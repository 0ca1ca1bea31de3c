"""Accounts and sessions: sign-up, sign-in, passwords, one's sessions, and the admin's view of accounts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ...store import tables as t
from ..passwords import MAX_LENGTH
from ..text import EMAIL, NO_NUL
from .common import Timestamp, UserRef, maybe_timestamp, timestamp

SignupPolicy = Literal["open", "invite"]

# --- what the routes read -----------------------------------------------------------------------------------------


class UserCreate(BaseModel):
    """Sign up: a new account (by invitation, or when sign-up is open)."""

    email: str = Field(min_length=3, max_length=320, pattern=EMAIL)
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    invite: str | None = Field(None, max_length=200, description="the token of an invitation link")


class SessionCreate(BaseModel):
    """Sign in."""

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordUpdate(BaseModel):
    """Change one's password (the current one is asked again)."""

    current: str = Field(min_length=1, max_length=MAX_LENGTH)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordResetUpdate(BaseModel):
    """Set a new password with a one-time reset link."""

    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class AdminUserUpdate(BaseModel):
    """The admin disables or enables an account, makes or unmakes an admin."""

    disabled: bool | None = None
    is_admin: bool | None = None


# --- what the routes answer ---------------------------------------------------------------------------------------


class UserPublic(BaseModel):
    id: int
    email: str
    name: str
    is_admin: bool

    @classmethod
    def of(cls, user: t.User) -> UserPublic:
        return cls(id=user.id, email=user.email, name=user.name, is_admin=user.is_admin)


class DemoAccount(BaseModel):
    """The demo account's sign-in (only when the studio runs with ``--demo``)."""

    email: str
    password: str


class ShareGrantPublic(BaseModel):
    """The share link this browser opened: one map, as a viewer or a commenter."""

    link_id: int
    map_id: int
    role: str
    title: str


class TransportPublic(BaseModel):
    """Whether the connection is HTTPS and can keep the sign-in cookies (and what to do when it cannot)."""

    https: bool
    cookies_ok: bool
    message: str | None


class MePublic(BaseModel):
    user: UserPublic | None
    demo: DemoAccount | None
    signup: SignupPolicy
    share: ShareGrantPublic | None
    transport: TransportPublic


class SignupPublic(BaseModel):
    user: UserPublic | None
    workspace_id: int | None = Field(description="the workspace an invitation made the account a member of")
    signed_in: bool
    message: str


class SignedInPublic(BaseModel):
    user: UserPublic


class SessionPublic(BaseModel):
    id: str = Field(description="the first 16 hex digits of the session token's hash")
    created_at: Timestamp
    last_seen_at: Timestamp | None
    expires_at: Timestamp
    ip: str | None
    user_agent: str | None
    current: bool

    @classmethod
    def of(cls, row: t.Session, current: str | None = None) -> SessionPublic:
        return cls(
            id=row.token_hash[:16],
            created_at=timestamp(row.created_at),
            last_seen_at=maybe_timestamp(row.last_seen_at),
            expires_at=timestamp(row.expires_at),
            ip=row.ip,
            user_agent=row.user_agent,
            current=row.token_hash == current,
        )


class AdminSessionPublic(SessionPublic):
    user: UserRef


class WorkspaceRef(BaseModel):
    id: int
    name: str


class InvitationOfferPublic(BaseModel):
    """What an invitation link offers."""

    email: str
    role: str | None
    workspace: WorkspaceRef | None
    invited_by: str | None
    expires_at: Timestamp


class ResetInfoPublic(BaseModel):
    email: str


class AdminUserPublic(BaseModel):
    id: int
    email: str
    name: str
    is_admin: bool
    disabled: bool
    created_at: Timestamp
    last_sign_in_at: Timestamp | None

    @classmethod
    def of(cls, user: t.User) -> AdminUserPublic:
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            is_admin=user.is_admin,
            disabled=user.disabled,
            created_at=timestamp(user.created_at),
            last_sign_in_at=maybe_timestamp(user.last_sign_in_at),
        )


class ResetLinkPublic(BaseModel):
    """A one-time password-reset link, handed over by the admin."""

    url: str
    expires_at: Timestamp
