"""Journeys that link, in the studio's API: ``GET /api/maps/{mid}/links`` gives a map's chain of parents (the
breadcrumb), its children and its steps' sub-journeys, with the studio's map ids, from the core's hierarchy."""

from __future__ import annotations

from typing import Any

from studio_support import TestClient, YPeer, error_of, ws_headers

from journeymap.files.loader import read_workspace
from journeymap.model.links import ancestors, children


def map_ids(client: TestClient) -> tuple[int, dict[str, int]]:
    listed = client.get("/api/workspaces").json()
    wid = next(w["id"] for w in listed if w["slug"] == "home-loan")
    maps = client.get(f"/api/workspaces/{wid}").json()["maps"]
    return wid, {m["path"].rsplit("/", 1)[-1].removesuffix(".yaml"): m["id"] for m in maps}


def links(client: TestClient, mid: int) -> dict[str, Any]:
    response = client.get(f"/api/maps/{mid}/links")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_parent_chain_and_step_of_the_sub_journey(client: TestClient) -> None:
    _, ids = map_ids(client)
    found = links(client, ids["document-upload"])
    assert found["ref"] == "document-upload"
    assert [(p["ref"], p["map_id"], p["step_id"], p["step_name"]) for p in found["parents"]] == [
        ("home-loan-as-is", ids["home-loan-as-is"], "a-docs", "Upload documents")
    ]
    assert found["children"] == [] and found["steps"] == []
    assert {m["ref"] for m in found["maps"]} == set(ids)


def test_children_and_step_links_equal_the_core(client: TestClient, home_loan: Any) -> None:
    _, ids = map_ids(client)
    found = links(client, ids["home-loan-as-is"])
    workspace = read_workspace(home_loan).workspace
    as_is = workspace.map("home-loan-as-is")
    assert as_is is not None
    assert found["parents"] == [] and ancestors(as_is, workspace.maps) == []
    assert [c["ref"] for c in found["children"]] == [c.id for c in children(as_is, workspace.maps)]
    assert {(c["ref"], c["step_id"]) for c in found["children"]} == {
        ("document-upload", "a-docs"),
        ("helpline-agent-experience", "s-wait"),
    }
    by_step = {s["step_id"]: s for s in found["steps"]}
    assert by_step["a-docs"]["map_id"] == ids["document-upload"]
    assert by_step["a-docs"]["title"] == "Uploading the application documents — as is"


def test_a_sub_journey_set_live_shows_in_the_links(client: TestClient) -> None:
    """Set through the live document (as the step's toolbar does), the link is in the next answer; a step naming
    a map the workspace lacks has no map id."""
    _, ids = map_ids(client)
    mid = ids["home-loan-to-be"]

    def link(root: Any) -> None:
        steps = root["stages"][0]["steps"]
        steps[0]["sub_journey"] = "document-upload"
        steps[1]["sub_journey"] = "no-such-map"

    with client.websocket_connect(f"/api/realtime/map-{mid}", headers=ws_headers(client)) as ws:
        peer = YPeer(ws.send_bytes, ws.receive_bytes)
        peer.sync()
        peer.wait_ack(peer.edit(link))
    found = links(client, mid)
    refs = {s["ref"]: s["map_id"] for s in found["steps"]}
    assert refs == {"document-upload": ids["document-upload"], "no-such-map": None}


def test_unknown_map_is_404(client: TestClient) -> None:
    error_of(client.get("/api/maps/999999/links"), 404)
