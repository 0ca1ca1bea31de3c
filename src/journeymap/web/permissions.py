"""Who may do what: the one rule of the studio, for every REST route and the websocket.

A route names its *action* (``authorize("map:edit")``); :func:`decide` says whether a *role* may do it. A caller's
role on a target is their membership role in the workspace that owns the target (a map, comment, version,
evidence upload, share link, member, invitation), or — for the one map a share link opens — the link's role. A
caller with no role on the target learns nothing: the answer is 404, as for an id that does not exist.

Two rules look at the target itself, not only the role: a comment is edited only by its author, and deleted by
its author or an owner (:func:`decide` takes ``is_author``).

``RULES`` is the table of ``docs/studio.md`` (:func:`role_table_markdown`) ("Teams"); a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"
    COMMENTER = "commenter"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Role.VIEWER: 1, Role.COMMENTER: 2, Role.EDITOR: 3, Role.OWNER: 4}
ROLES = [role.value for role in Role]
SHARE_ROLES = (Role.VIEWER, Role.COMMENTER)
"""The roles a share link may carry."""


@dataclass(frozen=True)
class Rule:
    action: str
    covers: str
    least: Role
    """The least role that may do it."""
    share: Role | None = None
    """The least share-link role that may do it on the link's map (None: no share link may)."""


RULES = [
    Rule("workspace:read", "see the workspace, its maps, personas and settings", Role.VIEWER),
    Rule("members:read", "list the members", Role.VIEWER),
    Rule("map:read", "open a map (live, read-only below editor), its problems and lint", Role.VIEWER, Role.VIEWER),
    Rule("map:export", "download the map in any format", Role.VIEWER, Role.VIEWER),
    Rule("version:read", "the history: versions, diffs, drawings of old versions", Role.VIEWER),
    Rule("evidence:read", "the uploads, the analyses and the report", Role.VIEWER),
    Rule("comment:read", "read the comments", Role.VIEWER, Role.VIEWER),
    Rule("comment:create", "comment and reply, `@name` mentions", Role.COMMENTER, Role.COMMENTER),
    Rule("comment:resolve", "resolve and reopen threads", Role.COMMENTER),
    Rule("comment:edit", "edit a comment — **only its author**", Role.COMMENTER),
    Rule("comment:delete", "delete a comment — its author, or an **owner** any comment", Role.COMMENTER),
    Rule(
        "map:edit",
        "edit the map (live co-editing, replace, rename, measure with evidence, restore a version, name a version)",
        Role.EDITOR,
    ),
    Rule("map:create", "create, derive and duplicate maps", Role.EDITOR),
    Rule("map:delete", "move a map to the trash, restore it from the trash", Role.EDITOR),
    Rule("evidence:create", "upload evidence", Role.EDITOR),
    Rule("evidence:refresh", "refresh the map's evidence from the workspace's sources", Role.EDITOR),
    Rule("workspace:edit", "personas, workspace settings, the 5Cs", Role.EDITOR),
    Rule("workspace:export", "download the whole workspace folder (raw evidence included)", Role.EDITOR),
    Rule("workspace:duplicate", "copy the workspace into a new one of one's own", Role.EDITOR),
    Rule("share:manage", "create, list and revoke the map's share links", Role.EDITOR),
    Rule("members:manage", "invite, change roles, remove members (the last owner stays)", Role.OWNER),
    Rule("workspace:admin", "rename, delete (to the trash) and restore the workspace; its audit log", Role.OWNER),
]
ACTIONS = {rule.action: rule for rule in RULES}

ACCOUNT_ACTIONS = {"account", "workspace:create", "admin"}
"""Actions on no workspace: ``account`` (any signed-in user: their inbox, sessions, password, trash),
``workspace:create`` (any signed-in user) and ``admin`` (the instance admin)."""


def decide(role: Role | None, action: str, *, share: Role | None = None, is_author: bool | None = None) -> bool:
    """Whether a member with ``role`` (or a share-link visitor with ``share``, on the link's map) may do
    ``action``. ``is_author`` is whether the caller wrote the comment the action is on (for ``comment:edit`` and
    ``comment:delete``)."""
    rule = ACTIONS[action]
    allowed = role is not None and role.rank >= rule.least.rank
    if not allowed and share is not None and rule.share is not None:
        allowed = share.rank >= rule.share.rank
    if not allowed:
        return False
    if action == "comment:edit":
        return bool(is_author)
    if action == "comment:delete":
        return bool(is_author) or role is Role.OWNER
    return True


def role_table_markdown() -> str:
    """The roles table of ``docs/studio.md``."""
    columns = [*(r.value for r in Role), "share link (viewer)", "share link (commenter)"]
    lines = [
        "| action | what it covers | " + " | ".join(columns) + " |",
        "|---|---|" + "---|" * len(columns),
    ]
    for rule in RULES:
        cells = ["✔" if rule.least.rank <= role.rank else "" for role in Role]
        for link in SHARE_ROLES:
            cells.append("✔ (that map)" if rule.share is not None and link.rank >= rule.share.rank else "")
        lines.append(f"| `{rule.action}` | {rule.covers} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
