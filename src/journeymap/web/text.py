"""Patterns for the text fields of the API's bodies: no NUL characters (no YAML file or PostgreSQL text column holds
them, and no one types them), and what an email address looks like."""

from __future__ import annotations

NO_NUL = r"^[^\x00]*$"
EMAIL = r"^[^@\s\x00]+@[^@\s\x00]+$"
