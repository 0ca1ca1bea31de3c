"""The studio's settings (from ``journeymap serve`` options or the tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Settings:
    database: str
    """SQLite file path or URL, or a postgresql:// URL."""
    workspaces: list[Path] = field(default_factory=list)
    """Folders imported on start (once: a folder already in the store is not imported again). They belong to the
    instance admin (the demo account with ``demo``; else the first account, once it exists)."""
    demo: bool = False
    """Create the demo account (owner of the imported workspaces), keep sign-up open and say so on the sign-in
    page."""
    open_signup: bool = False
    """Anyone who reaches the server may create an account; otherwise sign-up needs an invitation (the very first
    account, which becomes the instance admin, excepted)."""
    insecure_http: bool = False
    """Let people sign in over plain HTTP on a host name other than localhost (cookies without ``Secure``)."""
    behind_proxy: bool = False
    """The studio runs behind a reverse proxy that terminates TLS: ``X-Forwarded-Proto`` and ``X-Forwarded-For``
    from ``forwarded_allow_ips`` are honoured (by uvicorn), so cookies are ``Secure`` over HTTPS."""
    forwarded_allow_ips: str = "127.0.0.1"
    public_url: str | None = None
    """The address people reach the studio at (e.g. ``https://cx.example.org``), for the links the studio hands
    out (invitations, share links, password resets); default: the address of the request."""
    max_upload_mb: int | None = None
    """The largest upload in MB; default: ``limits().upload_mb`` (50, or ``JOURNEYMAP_LIMIT_UPLOAD_MB``)."""
    auto_version_minutes: float = 10.0
    warm_up: bool = False
    """Import the evidence engine and the renderers in a thread when the studio starts (``serve`` does), so that the
    first upload or export does not hold the event loop while Python imports them."""
    static_dir: Path | None = None
    """The built front end; default: ``journeymap/web/static`` in the package."""
    # sign-in limits (docs/studio.md, "Sign-in limits")
    login_window_seconds: float = 15 * 60
    """Wrong passwords older than this are forgotten."""
    account_failures: int = 5
    """Wrong passwords for one account within the window that lock it."""
    address_failures: int = 20
    """Wrong passwords from one client address within the window that lock the address."""
    lock_seconds: float = 60
    """The first lock; each further wrong password while over the limit doubles it."""
    max_lock_seconds: float = 15 * 60


DEMO_EMAIL = "demo@journeymap.dev"
DEMO_PASSWORD = "journeymap-demo"
DEMO_NAME = "Demo User"
