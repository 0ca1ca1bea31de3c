"""Shared fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from support import hostile_map_data


@pytest.fixture
def hostile_map() -> Any:
    from journeymap.model import Map

    return Map.model_validate(hostile_map_data())
