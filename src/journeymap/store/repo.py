"""Queries of the studio's store: accounts and sessions, workspaces imported from and exported to folders, maps
and their CRDT update log, versions, comments and evidence files."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as OrmSession

from ..files.document import parse_document
from ..files.dump import dump_json, dump_yaml
from ..files.loader import WORKSPACE_FILE, read_workspace
from ..limits import MAX_ID
from . import tables as t
from .db import Store
from .updates import StoreUpdateLog as StoreUpdateLog  # the CRDT update log, re-exported

SESSION_DAYS = 14
SKIPPED_DIRS = {".journeymap", ".git", "__pycache__", "site", "node_modules"}


def slugify(text: str, fallback: str = "item") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or fallback


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- accounts ------------------------------------------------------------------------------------------------


def user_by_email(db: OrmSession, email: str) -> t.User | None:
    return db.scalar(select(t.User).where(func.lower(t.User.email) == email.strip().lower()))


def create_user(db: OrmSession, email: str, name: str, password_hash: str) -> t.User:
    user = t.User(email=email.strip().lower(), name=name.strip(), password_hash=password_hash)
    db.add(user)
    db.flush()
    return user


def create_session(db: OrmSession, user_id: int) -> tuple[str, str]:
    """A new session: the token for the cookie (only its hash is stored) and the CSRF token."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = datetime.now(UTC) + timedelta(days=SESSION_DAYS)
    db.add(t.Session(token_hash=token_hash(token), user_id=user_id, csrf_token=csrf, expires_at=expires))
    return token, csrf


def session_user(db: OrmSession, token: str) -> tuple[t.User, t.Session] | None:
    row = db.get(t.Session, token_hash(token))
    if row is None or aware(row.expires_at) < datetime.now(UTC):
        return None
    user = db.get(t.User, row.user_id)
    return (user, row) if user is not None else None


def end_session(db: OrmSession, token: str) -> None:
    db.execute(delete(t.Session).where(t.Session.token_hash == token_hash(token)))


# --- workspaces ---------------------------------------------------------------------------------------------


def _unique_slug(db: OrmSession, wanted: str) -> str:
    slug, n = wanted, 2
    while db.scalar(select(t.Workspace.id).where(t.Workspace.slug == slug)) is not None:
        slug, n = f"{wanted}-{n}", n + 1
    return slug


def create_workspace(db: OrmSession, name: str, settings: dict[str, Any] | None = None) -> t.Workspace:
    from ..files.dump import model_data
    from ..model import Workspace

    model = Workspace.model_validate(settings or {"name": name})
    data = model_data(model)
    row = t.Workspace(slug=_unique_slug(db, slugify(name, "workspace")), name=model.name or name, settings=data)
    db.add(row)
    db.flush()
    db.add(t.WorkspaceFile(workspace_id=row.id, path=WORKSPACE_FILE, content=dump_yaml(data).encode()))
    return row


def _files_of(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
            yield path


def import_workspace(store: Store, root: Path) -> int:
    """Import a workspace folder (validated first: a folder with errors is refused with its problems). Maps become
    CRDT documents; every other file is kept byte for byte. Returns the workspace id."""
    from ..files.dump import model_data

    source = read_workspace(root)
    map_paths = {m.path.resolve(): m for m in source.maps}
    with store.session() as db:
        data = model_data(source.workspace)
        name = source.workspace.name or root.resolve().name
        ws = t.Workspace(
            slug=_unique_slug(db, slugify(root.resolve().name, "workspace")),
            name=name,
            source_path=str(root.resolve()),
            settings=data,
        )
        db.add(ws)
        db.flush()
        for path in _files_of(root):
            relative = path.relative_to(root).as_posix()
            found = map_paths.get(path.resolve())
            if found is None:
                db.add(t.WorkspaceFile(workspace_id=ws.id, path=relative, content=path.read_bytes()))
                continue
            map_data = model_data(found.map)
            db.add(
                t.MapRow(
                    workspace_id=ws.id,
                    path=relative,
                    map_type=found.map.type.value,
                    title=found.map.title,
                    original_text=path.read_text(encoding="utf-8-sig"),
                    original_data=map_data,
                )
            )
        return ws.id


def workspace_by_source(db: OrmSession, root: Path) -> t.Workspace | None:
    return db.scalar(select(t.Workspace).where(t.Workspace.source_path == str(root.resolve())))


def map_text(row: t.MapRow, data: dict[str, Any]) -> str:
    """The file text of a map: the imported text while the data is unchanged, else canonical with its comments."""
    if row.original_text is not None and row.original_data == data:
        return row.original_text
    if row.path.lower().endswith(".json"):
        return dump_json(data)
    previous = None
    if row.original_text is not None:
        try:
            previous = parse_document(row.original_text, row.path)
        except Exception:  # an unreadable original only loses its comments
            previous = None
    return dump_yaml(data, previous)


@dataclass
class ExportedFile:
    path: str
    content: bytes


def workspace_files(db: OrmSession, workspace_id: int, map_data: dict[int, dict[str, Any]]) -> list[ExportedFile]:
    """Every file of the workspace folder; ``map_data`` holds each map's current data (from its CRDT document)."""
    files = [
        ExportedFile(f.path, f.content)
        for f in db.scalars(select(t.WorkspaceFile).where(t.WorkspaceFile.workspace_id == workspace_id))
    ]
    for row in db.scalars(select(t.MapRow).where(t.MapRow.workspace_id == workspace_id)):
        data = map_data.get(row.id, row.original_data or {})
        files.append(ExportedFile(row.path, map_text(row, data).encode()))
    return sorted(files, key=lambda f: f.path)


def write_folder(files: Iterable[ExportedFile], root: Path) -> None:
    """Write files under ``root`` (each atomically)."""
    from ..files.atomic import write_bytes_atomic

    for item in files:
        target = root / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, item.content)


def set_workspace_file(db: OrmSession, workspace_id: int, path: str, content: bytes) -> None:
    row = db.scalar(
        select(t.WorkspaceFile).where(t.WorkspaceFile.workspace_id == workspace_id, t.WorkspaceFile.path == path)
    )
    if row is None:
        db.add(t.WorkspaceFile(workspace_id=workspace_id, path=path, content=content))
    else:
        row.content = content
        row.updated_at = t.now()


# --- versions -----------------------------------------------------------------------------------------------


def last_version(db: OrmSession, map_id: int) -> t.Version | None:
    return db.scalar(select(t.Version).where(t.Version.map_id == map_id).order_by(t.Version.number.desc()).limit(1))


def authors_since(db: OrmSession, map_id: int, after_update: int) -> tuple[list[str], int]:
    """Names of the users whose updates come after ``after_update``, and the newest update id."""
    rows = db.execute(
        select(t.MapUpdate.id, t.User.name)
        .outerjoin(t.User, t.User.id == t.MapUpdate.user_id)
        .where(t.MapUpdate.map_id == map_id, t.MapUpdate.id > after_update)
        .order_by(t.MapUpdate.id)
    ).all()
    names: list[str] = []
    for _, name in rows:
        if name and name not in names:
            names.append(name)
    newest = rows[-1][0] if rows else after_update
    return names, newest


def add_version(
    db: OrmSession,
    map_id: int,
    data: dict[str, Any],
    *,
    kind: str,
    name: str | None = None,
    author_id: int | None = None,
    summary: str = "",
) -> t.Version:
    previous = last_version(db, map_id)
    authors, newest = authors_since(db, map_id, previous.upto_update if previous else 0)
    if author_id is not None:
        user = db.get(t.User, author_id)
        if user is not None and user.name not in authors:
            authors.append(user.name)
    version = t.Version(
        map_id=map_id,
        number=(previous.number + 1) if previous else 1,
        name=name,
        kind=kind,
        data=data,
        authors=authors,
        summary=summary,
        upto_update=newest,
        author_id=author_id,
    )
    db.add(version)
    db.flush()
    return version


def has_changes_since_version(db: OrmSession, map_id: int) -> bool:
    previous = last_version(db, map_id)
    after = previous.upto_update if previous else 0
    return (
        db.scalar(select(t.MapUpdate.id).where(t.MapUpdate.map_id == map_id, t.MapUpdate.id > after).limit(1))
        is not None
    )


# --- accounts and sessions, as the studio's pages list them ----------------------------------------------------


def user(db: OrmSession, user_id: int) -> t.User | None:
    return db.get(t.User, user_id) if 0 < user_id <= MAX_ID else None


def users(db: OrmSession) -> list[t.User]:
    return list(db.scalars(select(t.User).order_by(t.User.id)))


def user_count(db: OrmSession) -> int:
    return int(db.scalar(select(func.count()).select_from(t.User)) or 0)


def admin_count(db: OrmSession) -> int:
    return int(db.scalar(select(func.count()).select_from(t.User).where(t.User.is_admin.is_(True))) or 0)


def note_session_client(db: OrmSession, token: str, ip: str, user_agent: str | None) -> None:
    """Remember where a session was opened from and when it was last seen."""
    row = db.get(t.Session, token_hash(token))
    if row is not None:
        row.ip = ip
        row.user_agent = user_agent
        row.last_seen_at = datetime.now(UTC)


def drop_session(db: OrmSession, row: t.Session) -> None:
    """End one session (found by :func:`session_by_public_id`)."""
    db.delete(row)


def end_user_sessions(db: OrmSession, user_id: int, keep: str | None = None) -> None:
    """End every session of the user (but the one whose token hash is ``keep``)."""
    query = delete(t.Session).where(t.Session.user_id == user_id)
    if keep is not None:
        query = query.where(t.Session.token_hash != keep)
    db.execute(query)


def session_by_public_id(db: OrmSession, sid: str, user_id: int | None = None) -> t.Session | None:
    """A session by its public id (the first 16 hex digits of its token's hash), of ``user_id`` when given."""
    if len(sid) != 16 or any(c not in "0123456789abcdef" for c in sid):
        return None
    query = select(t.Session).where(t.Session.token_hash.startswith(sid))
    if user_id is not None:
        query = query.where(t.Session.user_id == user_id)
    return db.scalars(query).first()


def live_sessions(db: OrmSession, user_id: int | None = None) -> list[tuple[t.Session, t.User]]:
    """The sessions that have not expired (of one user, or everyone's) with their users, newest first."""
    query = select(t.Session, t.User).join(t.User, t.User.id == t.Session.user_id)
    if user_id is not None:
        query = query.where(t.Session.user_id == user_id)
    rows = db.execute(query.order_by(t.Session.created_at.desc())).all()
    now = datetime.now(UTC)
    return [(s, u) for s, u in rows if aware(s.expires_at) > now]


# --- workspaces and maps, as the studio lists them ------------------------------------------------------------


def workspace(db: OrmSession, workspace_id: int) -> t.Workspace | None:
    return db.get(t.Workspace, workspace_id) if 0 < workspace_id <= MAX_ID else None


def map_row(db: OrmSession, map_id: int) -> t.MapRow | None:
    return db.get(t.MapRow, map_id) if 0 < map_id <= MAX_ID else None


def map_counts(db: OrmSession, workspace_id: int | None = None) -> dict[int, int]:
    """How many maps (not in the trash) each workspace has (or only ``workspace_id``)."""
    query = select(t.MapRow.workspace_id, func.count()).where(t.MapRow.deleted_at.is_(None))
    if workspace_id is not None:
        query = query.where(t.MapRow.workspace_id == workspace_id)
    return {wid: int(n) for wid, n in db.execute(query.group_by(t.MapRow.workspace_id)).all()}


def live_maps(db: OrmSession, workspace_id: int) -> list[t.MapRow]:
    """The workspace's maps that are not in the trash, by path."""
    query = select(t.MapRow).where(t.MapRow.workspace_id == workspace_id, t.MapRow.deleted_at.is_(None))
    return list(db.scalars(query.order_by(t.MapRow.path)))


def map_ids(db: OrmSession, workspace_id: int) -> list[int]:
    """Every map of the workspace (in the trash too)."""
    return list(db.scalars(select(t.MapRow.id).where(t.MapRow.workspace_id == workspace_id)))


def map_paths(db: OrmSession, workspace_id: int) -> set[str]:
    return set(db.scalars(select(t.MapRow.path).where(t.MapRow.workspace_id == workspace_id)))


@dataclass(frozen=True)
class MapPlace:
    """Where a map lives: its workspace, its title, and whether it or its workspace is in the trash."""

    workspace_id: int
    title: str
    trashed: bool
    workspace_trashed: bool


def map_place(db: OrmSession, map_id: int) -> MapPlace | None:
    row = db.execute(
        select(t.MapRow.workspace_id, t.MapRow.title, t.MapRow.deleted_at, t.Workspace.deleted_at)
        .join(t.Workspace, t.Workspace.id == t.MapRow.workspace_id)
        .where(t.MapRow.id == map_id)
    ).first()
    if row is None:
        return None
    return MapPlace(row[0], row[1], row[2] is not None, row[3] is not None)


def workspace_trashed(db: OrmSession, workspace_id: int) -> bool | None:
    """Whether the workspace is in the trash (None: there is no such workspace)."""
    found = db.execute(select(t.Workspace.deleted_at).where(t.Workspace.id == workspace_id)).first()
    return None if found is None else found[0] is not None


def version_map_id(db: OrmSession, version_id: int) -> int | None:
    return db.scalar(select(t.Version.map_id).where(t.Version.id == version_id))


def evidence_map_id(db: OrmSession, evidence_id: int) -> int | None:
    return db.scalar(select(t.EvidenceFile.map_id).where(t.EvidenceFile.id == evidence_id))


# --- comments and versions, as the studio lists them ----------------------------------------------------------


def comment(db: OrmSession, comment_id: int) -> t.Comment | None:
    return db.get(t.Comment, comment_id) if 0 < comment_id <= MAX_ID else None


def comments(db: OrmSession, map_id: int) -> list[t.Comment]:
    return list(db.scalars(select(t.Comment).where(t.Comment.map_id == map_id).order_by(t.Comment.id)))


def add_comment(
    db: OrmSession, map_id: int, anchor: str, body: str, *, parent_id: int | None, author_id: int | None,
    guest_name: str | None,
) -> t.Comment:  # fmt: skip
    row = t.Comment(
        map_id=map_id, anchor=anchor, parent_id=parent_id, body=body, author_id=author_id, guest_name=guest_name
    )
    db.add(row)
    db.flush()
    return row


def delete_comment(db: OrmSession, row: t.Comment) -> None:
    """Delete a comment; its replies go with it."""
    db.delete(row)


def version(db: OrmSession, version_id: int) -> t.Version | None:
    return db.get(t.Version, version_id) if 0 < version_id <= MAX_ID else None


def versions(db: OrmSession, map_id: int) -> list[t.Version]:
    """The map's versions, newest first."""
    return list(db.scalars(select(t.Version).where(t.Version.map_id == map_id).order_by(t.Version.number.desc())))
