"""``journeymap lint`` through the CLI entry point: formats, exit codes and positions on real files."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap.lint import phrasing

from support import EXAMPLES, FIXTURES, ROOT, run

POSITION = re.compile(r":\d+:\d+$")
"""A finding's ``where`` that is a file position ``file:line:column``."""

MAP = textwrap.dedent(
    """\
    title: Parcel return
    persona: ana
    personas:
      - {id: ana, name: Ana}
    scope:
      start: Ana decides to send the jacket back
    stages:
      - id: send-back
        name: Return
        steps:
          - {id: label, name: Print the label}
    lanes:
      - id: actions
        kind: actions
        cards:
          - {step: label, text: Label printing at home}
      - id: thoughts
        kind: thoughts
        cards:
          - {step: label, text: Will the refund take long?}
    touchpoints:
      - {id: page, step: label, name: Returns page}
    opportunities:
      - {id: qr, text: Replace printed labels with a QR code}
    service_challenges:
      - id: no-printer
        step: label
        text: Customer has no printer
        contingencies:
          - {id: shop, text: Print the label in any partner shop}
    """
)


def _write(folder: Path, text: str = MAP, name: str = "return.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", "--help")
    assert code == 0 and "--format" in out and "sarif" in out


def test_text_lines_with_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path)
    code, out, err = run(capsys, "lint", "return.yaml")
    assert code == 1, out  # the scope has no end: an error
    lines = out.splitlines()
    scope_line, scope_col = _line_of(MAP, "scope:")
    card_line, card_col = _line_of(MAP, "text: Label printing")
    assert lines == [
        f"return.yaml:{scope_line}:{scope_col}: error JL201 the scope has no end: say when the experience is over "
        "(Set scope.start (when the experience begins) and scope.end (when it is over).)",
        f"return.yaml:{card_line}:{card_col}: warning JL101 action \"Label printing at home\": 'Label printing' reads "
        "as a compound noun (write 'Print label at home')",
    ]
    assert err.strip() == "2 findings in 1 path: 1 error, 1 warning"


def test_warnings_alone_pass_and_a_clean_map_says_ok(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with_end = MAP.replace("  start: Ana decides to send the jacket back\n", "  start: Ana decides\n  end: Paid back\n")
    path = _write(tmp_path, with_end)
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 0 and out.count("warning JL101") == 1
    clean = with_end.replace("Label printing at home", "Print the label at home")
    code, out, err = run(capsys, "lint", str(_write(tmp_path, clean)))
    assert (code, out) == (0, "") and err.startswith("ok: no findings in 1 path")


def test_json_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _write(tmp_path)
    code, out, _ = run(capsys, "lint", str(path), "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert [f["code"] for f in findings] == ["JL201", "JL101"]
    action = findings[1]
    assert action["severity"] == "warning" and action["rule"] == "action-starts-with-verb"
    line, column = _line_of(MAP, "text: Label printing")
    assert action["where"] == f"{path}:{line}:{column}"
    assert action["path"] == 'lane "actions" › card "Label printing at home" › text'
    assert action["hint"] == "write 'Print label at home'"
    assert action["loc"] == ["lanes", 0, "cards", 0, "text"]
    assert set(action) == {"code", "severity", "message", "hint", "where", "path", "rule", "loc"}


def test_sarif_format(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "maps").mkdir()
    _write(tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "lint", "maps/return.yaml", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("JL201", "error"), ("JL101", "warning")]
    location = results[1]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "maps/return.yaml"
    line, column = _line_of(MAP, "text: Label printing")
    assert location["region"] == {"startLine": line, "startColumn": column}


def test_unreadable_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _write(tmp_path, "title: T\nstages:\n  - {name: S, steps: [{name: x, emotion: 0}]}\n", "bad.yaml")
    code, out, err = run(capsys, "lint", str(bad), str(tmp_path / "nope.yaml"))
    assert code == 1 and "Traceback" not in err
    assert f"{bad}:3:" in out and " error JM" in out
    assert "nope.yaml: error JM002 no such file or folder" in out


def test_mermaid_files_are_linted_without_positions(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "mermaid" / "cypress_simple.mmd"
    code, out, _ = run(capsys, "lint", str(path), "--format", "json")
    findings = json.loads(out)
    assert findings and not any(POSITION.search(f["where"]) for f in findings)
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)


def test_missing_textblob_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = MAP.replace("Label printing at home", "Xqzt the never-seen-before card 4711")
    path = _write(tmp_path, text)
    phrasing._resources.cache_clear()
    monkeypatch.setitem(sys.modules, "textblob.en", None)
    monkeypatch.setitem(sys.modules, "textblob.en.taggers", None)
    try:
        code, _, err = run(capsys, "lint", str(path))
    finally:
        phrasing._resources.cache_clear()
    assert code == 1
    assert "the phrasing rules of lint needs the optional 'lint' dependencies: pip install 'journeymap[lint]'" in err


def test_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """The example workspaces have no error findings and few phrasing warnings (reported, not fixed, here)."""
    code, out, _ = run(capsys, "lint", str(EXAMPLES), "--format", "json")
    findings = json.loads(out)
    assert code == 0, [f for f in findings if f["severity"] == "error"]
    phrasing_findings = [f for f in findings if f["code"].startswith("JL1")]
    assert len(phrasing_findings) <= 6, json.dumps(phrasing_findings, indent=2)
    assert all(POSITION.search(f["where"]) for f in findings)


def test_lint_and_validate_write_problems_in_one_json_form(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not load: lint's error findings are validate's problems, written alike."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ncolour: 3\nstages:\n  - name: S\n    steps: [{name: x, emotion: 0}]\n")
    lint_code, lint_out, _ = run(capsys, "lint", str(bad), "--format", "json")
    validate_code, validate_out, _ = run(capsys, "validate", str(bad), "--format", "json")
    linted, validated = json.loads(lint_out), json.loads(validate_out)
    assert lint_code == validate_code == 1
    assert [p["code"] for p in linted] == ["JM101", "JM104"]
    assert linted == [p for p in validated if p["severity"] == "error"]
    assert all(list(p) == ["code", "severity", "message", "hint", "where", "path", "rule", "loc"] for p in linted)


def test_the_json_example_in_the_docs_is_what_lint_writes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    block = re.search(r"`--format json` writes a list of findings.*?```json\n(.*?)```", text, re.S)
    assert block, "docs/lint.md shows the JSON form"
    [shown] = json.loads(block[1])
    (tmp_path / "maps").mkdir()
    _write(tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "lint", "maps/return.yaml", "--format", "json")
    assert shown in json.loads(out)
