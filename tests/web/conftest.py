"""Fixtures of the studio's tests (the helpers are in ``studio_support``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from studio_support import TestClient, copy_examples, make_app, running, sign_up


@pytest.fixture
def home_loan(tmp_path: Path) -> Path:
    """A copy of the home-loan example workspace (two maps: as-is and to-be, personas, evidence)."""
    return copy_examples(tmp_path / "workspaces", ["home-loan"])[0]


@pytest.fixture
def studio_app(tmp_path: Path, home_loan: Path) -> Any:
    """The studio on a fresh SQLite store that imports the home-loan workspace on start."""
    return make_app(str(tmp_path / "store" / "studio.db"), [home_loan])


@pytest.fixture
def anonymous(studio_app: Any) -> Iterator[TestClient]:
    """A client of the running studio that has not signed in."""
    with running(studio_app) as client:
        yield client


@pytest.fixture
def client(anonymous: TestClient) -> TestClient:
    """A client signed in as Ann (a new account) that sends the CSRF header."""
    sign_up(anonymous)
    return anonymous
