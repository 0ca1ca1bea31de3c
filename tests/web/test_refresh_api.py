"""The studio's "Refresh evidence": ``POST /api/maps/{mid}/refresh`` measures the live map again from its workspace's
sources (read from the folder it was imported from), with a named version after; a failing source answers 422
naming it and changes nothing; a URL written in the workspace is refused; the schedule's rounds (clock injected)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio_support import TestClient, error_of, make_app, running, sign_up

from journeymap.web.refresh_service import RefreshSchedule, refresh_due
from refresh_support import ROWS, make_workspace, write_csv

SOURCE = "{name: survey, kind: file, path: evidence/survey.csv, mapping: evidence/survey.mapping.yaml}"


def _setup(client: TestClient) -> tuple[int, int]:
    sign_up(client)  # the first account takes the imported workspace
    [listed] = client.get("/api/workspaces").json()
    workspace = client.get(f"/api/workspaces/{listed['id']}").json()
    [loan] = workspace["maps"]
    return int(listed["id"]), int(loan["id"])


def _apply_emotion(data: dict[str, Any]) -> Any:
    return next(s["emotion"] for stage in data["stages"] for s in stage["steps"] if s["id"] == "apply")


def test_refresh_measures_the_live_map_and_names_a_version(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE)
    write_csv(root / "evidence" / "survey.csv", ROWS)
    with running(make_app(str(tmp_path / "s.db"), [root])) as client:
        _, mid = _setup(client)
        answer = client.post(f"/api/maps/{mid}/refresh")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["sources"] == [{"name": "survey", "kind": "file", "read_with": "evidence/survey.csv", "rows": 4}]
        assert {
            "element": "apply",
            "kind": "step",
            "field": "emotion",
            "old": None,
            "new": 7.5,
            "source": "survey",
        } in (body["changes"])
        assert body["version"] == "refreshed from survey"
        emotion = _apply_emotion(body["map"]["data"])
        assert emotion["mean"] == 7.5 and emotion["source"] == "survey" and emotion["query"] == "evidence/survey.csv"
        names = [v.get("name") for v in client.get(f"/api/maps/{mid}/versions").json()]
        assert "refreshed from survey" in names
        # the evidence changed in the folder: the next refresh reads it as it is now
        write_csv(root / "evidence" / "survey.csv", [[1, 10, 1, 1], [2, 8, 1, 1]])
        again = client.post(f"/api/maps/{mid}/refresh").json()
        assert _apply_emotion(again["map"]["data"])["mean"] == 9.0
        assert {k: c[k] for c in again["changes"] if c["element"] == "apply" for k in ("old", "new")} == {
            "old": 7.5,
            "new": 9.0,
        }


def test_a_failing_source_answers_422_and_changes_nothing(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE)
    write_csv(root / "evidence" / "survey.csv", [[1, "great", 2, 7]])
    with running(make_app(str(tmp_path / "s.db"), [root])) as client:
        _, mid = _setup(client)
        before = client.get(f"/api/maps/{mid}").json()["data"]
        error = error_of(client.post(f"/api/maps/{mid}/refresh"), 422)
        assert error["problems"][0]["where"].startswith("source survey")
        assert "is not a number" in error["problems"][0]["message"]
        assert client.get(f"/api/maps/{mid}").json()["data"] == before


def test_the_studio_refuses_a_url_written_in_the_workspace(tmp_path: Path) -> None:
    source = "{name: survey, kind: postgres, url: 'postgresql://someone@127.0.0.1:1/x', table: t}"
    root = make_workspace(tmp_path / "ws", source)
    with running(make_app(str(tmp_path / "s.db"), [root])) as client:
        _, mid = _setup(client)
        error = error_of(client.post(f"/api/maps/{mid}/refresh"), 422)
        assert error["problems"][0]["code"] == "JE204" and "url_env" in error["problems"][0]["hint"]


def test_the_schedule_is_due_after_its_hours_and_never_overlaps() -> None:
    now = [1000.0]
    schedule = RefreshSchedule(clock=lambda: now[0])
    assert schedule.due({1: 1.0, 2: 24.0}) == []  # first seen: counts from now
    now[0] += 3600
    assert schedule.due({1: 1.0, 2: 24.0}) == [1]
    schedule.done(1)
    assert schedule.due({1: 1.0, 2: 24.0}) == []
    now[0] += 23 * 3600
    assert schedule.due({1: 1.0, 2: 24.0}) == [1, 2]
    assert schedule.due({2: 24.0}) == [2] and 1 not in schedule.last  # a workspace that stops asking is forgotten


def test_a_scheduled_round_refreshes_the_due_workspaces(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE)
    text = (
        (root / "journeymap.yaml")
        .read_text()
        .replace("sources:\n", "settings: {refresh: {every_hours: 2}}\nsources:\n", 1)
    )
    (root / "journeymap.yaml").write_text(text)
    write_csv(root / "evidence" / "survey.csv", ROWS)
    app = make_app(str(tmp_path / "s.db"), [root])
    with running(app) as client:
        _, mid = _setup(client)
        studio = app.state.studio
        now = [0.0]
        schedule = RefreshSchedule(clock=lambda: now[0])

        def round_() -> list[tuple[int, bool]]:
            assert client.portal is not None
            return client.portal.call(refresh_due, studio, schedule)

        assert round_() == []  # not yet due
        now[0] += 2 * 3600
        assert round_() == [(mid, True)]
        assert _apply_emotion(client.get(f"/api/maps/{mid}").json()["data"])["source"] == "survey"
        assert round_() == []  # done: due again in two hours
        schedule.running = True
        now[0] += 2 * 3600
        assert round_() == []  # a round still running is not doubled
