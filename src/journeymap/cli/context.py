"""Kept for callers of the old place: the map + workspace context now lives in :mod:`journeymap.core.context`."""

from __future__ import annotations

from ..core.context import context_for, load_map_and_context

__all__ = ["context_for", "load_map_and_context"]
