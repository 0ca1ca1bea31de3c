"""The outcome of a phrasing check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a phrasing check: ``ok`` when the text follows the rule, with the reason and a suggestion."""

    ok: bool
    reason: str
    suggestion: str = ""

    def __bool__(self) -> bool:
        return self.ok
