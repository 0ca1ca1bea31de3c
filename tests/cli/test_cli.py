"""The CLI through its entry point: exact command shapes, exit codes, messages and no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import EXAMPLES, example_map_files, example_workspaces, run


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("journeymap ")


@pytest.mark.parametrize("command", ["new", "validate", "render", "build", "fmt", "schema", "import", "export"])
def test_help_on_every_command(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "usage: journeymap" in out


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render")
    assert code == 2 and "error" in err
    code, _, err = run(capsys, "render", str(example_map_files()[0]), "--format", "gif")
    assert code == 2 and "unknown format 'gif'" in err


def test_validate_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", *map(str, example_workspaces()))  # examples/plugins is not one
    assert code == 0, err
    assert err.startswith("ok:")


def test_validate_json_and_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ncolour: 3\nstages:\n  - name: S\n    steps: [{name: x, emotion: 0}]\n")
    code, out, _ = run(capsys, "validate", str(bad), "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert [(p["code"], p["where"].rsplit(":", 2)[1]) for p in problems] == [("JM101", "2"), ("JM104", "5")]
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 1 and "Traceback" not in err and f"{bad}:2:1: JM101" in err


@pytest.mark.parametrize("fmt", ["svg", "html", "markdown", "mermaid"])
def test_render_every_example(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    for path in example_map_files():
        target = tmp_path / f"{path.stem}.{fmt}"
        code, _, err = run(capsys, "render", str(path), "--format", fmt, "-o", str(target))
        assert code == 0, err
        assert target.stat().st_size > 200


def test_render_to_stdout_and_from_mermaid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mmd = tmp_path / "day.mmd"
    mmd.write_text("journey\n  title My day\n  section Morning\n    Make tea: 5: Me\n")
    code, out, _ = run(capsys, "render", str(mmd), "--format", "svg")
    assert code == 0 and out.startswith("<?xml") and "Make tea" in out


def test_bad_input_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n")
    target = tmp_path / "out.svg"
    target.write_text("previous")
    code, _, err = run(capsys, "render", str(bad), "--format", "svg", "-o", str(target))
    assert code == 1 and "JM001" in err
    assert target.read_text() == "previous"


def test_build_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "build", str(EXAMPLES), "-o", str(tmp_path / "site"))
    assert code == 0, err
    index = Path(out.strip())
    assert index == (tmp_path / "site" / "index.html").resolve() and index.exists()
    assert f"built {len(example_map_files())} maps" in err
    pages = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html"))
    assert "home-loan/home-loan-as-is.html" in pages
    assert len(list((tmp_path / "site").rglob("*.svg"))) == len(example_map_files())


def test_build_refuses_a_broken_workspace_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ws = tmp_path / "ws"
    (ws / "maps").mkdir(parents=True)
    (ws / "journeymap.yaml").write_text("name: W\n")
    (ws / "maps" / "a.yaml").write_text("title: A\nlanes: [{kind: actions, cards: [{step: nope, text: x}]}]\n")
    code, _, err = run(capsys, "build", str(ws), "-o", str(tmp_path / "site"))
    assert code == 1 and "unknown step 'nope'" in err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "map_type",
    ["customer-journey-map", "service-blueprint", "experience-map", "mental-model-diagram", "ecosystem-map",
     "value-moments-planner"],
)  # fmt: skip
def test_new_writes_a_valid_map(capsys: pytest.CaptureFixture[str], tmp_path: Path, map_type: str) -> None:
    target = tmp_path / "new.yaml"
    assert run(capsys, "new", map_type, "-o", str(target))[0] == 0
    assert run(capsys, "validate", str(target))[0] == 0
    code, _, err = run(capsys, "new", map_type, "-o", str(target))
    assert code == 1 and "--force" in err


def test_new_workspace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "new", "workspace", "-o", str(tmp_path / "ws"))[0] == 0
    code, _, err = run(capsys, "validate", str(tmp_path / "ws"))
    assert code == 0, err


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema")


def test_fmt_check_and_rewrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("# keep me\ntitle: T\nstages: [{name: S, steps: [a]}]\n")
    assert run(capsys, "fmt", "--check", str(path))[0] == 1
    assert run(capsys, "fmt", str(path))[0] == 0
    assert "# keep me" in path.read_text() and "id: s" in path.read_text()
    assert run(capsys, "fmt", "--check", str(path))[0] == 0


def test_fmt_of_one_map_in_a_workspace_knows_its_personas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "home-loan", workspace)
    code, _, err = run(capsys, "fmt", "--check", str(workspace / "maps" / "home-loan-as-is.yaml"))
    assert "JM202" not in err and "would reformat" in err and code == 1


def test_mermaid_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mmd = tmp_path / "day.mmd"
    mmd.write_text("journey\n  title My day\n  section Go\n    Make tea: 5: Me\n    Work: 1: Me, Cat\n")
    target = tmp_path / "day.yaml"
    assert run(capsys, "import", "mermaid", str(mmd), "-o", str(target))[0] == 0
    code, out, _ = run(capsys, "export", "mermaid", str(target))
    assert code == 0
    assert "section Go" in out and "Make tea: 5: Me" in out and "Work: 1: Me, Cat" in out


def test_mermaid_syntax_error_has_a_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mmd = tmp_path / "bad.mmd"
    mmd.write_text("journey\n  section A\n    not a task\n")
    code, _, err = run(capsys, "import", "mermaid", str(mmd))
    assert code == 1 and f"{mmd}:3:" in err and "Traceback" not in err


def test_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "journeymap.cli.main", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("journeymap")


def test_validate_one_file_of_a_broken_workspace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "maps").mkdir(parents=True)
    (ws / "journeymap.yaml").write_text("name: W\n")
    (ws / "maps" / "good.yaml").write_text("title: Good\n")
    (ws / "maps" / "bad.yaml").write_text("title: Bad\ncolour: 1\n")
    code, _, err = run(capsys, "validate", str(ws / "maps" / "good.yaml"))
    assert code == 0 and "JM302" in err and "bad.yaml" not in err
    code, _, err = run(capsys, "validate", str(ws / "maps" / "bad.yaml"))
    assert code == 1 and "JM101" in err


def test_clear_messages_for_folders_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and "no such file or folder" in err
    code, _, err = run(capsys, "render", str(EXAMPLES / "home-loan" / "maps"), "--format", "svg")
    assert code == 1 and "is a folder" in err
    code, _, err = run(capsys, "render", str(example_map_files()[0]), "--format", "svg", "-o", str(tmp_path))
    assert code == 1 and "is a folder" in err and "Traceback" not in err


def test_build_writes_evidence_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "build", str(EXAMPLES / "home-loan"), "-o", str(tmp_path / "site"))
    assert code == 0, err
    report = (tmp_path / "site" / "home-loan-as-is-report.html").read_text(encoding="utf-8")
    assert "measured: post-completion-survey.csv" in report
    assert "The journey customers took" in report and "applications-events.csv" in report
    assert "home-loan-as-is-report.html" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_evidence_files_must_exist(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "maps").mkdir(parents=True)
    (ws / "journeymap.yaml").write_text("name: W\nevidence:\n  - map: a\n    events: nope.csv\n  - map: b\n")
    (ws / "maps" / "a.yaml").write_text("title: A\n")
    code, _, err = run(capsys, "validate", str(ws))
    assert code == 1
    assert f"{ws / 'journeymap.yaml'}:4:5: JM303 no file 'nope.csv'" in err
    assert "JM202 unknown map 'b'" in err


def test_serve_refuses_a_workspace_with_errors_before_starting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every refusal comes before the port is taken: the port given here is held by another listener (a studio
    already running, say), so a check made after binding would answer "cannot listen" instead."""
    import socket

    (tmp_path / "maps").mkdir()
    (tmp_path / "journeymap.yaml").write_text("journeymap: 1\nname: Bad\n")
    (tmp_path / "maps" / "a.yaml").write_text("title: T\npersona: nobody\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = ["--port", str(taken.getsockname()[1]), "--no-browser"]
        code, _, err = run(capsys, "serve", str(tmp_path), *port)
        assert code == 1 and "a.yaml:2:1: JM202 unknown persona 'nobody'" in err and "Traceback" not in err
        code, _, err = run(capsys, "serve", str(tmp_path / "maps"), *port)
        assert code == 1 and "no journeymap.yaml in this folder" in err
        code, _, err = run(capsys, "serve", "--database", "mysql://x@y/z", *port)
        assert code == 1 and "unsupported database" in err and "Traceback" not in err
        code, _, err = run(capsys, "serve", "--database", "post gres://x", *port)
        assert code == 1 and "not a database URL" in err and "Traceback" not in err
        code, _, err = run(capsys, "serve", "--database", str(tmp_path / "s.db"), "--max-upload-mb", "0", *port)
        assert code == 1 and "--max-upload-mb" in err and "cannot listen" not in err
    code, _, err = run(capsys, "serve", "--port", "70000", "--no-browser")
    assert code == 1 and "give a port from 1 to 65535" in err and "Traceback" not in err


def test_serve_says_when_its_port_is_taken(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, "serve", "--port", str(port), "--no-browser")
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err and "another --port" in err


def _every_command(parser: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, as argument tuples."""
    import argparse

    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((*prefix, name))
                found += _every_command(child, (*prefix, name))
    return found


def test_no_help_shows_a_doubled_percent_sign(capsys: pytest.CaptureFixture[str]) -> None:
    """A command's own description is not %-formatted by argparse, so '95 %% CI' must not reach the user."""
    from journeymap.cli.main import build_parser

    commands = _every_command(build_parser())
    assert ("evidence", "summarize") in commands and len(commands) > 20
    for command in commands:
        code, out, _ = run(capsys, *command, "--help")
        assert code == 0 and "%%" not in out, command
    code, out, _ = run(capsys, "evidence", "summarize", "--help")
    assert "95 % CI" in out
