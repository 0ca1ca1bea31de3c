"""The network of an ecosystem / customer value chain map: actors and the value that flows between them."""

from __future__ import annotations

from pydantic import Field

from .base import Element, Id, Text
from .enums import ActorKind, FlowKind

__all__ = ["Actor", "ValueFlow"]


class Actor(Element):
    """A person, organisation or system taking part in the experience."""

    name: Text = Field(min_length=1)
    kind: ActorKind = ActorKind.OTHER
    description: Text = ""


class ValueFlow(Element):
    """Value passing from one actor to another (money, goods, service, information, trust)."""

    source: Id
    target: Id
    label: Text = Field(min_length=1)
    kind: FlowKind = FlowKind.OTHER
