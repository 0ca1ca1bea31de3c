"""``GET /api/maps/{mid}/export/check`` (issue 14): before the studio exports a PDF on a paper size, how big the map's
text comes out — the same sizes as ``journeymap render --paper`` warns about — and, under 7 pt, what would make it
readable (fitted by rows, a larger paper)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from studio_support import TestClient

from journeymap.core.context import context_for
from journeymap.files.loader import read_workspace
from journeymap.render.paper import paper_notes

from support import EXAMPLES

AS_IS = "maps/home-loan-as-is.yaml"  # 16 steps


def map_id(client: TestClient, path: str) -> int:
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    return int(next(m["id"] for m in maps if m["path"] == path))


def check(client: TestClient, mid: int, query: str) -> dict[str, Any]:
    answer = client.get(f"/api/maps/{mid}/export/check?{query}")
    assert answer.status_code == 200, answer.text[:300]
    return dict(answer.json())


def cli_card_pt(paper: str) -> float:
    """The cards' text size the CLI's warning states for the home-loan as-is map on ``paper``."""
    source = read_workspace(EXAMPLES / "home-loan")
    journey_map = source.workspace.map("home-loan-as-is")
    assert journey_map is not None and len(journey_map.steps) == 16
    context = replace(context_for(source.workspace), options={"paper": paper})
    notes = paper_notes(journey_map, context)
    found = re.search(r"the cards' text is ([0-9.]+) pt", notes[0]) if notes else None
    assert found, notes
    return float(found.group(1))


def test_a_16_step_map_on_a4_is_too_small_and_says_what_fixes_it(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    body = check(client, mid, "format=pdf&paper=A4")
    assert body["format"] == "pdf" and body["paper"] == "A4" and body["small"] is True
    assert body["readable_pt"] == 7.0
    assert body["smallest_pt"] <= body["card_pt"] < 7.0
    assert round(body["card_pt"], 1) == cli_card_pt("A4")  # what the CLI warns about, computed by the same code
    assert f"{body['card_pt']:.1f} pt" in body["message"] and f"{body['smallest_pt']:.1f} pt" in body["message"]
    assert "On A4" in body["message"] and "7 pt" in body["message"]
    assert body["fit_rows_pt"] >= 7.0  # fitted by rows, the same paper is readable
    assert body["larger_paper"] in ("A3", "A2", "A1", "A0")
    larger = check(client, mid, f"format=pdf&paper={body['larger_paper']}")
    assert larger["small"] is False and larger["card_pt"] >= 7.0


def test_fitted_by_rows_or_on_a0_there_is_no_warning(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    for query in ("format=pdf&paper=A4&fit=rows", "format=pdf&paper=A0", "format=pdf&paper=A3&fit=rows"):
        body = check(client, mid, query)
        assert body["small"] is False and body["message"] is None, query
        assert body["card_pt"] >= 7.0 and body["fit_rows_pt"] is None and body["larger_paper"] is None, query
    fitted = client.get(f"/api/maps/{mid}/export?format=pdf&paper=A4&fit=rows&download=true")
    assert fitted.status_code == 200 and fitted.content.startswith(b"%PDF")


def test_without_paper_there_is_nothing_to_check(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    for query in ("format=pdf", "format=svg", "format=png&fit=rows", "format=svg&paper=A4"):
        body = check(client, mid, query)
        assert body["paper"] is None and body["small"] is False and body["card_pt"] is None, query


def test_refusals(client: TestClient) -> None:
    mid = map_id(client, AS_IS)
    assert client.get(f"/api/maps/{mid}/export/check?format=pdf&paper=B5").status_code == 422
    assert client.get(f"/api/maps/{mid}/export/check?format=nope").status_code == 422
    assert client.get("/api/maps/999999/export/check?format=pdf&paper=A4").status_code == 404
    client.cookies.clear()
    assert client.get(f"/api/maps/{mid}/export/check?format=pdf&paper=A4").status_code == 401
