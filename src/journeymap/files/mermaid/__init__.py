"""Mermaid ``journey`` diagrams: a parser that accepts what Mermaid accepts and explains what it rejects.

See :mod:`journeymap.files.mermaid.parser` for the language and the table of diagnostic codes.
"""

from .ast import JourneyDocument, JourneySection, JourneyTask, MermaidDiagnostic
from .parser import MermaidSyntaxError, parse_journey

__all__ = [
    "JourneyDocument",
    "JourneySection",
    "JourneyTask",
    "MermaidDiagnostic",
    "MermaidSyntaxError",
    "parse_journey",
]
