"""The store under test: a fresh SQLite file, and a fresh PostgreSQL database when JOURNEYMAP_TEST_POSTGRES_URL
names a server (the test is skipped otherwise)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from studio_support import fresh_postgres_database, postgres_server_url

from journeymap.store import open_store
from journeymap.store.db import Store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = open_store(str(tmp_path / "studio.db"))
        yield opened
        opened.dispose()
        return
    with fresh_postgres_database(postgres_server_url()) as url:
        opened = open_store(url)
        yield opened
        opened.dispose()
