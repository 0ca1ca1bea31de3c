"""The optional libraries some formats need (python-pptx and openpyxl for office files, cairo for PDF and PNG),
imported when first used, with one message naming the extra to install when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingExtraError

__all__ = ["optional_module"]


def optional_module(name: str, what: str, extra: str) -> ModuleType:
    """The module ``name``; a :class:`~journeymap.errors.MissingExtraError` saying that ``what`` needs
    ``pip install 'journeymap[extra]'`` when it (or a C library it loads, an ``OSError``) is missing."""
    try:
        return importlib.import_module(name)
    except (ImportError, OSError) as exc:
        raise MissingExtraError(what, extra) from exc
