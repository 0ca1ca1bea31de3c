"""How the rows of a stage go over slides: balanced over the fewest slides, or cut at the same lanes on every
stage ("lanes 1–5", "6–10", "11–14" wherever the stage), so the slides of two stages compare lane for lane."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Protocol, TypeVar

Plan = list[tuple[int, int]]
"""Where a common plan cuts the lanes: (first, last) lane numbers of each slide, from 1."""


class PagedRow(Protocol):
    @property
    def number(self) -> int: ...  # the lane's place among the rows, from 1
    @property
    def height(self) -> float: ...
    @property
    def continued(self) -> bool: ...


R = TypeVar("R", bound=PagedRow)


def paginate(rows: Sequence[R], available: float) -> list[list[R]]:
    """``rows`` (each at most ``available`` tall) over as few slides as hold them, in order, the slides
    filled as evenly as can be (the tallest slide as short as possible)."""
    count = 1
    used = 0.0
    for row in rows:  # the fewest slides: fill each in turn
        if used and used + row.height > available:
            count += 1
            used = 0.0
        used += row.height
    n = len(rows)
    if count == 1 or n == 0:
        return [list(rows)]
    prefix = list(itertools.accumulate((r.height for r in rows), initial=0.0))
    inf = float("inf")
    # best[j][i]: the least tallest slide putting the first i rows on j slides; cut[j][i]: where the last begins
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for j in range(1, count + 1):
        for i in range(1, n + 1):
            for k in range(j - 1, i):
                value = max(best[j - 1][k], prefix[i] - prefix[k])
                if value < best[j][i] - 1e-9:
                    best[j][i] = value
                    cut[j][i] = k
    pages: list[list[R]] = []
    end = n
    for j in range(count, 0, -1):
        start = cut[j][end]
        pages.append(list(rows[start:end]))
        end = start
    return pages[::-1]


def by_plan(rows: Sequence[R], plan: Plan) -> list[list[R]]:
    """``rows`` cut where ``plan`` cuts the lanes (a slide with no row of the group is left out)."""
    pages = [[r for r in rows if first <= r.number <= last] for first, last in plan]
    return [page for page in pages if page]


def common_plan(groups: Sequence[tuple[Sequence[R], float]], lanes: int) -> Plan | None:
    """The cut of ``lanes`` lanes into the fewest slides that hold every group's rows (each with the height
    ``available`` for its rows), the fullest slide as empty as can be; None when a group has a lane taller than
    a slide (split into parts) or there are no groups."""
    if not groups or lanes == 0 or any(r.continued for rows, _ in groups for r in rows):
        return None
    loads = []  # each group's lane heights as a share of its slide
    for rows, available in groups:
        heights = [0.0] * lanes
        for row in rows:
            heights[row.number - 1] += row.height / available
        loads.append(list(itertools.accumulate(heights, initial=0.0)))

    def load(i: int, j: int) -> float:  # the fullest group's share for lanes i+1..j
        return max(prefix[j] - prefix[i] for prefix in loads)

    if any(load(i, i + 1) > 1 + 1e-9 for i in range(lanes)):
        return None
    inf = float("inf")
    best = [[inf] * (lanes + 1) for _ in range(lanes + 1)]
    cut = [[0] * (lanes + 1) for _ in range(lanes + 1)]
    best[0][0] = 0.0
    for p in range(1, lanes + 1):
        for j in range(1, lanes + 1):
            for i in range(p - 1, j):
                value = max(best[p - 1][i], load(i, j))
                if value <= 1 + 1e-9 and value < best[p][j] - 1e-9:
                    best[p][j], cut[p][j] = value, i
        if best[p][lanes] < inf:
            plan: Plan = []
            end = lanes
            for q in range(p, 0, -1):
                plan.append((cut[q][end] + 1, end))
                end = cut[q][end]
            return plan[::-1]
    return None
