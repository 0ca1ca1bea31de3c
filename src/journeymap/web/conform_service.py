"""Planned vs actual in the studio: the "conform" analysis of a map, drawn as an HTML page from the studio's own
evidence — the map's latest uploaded event log (read with the columns it was applied with, steps linked by name),
else the event log its workspace lists under ``evidence:`` (steps linked by the step mapping kept beside it, see
:func:`~journeymap.evidence.conform_steps.step_mapping_beside`, else by name). ``analysis_service`` calls
:func:`conform_html`; the rules are in :mod:`journeymap.evidence.conform`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..store import evidence as stored
from . import evidence_service as service

if TYPE_CHECKING:
    from ..model import Map
    from .services import Studio

__all__ = ["conform_html"]


async def conform_html(studio: Studio, map_id: int, journey_map: Map) -> str:
    """The planned-vs-actual page of the map (:class:`NotFoundError` when it has no event log)."""
    from ..evidence.conform import conform_log
    from ..render.conform_html import render_conform_html

    row = studio.map_row(map_id)
    with studio.store.session() as db:
        upload = stored.latest_events(db, map_id)
    if upload is not None:
        roles = service.event_roles(upload.mapping)

        def run() -> str:
            with service.scratch(upload.filename, upload.content) as path:
                result = conform_log(
                    journey_map, path, case=roles.case, activity=roles.activity, time=roles.time,
                    shown=f"{upload.filename} (uploaded)", map_path=row.path,
                )  # fmt: skip
            return render_conform_html(result)

        return await service.in_thread(run)
    events = service.workspace_events(studio, map_id, row.workspace_id, journey_map.id)
    async with studio.workspace_folder(row.workspace_id) as root:

        def run_workspace() -> str:
            from ..evidence.conform_steps import step_mapping_beside

            with service.shown_as({f"{root}/": "", str(root): "."}, events):
                path = service.inside_workspace_folder(root, events, "evidence.events")
                steps = step_mapping_beside(path)
                if steps is not None and not steps.resolve().is_relative_to(root.resolve()):
                    steps = None  # a link out of the workspace is not read
                result = conform_log(journey_map, path, steps=steps, shown=events, map_path=row.path)
            return render_conform_html(result)

        return await service.in_thread(run_workspace)
