"""Personas: the archetypal customers whose experience a map shows."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Element, Text

__all__ = ["Persona"]


class Persona(Element):
    """An archetypal customer (or employee) sharing patterns of behaviour, needs and emotions."""

    name: Text = Field(min_length=1, description="Name of the persona, e.g. 'Maya, first-time buyer'.")
    kind: Literal["customer", "employee"] = Field(
        "customer", description="customer, or employee for an employee-experience map (docs/method.md)."
    )
    segment: Text = Field("", description="The customer segment the persona stands for.")
    share: float | None = Field(
        None, ge=0, le=1, description="Share of customers (of employees, for an employee) in the segment, 0–1."
    )
    description: Text = ""
    goals: list[Text] = Field(default_factory=list)
    needs: list[Text] = Field(default_factory=list)
    frustrations: list[Text] = Field(default_factory=list)
    quote: Text = Field("", description="A sentence in the persona's own words.")
    picture: Text = Field("", description="Path of a picture, relative to the workspace.")

    @property
    def population(self) -> str:
        """Whom ``share`` is a share of: customers, or employees for an employee persona."""
        return "employees" if self.kind == "employee" else "customers"
