"""Evidence in the studio: upload (preview, row count, suggested mapping), apply (a survey measures the map as
``journeymap measure`` does; an event log is discovered as ``journeymap discover`` does), the library's problems
with the uploaded file's name and cell, the upload limit, and the analyses drawn as SVG and HTML, escaped."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import EXAMPLES, FIXTURES, run

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; httpx is what the studio's tests have
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

from journeymap.evidence.suggest import suggest_events, suggest_survey
from journeymap.web.app import create_app
from journeymap.web.evidence_service import display_name
from journeymap.web.settings import DEMO_EMAIL, DEMO_PASSWORD, Settings

HOME = EXAMPLES / "home-loan"
CLINIC = EXAMPLES / "clinic-visit"
SURVEY = HOME / "evidence" / "post-completion-survey.csv"
SURVEY_MAPPING = HOME / "evidence" / "post-completion-survey.mapping.yaml"
EVENTS = HOME / "evidence" / "applications-events.csv"
PATIENTS = CLINIC / "evidence" / "patient-survey.csv"
PATIENTS_MAPPING = CLINIC / "evidence" / "patient-survey.mapping.yaml"
HOSTILE_NAME = "<img src=x onerror=alert(1)>&amp;.csv"
HOSTILE_ACTIVITIES = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", 'Pay " onload="x', "A & <b>B</b>"]


@contextmanager
def studio(tmp_path: Path, example: Path, **options: Any) -> Iterator[TestClient]:
    """The studio on a fresh store with a copy of ``example``, signed in as the demo user, sending the CSRF
    header."""
    folder = tmp_path / "workspaces" / example.name
    shutil.copytree(example, folder, ignore=shutil.ignore_patterns(".journeymap"))
    app = create_app(Settings(database=str(tmp_path / "s.db"), workspaces=[folder], demo=True, **options))
    with TestClient(app, base_url="https://testserver") as client:
        assert client.get("/api/auth/me").status_code == 200
        client.headers["X-CSRF-Token"] = client.cookies["jm_csrf"]
        answer = client.post("/api/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = client.cookies["jm_csrf"]
        yield client


def map_id(client: TestClient, path_end: str) -> int:
    workspace = client.get("/api/workspaces").json()[0]
    maps = client.get(f"/api/workspaces/{workspace['id']}").json()["maps"]
    return next(int(m["id"]) for m in maps if m["path"].endswith(path_end))


def upload(client: TestClient, mid: int, name: str, content: bytes, kind: str) -> Any:
    return client.post(f"/api/maps/{mid}/evidence", files={"file": (name, content)}, data={"kind": kind})


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["code"] == code, error
    return error


def cli_emotions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, map_file: Path, survey: Path, mapping: Path
) -> dict[str, tuple[Any, ...]]:
    """Step id → (mean, ci95, n) as ``journeymap measure`` writes them."""
    out = tmp_path / "measured.yaml"
    code, _, err = run(capsys, "measure", str(map_file), str(survey), "--mapping", str(mapping), "-o", str(out))
    assert code == 0, err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    return {
        step["id"]: (step["emotion"]["mean"], step["emotion"]["ci95"], step["emotion"]["n"])
        for stage in data["stages"]
        for step in stage["steps"]
        if isinstance(step.get("emotion"), dict)
    }


def api_emotions(measured: dict[str, Any]) -> dict[str, Any]:
    return {k: (v["mean"], [v["low"], v["high"]], v["n"]) for k, v in measured.items()}


def svg_text(svg: str) -> str:
    """All the text of an SVG (which must be well-formed XML), whitespace collapsed."""
    root = ET.fromstring(svg)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not tags & {"script", "img", "b", "foreignObject"}, tags
    return " ".join(" ".join(root.itertext()).split())


def page_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# --- surveys --------------------------------------------------------------------------------------------------


def test_wide_survey_upload_suggests_the_mapping_file_and_apply_measures_as_the_cli_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")
        answer = upload(client, mid, SURVEY.name, SURVEY.read_bytes(), "survey")
        assert answer.status_code == 201, answer.text
        body = answer.json()
        rows = list(csv.reader(io.StringIO(SURVEY.read_text(encoding="utf-8"))))
        assert body["kind"] == "survey" and body["filename"] == SURVEY.name
        assert body["columns"] == rows[0]
        assert body["preview"] == rows[1:21]
        assert body["rows"] == len(rows) - 1
        expected = yaml.safe_load(SURVEY_MAPPING.read_text(encoding="utf-8"))
        assert body["suggested_mapping"] == expected

        applied = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": body["suggested_mapping"]})
        assert applied.status_code == 200, applied.text
        result = applied.json()
        assert result["kind"] == "survey" and result["problems"] == []
        want = cli_emotions(capsys, tmp_path, HOME / "maps" / "home-loan-as-is.yaml", SURVEY, SURVEY_MAPPING)
        assert len(want) == 16
        assert api_emotions(result["measured"]) == want

        # the measured map is the live document, and the file keeps the mapping it was applied with
        steps = {
            s["id"]: s for stage in client.get(f"/api/maps/{mid}").json()["data"]["stages"] for s in stage["steps"]
        }
        assert steps["s-wait"]["emotion"]["mean"] == want["s-wait"][0]
        assert steps["s-wait"]["emotion"]["dataset"] == SURVEY.name
        assert result["map"]["data"]["stages"] == client.get(f"/api/maps/{mid}").json()["data"]["stages"]
        listed = client.get(f"/api/maps/{mid}/evidence").json()
        assert [(e["id"], e["kind"], e["mapping"]) for e in listed] == [(body["id"], "survey", expected)]
        versions = client.get(f"/api/maps/{mid}/versions").json()
        assert versions[0]["name"] == f"measured with {SURVEY.name}"


def test_long_survey_is_recognised_by_its_columns_and_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with studio(tmp_path, CLINIC) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        body = upload(client, mid, PATIENTS.name, PATIENTS.read_bytes(), "survey").json()
        suggested = body["suggested_mapping"]
        assert suggested == {
            "form": "long",
            "long": {"respondent": "respondent", "element": "element", "measure": "measure", "value": "value"},
            "scale": "1-5",
        }
        result = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": suggested}).json()
        want = cli_emotions(
            capsys, tmp_path, CLINIC / "maps" / "diabetes-review-blueprint.yaml", PATIENTS, PATIENTS_MAPPING
        )
        assert want and api_emotions(result["measured"]) == want


def test_suggestions_match_headers_by_step_name_and_columns_by_content() -> None:
    from journeymap.files.loader import read_map

    journey_map = read_map(HOME / "maps" / "home-loan-as-is.yaml", personas=["priya-first-time-buyer"]).map
    columns = ["ID", "Estimate borrowing", "Compare rates (score)", "Borrowing calculator importance", "q9"]
    rows = [["1", "5", "7", "9", "3"], ["2", "1", "4", "8", "2"], ["3", "4", "5", "7", "1"]]
    assert suggest_survey(columns, rows, journey_map).to_mapping() == {
        "form": "wide",
        "respondent": "ID",
        "columns": {
            "Estimate borrowing": "r-calc",
            "Compare rates (score)": "r-compare",
            "Borrowing calculator importance": {"element": "tp-calculator", "measure": "importance"},
        },
        "scale": "1-10",
    }
    log = [["c1", "Compare rates", "2026-03-01T10:00:00Z", "7"], ["c1", "Start application", "2026-03-02 09:00", "3"]]
    log += [["c2", "Compare rates", "2026-03-04 11:00:00", "1"]]
    assert suggest_events(["who", "what", "when", "n"], log, journey_map).to_mapping() == {
        "case": "who",
        "activity": "what",
        "time": "when",
    }


def test_problems_name_the_uploaded_file_and_the_cell(tmp_path: Path) -> None:
    with studio(tmp_path, CLINIC) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        before = client.get(f"/api/maps/{mid}").json()["data"]
        latin = "respondent,element,measure,value\nP1,b-book,rating,4\nP2,caf\xe9,rating,3\n".encode("latin-1")
        error = error_of(upload(client, mid, "answers.csv", latin, "survey"), 422, "JE003")
        assert error["problems"][0]["where"] == "answers.csv:3:7"  # line 3, the 7th character

        error = error_of(upload(client, mid, "answers.csv", b"", "survey"), 422, "JE005")
        assert error["problems"][0]["where"] == "answers.csv"
        error_of(upload(client, mid, "answers.docx", b"x", "survey"), 422, "JE006")
        error_of(upload(client, mid, "log.xlsx", b"x", "events"), 422, "JE101")

        bad = b"respondent,element,measure,value\nP1,b-book,rating,4\nP2,b-book,rating,lots\n"
        body = upload(client, mid, "bad cells.csv", bad, "survey").json()
        assert body["preview"][1] == ["P2", "b-book", "rating", "lots"]
        applied = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": body["suggested_mapping"]})
        error = error_of(applied, 422, "JE020")
        assert error["problems"][0]["where"] == "bad cells.csv:3:4"
        assert "tmp" not in json.dumps(error)

        ok = PATIENTS.read_bytes()
        eid = upload(client, mid, PATIENTS.name, ok, "survey").json()["id"]
        error = error_of(client.post(f"/api/evidence/{eid}/apply", json={"mapping": {"form": "round"}}), 422, "JM104")
        assert error["problems"][0]["where"] == "mapping.form"
        wide = {"form": "wide", "columns": {"no-such-column": "b-book"}}
        error = error_of(client.post(f"/api/evidence/{eid}/apply", json={"mapping": wide}), 422, "JE010")
        assert error["problems"][0]["where"] == f"{PATIENTS.name}:1:1"
        nowhere = {"form": "long", "scale": "1-5", "long": {"element": "measure"}}
        error = error_of(client.post(f"/api/evidence/{eid}/apply", json={"mapping": nowhere}), 422, "JE030")
        assert "rating" in error["message"]
        # nothing was written on the map by the failed applications
        assert client.get(f"/api/maps/{mid}").json()["data"] == before
        assert len(client.get(f"/api/maps/{mid}/versions").json()) == 1


def test_uploads_over_the_limit_are_refused(tmp_path: Path) -> None:
    with studio(tmp_path, CLINIC, max_upload_mb=1) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        big = b"respondent,element,measure,value\n" + b"P1,b-book,rating,4\n" * 60_000
        assert len(big) > 1 << 20
        error = error_of(upload(client, mid, "big.csv", big, "survey"), 413, "too_large")
        assert "1 MB" in error["message"]
        assert client.get(f"/api/maps/{mid}/evidence").json() == []
        assert upload(client, mid, "small.csv", big[: big.index(b"\n", 1 << 19) + 1], "survey").status_code == 201


def test_requests_are_checked(tmp_path: Path) -> None:
    with studio(tmp_path, CLINIC) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        error_of(upload(client, mid, "a.csv", PATIENTS.read_bytes(), "poll"), 422, "invalid")
        error_of(upload(client, 999, "a.csv", PATIENTS.read_bytes(), "survey"), 404, "not_found")
        error_of(client.post("/api/evidence/999/apply", json={"mapping": {}}), 404, "not_found")
        error_of(client.get(f"/api/maps/{mid}/analysis/horoscope"), 404, "not_found")
        token = client.headers.pop("X-CSRF-Token")
        error_of(upload(client, mid, "a.csv", PATIENTS.read_bytes(), "survey"), 403, "csrf")
        client.headers["X-CSRF-Token"] = token
        assert client.post("/api/auth/logout").status_code == 200
        error_of(client.get(f"/api/maps/{mid}/analysis/emotion"), 401, "unauthorized")


# --- event logs -----------------------------------------------------------------------------------------------


def test_event_log_upload_and_apply_discover_as_the_cli_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "discover", str(EVENTS), "--format", "json")
    assert code == 0, err
    want = json.loads(out)
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")
        body = upload(client, mid, EVENTS.name, EVENTS.read_bytes(), "events").json()
        assert body["columns"] == ["case_id", "activity", "timestamp", "channel"]
        assert body["rows"] == want["events"]
        assert body["preview"][0] == ["HL-0000001", "Borrowing calculator", "2026-02-04 12:34:56", "app"]
        suggested = body["suggested_mapping"]
        assert suggested == {"case": "case_id", "activity": "activity", "time": "timestamp", "channel": "channel"}
        applied = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": suggested})
        assert applied.status_code == 200, applied.text
        result = applied.json()
        assert (result["cases"], result["events"], result["variants"]) == (
            want["cases"],
            want["events"],
            want["variants"],
        )
        assert [v["activities"] for v in result["top_variants"]] == [v["activities"] for v in want["top_variants"]]
        assert result["top_variants"][0]["share"] == round(want["top_variants"][0]["cases"] / want["cases"], 4)
        assert result["start_activities"] == want["start_activities"]
        assert result["end_activities"] == want["end_activities"]

        error = error_of(
            client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": {"case": "who"}}), 422, "JE010"
        )
        assert error["problems"][0]["where"].startswith(EVENTS.name)
        error = error_of(
            client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": {"cas": "x"}}), 422, "invalid"
        )
        assert error["problems"][0]["where"] == "mapping.cas"


# --- analyses -------------------------------------------------------------------------------------------------


def test_analyses_draw_the_map_and_its_evidence(tmp_path: Path) -> None:
    from journeymap.files.loader import read_map

    journey_map = read_map(HOME / "maps" / "home-loan-as-is.yaml", personas=["priya-first-time-buyer"]).map
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")
        to_be = map_id(client, "home-loan-to-be.yaml")

        emotion = client.get(f"/api/maps/{mid}/analysis/emotion")
        assert emotion.status_code == 200 and emotion.headers["content-type"].startswith("image/svg+xml")
        text = svg_text(emotion.text)
        assert all(step.name in text for step in journey_map.steps)

        ipa = client.get(f"/api/maps/{mid}/analysis/ipa")
        assert ipa.status_code == 200
        scored = [
            tp.name for tp in journey_map.touchpoints if tp.importance is not None and tp.satisfaction is not None
        ]
        assert scored and all(name in svg_text(ipa.text) for name in scored)

        # the workspace lists an event log for the as-is map; the to-be map has none
        flows = client.get(f"/api/maps/{mid}/analysis/discovery")
        assert flows.status_code == 200 and "Borrowing calculator" in svg_text(flows.text)
        error = error_of(client.get(f"/api/maps/{to_be}/analysis/discovery"), 404, "not_found")
        assert "kind=events" in error["hint"]

        # the report uses the workspace's survey and event log, and the surveys uploaded and applied
        patients = b"respondent,element,value\nP1,Wait for decision,9\nP2,Wait for decision,8\n"
        eid = upload(client, mid, "wait.csv", patients, "survey").json()["id"]
        mapping = {"form": "long", "scale": "1-10", "long": {"element": "element", "value": "value"}}
        assert client.post(f"/api/evidence/{eid}/apply", json={"mapping": mapping}).status_code == 200
        report = client.get(f"/api/maps/{mid}/analysis/report")
        assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
        text = page_text(report.text)
        assert all(step.name in text for step in journey_map.steps)
        assert "evidence/post-completion-survey.csv" in text and "wait.csv (uploaded)" in text
        assert "evidence/applications-events.csv" in text and "maps/home-loan-as-is.yaml" in text
        assert "journeymap-" not in report.text  # no temporary path leaks


def test_a_map_without_scores_has_no_importance_performance_chart(tmp_path: Path) -> None:
    with studio(tmp_path, CLINIC) as client:
        wid = client.get("/api/workspaces").json()[0]["id"]
        created = client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "New"})
        assert created.status_code == 201, created.text
        mid = created.json()["id"]
        error = error_of(client.get(f"/api/maps/{mid}/analysis/ipa"), 404, "not_found")
        assert "importance" in error["message"] and error["hint"]


def test_hostile_file_names_and_cells_come_back_escaped(tmp_path: Path) -> None:
    lines = io.StringIO()
    writer = csv.writer(lines)
    writer.writerow(["case_id", "activity", "timestamp"])
    for case in range(6):
        for hour, activity in enumerate(HOSTILE_ACTIVITIES[: 2 + case % 3]):
            writer.writerow([f"c{case}", activity, f"2026-03-0{1 + case % 5} 1{hour}:00:00"])
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")
        body = upload(client, mid, HOSTILE_NAME, lines.getvalue().encode(), "events").json()
        assert body["filename"] == HOSTILE_NAME
        assert body["preview"][0] == ["c0", HOSTILE_ACTIVITIES[0], "2026-03-01 10:00:00"]

        flows = client.get(f"/api/maps/{mid}/analysis/discovery")
        assert flows.status_code == 200, flows.text
        text = svg_text(flows.text)  # well-formed, no element from the data
        assert HOSTILE_NAME in text and "<script>alert(1)</script>" in text
        assert "<img" not in flows.text and "<script" not in flows.text

        survey = b"respondent,element,value\nP1,Wait for decision,9\n"
        eid = upload(client, mid, "<script>s.csv", survey, "survey").json()["id"]
        mapping = {"form": "long", "long": {"element": "element", "value": "value"}}
        assert client.post(f"/api/evidence/{eid}/apply", json={"mapping": mapping}).status_code == 200
        report = client.get(f"/api/maps/{mid}/analysis/report").text
        assert "<script" not in report and "<img" not in report and "<b>" not in report
        assert html.escape(HOSTILE_NAME, quote=False) in report or html.escape(HOSTILE_NAME) in report
        assert "&lt;script&gt;s.csv" in report


def test_workspace_evidence_paths_stay_inside_the_workspace(tmp_path: Path) -> None:
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")
        wid = client.get("/api/workspaces").json()[0]["id"]
        settings = client.get(f"/api/workspaces/{wid}").json()["settings"]
        (tmp_path / "secret.csv").write_text("case_id,activity,timestamp\nx,Secret,2026-01-01\n", encoding="utf-8")
        settings["evidence"][0]["events"] = "../../../secret.csv"
        assert client.put(f"/api/workspaces/{wid}/settings", json=settings).status_code == 200, settings
        error = error_of(client.get(f"/api/maps/{mid}/analysis/discovery"), 422, "JE004")
        assert "outside the workspace" in error["message"]


def test_display_names_drop_folders_and_keep_the_suffix() -> None:
    assert display_name("C:\\Users\\ann\\survey.csv") == "survey.csv"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("") == "upload"
    long = display_name("x" * 400 + ".parquet")
    assert len(long) == 300 and long.endswith(".parquet")


def test_xlsx_surveys_and_xes_logs(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Responses"
    for row in csv.reader(io.StringIO(PATIENTS.read_text(encoding="utf-8"))):
        sheet.append([int(cell) if cell.isdigit() else cell for cell in row])
    sheet["D5"] = "bad"
    content = io.BytesIO()
    book.save(content)
    xes = FIXTURES / "events"
    with studio(tmp_path, CLINIC) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        body = upload(client, mid, "survey.xlsx", content.getvalue(), "survey").json()
        assert body["preview"][3] == ["P0001", "v-wait", "rating", "bad"]
        assert body["suggested_mapping"]["form"] == "long"
        applied = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": body["suggested_mapping"]})
        assert error_of(applied, 422, "JE020")["problems"][0]["where"] == "survey.xlsx › Responses!D5"

        body = upload(client, mid, "coffee.xes.gz", (xes / "small.xes.gz").read_bytes(), "events").json()
        assert body["suggested_mapping"] == {
            "case": "concept:name",
            "activity": "concept:name",
            "time": "time:timestamp",
            "channel": "org:channel",
        }
        result = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": body["suggested_mapping"]}).json()
        assert (result["cases"], result["events"]) == (3, 8)
        error = error_of(upload(client, mid, "cut.xes", (xes / "truncated.xes").read_bytes(), "events"), 422, "JE105")
        assert re.fullmatch(r"cut\.xes:\d+:\d+", error["problems"][0]["where"])


def test_the_analysis_route_draws_what_the_registry_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A registered analysis that draws the map alone (as a plugin's would) is served with no other change; one
    the studio cannot draw (no SVG or HTML, or inputs the studio does not have) is not found, like an unknown name."""
    from journeymap.analysis import registry
    from journeymap.analysis.registry import Analysis, AnalysisResult, Subject

    monkeypatch.setattr(registry, "_EXTRA", dict(registry._EXTRA))  # the registrations end with the test
    monkeypatch.setattr(registry, "_LOADED", dict(registry._LOADED))

    def count_steps(subject: Subject) -> AnalysisResult:
        steps = len(subject.need_map("count-steps").steps)
        svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text>{steps} steps of {subject.shown}</text></svg>'
        return AnalysisResult("count-steps", steps, {"svg": lambda: svg, "text": lambda: str(steps)})

    registry.register("count-steps", lambda: Analysis("count-steps", "Steps", ("map",), ("text", "svg"), count_steps))
    registry.register("steps-text", lambda: Analysis("steps-text", "Steps", ("map",), ("text",), count_steps))
    registry.register("versus", lambda: Analysis("versus", "Versus", ("map", "other-map"), ("svg",), count_steps))
    with studio(tmp_path, CLINIC) as client:
        mid = map_id(client, "diabetes-review-blueprint.yaml")
        steps = sum(len(stage["steps"]) for stage in client.get(f"/api/maps/{mid}").json()["data"]["stages"])
        drawn = client.get(f"/api/maps/{mid}/analysis/count-steps")
        assert drawn.status_code == 200 and drawn.headers["content-type"].startswith("image/svg+xml")
        assert f"{steps} steps of maps/diabetes-review-blueprint.yaml" in svg_text(drawn.text)
        for name in ("steps-text", "versus", "diff", "horoscope"):
            error = error_of(client.get(f"/api/maps/{mid}/analysis/{name}"), 404, "not_found")
            assert "count-steps" in error["hint"] and "report" in error["hint"] and name not in error["hint"]
