"""JSON for ``--format json`` and the analyses' JSON output: always valid JSON.

Python's :func:`json.dumps` writes a float that is not finite as bare ``NaN``, ``Infinity`` or ``-Infinity``,
which JSON does not have (``jq`` and browsers refuse the whole document). Here such a number is written as
``null`` (no value: e.g. the standard deviation of one answer), as ``docs/evidence.md`` says.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["finite", "json_text"]


def finite(data: Any) -> Any:
    """``data`` with every float that is not finite replaced by ``None`` (in dicts, lists and tuples)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


def json_text(data: Any, *, default: Any = None) -> str:
    """``data`` as indented JSON (UTF-8 text kept as is), ending with a newline; never bare NaN."""
    return json.dumps(finite(data), indent=2, ensure_ascii=False, allow_nan=False, default=default) + "\n"
