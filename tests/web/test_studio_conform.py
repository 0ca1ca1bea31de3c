"""The studio's "conform" analysis (planned vs actual): GET /api/maps/{mid}/analysis/conform answers the HTML page
with the map's steps, from the workspace's event log and the step mapping beside it, or from an uploaded log."""

from __future__ import annotations

import html
import re
from pathlib import Path

from studio_support import TestClient, error_of

from support import EXAMPLES

HOME = EXAMPLES / "home-loan"


def _map_id(client: TestClient, path: str) -> int:
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    return int(next(m["id"] for m in maps if m["path"] == path))


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_conform_draws_the_steps_from_the_workspace_log(client: TestClient, home_loan: Path) -> None:
    assert (home_loan / "evidence" / "applications-steps.yaml").is_file()
    catalog = {a["name"]: a["studio"] for a in client.get("/api/catalog").json()["analyses"]}
    assert catalog["conform"] == "html"
    mid = _map_id(client, "maps/home-loan-as-is.yaml")
    answer = client.get(f"/api/maps/{mid}/analysis/conform")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    text = _text(answer.text)
    assert "Planned vs actual — Home loan for a first-time buyer — as is" in text
    assert "by the mapping file applications-steps.yaml" in text  # the mapping beside the log
    for name in ("Estimate borrowing", "Get agreement in principle", "Upload documents", "Release funds"):
        assert name in text
    assert "evidence/applications-events.csv" in text and "<script" not in answer.text
    assert "journeymap-" not in answer.text  # no temporary path leaks


def test_an_uploaded_log_is_linked_by_name(client: TestClient) -> None:
    mid = _map_id(client, "maps/home-loan-as-is.yaml")
    rows = [
        "case_id,activity,timestamp",
        "c1,Borrowing calculator,2026-03-01 10:00:00",
        "c1,Application portal,2026-03-02 10:00:00",
        "c2,Borrowing calculator,2026-03-01 11:00:00",
    ]
    log = "\n".join(rows).encode()
    sent = client.post(f"/api/maps/{mid}/evidence", files={"file": ("mine.csv", log)}, data={"kind": "events"})
    assert sent.status_code in (200, 201), sent.text
    text = _text(client.get(f"/api/maps/{mid}/analysis/conform").text)
    assert "mine.csv (uploaded)" in text and "by name" in text
    assert "Estimate borrowing" in text and "Start application" in text


def test_a_map_without_an_event_log(client: TestClient) -> None:
    mid = _map_id(client, "maps/home-loan-to-be.yaml")
    error = error_of(client.get(f"/api/maps/{mid}/analysis/conform"), 404, "not_found")
    assert "kind=events" in error["hint"]
