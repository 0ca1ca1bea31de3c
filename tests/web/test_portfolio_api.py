"""The portfolio in the studio's API: ``GET /api/workspaces/{wid}/portfolio`` answers what the core's portfolio gives
for the workspace (``to_dict``, the JSON of ``journeymap portfolio``), with the studio's map ids; the search finds
what the core's search finds; ``PATCH /api/maps/{mid}/opportunities/{oid}`` moves an opportunity through the live
document (the map's data and the board change), refused to a viewer (403) and unknown to a non-member (404)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from studio_support import TestClient, YPeer, error_of, invite, sign_up, ws_headers

from journeymap.analysis.portfolio import portfolio_of_sources
from journeymap.analysis.portfolio_search import SearchQuery, search_portfolio
from journeymap.files.loader import read_workspace


def workspace_ids(client: TestClient) -> tuple[int, dict[str, int]]:
    [listed] = client.get("/api/workspaces").json()
    maps = client.get(f"/api/workspaces/{listed['id']}").json()["maps"]
    return int(listed["id"]), {m["path"].rsplit("/", 1)[-1].removesuffix(".yaml"): m["id"] for m in maps}


def as_json(data: Any) -> Any:
    """As the JSON answer has it (tuples become lists)."""
    return json.loads(json.dumps(data))


def get_ok(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_portfolio_is_the_cores(client: TestClient, home_loan: Path) -> None:
    wid, ids = workspace_ids(client)
    answer = get_ok(client, f"/api/workspaces/{wid}/portfolio")
    core = as_json(portfolio_of_sources([read_workspace(home_loan)]).to_dict())
    studio = answer.pop("studio")
    assert answer == core
    assert studio == [{"id": wid, "name": core["workspaces"][0], "maps": ids}]
    # what the page draws is there: the tree, health parts with their why, the heat map, personas, the board
    assert core["tree"][0]["roots"] and any(r["children"] for r in core["tree"][0]["roots"])
    assert all(p["why"] for j in answer["journeys"] for p in j["health_parts"])
    assert answer["heat_map"] and answer["personas"] and answer["opportunities"]["opportunities"]
    # filtered and sorted as the command line does
    testing = get_ok(client, f"/api/workspaces/{wid}/portfolio?status=testing&sort=effort")
    filtered = as_json(portfolio_of_sources([read_workspace(home_loan)], statuses=["testing"], sort="effort").to_dict())
    assert testing["opportunities"] == filtered["opportunities"]
    assert {c["status"] for c in testing["opportunities"]["opportunities"]} == {"testing"}
    assert get_ok(client, "/api/portfolio")["journeys"] == answer["journeys"]


def test_an_unknown_sort_is_a_located_error(client: TestClient) -> None:
    wid, _ = workspace_ids(client)
    error = error_of(client.get(f"/api/workspaces/{wid}/portfolio?sort=colour"), 400)
    assert "sort" in error["message"]


def test_search_finds_what_the_core_finds(client: TestClient, home_loan: Path) -> None:
    wid, ids = workspace_ids(client)
    hits = get_ok(client, f"/api/workspaces/{wid}/portfolio/search?text=upload")
    core = search_portfolio([read_workspace(home_loan).workspace], SearchQuery(text="upload"))
    assert hits and [{k: v for k, v in h.items() if k != "studio_map"} for h in hits] == as_json(
        [c.to_dict() for c in core]
    )
    assert all(h["studio_map"] == ids[h["map_id"]] for h in hits)
    assert get_ok(client, f"/api/workspaces/{wid}/portfolio/search") == []


def _card(board: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(c for c in board["opportunities"] if c["id"] == oid)


def test_moving_an_opportunity_changes_the_live_map(client: TestClient) -> None:
    wid, ids = workspace_ids(client)
    board = get_ok(client, f"/api/workspaces/{wid}/portfolio")["opportunities"]
    card = next(c for c in board["opportunities"] if c["status"] == "idea")
    mid = ids[card["map_id"]]
    with client.websocket_connect(f"/api/realtime/map-{mid}", headers=ws_headers(client)) as ws:
        peer = YPeer(ws.send_bytes, ws.receive_bytes)  # a collaborator with the map open
        assert _status_in(peer.sync(), card["id"]) == "idea"
        response = client.patch(
            f"/api/maps/{mid}/opportunities/{card['id']}", json={"status": "testing", "owner": "Bo"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "testing" and response.json()["owner"] == "Bo"
        assert _status_in(_updated(peer), card["id"]) == "testing"
    data = get_ok(client, f"/api/maps/{mid}")["data"]
    assert _status_in(data, card["id"]) == "testing"
    moved = _card(get_ok(client, f"/api/workspaces/{wid}/portfolio")["opportunities"], card["id"])
    assert (moved["status"], moved["owner"]) == ("testing", "Bo")
    cleared = client.patch(f"/api/maps/{mid}/opportunities/{card['id']}", json={"effort": None})
    assert cleared.status_code == 200 and cleared.json()["effort"] is None


def _updated(peer: YPeer) -> dict[str, Any]:
    """Read the server's messages until an update comes; the collaborator's data then."""
    from pycrdt import Decoder

    from journeymap.web.ydoc import doc_data

    for _ in range(100):
        decoder = Decoder(peer.receive())
        if decoder.read_var_uint() == 0 and decoder.read_var_uint() in (1, 2):
            payload = decoder.read_message()
            assert payload is not None
            peer.doc.apply_update(payload)
            return doc_data(peer.doc)
    raise AssertionError("no update came")


def _status_in(data: dict[str, Any], oid: str) -> str | None:
    return next((o.get("status", "idea") for o in data.get("opportunities", []) if o["id"] == oid), None)


def test_bad_changes_are_refused(client: TestClient) -> None:
    _, ids = workspace_ids(client)
    mid = ids["home-loan-as-is"]
    error_of(client.patch(f"/api/maps/{mid}/opportunities/nothing-here", json={"status": "testing"}), 404)
    error_of(client.patch(f"/api/maps/{mid}/opportunities/x", json={}), 422)
    error_of(client.patch(f"/api/maps/{mid}/opportunities/x", json={"status": "shipped"}), 422)
    error_of(client.patch(f"/api/maps/{mid}/opportunities/x", json={"effort": 11}), 422)


def test_a_viewer_may_not_move_and_a_stranger_sees_nothing(client: TestClient) -> None:
    wid, ids = workspace_ids(client)
    mid = ids["home-loan-as-is"]
    oid = get_ok(client, f"/api/workspaces/{wid}/portfolio")["opportunities"]["opportunities"][0]["id"]
    other = client.post("/api/workspaces", json={"name": "Other"}).json()["id"]
    to_vic, to_sam = (
        invite(client, wid, "vic@example.org", "viewer"),
        invite(client, other, "sam@example.org", "viewer"),
    )
    sign_up(client, "sam@example.org", "Sam Stranger", invite=to_sam)
    error_of(client.get(f"/api/workspaces/{wid}/portfolio"), 404)
    error_of(client.patch(f"/api/maps/{mid}/opportunities/{oid}", json={"status": "testing"}), 404)
    assert get_ok(client, "/api/portfolio")["journeys"] == []
    sign_up(client, "vic@example.org", "Vic Viewer", invite=to_vic)
    assert get_ok(client, f"/api/workspaces/{wid}/portfolio")["journeys"]
    error_of(client.patch(f"/api/maps/{mid}/opportunities/{oid}", json={"status": "testing"}), 403)
