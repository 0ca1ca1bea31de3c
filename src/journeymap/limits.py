"""The limits journeymap puts on what it reads, in one place.

Every reader (map and workspace files, Mermaid, spreadsheets, surveys, event logs, uploads to the studio) checks
its input against these numbers before the work that would grow with it, and refuses what is over with a located
problem naming the limit and how to raise it — never a hang, never an out-of-memory kill.

Defaults suit a team's real data with room to spare. Each can be changed with an environment variable
``JOURNEYMAP_LIMIT_<NAME>`` (e.g. ``JOURNEYMAP_LIMIT_UPLOAD_MB=200``), read when :func:`limits` is first called;
the studio's ``serve`` options set some of them too. ``docs/limits.md`` lists them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from functools import cache

from .errors import Problem

ENV_PREFIX = "JOURNEYMAP_LIMIT_"
LIMIT_CODE = "JM900"
"""The problem code of every limit exceeded."""


@dataclass(frozen=True)
class Limits:
    upload_mb: int = 50
    """Largest file the studio accepts as an upload."""
    request_mb: int = 10
    """Largest request body the studio accepts on its other routes (JSON: a map, a comment, settings)."""
    file_mb: int = 200
    """Largest file read from disk (a map, a survey, an event log, a spreadsheet)."""
    map_mb: int = 20
    """Largest map, persona, workspace header or Mermaid file (text people write: a 20,000-step map is 1 MB)."""
    decompressed_mb: int = 1024
    """Most bytes a gzip file or a zip part (XLSX) may unpack to."""
    compression_ratio: int = 200
    """Most a gzip file or a zip part may grow when unpacked (bombs grow by thousands)."""
    sheet_cells: int = 20_000_000
    """Most cells (rows × columns actually holding data) read from one sheet."""
    columns: int = 2_000
    """Most columns of a survey, event log or sheet."""
    rows: int = 50_000_000
    """Most rows of a survey or an event log."""
    yaml_aliases: int = 100
    """Most YAML aliases (``*name``) in one file (billion-laughs files use thousands)."""
    yaml_nodes: int = 500_000
    """Most values (mappings, lists, texts, numbers; aliases counted expanded) in one YAML or JSON file."""
    nesting: int = 64
    """Deepest nesting of mappings and lists in a map, a persona or a Mermaid front matter."""
    text_chars: int = 100_000
    """Longest text of one field (a card, a name, a note)."""
    elements: int = 200_000
    """Most elements (stages, steps, lanes, cards, touchpoints, …) in one map."""
    mermaid_lines: int = 10_000
    """Most lines of one Mermaid diagram (Mermaid draws a few hundred tasks legibly; importing 10,000 and writing
    the map takes seconds, 100,000 took a minute)."""
    xes_attribute_chars: int = 1_000_000
    """Longest attribute value of an XES event log."""

    def problem(self, name: str, where: str, what: str, found: int | str | None = None) -> Problem:
        """The problem for ``what`` at ``where`` being over the limit ``name``."""
        value = getattr(self, name)
        over = f" ({found})" if found is not None else ""
        return Problem(
            LIMIT_CODE,
            where,
            f"{what}{over} is over the limit of {value:,} ({name})",
            f"raise it with the environment variable {ENV_PREFIX}{name.upper()} if this input is genuine",
        )


MAX_ID = 2**63 - 1
"""Largest id the store holds (64-bit); larger ids in a path or a document are refused."""


@cache
def limits() -> Limits:
    """The limits in force: the defaults, changed by ``JOURNEYMAP_LIMIT_*`` environment variables."""
    changes: dict[str, int] = {}
    for item in fields(Limits):
        raw = os.environ.get(ENV_PREFIX + item.name.upper())
        if raw is None:
            continue
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            continue
        if value > 0:
            changes[item.name] = value
    return replace(Limits(), **changes)


def set_limits(**changes: int) -> Limits:
    """Change limits for this process (the studio's options, tests); the new limits."""
    current = replace(limits(), **changes)
    limits.cache_clear()
    os.environ.update({ENV_PREFIX + name.upper(): str(value) for name, value in changes.items()})
    assert limits() == current
    return current
