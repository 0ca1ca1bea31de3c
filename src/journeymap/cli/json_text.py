"""JSON for ``--format json``: always valid JSON (see :mod:`journeymap.json_text`, shared with the library)."""

from __future__ import annotations

from ..json_text import finite, json_text

__all__ = ["finite", "json_text"]
