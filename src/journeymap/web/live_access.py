"""Who a live connection belongs to, and which connections a revocation closes (as plain data, so that every
studio process sharing the store applies it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def revoked(who: Mapping[str, Any], user: Mapping[str, Any]) -> bool:
    """Whether a live connection's user mapping (:func:`live_user`) is among those ``who`` names: ``{"session":
    hash}``, ``{"share_link": id}``, ``{"user": id, "keep": session hash or None}`` (every session of the user but
    one), ``{"user": id, "workspace": id}`` (a member removed). Plain data, so other processes apply it too."""
    if "session" in who:
        return bool(user.get("session") == who["session"])
    if "share_link" in who:
        return bool(user.get("share_link") == who["share_link"])
    if user.get("id") != who.get("user"):
        return False
    if "workspace" in who:
        return bool(user.get("workspace_id") == who["workspace"])
    return bool(user.get("session") != who.get("keep"))


def live_user(principal: Any) -> dict[str, Any]:
    """The user mapping of a live connection (what :meth:`Studio.forget` matches on)."""
    return {
        "id": principal.id,
        "name": principal.name,
        "session": principal.session,
        "share_link": principal.share.link_id if principal.share else None,
        "workspace_id": principal.workspace_id,
    }
