"""Changes to accounts and their sessions: admins, disabled accounts, passwords, sign-ins and where a session was
last seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from . import tables as t
from .repo import create_session, note_session_client
from .team import utcnow


def first_admin_id(db: OrmSession) -> int | None:
    """The oldest admin account's id (None: no admin yet)."""
    return db.scalar(select(t.User.id).where(t.User.is_admin.is_(True)).order_by(t.User.id).limit(1))


def user_id_by_email(db: OrmSession, email: str) -> int | None:
    """The id of the account of exactly this (stored, lower-case) address."""
    return db.scalar(select(t.User.id).where(t.User.email == email))


def set_admin(row: t.User, is_admin: bool) -> None:
    row.is_admin = is_admin


def set_disabled(row: t.User, disabled: bool) -> None:
    """Disable or enable an account (ending its sessions is :func:`repo.end_user_sessions`)."""
    row.disabled = disabled


def set_password(row: t.User, password_hash: str) -> None:
    row.password_hash = password_hash


def sign_in(db: OrmSession, row: t.User, ip: str, user_agent: str | None) -> tuple[str, str]:
    """A new session of the account, opened from ``ip`` with ``user_agent``; the account's last sign-in is now.
    Returns the session's token (for its cookie) and its CSRF token."""
    token, csrf = create_session(db, row.id)
    db.flush()
    note_session_client(db, token, ip, user_agent)
    row.last_sign_in_at = utcnow()
    return token, csrf


def note_seen(row: t.Session, moment: datetime, ip: str | None, user_agent: str | None) -> None:
    """The session was seen at ``moment`` (from ``ip`` with ``user_agent`` when known: None keeps them)."""
    row.last_seen_at = moment
    if ip is not None:
        row.ip = ip
        row.user_agent = user_agent
