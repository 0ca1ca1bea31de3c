"""The studio's store: SQLAlchemy 2 tables, the engine (SQLite in WAL mode by default, PostgreSQL by URL), Alembic
migrations and the queries the web layer uses."""

from sqlalchemy.orm import Session as DbSession

from .db import Store, open_store

__all__ = ["DbSession", "Store", "open_store"]
