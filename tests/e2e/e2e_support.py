"""End-to-end plumbing: the studio as a real server process (``journeymap serve``) on a fresh store with copies of
example workspaces, and Debian's Chromium driven by Playwright. Screenshots go to ``out/e2e/`` (or
``$JOURNEYMAP_E2E_SHOTS``) for a person to look at."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("JOURNEYMAP_E2E_SHOTS", ROOT / "out" / "e2e"))
STATIC_INDEX = ROOT / "src" / "journeymap" / "web" / "static" / "index.html"
DEMO_EMAIL = "demo@journeymap.dev"
DEMO_PASSWORD = "journeymap-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class StudioServer:
    """``journeymap serve`` in a subprocess; can be killed (SIGKILL) and started again on the same store."""

    def __init__(self, root: Path, workspaces: list[str]) -> None:
        self.root = root
        self.folders = []
        for name in workspaces:
            target = root / name
            shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns(".journeymap"))
            self.folders.append(target)
        self.database = root / "studio.db"
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "journeymap.cli.main", "serve", *map(str, self.folders), "--demo"]
        args += ["--database", str(self.database), "--port", str(self.port), "--no-browser"]
        self.log = open(self.root / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.root / "server.log").read_text())
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the studio did not start in 60 s")

    def kill(self) -> None:
        """Stop it the hard way, as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def needs_browser() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    if not STATIC_INDEX.is_file():
        pytest.skip("the studio's front end is not built (pip install -e . builds it with npm)")


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StudioServer]:
    needs_browser()
    examples = ["home-loan", "energy-ecosystem", "streaming-mental-model"]
    server = StudioServer(tmp_path_factory.mktemp("studio"), examples)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )  # fmt: skip
        yield launched
        launched.close()


def shot(page: object, name: str) -> Path:
    """Save a screenshot to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path
