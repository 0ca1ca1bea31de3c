"""``journeymap serve`` with no workspace and no --database keeps its store in the data folder: what a team
made is there after a restart (the studio as a real process, ``JOURNEYMAP_DATA_DIR`` pointing at a temporary
folder)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from studio_support import HttpSession, ServerProcess


class DataFolderServer(ServerProcess):
    """``journeymap serve --port P --no-browser`` with neither a workspace nor --database, its data folder set
    by the environment."""

    def __init__(self, data: Path, log: Path) -> None:
        super().__init__([], data / "studio.db", log)
        self.data = data

    def start(self, timeout: float = 60) -> None:
        args = [sys.executable, "-m", "journeymap.cli.main", "serve", "--port", str(self.port), "--no-browser"]
        env = {**os.environ, "JOURNEYMAP_DATA_DIR": str(self.data)}
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # polling: a server's readiness is only seen by asking it
            if self.process.poll() is not None:
                raise RuntimeError(f"the studio exited: {self.log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the studio did not answer in {timeout} s: {self.log_path.read_text(errors='replace')}")


def test_the_store_outlives_the_server(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = DataFolderServer(data, tmp_path / "server.log")
    server.start()
    try:
        session = HttpSession(server.url)
        session.sign_up()
        created = session.request("POST", "/api/workspaces", json={"name": "Kept"})
        assert created.status_code == 201, created.text
        wid = created.json()["id"]
        new_map = session.request(
            "POST", f"/api/workspaces/{wid}/maps", json={"type": "ecosystem-map", "title": "Kept map"}
        )
        assert new_map.status_code == 201, new_map.text
        session.close()
    finally:
        server.stop()
    log = (tmp_path / "server.log").read_text()
    assert f"(store: {data / 'studio.db'}, your studio's data folder" in log, log
    assert (data / "studio.db").is_file()

    server.start()
    try:
        session = HttpSession(server.url)
        session.log_in()
        [workspace] = session.request("GET", "/api/workspaces").json()
        assert workspace["name"] == "Kept"
        maps = session.request("GET", f"/api/workspaces/{workspace['id']}").json()["maps"]
        assert [m["title"] for m in maps] == ["Kept map"]
        session.close()
    finally:
        server.stop()
