"""The studio's store: SQLAlchemy 2 tables, the engine (SQLite in WAL mode by default, PostgreSQL by URL), Alembic
migrations and the queries the web layer uses."""

from .db import Store, open_store

__all__ = ["Store", "open_store"]
