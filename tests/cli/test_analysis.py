"""The analysis commands through the CLI entry point, on the example workspaces."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.cli.analysis import format_table

from support import EXAMPLES, run

AS_IS = str(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml")
TO_BE = str(EXAMPLES / "home-loan" / "maps" / "home-loan-to-be.yaml")
PLANNER = str(EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml")
ECOSYSTEM = str(EXAMPLES / "energy-ecosystem" / "maps" / "home-energy-value-chain.yaml")


@pytest.mark.parametrize("command", ["ipa", "moments", "vmpi", "diagnose", "opportunities", "diff"])
def test_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "usage: journeymap" in out


def test_ipa_table_json_svg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "ipa", AS_IS)
    assert code == 0, err
    assert "Concentrate here (2)" in out and "Application tracker" in out and "(means of the 8 touchpoints)" in out
    code, out, _ = run(capsys, "ipa", AS_IS, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["quadrants"]["concentrate-here"] == ["tp-tracker", "tp-upload"]
    target = tmp_path / "ipa.svg"
    code, out, _ = run(capsys, "ipa", AS_IS, "--format", "svg", "-o", str(target))
    assert code == 0 and out == ""
    assert ET.parse(target).getroot().get("role") == "img"


def test_ipa_without_scores_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ipa", TO_BE)
    assert code == 1 and "no touchpoint" in err and "journeymap measure" in err and "Traceback" not in err


def test_moments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "moments", AS_IS)
    assert code == 0, err
    assert out.index("Waiting for the lending decision") < out.index("Getting the documents accepted")
    assert "50.4" in out and "Suggested new moments of truth" in out and "Mortgage helpline" in out
    code, out, _ = run(capsys, "moments", AS_IS, "--format", "json")
    data = json.loads(out)
    assert [m["moment"] for m in data["moments"]] == ["mot-wait", "mot-docs", "mot-funds"]
    assert data["moments"][1]["gap"] == 3.9 and data["moments"][1]["priority"] == 31.2
    assert [s["element"] for s in data["suggestions"]] == ["s-query", "tp-helpline"]


def test_vmpi(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "vmpi", PLANNER)
    assert code == 0, err
    assert "Hearing about delays first" in out and "50 %" in out and "Map VMPI (weighted): 74.6 % — Value gap" in out
    code, out, _ = run(capsys, "vmpi", PLANNER, "--format", "json")
    data = json.loads(out)
    first = data["value_moments"][0]
    assert first["vmpi"] == pytest.approx(first["vme"] / first["vmce"] * 100, abs=1e-4)
    assert data["map_band"] == "Value gap"  # the workspace's own band names
    code, _, err = run(capsys, "vmpi", AS_IS)
    assert code == 1 and "no value moments" in err


def test_diagnose_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "diagnose", str(EXAMPLES / "home-loan"))
    assert code == 0, err
    assert "Recommendation: GO" in out and "challenged  5/5 ●●●●●  strong" in out
    code, out, _ = run(capsys, "diagnose", str(EXAMPLES / "clinic-visit" / "journeymap.yaml"), "--format", "json")
    data = json.loads(out)
    assert data["recommendation"] == "go" and data["decisive"] == ["climactic"]
    code, _, err = run(capsys, "diagnose", str(EXAMPLES / "airline-trip"))
    assert code == 1 and "has no 5Cs diagnostic" in err


def test_diagnose_yaml_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plain = tmp_path / "five.yaml"
    plain.write_text(
        "changeable: 2\nchallenged: {rating: 3, note: some complaints}\ncomplex: 2\nclimactic: 1\ncostly: 3\n"
    )
    code, out, _ = run(capsys, "diagnose", str(plain))
    assert code == 0 and "Recommendation: NO-GO" in out and "some complaints" in out
    wrapped = tmp_path / "wrapped.yaml"
    wrapped.write_text(
        "diagnostic: {changeable: 2, challenged: 3, complex: 2, climactic: 1, costly: 3}\nrule: {min_total: 11}\n"
    )
    code, out, _ = run(capsys, "diagnose", str(wrapped), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["recommendation"] == "go" and data["total"] == 11
    bad = tmp_path / "bad.yaml"
    bad.write_text("changeable: 2\nchallenged: 9\ncomplex: 2\nclimactic: 1\n")
    code, _, err = run(capsys, "diagnose", str(bad))
    assert code == 1 and f"{bad}:2:" in err and "Traceback" not in err
    code, _, err = run(capsys, "diagnose", str(tmp_path / "missing.yaml"))
    assert code == 1 and "no such file" in err


def test_opportunities(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "opportunities", AS_IS)
    assert code == 0, err
    assert "1. [9.50] How might we reduce waiting nine working days without any update?" in out
    assert "already addressed by: opp-tracker" in out
    code, out, _ = run(capsys, "opportunities", str(EXAMPLES / "airline-trip" / "maps" / "family-trip-experience.yaml"))
    assert "! add a hypothesis with a measurable outcome" in out and "need attention" in out
    code, out, _ = run(capsys, "opportunities", AS_IS, "--format", "json")
    data = json.loads(out)
    assert data["opportunities"][0]["rank"] == 1 and data["opportunities"][0]["origin"] == "framed"


def test_diff_text_json_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "diff", AS_IS, TO_BE)
    assert code == 0, err
    assert "= replaced  “Upload documents”, “Answer underwriter queries” by “Share income through open banking”" in out
    assert "~ renamed   “Wait for decision” → “Follow the decision tracker”" in out
    code, out, _ = run(capsys, "diff", AS_IS, TO_BE, "--format", "json")
    assert json.loads(out)["summary"]["moments_gained"] == 1
    target = tmp_path / "diff.html"
    code, out, _ = run(capsys, "diff", AS_IS, TO_BE, "--format", "html", "-o", str(target))
    assert code == 0 and out == "" and "⇄ replaced" in target.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "diff", AS_IS, AS_IS)
    assert code == 0 and "No differences." in out


def test_maps_without_data_do_not_crash(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("moments", "opportunities"):
        code, out, err = run(capsys, command, ECOSYSTEM)
        assert code == 0 and "Traceback" not in err
    code, out, _ = run(capsys, "diff", ECOSYSTEM, AS_IS, "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["steps_added"] == 16


def test_format_table_wraps_long_cells() -> None:
    table = format_table(("A", "Long"), [("x", "one two three four five six")], (0, 9))
    assert table.splitlines() == ["A  Long", "-  ---------", "x  one two", "   three", "   four five", "   six"]


def test_analyse_runs_a_registered_analysis_as_its_own_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    """``analyse NAME`` finds the analysis in the registry and gives what the named command gives."""
    code, named, err = run(capsys, "moments", AS_IS, "--format", "json")
    assert code == 0, err
    code, generic, err = run(capsys, "analyse", "moments", AS_IS, "--format", "json")
    assert code == 0, err
    assert json.loads(generic) == json.loads(named)
    code, generic, err = run(capsys, "analyse", "diff", AS_IS, "--option", f"other={TO_BE}", "--format", "json")
    assert code == 0, err
    code, named, err = run(capsys, "diff", AS_IS, TO_BE, "--format", "json")
    assert code == 0, err
    assert json.loads(generic) == json.loads(named) and json.loads(generic)["b"]["id"] == "home-loan-to-be"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["moments", AS_IS, "--format", "svg"], "no 'svg' output; it gives: table, json"),
        (["moments", AS_IS, "--option", "x=1"], "no option 'x'"),
        (["ipa", "no-such-map.yaml"], "file not found"),
    ],
)
def test_analyse_refuses_bad_input_clearly(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(capsys, "analyse", *args)
    assert code == 1 and message in err and out == "" and "Traceback" not in err


def test_analyse_names_the_known_analyses(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "analyse", "nope", AS_IS)
    assert code == 2 and "invalid choice: 'nope'" in err and "'moments'" in err
    code, out, _ = run(capsys, "analyse", "--help")
    assert code == 0 and "moments: Moments of truth (gives table, json)" in " ".join(out.split())


def test_analyses_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyses", "--format", "json")
    assert code == 0, err
    listed = {a["name"]: a for a in json.loads(out)}
    assert {"ipa", "moments", "vmpi", "diagnose", "opportunities", "diff", "discovery", "report"} <= set(listed)
    assert listed["ipa"]["outputs"] == ["table", "json", "svg"]
    code, out, _ = run(capsys, "analyses")
    assert code == 0 and "Importance–performance" in out
