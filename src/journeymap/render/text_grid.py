"""Plain-text tables for the terminal: rows aligned in columns under a header and a rule (``discover``,
``conform`` and the other commands that print tables)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

__all__ = ["grid"]


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = frozenset()) -> list[str]:
    """The lines of a table: a header, a rule of dashes and the rows, indented two spaces; ``right`` lists the
    right-aligned columns. No rows give one line, ``(none)``."""
    if not rows:
        return ["  (none)"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return ("  " + "  ".join(parts)).rstrip()

    return [line(headers), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
