"""The method in the studio's API: ``GET /api/workspaces/{wid}/method`` answers what ``journeymap method --format
json`` says, and ``PUT /api/workspaces/{wid}/initiatives/{initiative}`` writes an edited initiative back to the
workspace file — validated first, refused with 409 when the file changed since the edit began."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import yaml
from studio_support import TestClient, error_of, invite, log_in, sign_up

from journeymap.cli.main import main as cli_main


def workspace_id(client: TestClient) -> int:
    listed = client.get("/api/workspaces").json()
    return int(next(w["id"] for w in listed if w["slug"] == "home-loan"))


def method(client: TestClient, wid: int) -> dict[str, Any]:
    response = client.get(f"/api/workspaces/{wid}/method")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def cli_json(folder: Path, capsys: Any) -> dict[str, Any]:
    capsys.readouterr()
    assert cli_main(["method", str(folder), "--format", "json"]) == 0
    answer: dict[str, Any] = json.loads(capsys.readouterr().out)
    return answer


def test_method_payload_equals_the_command_line(client: TestClient, home_loan: Path, capsys: Any) -> None:
    found = method(client, workspace_id(client))
    core = cli_json(home_loan, capsys)
    assert found["workspace"] == core["workspace"]
    assert [i["report"] for i in found["initiatives"]] == core["initiatives"]
    report = found["initiatives"][0]["report"]
    assert report["reached_stage"] == 7 and report["stages"][6]["state"] != "not-started"
    assert len(report["iterations"]) == 4
    taken = found["initiatives"][0]["opportunities"]
    assert taken and all(o["found"] for o in taken)
    assert any(o["how_might_we"].lower().startswith("how might we") for o in taken)


def edit(client: TestClient, wid: int, initiative: dict[str, Any], version: str) -> Any:
    return client.put(
        f"/api/workspaces/{wid}/initiatives/{initiative['id']}", json={"version": version, "initiative": initiative}
    )


def test_an_experiment_added_is_written_to_the_workspace_file(client: TestClient) -> None:
    wid = workspace_id(client)
    before = method(client, wid)
    initiative = copy.deepcopy(before["initiatives"][0]["initiative"])
    option = initiative["options"][0]["id"]
    initiative["experiments"].append(
        {"id": "studio-test", "option": option, "tested": "A/B test in the studio", "result": 2, "decision": "adopt"}
    )
    initiative["strategy"]["mission"] = "A new mission"
    response = edit(client, wid, initiative, before["version"])
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["version"] != before["version"]
    after = method(client, wid)
    assert after["version"] == saved["version"]
    stored = after["initiatives"][0]["initiative"]
    assert stored["strategy"]["mission"] == "A new mission"
    assert [e["id"] for e in stored["experiments"]][-1] == "studio-test"
    assert "studio-test" in [e["id"] for e in after["initiatives"][0]["report"]["experiments"]]
    exported = client.get(f"/api/workspaces/{wid}/export")
    assert exported.status_code == 200
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        text = archive.read("home-loan/journeymap.yaml").decode()
    written = yaml.safe_load(text)["initiatives"][0]
    assert written["experiments"][-1]["tested"] == "A/B test in the studio"


def test_a_stale_version_is_refused_with_409(client: TestClient) -> None:
    wid = workspace_id(client)
    first = method(client, wid)
    mine = copy.deepcopy(first["initiatives"][0]["initiative"])
    theirs = copy.deepcopy(mine)
    theirs["owner"] = "Someone else"
    assert edit(client, wid, theirs, first["version"]).status_code == 200
    mine["strategy"]["mission"] = "My mission"
    error = error_of(edit(client, wid, mine, first["version"]), 409)
    assert "changed since you opened it" in error["message"] and "reload" in error["hint"]
    stored = method(client, wid)["initiatives"][0]["initiative"]
    assert stored["owner"] == "Someone else" and stored["strategy"]["mission"] != "My mission"


def test_an_invalid_initiative_is_refused_and_nothing_written(client: TestClient) -> None:
    wid = workspace_id(client)
    first = method(client, wid)
    bad = copy.deepcopy(first["initiatives"][0]["initiative"])
    bad["experiments"].append({"id": "x", "option": "o", "tested": "t", "started": "2026-05-02", "ended": "2026-05-01"})
    error = error_of(edit(client, wid, bad, first["version"]), 422)
    assert any("before it started" in p["message"] for p in error["problems"]), error
    twice = copy.deepcopy(first["initiatives"][0]["initiative"])
    twice["experiments"].append(dict(twice["experiments"][0]))
    error_of(edit(client, wid, twice, first["version"]), 422)
    renamed = dict(first["initiatives"][0]["initiative"], id="other-id")
    response = client.put(
        f"/api/workspaces/{wid}/initiatives/decision-wait", json={"version": first["version"], "initiative": renamed}
    )
    error_of(response, 422)
    assert method(client, wid)["version"] == first["version"]


def test_viewers_read_but_cannot_edit_and_outsiders_see_nothing(anonymous: TestClient) -> None:
    sign_up(anonymous, "owner@example.org", "Olive Owner")
    wid = workspace_id(anonymous)
    first = method(anonymous, wid)
    initiative = first["initiatives"][0]["initiative"]
    other = anonymous.post("/api/workspaces", json={"name": "Cards"}).json()["id"]
    viewer_token = invite(anonymous, wid, "viewer@example.org", "viewer")
    outsider_token = invite(anonymous, other, "outsider@example.org", "editor")
    sign_up(anonymous, "viewer@example.org", "Vic Viewer", invite=viewer_token)
    assert method(anonymous, wid)["version"] == first["version"]
    error_of(edit(anonymous, wid, initiative, first["version"]), 403)
    sign_up(anonymous, "outsider@example.org", "Otto Outsider", invite=outsider_token)
    error_of(anonymous.get(f"/api/workspaces/{wid}/method"), 404)
    error_of(edit(anonymous, wid, initiative, first["version"]), 404)
    log_in(anonymous, "owner@example.org")
    assert method(anonymous, wid)["version"] == first["version"]


def test_settings_saved_at_a_stale_version_are_refused_with_409(client: TestClient) -> None:
    wid = workspace_id(client)
    opened = client.get(f"/api/workspaces/{wid}").json()
    version = opened["settings_version"]
    assert version == method(client, wid)["version"]  # one version of the workspace file, as the method page's
    theirs = {**opened["settings"], "description": "Their description"}
    saved = client.put(f"/api/workspaces/{wid}/settings", json=theirs, headers={"If-Match": f'"{version}"'})
    assert saved.status_code == 200, saved.text
    new_version = client.get(f"/api/workspaces/{wid}").json()["settings_version"]
    assert saved.headers["ETag"] == f'"{new_version}"' and new_version != version
    # made on the version before theirs: refused, theirs kept
    mine = {**opened["settings"], "description": "My description"}
    error = error_of(client.put(f"/api/workspaces/{wid}/settings", json=mine, headers={"If-Match": version}), 409)
    assert "changed since you opened it" in error["message"] and "reload the workspace" in error["hint"]
    assert client.get(f"/api/workspaces/{wid}").json()["settings"]["description"] == "Their description"
    # an initiative edited at the version before the settings' save is refused as well
    initiative = method(client, wid)["initiatives"][0]["initiative"]
    error_of(edit(client, wid, initiative, version), 409)
    # made on the current version (the ETag of the last save): saved
    again = client.put(f"/api/workspaces/{wid}/settings", json=mine, headers={"If-Match": saved.headers["ETag"]})
    assert again.status_code == 200 and again.json()["description"] == "My description"
    # without a version the settings replace the file as it is (as before versions were sent)
    plain = client.put(f"/api/workspaces/{wid}/settings", json=theirs)
    assert plain.status_code == 200 and plain.json()["description"] == "Their description"
