"""``journeymap build``: the site of a workspace (or of a folder of workspaces), built by
:mod:`journeymap.core.site`; notes (e.g. no evidence reports without the evidence extra) go to stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core import site

__all__ = ["build_site"]


def build_site(folder: Path, output: Path) -> tuple[Path, int]:
    """Build the site of ``folder`` into ``output``; returns the top index page and the number of maps."""
    built = site.build_site(folder, output)
    for note in built.notes:
        sys.stderr.write(f"note: {note}\n")
    return built.index, built.maps
