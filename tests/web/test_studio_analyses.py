"""``GET /api/maps/{mid}/analyses`` (issue 13, defect 9 polish): which analyses the studio can draw for a map now,
and what to add for the others — so that the Evidence panel never asks for a drawing that answers 404. What it says
must agree with the drawing routes: an available analysis draws (200), an unavailable one is not found (404)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from studio_support import TestClient, copy_examples, make_app, running, sign_up

from support import EXAMPLES

EVENT_LOG = "upload an event log"
SCORES = "importance and a satisfaction score"
EMOTION = "emotional level"


def map_id(client: TestClient, path: str) -> int:
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    return int(next(m["id"] for m in maps if m["path"] == path))


def analyses(client: TestClient, mid: int) -> dict[str, dict[str, Any]]:
    answer = client.get(f"/api/maps/{mid}/analyses")
    assert answer.status_code == 200, answer.text[:300]
    body = answer.json()
    assert body["map_id"] == mid
    return {item["name"]: item for item in body["analyses"]}


def hints(found: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    return {name: item["hint"] for name, item in found.items()}


def assert_agrees_with_the_drawings(client: TestClient, mid: int, found: dict[str, dict[str, Any]]) -> None:
    """Each available analysis draws as the answer says (SVG or HTML); each unavailable one answers 404 (the
    emotion curve of a map with no emotional level draws an empty chart)."""
    for name, item in found.items():
        drawn = client.get(f"/api/maps/{mid}/analysis/{name}")
        if item["available"]:
            media = "image/svg+xml" if item["studio"] == "svg" else "text/html"
            assert drawn.status_code == 200, f"{name}: {drawn.status_code} {drawn.text[:200]}"
            assert drawn.headers["content-type"].startswith(media), name
        elif name == "emotion":  # drawn, but as an empty chart: not worth a preview
            assert drawn.status_code == 200 and "0 measured with 95 % bands, 0 estimated" in drawn.text
        else:
            assert drawn.status_code == 404, f"{name} is said unavailable but answers {drawn.status_code}"


def test_the_answer_lists_what_the_studio_draws_in_the_catalogs_order(client: TestClient) -> None:
    catalog = [(a["name"], a["label"], a["studio"]) for a in client.get("/api/catalog").json()["analyses"]]
    drawn = [entry for entry in catalog if entry[2] is not None]
    found = analyses(client, map_id(client, "maps/home-loan-as-is.yaml"))
    assert [(name, item["label"], item["studio"]) for name, item in found.items()] == drawn
    assert {"discovery", "conform", "ipa", "emotion", "report", "freshness"} <= set(found)
    assert all(item["description"] for item in found.values())


def test_the_as_is_map_can_draw_every_analysis(client: TestClient) -> None:
    """The as-is map has scored touchpoints, measured emotions and an event log in its workspace's evidence."""
    mid = map_id(client, "maps/home-loan-as-is.yaml")
    found = analyses(client, mid)
    assert all(item["available"] and item["hint"] is None for item in found.values()), hints(found)
    for name in ("ipa", "emotion", "discovery"):  # the previews the panel shows (report and conform: links)
        assert client.get(f"/api/maps/{mid}/analysis/{name}").status_code == 200, name


def test_the_to_be_map_lacks_an_event_log_and_scores(client: TestClient) -> None:
    """The to-be map has no event log (the workspace's evidence names the as-is map only) and no touchpoint with
    both scores; its emotions are estimated, so the emotion curve draws."""
    mid = map_id(client, "maps/home-loan-to-be.yaml")
    found = analyses(client, mid)
    unavailable = {name for name, item in found.items() if not item["available"]}
    assert unavailable == {"discovery", "conform", "ipa"}, hints(found)
    assert EVENT_LOG in found["discovery"]["hint"] and EVENT_LOG in found["conform"]["hint"]
    assert SCORES in found["ipa"]["hint"]
    assert found["emotion"]["available"] and found["report"]["available"] and found["freshness"]["available"]
    assert_agrees_with_the_drawings(client, mid, found)


def test_an_uploaded_event_log_and_a_scored_touchpoint_make_them_available(client: TestClient) -> None:
    mid = map_id(client, "maps/home-loan-to-be.yaml")
    log = b"case_id,activity,timestamp\nc1,Borrowing calculator,2026-03-01 10:00:00\nc1,Apply,2026-03-02 10:00:00\n"
    sent = client.post(f"/api/maps/{mid}/evidence", files={"file": ("mine.csv", log)}, data={"kind": "events"})
    assert sent.status_code in (200, 201), sent.text
    found = analyses(client, mid)
    assert found["discovery"]["available"] and found["conform"]["available"]
    assert not found["ipa"]["available"]

    data = client.get(f"/api/maps/{mid}").json()["data"]
    data["touchpoints"][0].update(importance=8, satisfaction=4)
    assert client.put(f"/api/maps/{mid}", json=data).status_code == 200
    found = analyses(client, mid)
    assert all(item["available"] for item in found.values()), hints(found)
    assert_agrees_with_the_drawings(client, mid, {k: v for k, v in found.items() if k != "report"})


def test_a_map_without_emotional_levels_has_no_emotion_curve(client: TestClient) -> None:
    mid = map_id(client, "maps/home-loan-to-be.yaml")
    data = client.get(f"/api/maps/{mid}").json()["data"]
    for stage in data["stages"]:
        for step in stage["steps"]:
            step.pop("emotion", None)
    assert client.put(f"/api/maps/{mid}", json=data).status_code == 200
    found = analyses(client, mid)
    assert not found["emotion"]["available"] and EMOTION in found["emotion"]["hint"]
    assert_agrees_with_the_drawings(client, mid, {"emotion": found["emotion"]})


def test_a_map_with_errors_can_draw_nothing(studio_app: Any, client: TestClient) -> None:
    """A map edited live into errors (the checked PUT would refuse it): every analysis waits for the fix."""
    mid = map_id(client, "maps/home-loan-to-be.yaml")
    data = client.get(f"/api/maps/{mid}").json()["data"]
    data["stages"][0]["steps"][0]["emotion"] = {"estimate": 42}  # outside 1–10
    assert client.portal is not None
    client.portal.call(studio_app.state.studio.set_map_data, mid, data, None)
    found = analyses(client, mid)
    assert found and all(not item["available"] for item in found.values()), hints(found)
    assert all("errors" in str(item["hint"]) for item in found.values())
    assert client.get(f"/api/maps/{mid}/analysis/emotion").status_code == 422


def test_a_plugins_analysis_of_the_map_is_available(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.analysis import registry
    from journeymap.analysis.registry import Analysis, AnalysisResult, Subject

    monkeypatch.setattr(registry, "_EXTRA", dict(registry._EXTRA))  # the registration ends with the test
    monkeypatch.setattr(registry, "_LOADED", dict(registry._LOADED))

    def count_steps(subject: Subject) -> AnalysisResult:
        svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text>{len(subject.need_map("n").steps)}</text></svg>'
        return AnalysisResult("count-steps", None, {"svg": lambda: svg})

    registry.register("count-steps", lambda: Analysis("count-steps", "Steps", ("map",), ("svg",), count_steps))
    registry.register("versus", lambda: Analysis("versus", "Versus", ("map", "other-map"), ("svg",), count_steps))
    mid = map_id(client, "maps/home-loan-to-be.yaml")
    found = analyses(client, mid)
    assert found["count-steps"]["available"] and found["count-steps"]["studio"] == "svg"
    assert "versus" not in found  # the studio cannot draw it: it is not listed
    assert client.get(f"/api/maps/{mid}/analysis/count-steps").status_code == 200


def test_only_those_who_read_evidence_may_ask(anonymous: TestClient) -> None:
    assert anonymous.get("/api/maps/1/analyses").status_code == 401
    sign_up(anonymous)
    assert anonymous.get("/api/maps/999999/analyses").status_code == 404


@pytest.mark.parametrize("example", ["clinic-visit", "streaming-mental-model"])
def test_what_is_said_agrees_with_the_drawings_on_other_examples(tmp_path: Path, example: str) -> None:
    assert (EXAMPLES / example).is_dir()
    home = copy_examples(tmp_path / "workspaces", [example])[0]
    with running(make_app(str(tmp_path / "studio.db"), [home])) as client:
        sign_up(client)
        workspace_id = client.get("/api/workspaces").json()[0]["id"]
        for entry in client.get(f"/api/workspaces/{workspace_id}").json()["maps"]:
            found = analyses(client, int(entry["id"]))
            assert_agrees_with_the_drawings(client, int(entry["id"]), found)
