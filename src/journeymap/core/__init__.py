"""The library core that the CLI, the studio and notebooks call.

- :mod:`journeymap.core.workspace` — :func:`~journeymap.core.workspace.open_path` (``journeymap.open``) and
  :class:`~journeymap.core.workspace.OpenWorkspace`;
- :mod:`journeymap.core.maps` — :class:`~journeymap.core.maps.OpenMap`: render, lint, analyse, save, and draw
  itself in Jupyter;
- :mod:`journeymap.core.context` — a map with what renderers need from its workspace;
- :mod:`journeymap.core.site` — a workspace (or a folder of them) as a static site;
- :mod:`journeymap.core.evidence` — measure a map with a survey, discover the journey in an event log.

Nothing is imported here, so importing a sub-module stays cheap.
"""
