"""Evidence strength and freshness: what each step, touchpoint and moment of truth rests on, and how old it is.

Every element that carries a score gets a **status**:

- a **step** (its emotional level) is *measured* when its emotion is a :class:`~journeymap.model.MeasuredEmotion`,
  *estimated* when it is the team's estimate, and *none* without an emotional level;
- a **touchpoint** (its satisfaction) is *measured* when an evidence reference backs the satisfaction: one with
  ``measure: satisfaction``, or one that names no measure and has a sample size ``n``; *estimated* when it has a
  satisfaction score without such a reference; *none* without a satisfaction score;
- a **moment of truth** is *measured* when it is not marked ``estimated: true`` and has evidence references with a
  sample size ``n``; *estimated* when it is marked so or its evidence has no sample size; *none* otherwise.

A measured element's **age** is today − ``measured_on`` in days. A touchpoint's satisfaction is one value, written by
its latest measurement: when several references back it, the most recent one counts. A moment of truth's scores
come from all its references: it is as old as its oldest and as strong as its smallest sample (the weakest
link). A measured value is
**stale** when its age exceeds the workspace's ``stale_after_days`` (default 180), or when it has no date: a value
whose age cannot be shown cannot be shown to be current (``journeymap measure`` dates what it writes).

**Strength** comes from the effective sample size (Kish's n when weighted, else n): *weak* below 30, *moderate*
from 30 to 99, *strong* from 100. On a 1–10 scale with the usual standard deviation of about 2, the 95 % interval
is wider than ±0.75 of a point below n = 30 and narrower than ±0.4 from n = 100.

The map's **coverage** is the share of its steps that are measured. "Today" is the system date, or the date of
``SOURCE_DATE_EPOCH`` when that is set (reproducible builds: the same map always draws the same picture).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..model import EvidenceRef, Map, MeasuredEmotion, MomentOfTruth, Touchpoint, WorkspaceSettings

__all__ = [
    "MODERATE_N",
    "STRONG_N",
    "EvidenceStatus",
    "Freshness",
    "Kind",
    "Status",
    "current_date",
    "evidence_freshness",
    "freshness_table",
]

Status = Literal["measured", "estimated", "none"]
Kind = Literal["step", "touchpoint", "moment"]
Strength = Literal["weak", "moderate", "strong"]
Loc = tuple[str | int, ...]

MODERATE_N = 30.0
"""From this effective n a sample is *moderate* (below it: *weak*)."""
STRONG_N = 100.0
"""From this effective n a sample is *strong*."""


def current_date() -> dt.date:
    """The date ages are counted to: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class EvidenceStatus:
    """The evidence behind one step, touchpoint or moment of truth."""

    kind: Kind
    id: str
    name: str
    step: str
    status: Status
    n: int | None = None
    n_effective: float | None = None
    dataset: str = ""
    source: str = ""
    measured_on: dt.date | None = None
    age_days: int | None = None
    stale: bool = False
    loc: Loc = ()
    """Where in the map's data the value (or its dated reference) is, for lint findings."""

    @property
    def measured(self) -> bool:
        return self.status == "measured"

    @property
    def effective_n(self) -> float | None:
        """Kish's effective n when the answers were weighted, else n."""
        return self.n_effective if self.n_effective is not None else (float(self.n) if self.n is not None else None)

    @property
    def strength(self) -> Strength | None:
        size = self.effective_n
        if not self.measured or size is None:
            return None
        return "strong" if size >= STRONG_N else "moderate" if size >= MODERATE_N else "weak"

    @property
    def age_text(self) -> str:
        """``62 days``, ``date unknown``, or empty when not measured."""
        if not self.measured:
            return ""
        if self.age_days is None:
            return "date unknown"
        return f"{self.age_days} day{'' if self.age_days == 1 else 's'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "step": self.step,
            "status": self.status,
            "n": self.n,
            "n_effective": None if self.n_effective is None else round(self.n_effective, 2),
            "strength": self.strength,
            "dataset": self.dataset,
            "source": self.source,
            "measured_on": None if self.measured_on is None else self.measured_on.isoformat(),
            "age_days": self.age_days,
            "stale": self.stale,
        }


@dataclass(frozen=True)
class Freshness:
    """The evidence status of every scored element of a map, its coverage and its stale values."""

    map_id: str
    today: dt.date
    stale_after_days: int
    items: tuple[EvidenceStatus, ...]

    def of(self, kind: Kind) -> list[EvidenceStatus]:
        return [item for item in self.items if item.kind == kind]

    @property
    def steps(self) -> list[EvidenceStatus]:
        return self.of("step")

    @property
    def measured_steps(self) -> int:
        return sum(1 for item in self.steps if item.measured)

    @property
    def coverage(self) -> float | None:
        """The share of the map's steps that are measured (None for a map without steps)."""
        steps = self.steps
        return self.measured_steps / len(steps) if steps else None

    @property
    def stale(self) -> list[EvidenceStatus]:
        return [item for item in self.items if item.stale]

    @property
    def has_scores(self) -> bool:
        """Whether any element carries a score (estimated or measured): without one there is nothing to show."""
        return any(item.status != "none" for item in self.items)

    def summary(self, *, named: bool = False) -> str:
        """``Evidence: 8 of 17 steps measured (47 %) · 2 stale values (older than 180 days)``; with ``named``,
        the stale values follow (``: step “Make first payment”, touchpoint “Borrowing calculator”``)."""
        steps = self.steps
        text = f"Evidence: {self.measured_steps} of {len(steps)} step{'' if len(steps) == 1 else 's'} measured"
        if self.coverage is not None:
            text += f" ({self.coverage:.0%})".replace("%", " %")
        count = len(self.stale)
        if count:
            text += f" · {count} stale value{'' if count == 1 else 's'} (older than {self.stale_after_days} days)"
            if named:
                text += ": " + ", ".join(f"{item.kind} “{item.name}”" for item in self.stale)
        else:
            text += " · none stale"
        return text

    def to_dict(self) -> dict[str, Any]:
        coverage = self.coverage
        return {
            "map": self.map_id,
            "today": self.today.isoformat(),
            "stale_after_days": self.stale_after_days,
            "steps": len(self.steps),
            "measured_steps": self.measured_steps,
            "coverage": None if coverage is None else round(coverage, 4),
            "stale": len(self.stale),
            "items": [item.to_dict() for item in self.items],
        }


def evidence_freshness(m: Map, settings: WorkspaceSettings | None = None, *, today: dt.date | None = None) -> Freshness:
    """The evidence status, strength and age of every step, touchpoint and moment of truth of ``m``."""
    limit = (settings or WorkspaceSettings()).stale_after_days
    when = today or current_date()
    items: list[EvidenceStatus] = []
    for si, stage in enumerate(m.stages):
        for ti, step in enumerate(stage.steps):
            loc: Loc = ("stages", si, "steps", ti, "emotion")
            emotion = step.emotion
            if isinstance(emotion, MeasuredEmotion):
                dated = _dated(emotion.measured_on, when, limit)
                items.append(
                    EvidenceStatus(
                        "step", step.id, step.name, step.id, "measured", emotion.n, emotion.n_effective,
                        emotion.dataset, emotion.source, emotion.measured_on, *dated, loc=loc,
                    )
                )  # fmt: skip
            else:
                status: Status = "none" if emotion is None else "estimated"
                items.append(EvidenceStatus("step", step.id, step.name, step.id, status, loc=loc))
    items += [_touchpoint(i, tp, when, limit) for i, tp in enumerate(m.touchpoints)]
    items += [_moment(i, mot, when, limit) for i, mot in enumerate(m.moments_of_truth)]
    return Freshness(m.id, when, limit, tuple(items))


def _dated(measured_on: dt.date | None, when: dt.date, limit: int) -> tuple[int | None, bool]:
    """(age in days, stale) of a value measured on ``measured_on``; without a date the value counts as stale."""
    if measured_on is None:
        return None, True
    age = (when - measured_on).days
    return age, age > limit


def _weakest(
    kind: Kind, element: tuple[str, str, str], refs: Sequence[tuple[int, EvidenceRef]], base: Loc, when: dt.date,
    limit: int,
) -> EvidenceStatus:  # fmt: skip
    """A measured status from its references: the oldest date, the smallest effective sample."""

    def size(ref: EvidenceRef) -> float:
        return ref.n_effective if ref.n_effective is not None else float(ref.n or 0)

    smallest = min(refs, key=lambda pair: size(pair[1]))[1]
    undated = [(i, r) for i, r in refs if r.measured_on is None]
    oldest_index, oldest = undated[0] if undated else min(refs, key=lambda pair: pair[1].measured_on or when)
    age, stale = _dated(oldest.measured_on, when, limit)
    return EvidenceStatus(
        kind, *element, "measured", smallest.n, smallest.n_effective, smallest.dataset,
        smallest.source or oldest.source, oldest.measured_on, age, stale, loc=(*base, "evidence", oldest_index),
    )  # fmt: skip


def _touchpoint(index: int, tp: Touchpoint, when: dt.date, limit: int) -> EvidenceStatus:
    refs = [(i, r) for i, r in enumerate(tp.evidence) if r.measure.strip().lower() == "satisfaction"]
    refs = refs or [(i, r) for i, r in enumerate(tp.evidence) if not r.measure.strip() and r.n is not None]
    element = (tp.id, tp.name, tp.step)
    base: Loc = ("touchpoints", index)
    if refs:
        dated = [pair for pair in refs if pair[1].measured_on is not None]
        latest = max(dated, key=lambda pair: pair[1].measured_on or when) if dated else refs[0]
        return _weakest("touchpoint", element, [latest], base, when, limit)
    status: Status = "none" if tp.satisfaction is None else "estimated"
    return EvidenceStatus("touchpoint", *element, status, loc=(*base, "satisfaction"))


def _moment(index: int, mot: MomentOfTruth, when: dt.date, limit: int) -> EvidenceStatus:
    refs = [(i, r) for i, r in enumerate(mot.evidence) if r.n is not None]
    element = (mot.id, mot.title, mot.step)
    base: Loc = ("moments_of_truth", index)
    if refs and not mot.estimated:
        return _weakest("moment", element, refs, base, when, limit)
    status: Status = "estimated" if mot.estimated or mot.evidence else "none"
    return EvidenceStatus("moment", *element, status, loc=base)


def freshness_table(result: Freshness) -> str:
    """The statuses as a plain-text table, under the map's coverage line (touchpoints and moments of truth without
    any score are left out; the JSON has them)."""
    from .text import format_table

    rows = []
    for item in result.items:
        if item.kind != "step" and item.status == "none":
            continue
        n = "" if item.n is None else str(item.n)
        if item.n_effective is not None:
            n += f" (eff. {item.n_effective:.0f})"
        flag = "stale" if item.stale else ("current" if item.measured else "")
        rows.append([item.kind, item.name, item.status, n, item.strength or "", item.dataset, item.age_text, flag])
    head = ["Element", "Name", "Status", "n", "Strength", "Data set", "Age", "Freshness"]
    note = (
        f"Today {result.today.isoformat()}; a measured value is stale after {result.stale_after_days} days or "
        f"without a date. Strength: weak n < {MODERATE_N:.0f}, moderate < {STRONG_N:.0f}, strong from "
        f"{STRONG_N:.0f} (effective n with weights)."
    )
    return f"{result.summary()}\n\n{format_table(head, rows, (0, 40))}\n\n{note}"
