"""``journeymap discover`` through the CLI entry point: output shapes, written files, problems and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.evidence.discovery import discover
from journeymap.evidence.engine import Engine
from journeymap.evidence.events import read_events
from journeymap.files.loader import read_map

from support import EXAMPLES, FIXTURES, run

EXAMPLE_LOG = EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"
EVENTS = FIXTURES / "events"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "discover", "--help")
    assert code == 0 and "--draft-map OUT.yaml" in out and "--svg PREFIX" in out


def test_table_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "discover", str(EXAMPLE_LOG))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["Event", "log", "applications-events.csv"]
    assert "Cases                 3,000" in out and "Activities            12" in out
    assert "  Borrowing calculator → Agreement in principle → Application portal → Document upload" in out
    for heading in ("Funnel (cases reaching", "Top variants (10 of", "Directly-follows flows (", "Start activities",
                    "End activities", "Channels per activity"):  # fmt: skip
        assert any(line.startswith(heading) for line in lines), heading
    funnel = lines[lines.index("Funnel (cases reaching each step of the main path)") + 3]
    assert funnel.split()[:4] == ["1", "Borrowing", "calculator", "2,627"]
    assert "Traceback" not in err


def test_json_equals_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "discover", str(EVENTS / "ties.csv"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    with Engine() as engine:
        log = read_events(EVENTS / "ties.csv", engine)
        expected = json.loads(json.dumps(discover(log.table, engine, source="ties.csv").to_json(), default=str))
    assert data.pop("filters") == {
        "include": [], "exclude": [], "lifecycle_keep": "complete", "activities_excluded": [], "lifecycle": None,
        "lifecycle_column": None, "events_read": 11, "events_kept": 11,
    }  # fmt: skip
    assert expected.pop("filters") == {}
    assert data == expected
    assert (data["cases"], data["events"], data["activities"], data["variants"]) == (4, 11, 4, 4)
    assert data["start_activities"] == {"Search": 2, "Apply": 1, "Compare": 1}
    flow = {"source": "Search", "target": "Search", "count": 1, "cases": 1, "median_seconds": 300.0}
    assert flow in data["directly_follows"]
    assert data["funnel"][0] == {
        "activity": "Search", "cases": 4, "share": 1.0, "drop_off": 0, "stopped_here": 1,
        "median_seconds_from_previous": None, "median_seconds_first": None, "median_seconds_direct": None,
    }  # fmt: skip
    assert data["waits"] == {"shown": "first", "label": "median wait (first A → first B)"}
    # outcomes: the end activities with their share, and the first-occurrence wait from the first step (Search)
    assert [(o["activity"], o["cases"], o["share"], o["median_seconds_from_first_step"]) for o in data["outcomes"]] == [
        ("Compare", 2, 0.5, 900.0), ("Apply", 1, 0.25, 0.0), ("Search", 1, 0.25, None),
    ]  # fmt: skip


def test_columns_by_option_and_xes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "discover", str(EVENTS / "ties.csv"), "--case", "customer", "--activity", "touchpoint",
        "--time", "time", "--channel", "channel", "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["cases"] == 4
    code, out, _ = run(capsys, "discover", str(EVENTS / "small.xes.gz"), "--format", "json")
    assert code == 0
    assert json.loads(out)["main_path"] == ["Open app", "Order coffee", "Collect at counter"]


def test_draft_map_and_pictures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "maps" / "discovered.yaml"
    prefix = tmp_path / "pictures" / "applications"
    code, _, err = run(capsys, "discover", str(EXAMPLE_LOG), "--draft-map", str(draft), "--svg", str(prefix))
    assert code == 0, err
    assert f"wrote {draft}" in err and f"wrote {prefix}-flow.svg" in err and f"wrote {prefix}-funnel.svg" in err
    journey = read_map(draft).map
    assert journey.title == "Applications events — discovered journey"
    assert journey.steps[0].name == "Borrowing calculator" and "3,000 cases" in journey.description
    for name in ("flow", "funnel"):
        root = ET.parse(tmp_path / "pictures" / f"applications-{name}.svg").getroot()
        assert root.get("role") == "img"
    code, _, err = run(capsys, "validate", str(draft))
    assert code == 0, err


def test_problems_exit_1_and_write_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft, prefix = tmp_path / "draft.yaml", tmp_path / "pic"
    bad = EVENTS / "bad-timestamp.csv"
    code, out, err = run(capsys, "discover", str(bad), "--draft-map", str(draft), "--svg", str(prefix))
    assert code == 1 and out == ""
    assert f"{bad}:3:3: JE103 column 'timestamp': cannot read the timestamp '01/02/2026 10:00'" in err
    assert err.rstrip().endswith("6 problems found") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("ties.csv", ("--case", "client"), "JE010 no column 'client' for the case (customer) id"),
        ("latin1.csv", (), ":3:7: JE003 the file is not UTF-8"),
        ("empty.csv", (), "JE005 the file is empty"),
        ("truncated.xes", (), ":48:4: JE105 not a readable XES file"),
        ("missing.csv", (), "JE004 no such file"),
    ],
)
def test_bad_logs(capsys: pytest.CaptureFixture[str], name: str, options: tuple[str, ...], expected: str) -> None:
    code, out, err = run(capsys, "discover", str(EVENTS / name), *options)
    assert code == 1 and out == "" and expected in err and "Traceback" not in err


@pytest.fixture(scope="module")
def loans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BPIC-2012-shaped log with lifecycle transitions (tools/gen_loan_log.py), 200 cases."""
    import subprocess
    import sys

    from support import ROOT

    path = tmp_path_factory.mktemp("loans") / "loans.xes"
    subprocess.run([sys.executable, str(ROOT / "tools" / "gen_loan_log.py"), str(path), "--cases", "200"], check=True)
    return path


def test_help_names_the_new_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "discover", "--help")
    assert code == 0
    for option in ("--include PATTERN", "--exclude PATTERN", "--lifecycle COL", "--lifecycle-keep", "--funnel A,B,C",
                   "--waits", "--names MAPPING.yaml", "'A_*'", "(repeatable)"):  # fmt: skip
        assert option in " ".join(out.split()), option


def test_filters_funnel_and_names_through_the_cli(
    capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path
) -> None:
    names = tmp_path / "names.yaml"
    names.write_text("activities:\n  A_DECLINED: Declined\nstages:\n  Apply: [A_SUBMITTED]\n", encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    code, out, err = run(
        capsys, "discover", str(loans), "--include", "A_*", "--exclude", "A_PARTLYSUBMITTED",
        "--funnel", "A_SUBMITTED, A_ACCEPTED,A_APPROVED", "--names", str(names), "--draft-map", str(draft),
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out)
    assert [s["activity"] for s in data["funnel"]] == ["A_SUBMITTED", "A_ACCEPTED", "A_APPROVED"]
    assert data["funnel_rule"].startswith("ordered") and data["waits"]["shown"] == "first"
    assert data["filters"]["include"] == ["A_*"] and "A_PARTLYSUBMITTED" in data["filters"]["activities_excluded"]
    assert data["filters"]["lifecycle"] == "complete" and data["filters"]["lifecycle_column"] == "lifecycle:transition"
    assert all(not a["activity"].startswith(("W_", "O_")) for a in data["activity_stats"])
    assert data["outcomes"][0]["activity"] == "A_DECLINED"
    journey = read_map(draft).map
    assert journey.stages[0].name == "Apply" and journey.stages[-1].name == "Outcome"
    assert "Declined" in [s.name for s in journey.steps]
    code, out, err = run(capsys, "discover", str(loans), "--include", "A_*")
    assert code == 0, err
    assert "Outcomes (the last activity of each case)" in out and "median wait (first A → first B)" in out
    assert "Activity filters      include A_*" in out


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--include", "X_*"), "--include X_*: JE120 'X_*' matches no activity of the log"),
        (("--exclude", "A_SUBMITED"), "did you mean 'A_SUBMITTED'?"),
        (("--include", "A_*", "--exclude", "A_*"), "--exclude: JE120 no activity is left to discover"),
        (("--funnel", "A_SUBMITTED,A_ACEPTED"), "--funnel step 2: JE121 no activity 'A_ACEPTED' in the log"),
        (("--funnel", "A_SUBMITTED,A_ACEPTED"), "did you mean 'A_ACCEPTED'?"),
        (("--include", "A_*", "--funnel", "A_SUBMITTED,O_SENT"), "the --include / --exclude patterns leave it out"),
        (("--funnel", "A_SUBMITTED"), "--funnel: JE121 not a list of steps"),
        (("--lifecycle", "phase"), "JE010 no event has the attribute 'phase' (lifecycle)"),
    ],
)
def test_discovery_problems_are_located(
    capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path, options: tuple[str, ...], expected: str
) -> None:
    draft = tmp_path / "draft.yaml"
    code, out, err = run(capsys, "discover", str(loans), *options, "--draft-map", str(draft))
    assert code == 1 and out == "" and expected in err and "Traceback" not in err
    assert not draft.exists()


def test_unknown_activity_in_names_file(capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text("stages:\n  Apply: [A_SUBMITTED, A_PARTLYSUBMITED]\n", encoding="utf-8")
    code, out, err = run(capsys, "discover", str(loans), "--names", str(names))
    assert code == 1 and out == ""
    assert f"{names}:2:24: JE122 no activity 'A_PARTLYSUBMITED' in the log (did you mean 'A_PARTLYSUBMITTED'?" in err


def test_lifecycle_column_of_a_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "work.csv"
    log.write_text(
        "case_id,activity,event_type,timestamp\n"
        "1,Review,start,2026-01-01 09:00\n1,Review,complete,2026-01-01 10:00\n1,Decide,complete,2026-01-03 10:00\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "discover", str(log), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["events"] == 2 and data["filters"]["lifecycle_column"] == "event_type"
    assert data["funnel"][1]["median_seconds_from_previous"] == 2 * 86_400.0  # from the completed review
    code, out, _ = run(capsys, "discover", str(log), "--format", "json", "--lifecycle-keep", "start")
    assert json.loads(out)["funnel"][1]["median_seconds_from_previous"] == 2 * 86_400.0 + 3600  # from its start
    code, out, _ = run(capsys, "discover", str(log), "--format", "json", "--lifecycle-keep", "all")
    assert json.loads(out)["events"] == 3


def test_draft_map_needs_a_yaml_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "discover", str(EVENTS / "ties.csv"), "--draft-map", str(tmp_path / "draft.txt"))
    assert code == 1 and "give a .yaml (or .json) file name" in err


@pytest.mark.spark
def test_spark_engine_gives_the_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, duck, _ = run(capsys, "discover", str(EVENTS / "ties.csv"), "--format", "json")
    assert code == 0
    code, spark, err = run(capsys, "discover", str(EVENTS / "ties.csv"), "--format", "json", "--engine", "spark")
    assert code == 0, err
    assert json.loads(spark) == json.loads(duck)


# ---- step names in every output (--names) -----------------------------------------------------------------------
LOAN_NAMES = """\
activities:
  A_SUBMITTED: Submit application
  A_PARTLYSUBMITTED: Application received
  A_PREACCEPTED: Pre-accepted
  A_DECLINED: Application declined
stages:
  Apply: [A_SUBMITTED, A_PARTLYSUBMITTED]
"""


def svg_text(path: Path) -> list[str]:
    """The text of every ``<text>`` element of an SVG, its lines joined by spaces, and the ``<title>`` texts."""
    root = ET.parse(path).getroot()
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("text", "title"):
            found.append(" ".join(t.strip() for t in element.itertext() if t.strip()))
    return found


def test_names_apply_to_the_table(capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text(LOAN_NAMES, encoding="utf-8")
    code, out, err = run(capsys, "discover", str(loans), "--include", "A_*", "--names", str(names))
    assert code == 0, err
    lines = out.splitlines()
    path = lines[lines.index(next(line for line in lines if line.startswith("Main path"))) + 1]
    assert path.startswith("  Submit application → Application received → Pre-accepted → A_ACCEPTED")
    funnel = lines[lines.index("Funnel (cases reaching each step of the main path)") + 3 :]
    assert funnel[0].split()[:5] == ["1", "Submit", "application", "(A_SUBMITTED)", "200"]
    assert funnel[1].split()[1:4] == ["Application", "received", "(A_PARTLYSUBMITTED)"]
    assert funnel[3].split()[:2] == ["4", "A_ACCEPTED"]  # no name: the code alone, no brackets
    outcomes = lines[lines.index("Outcomes (the last activity of each case)") + 1 :]
    assert "median wait (first Submit application → first outcome)" in outcomes[0]
    assert outcomes[2].startswith("  Application declined (A_DECLINED)")
    assert "  Submit application (A_SUBMITTED)          Application received (A_PARTLYSUBMITTED)" in out
    assert "A_SUBMITTED → " not in out  # paths and variants read as names
    code, plain, _ = run(capsys, "discover", str(loans), "--include", "A_*")
    assert "Submit application" not in plain and "  A_SUBMITTED → A_PARTLYSUBMITTED → A_PREACCEPTED" in plain


def test_names_apply_to_the_json(capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text(LOAN_NAMES, encoding="utf-8")
    code, out, err = run(capsys, "discover", str(loans), "--include", "A_*", "--names", str(names), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    first = data["funnel"][0]
    assert list(first)[:3] == ["activity", "name", "cases"]  # the code stays under 'activity'
    assert (first["activity"], first["name"]) == ("A_SUBMITTED", "Submit application")
    assert "name" not in data["funnel"][3] and data["funnel"][3]["activity"] == "A_ACCEPTED"
    declined = next(o for o in data["outcomes"] if o["activity"] == "A_DECLINED")
    assert declined["name"] == "Application declined"
    stats = {a["activity"]: a.get("name") for a in data["activity_stats"]}
    assert stats["A_PREACCEPTED"] == "Pre-accepted" and stats["A_APPROVED"] is None
    assert data["main_path"][:4] == ["A_SUBMITTED", "A_PARTLYSUBMITTED", "A_PREACCEPTED", "A_ACCEPTED"]
    assert data["main_path_names"][:4] == ["Submit application", "Application received", "Pre-accepted", "A_ACCEPTED"]
    assert len(data["main_path_names"]) == len(data["main_path"])
    assert data["step_names"]["A_DECLINED"] == "Application declined"
    code, out, _ = run(capsys, "discover", str(loans), "--include", "A_*", "--format", "json")
    plain = json.loads(out)
    assert "main_path_names" not in plain and "step_names" not in plain
    assert all("name" not in item for part in ("funnel", "outcomes", "activity_stats") for item in plain[part])
    strip = {k: v for k, v in data.items() if k not in ("main_path_names", "step_names")}
    for part in ("funnel", "outcomes", "activity_stats"):
        strip[part] = [{k: v for k, v in item.items() if k != "name"} for item in data[part]]
    assert strip == plain  # the names add keys and change no number


def test_names_apply_to_the_pictures(capsys: pytest.CaptureFixture[str], loans: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.yaml"
    names.write_text(LOAN_NAMES, encoding="utf-8")
    code, _, err = run(
        capsys, "discover", str(loans), "--include", "A_*", "--names", str(names), "--svg", str(tmp_path / "named")
    )
    assert code == 0, err
    funnel = svg_text(tmp_path / "named-funnel.svg")
    assert "Submit application" in funnel and "A_SUBMITTED" in funnel  # the name, the code under it in grey
    assert "Pre-accepted" in funnel and "A_ACCEPTED" in funnel  # a step without a name keeps its code
    flow = svg_text(tmp_path / "named-flow.svg")
    assert "Application declined" in flow and "A_DECLINED" not in flow  # boxes show names
    assert any(t.startswith("Application declined (A_DECLINED): ") for t in flow)  # the tooltip keeps the code
    assert any(t.startswith("Submit application → Application received: 200 times") for t in flow)
    description = ET.parse(tmp_path / "named-flow.svg").getroot().find("{http://www.w3.org/2000/svg}desc")
    assert description is not None
    assert "Main path: Submit application → Application received" in (description.text or "")
    code, _, err = run(capsys, "discover", str(loans), "--include", "A_*", "--svg", str(tmp_path / "plain"))
    assert code == 0, err
    assert "Submit application" not in svg_text(tmp_path / "plain-funnel.svg")
    assert "A_SUBMITTED" in svg_text(tmp_path / "plain-funnel.svg")
