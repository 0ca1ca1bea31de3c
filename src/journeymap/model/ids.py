"""Filling in the ids an author left out, before validation.

Every element has a stable id so comments and evidence can point at it, but writing ids by hand for every
card is tedious. Where a file leaves an id out, one is made from the element's name (stages, steps, lanes,
actors, towers, personas) or from its container and position (cards, touchpoints, …). Ids written in the
file always win; a made id that would clash gets a numeric suffix. ``journeymap fmt`` writes the made ids
into the file, after which they are stable.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .base import slugify

__all__ = ["fill_missing_ids"]

Naming = Callable[[dict[str, Any], int, str], str]


def _by_name(*keys: str) -> Naming:
    def name(item: dict[str, Any], index: int, parent: str) -> str:
        for key in keys:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return slugify(value)
        return f"{parent}-{index + 1}" if parent else f"item-{index + 1}"

    return name


def _by_position(prefix: str) -> Naming:
    def name(item: dict[str, Any], index: int, parent: str) -> str:
        return f"{parent}-{prefix}{index + 1}" if parent and prefix else f"{prefix or parent}-{index + 1}"

    return name


@dataclass(frozen=True)
class _Spec:
    naming: Naming
    children: dict[str, _Spec] = field(default_factory=dict)
    inherit_parent: bool = False  # child ids are prefixed with the parent's id


_MAP_SPEC: dict[str, _Spec] = {
    "personas": _Spec(_by_name("name")),
    "stages": _Spec(_by_name("name"), {"steps": _Spec(_by_name("name"))}),
    "lanes": _Spec(
        _by_name("title", "kind"),
        {"cards": _Spec(_by_position(""), inherit_parent=True)},
    ),
    "touchpoints": _Spec(_by_position("tp")),
    "moments_of_truth": _Spec(_by_position("mot")),
    "service_challenges": _Spec(_by_position("sc"), {"contingencies": _Spec(_by_position("c"), inherit_parent=True)}),
    "value_moments": _Spec(_by_position("vm")),
    "opportunities": _Spec(_by_position("opp"), {"hypotheses": _Spec(_by_position("h"), inherit_parent=True)}),
    "actors": _Spec(_by_name("name")),
    "value_flows": _Spec(_by_position("flow")),
    "mental_spaces": _Spec(
        _by_name("name"),
        {"towers": _Spec(_by_name("name"), {"boxes": _Spec(_by_position("b"), inherit_parent=True)})},
    ),
    "supports": _Spec(_by_position("support")),
    "comments": _Spec(_by_position("comment"), {"replies": _Spec(_by_position("r"), inherit_parent=True)}),
}


def _walk(data: dict[str, Any], spec: dict[str, _Spec]) -> Iterator[tuple[dict[str, Any], int, _Spec, dict[str, Any]]]:
    """Yield every element dict with its index, spec and containing dict (pre-order, document order).

    Pre-order matters: a parent's id is filled in before its children ask for it.
    """
    for key, child_spec in spec.items():
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield item, index, child_spec, data
                yield from _walk(item, child_spec.children)


def fill_missing_ids(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of raw map data in which every element has an id (see the module docstring)."""
    data = copy.deepcopy(data)
    used = {item["id"] for item, *_ in _walk(data, _MAP_SPEC) if isinstance(item.get("id"), str)}
    if isinstance(data.get("id"), str):
        used.add(data["id"])
    for item, index, spec, parent in _walk(data, _MAP_SPEC):
        if "id" in item:
            continue
        parent_id = str(parent.get("id", "")) if spec.inherit_parent else ""
        base = spec.naming(item, index, parent_id)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        item["id"] = candidate
    return data
