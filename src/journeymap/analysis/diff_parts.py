"""What :func:`~.diff.diff_maps` finds beyond steps, cards, moments of truth and touchpoints: value moments (with the
map's VMPI before and after), lanes, changes of emotional level (basis and Welch's test of measured levels), and
every other field of the map, so that no change goes unreported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..evidence.waves import Welch
    from .diff_result import StepMatch, StepRef

__all__ = [
    "DROP_ALPHA",
    "Change",
    "EmotionChange",
    "FieldChange",
    "LaneChange",
    "LaneRef",
    "ValueMomentChange",
    "ValueMomentRef",
    "emotion_changes",
]

DROP_ALPHA = 0.05
"""A measured emotional level that fell with Welch's p below this is flagged as a significant drop."""


class _Ref(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Ref)


@dataclass(frozen=True)
class Change(Generic[R]):
    """A thing matched on both sides that differs: the two sides and the names of what differs."""

    a: R
    b: R
    changes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "changes": list(self.changes)}


@dataclass(frozen=True)
class ValueMomentRef:
    id: str
    name: str
    step_id: str
    step_name: str
    vmce: float
    vme: float
    weight: int
    vmpi: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "step": self.step_id,
            "step_name": self.step_name,
            "vmce": self.vmce,
            "vme": self.vme,
            "weight": self.weight,
            "vmpi": round(self.vmpi, 4),
        }


class ValueMomentChange(Change[ValueMomentRef]):
    """A value moment that differs: ``changes`` names name, vmce, vme, weight or step."""


@dataclass(frozen=True)
class LaneRef:
    id: str
    kind: str
    heading: str
    cards: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "heading": self.heading, "cards": self.cards}


class LaneChange(Change[LaneRef]):
    """A lane that differs: ``changes`` names heading (renamed), kind, id or position."""

    @property
    def renamed(self) -> bool:
        return "heading" in self.changes

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "renamed": self.renamed}


Basis = Literal["none", "estimated", "measured"]


@dataclass(frozen=True)
class EmotionChange:
    """The emotional level of a matched step changed: its basis (none, estimated, measured), its value, or both.
    With a measured level on both sides (n, mean and standard deviation), Welch's test of the change."""

    a: StepRef
    b: StepRef
    test: Welch | None

    @property
    def from_basis(self) -> Basis:
        return self.a.basis

    @property
    def to_basis(self) -> Basis:
        return self.b.basis

    @property
    def delta(self) -> float | None:
        if self.a.emotion is None or self.b.emotion is None:
            return None
        return self.b.emotion - self.a.emotion

    @property
    def significant_drop(self) -> bool:
        return self.test is not None and self.test.significant_drop(DROP_ALPHA)

    def to_dict(self) -> dict[str, Any]:
        delta = self.delta
        test = self.test
        return {
            "a": self.a.id,
            "b": self.b.id,
            "name": self.b.name,
            "from": self.from_basis,
            "to": self.to_basis,
            "a_emotion": self.a.emotion,
            "b_emotion": self.b.emotion,
            "delta": None if delta is None else round(delta, 4),
            "welch": None if test is None else test.to_json(),
            "significant_drop": self.significant_drop,
        }


def emotion_changes(matches: Iterable[StepMatch]) -> list[EmotionChange]:
    """The matches whose emotional level changed basis or value, with Welch's test where both are measured."""
    from ..evidence.waves import welch

    found = []
    for s in matches:
        a, b = s.a, s.b
        if a.basis == b.basis and a.emotion == b.emotion:
            continue
        test = None
        if a.emotion is not None and b.emotion is not None and a.measured and b.measured:
            n_a = a.n_effective if a.n_effective is not None else a.n
            n_b = b.n_effective if b.n_effective is not None else b.n
            if a.std is not None and b.std is not None and n_a is not None and n_b is not None:
                test = welch(n_a, a.emotion, a.std, n_b, b.emotion, b.std)
        found.append(EmotionChange(a, b, test))
    return found


@dataclass(frozen=True)
class FieldChange:
    """A change found by the walk over every field of the map (what the sections above do not already say): an
    element added or removed (``field`` empty) or one field of an element changed."""

    kind: str
    """The collection the element is in (``stages``, ``personas``, ``comments``, …) or ``map``."""
    id: str
    label: str
    field: str
    """Dotted path of the field inside the element (``scope.purpose``, ``emotion.n``); empty for a whole element."""
    change: Literal["added", "removed", "changed"]
    a: Any
    b: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "field": self.field,
            "change": self.change,
            "a": self.a,
            "b": self.b,
        }
