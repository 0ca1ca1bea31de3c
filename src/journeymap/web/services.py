"""The studio's services: the store, the CRDT rooms, and the operations the API routes share (map data, checks,
versions, workspace folders)."""

from __future__ import annotations

import logging
import math
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
from pydantic import BaseModel, ValidationError

from ..errors import MapFileError, NotFoundError, Problem
from ..files.dump import dump_json, dump_yaml, model_data
from ..files.loader import MapSource, check_map_data
from ..limits import limits
from ..model import Map, Persona, Workspace
from ..render.registry import RenderContext
from ..store import Store, accounts, maps, open_store, repo, team
from ..store import tables as t
from . import ydoc
from .live_access import live_user as live_user
from .live_access import revoked
from .realtime import RoomManager
from .relay import LocalRelay, PostgresRelay
from .security import hash_password
from .settings import DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD, Settings

log = logging.getLogger("journeymap.studio")
M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any], display: str) -> M:
    """``data`` as a ``model``; raises :class:`MapFileError` with one problem (located by element) per error."""
    bad = value_problems(data)
    if bad:
        raise MapFileError(bad)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        from ..files.document import parse_document
        from ..files.validation import problems_from_validation

        problems = problems_from_validation(error, parse_document(dump_json(data), display), model)
        raise MapFileError(
            [Problem(p.code, p.path or display, p.message, p.hint, p.severity, "", p.loc) for p in problems]
        ) from None


STRUCTURE_ERRORS = ("_type", "_parsing", "string_too_long", "too_long", "recursion_loop")
"""Pydantic error types that mean a document's shape is broken (a value of the wrong kind, a text or list over its
limit) — as opposed to a value still being typed (an empty name), which a live document may hold for a while."""


def value_problems(data: Any, where: str = "", found: list[Problem] | None = None) -> list[Problem]:
    """Values JSON may carry but a map file may not (located, at most 20): text over ``limits().text_chars`` (refused
    before any slower check), text with NUL characters (no YAML file or PostgreSQL text holds them) and numbers
    that are not finite (``NaN``, ``Infinity``)."""
    found = [] if found is None else found
    stack: list[tuple[Any, str]] = [(data, where)]
    while stack and len(found) < 20:
        value, at = stack.pop()
        if isinstance(value, dict):
            stack.extend((item, f"{at}.{key}" if at else str(key)) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{at}[{i}]") for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and len(value) > limits().text_chars:
            found.append(limits().problem("text_chars", at or "body", "this text", f"{len(value):,} characters"))
        elif isinstance(value, str) and "\x00" in value:
            found.append(Problem("JM104", at or "body", "text holds a NUL character", "remove the control character"))
        elif isinstance(value, float) and not math.isfinite(value):
            found.append(Problem("JM104", at or "body", f"{value} is not a number a map holds", "give a finite number"))
    return found


def live_refusal(data: dict[str, Any]) -> str | None:
    """Why a live document may not take this data (its shape is broken, or checking it fails), or None.

    The map stays readable and exportable: a value of the wrong kind (an object as an id, a list as a name) is
    refused; problems an editor fixes as they go (an empty name, a reference to a step not yet made) are not."""
    bad = value_problems(data)
    if bad:
        return f"{bad[0].where}: {bad[0].message} — the change was not saved"
    try:
        Map.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            if item["type"].endswith(STRUCTURE_ERRORS):
                where = ".".join(str(part) for part in item["loc"]) or "map"
                return f"{where}: {item['msg']} — the change was not saved"
    except (TypeError, ValueError, RecursionError, OverflowError) as error:
        return f"map: {error} — the change was not saved"
    try:
        check_map_data(data, "map")
    except MapFileError:
        return None
    except Exception as error:  # a crash in a later check: the map would no longer open
        log.warning("live change refused: checking the map failed: %r", error)
        return "map: the change makes the map impossible to check — it was not saved"
    return None


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """A map's data with its keys in the canonical order (a Y.Map keeps no order); data with errors as it is."""
    try:
        return model_data(Map.model_validate(data))
    except ValueError:
        return data


def initial_state(data: dict[str, Any]) -> bytes:
    """The CRDT state of a new map document holding ``data``."""
    return ydoc.encode_state(ydoc.new_doc(data))


def warm_up() -> None:
    """Import what the first upload, analysis and export need (seconds of work that holds the interpreter's lock:
    done once at start, in a thread, rather than during someone's request)."""
    import importlib

    for name in ("journeymap.evidence.engine", "journeymap.evidence.events", "journeymap.evidence.sources",
                 "journeymap.evidence.survey", "journeymap.render.registry", "journeymap.lint.engine"):  # fmt: skip
        try:
            importlib.import_module(name)
        except Exception:  # an extra that is not installed: its routes say so when asked
            log.debug("warm-up: %s not imported", name, exc_info=True)
    try:
        from ..evidence.engine import Engine
        from ..lint.phrasing import _resources

        with Engine():
            pass
        _resources()
    except Exception:
        log.debug("warm-up incomplete", exc_info=True)


class Studio:
    """Everything a request needs: settings, store and rooms. One per app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: Store = open_store(settings.database)
        self.relay = PostgresRelay(self.store) if self.store.dialect == "postgresql" else LocalRelay()
        """Other processes may serve a PostgreSQL store: their edits, presence and notices come through it."""
        self.rooms = RoomManager(
            repo.StoreUpdateLog(
                self.store,
                origin=self.relay.origin,
                merge=ydoc.merge_states,
                rebuild=ydoc.rebuilt_state,
                clients=ydoc.client_ids,
            ),
            on_change=self._on_change,
            on_idle=self._on_idle,
            check=live_refusal,
            relay=self.relay,
            on_message=self._on_remote,
        )
        self._last_version_at: dict[int, float] = {}
        self._loop_thread: int | None = None
        self.recent_sessions: dict[str, tuple[float, object]] = {}
        """Sessions that opened a live document in the last seconds (token → (time, principal)): a client that
        reconnects, or opens map after map, is admitted without a database round trip. Signing out drops its entry."""

    # --- start and stop -------------------------------------------------------------------------------------

    def start(self) -> None:
        self._loop_thread = threading.get_ident()  # the lifespan runs on the event loop's thread
        if self.settings.warm_up:
            threading.Thread(target=warm_up, name="journeymap-warm-up", daemon=True).start()
        with self.store.exclusive("studio-setup"):  # processes starting together set the store up once
            if self.settings.demo:
                self.ensure_demo_user()
            for folder in self.settings.workspaces:
                self.import_folder(folder)
        with self.store.session() as db:
            purged = team.purge_trash(db)
            # workspaces the server imported belong to the instance admin (the demo account with --demo); with no
            # account yet, the first account to sign up takes them
            admin = accounts.first_admin_id(db)
            if self.settings.demo:
                admin = accounts.user_id_by_email(db, DEMO_EMAIL) or admin
            if admin is not None:
                team.adopt_unowned_workspaces(db, admin)
        if purged:
            log.info("purged %d workspaces and maps that were in the trash for %d days", purged, team.TRASH_DAYS)

    # --- live sessions --------------------------------------------------------------------------------------

    def forget(self, who: Mapping[str, Any]) -> None:
        """Drop the callers ``who`` names (see :func:`revoked`) from the admission cache and close their live
        connections, in every process."""
        self.rooms.publish({"k": "forget", "w": dict(who)})
        self._forget_here(who)

    def _forget_here(self, who: Mapping[str, Any]) -> None:
        def predicate(user: Mapping[str, Any]) -> bool:
            return revoked(who, user)

        self.recent_sessions = {
            key: value for key, value in self.recent_sessions.items() if not predicate(live_user(value[1]))
        }
        self.on_loop(self.rooms.disconnect, predicate)

    def _on_remote(self, message: dict[str, Any]) -> None:
        """A message of another process the rooms do not handle (on the event loop's thread)."""
        if message.get("k") == "forget" and isinstance(message.get("w"), dict):
            self._forget_here(message["w"])

    def on_loop(self, action: Callable[..., Any], *args: Any) -> None:
        """Run ``action`` on the event loop's thread: the rooms' connections (their events and cancel scopes) are
        only ever touched there, also by routes that run in a worker thread."""
        if self._loop_thread is None or threading.get_ident() == self._loop_thread:
            action(*args)
        else:
            anyio.from_thread.run_sync(action, *args)

    def notify_map(self, map_id: int, notice: Mapping[str, Any]) -> None:
        """Tell every live client of the map (e.g. that its comments changed)."""
        self.on_loop(self.rooms.notify_map, map_id, notice)

    def notify_user(self, user_id: int, notice: Mapping[str, Any]) -> None:
        """Tell every live connection of the user (e.g. that they were mentioned)."""
        self.on_loop(self.rooms.notify_user, user_id, notice)

    def forget_session(self, token: str) -> None:
        self.forget_session_hash(repo.token_hash(token))

    def forget_session_hash(self, session: str) -> None:
        self.forget({"session": session})

    def forget_user_sessions(self, user_id: int, keep: str | None = None) -> None:
        self.forget({"user": user_id, "keep": keep})

    def forget_workspace_member(self, workspace_id: int, user_id: int) -> None:
        self.forget({"user": user_id, "workspace": workspace_id})

    async def stop(self) -> None:
        await self.rooms.close_all()
        self.store.dispose()

    def ensure_demo_user(self) -> None:
        with self.store.session() as db:
            if repo.user_by_email(db, DEMO_EMAIL) is None:
                first = repo.user_count(db) == 0
                user = repo.create_user(db, DEMO_EMAIL, DEMO_NAME, hash_password(DEMO_PASSWORD))
                accounts.set_admin(user, first)

    def import_folder(self, folder: Path, *, forget_source: bool = False) -> int:
        """Import a workspace folder once; a folder already in the store keeps the studio's state. With
        ``forget_source`` (a copy made from a temporary folder) the folder is not remembered."""
        if not forget_source:
            with self.store.session() as db:
                existing = repo.workspace_by_source(db, folder)
                if existing is not None:
                    return existing.id
        workspace_id = repo.import_workspace(self.store, folder)
        with self.store.session() as db:
            if forget_source:
                maps.forget_source(db, workspace_id)
            maps.start_imported_maps(db, workspace_id, initial_state)
        log.info("imported %s", folder)
        return workspace_id

    # --- maps ---------------------------------------------------------------------------------------------

    def map_row(self, map_id: int) -> t.MapRow:
        with self.store.session() as db:
            row = repo.map_row(db, map_id)
            if row is None:
                raise NotFoundError(f"map {map_id}")
            return row

    async def map_data(self, map_id: int) -> dict[str, Any]:
        self.map_row(map_id)
        return await self.rooms.data(map_id)

    async def set_map_data(self, map_id: int, data: dict[str, Any], user_id: int | None) -> None:
        await self.rooms.apply_json(map_id, data, user_id)
        self.note_title(map_id, data)

    def note_title(self, map_id: int, data: dict[str, Any]) -> None:
        """Keep the map's row (listed without loading documents) in step with its data's title and type."""
        with self.store.session() as db:
            maps.note_title(db, map_id, str(data.get("title") or ""), str(data.get("type") or ""))

    def create_map(self, workspace_id: int, data: dict[str, Any], user_id: int | None, kind: str = "created") -> int:
        with self.store.session() as db:
            if repo.workspace(db, workspace_id) is None:
                raise NotFoundError(f"workspace {workspace_id}")
            stem = repo.slugify(str(data.get("id") or data.get("title") or "map"), "map")
            row = maps.create_map(
                db,
                workspace_id,
                stem,
                map_type=str(data.get("type", "customer-journey-map")),
                title=str(data.get("title", "")),
                state=initial_state(data),
            )
            repo.add_version(db, row.id, data, kind="created", author_id=user_id, summary=f"map {kind}")
            return row.id

    def _personas(self, workspace_id: int) -> list[Persona]:
        from ..files.document import parse_document

        personas: list[Persona] = []
        with self.store.session() as db:
            files = maps.persona_files(db, workspace_id)
        for item in sorted(files, key=lambda f: f.path):
            if not item.path.lower().endswith((".yaml", ".yml", ".json")):
                continue
            try:
                doc = parse_document(item.content.decode("utf-8-sig"), item.path)
                personas.append(Persona.model_validate(dict(doc.tree)))
            except Exception as error:  # a persona file the user broke outside the studio: shown, not fatal
                log.warning("persona %s unreadable: %s", item.path, error)
        return personas

    def workspace_model(self, workspace_id: int) -> Workspace:
        with self.store.session() as db:
            row = repo.workspace(db, workspace_id)
            if row is None:
                raise NotFoundError(f"workspace {workspace_id}")
            settings = dict(row.settings)
        return Workspace.model_validate(settings).model_copy(update={"personas": self._personas(workspace_id)})

    async def check(self, map_id: int, data: dict[str, Any] | None = None) -> tuple[Map | None, list[Problem]]:
        """The map and its problems (validation and references) — the map is None when it has errors."""
        row = self.map_row(map_id)
        if data is None:
            data = await self.map_data(map_id)
        checked = data

        def work() -> tuple[Map | None, list[Problem]]:
            bad = value_problems(checked)
            if bad:
                return None, bad
            personas = [p.id for p in self._personas(row.workspace_id)]
            try:
                source = check_map_data(checked, row.path, personas=personas)
            except MapFileError as error:
                return None, list(error.problems)
            except (TypeError, ValueError, RecursionError, OverflowError) as error:  # never a 500 for a bad map
                log.warning("checking map %s failed: %r", map_id, error)
                return None, [Problem("JM104", row.path, f"the map cannot be checked: {error}", "fix its data")]
            return source.map, list(source.problems)

        return await anyio.to_thread.run_sync(work)  # parsing and checking a big map never holds the event loop

    async def source(self, map_id: int) -> MapSource:
        row = self.map_row(map_id)
        data = await self.map_data(map_id)

        def work() -> MapSource:
            personas = [p.id for p in self._personas(row.workspace_id)]
            return check_map_data(data, row.path, personas=personas)

        return await anyio.to_thread.run_sync(work)

    async def render_context(self, map_id: int, options: dict[str, str] | None = None) -> RenderContext:
        row = self.map_row(map_id)
        workspace = self.workspace_model(row.workspace_id)
        return RenderContext(
            personas=tuple(workspace.personas),
            vmpi_bands=tuple(workspace.settings.vmpi_bands),
            options=options or {},
            stale_after_days=workspace.settings.stale_after_days,
        )

    # --- versions -------------------------------------------------------------------------------------------

    async def take_version(
        self, map_id: int, *, kind: str, name: str | None = None, user_id: int | None = None, if_changed: bool = False
    ) -> int:
        """A new version of the map as it is now (its id); with ``if_changed``, none when no update came after the
        newest version (the newest's id), e.g. because another process on the store just took one."""
        data = await self.map_data(map_id)

        def save() -> int:
            with self.store.exclusive(f"map-versions:{map_id}") as db:  # numbered once, whichever process saves
                previous = repo.last_version(db, map_id)
                if if_changed and previous is not None and not repo.has_changes_since_version(db, map_id):
                    return previous.id
                summary = version_summary(previous.data if previous else None, data)
                version = repo.add_version(db, map_id, data, kind=kind, name=name, author_id=user_id, summary=summary)
                return version.id

        version_id = await anyio.to_thread.run_sync(save)
        self.note_title(map_id, data)
        self._last_version_at[map_id] = time.monotonic()
        return version_id

    async def _on_change(self, map_id: int, user_id: int | None) -> None:
        every = self.settings.auto_version_minutes * 60
        last = self._last_version_at.setdefault(map_id, time.monotonic())
        if time.monotonic() - last < every:
            return
        age = await anyio.to_thread.run_sync(self._version_age, map_id)
        if age is not None and age < every:  # another process on the store took one meanwhile
            self._last_version_at[map_id] = time.monotonic() - age
            return
        await self.take_version(map_id, kind="auto")

    def _version_age(self, map_id: int) -> float | None:
        """Seconds since the map's newest version (whoever took it), or None when it has none."""
        with self.store.session() as db:
            newest = repo.last_version(db, map_id)
            return None if newest is None else (team.utcnow() - repo.aware(newest.created_at)).total_seconds()

    async def _on_idle(self, map_id: int) -> None:
        def changed() -> bool:
            with self.store.session() as db:
                return repo.has_changes_since_version(db, map_id)

        try:
            if await anyio.to_thread.run_sync(changed):
                await self.take_version(map_id, kind="auto", if_changed=True)
        except Exception:  # the map may have been deleted while its room closed
            log.exception("automatic version of map %s failed", map_id)

    # --- workspace folders ----------------------------------------------------------------------------------

    async def exported_files(self, workspace_id: int) -> list[repo.ExportedFile]:
        with self.store.session() as db:
            if repo.workspace(db, workspace_id) is None:
                raise NotFoundError(f"workspace {workspace_id}")
            ids = repo.map_ids(db, workspace_id)
        raw = {map_id: await self.rooms.data(map_id) for map_id in ids}
        data = await anyio.to_thread.run_sync(lambda: {map_id: canonical(item) for map_id, item in raw.items()})
        with self.store.session() as db:
            return repo.workspace_files(db, workspace_id, data)

    @asynccontextmanager
    async def workspace_folder(self, workspace_id: int) -> AsyncIterator[Path]:
        """The workspace as a folder of files (a temporary copy), for the analyses that read workspaces."""
        files = await self.exported_files(workspace_id)
        with tempfile.TemporaryDirectory(prefix="journeymap-studio-") as tmp:
            root = Path(tmp) / "workspace"
            await anyio.to_thread.run_sync(repo.write_folder, files, root)
            yield root

    def save_settings(self, workspace_id: int, settings: dict[str, Any]) -> dict[str, Any]:
        """Replace the workspace file (under its store-wide lock, as every save of it); its data as stored."""
        from .method_service import save_settings

        return save_settings(self, workspace_id, settings, None)[1]

    def save_persona(self, workspace_id: int, persona_data: dict[str, Any]) -> dict[str, Any]:
        from ..files.document import parse_document

        persona = validated(Persona, persona_data, "persona")
        data = model_data(persona)
        with self.store.session() as db:
            if repo.workspace(db, workspace_id) is None:
                raise NotFoundError(f"workspace {workspace_id}")
            files = maps.persona_files(db, workspace_id)
            target, previous = f"personas/{persona.id}.yaml", None
            for item in files:
                try:
                    doc = parse_document(item.content.decode("utf-8-sig"), item.path)
                except Exception:
                    continue
                if isinstance(doc.tree, dict) and doc.tree.get("id") == persona.id:
                    target, previous = item.path, doc
                    break
            repo.set_workspace_file(db, workspace_id, target, dump_yaml(data, previous).encode())
        return data


def _counted(n: int, key: str) -> str:
    """``steps_added`` and 1 → "1 step added"."""
    noun, _, verb = key.rpartition("_")  # value_moments_added → "value moments" + "added"
    return f"{n} {(noun.removesuffix('s') if n == 1 else noun).replace('_', ' ')} {verb}"


def version_summary(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """One line saying what changed between two versions' data."""
    if before is None:
        return "first version"
    if before == after:
        return "no changes"
    try:
        from ..analysis.diff import diff_maps

        summary = diff_maps(Map.model_validate(before), Map.model_validate(after)).summary()
    except Exception:  # data with errors cannot be compared step by step
        return "changed (the map has errors, so no step-by-step summary)"
    parts = [_counted(n, key) for key, n in summary.items() if n and key != "cards_unchanged"]
    if Map.model_validate(before).title != Map.model_validate(after).title:
        parts.insert(0, "title changed")
    return ", ".join(parts) or "details changed (text, scores or settings)"
