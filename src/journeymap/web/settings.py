"""The studio's settings (from ``journeymap serve`` options or the tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Settings:
    database: str
    """SQLite file path or URL, or a postgresql:// URL."""
    workspaces: list[Path] = field(default_factory=list)
    """Folders imported on start (once: a folder already in the store is not imported again)."""
    demo: bool = False
    """Create the demo account and show it on the sign-in page."""
    secure_cookies: bool = True
    """Cookies carry ``Secure`` (browsers accept them on http://localhost too)."""
    max_upload_mb: int = 200
    auto_version_minutes: float = 10.0
    static_dir: Path | None = None
    """The built front end; default: ``journeymap/web/static`` in the package."""


DEMO_EMAIL = "demo@journeymap.dev"
DEMO_PASSWORD = "journeymap-demo"
DEMO_NAME = "Demo User"
