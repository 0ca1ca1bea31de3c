"""The generic analysis commands of cli/analysis.py (``analyse NAME PATH``, ``analyses``) run any registered
analysis, and agree with the dedicated commands (the parser wires them; here they are called directly)."""

from __future__ import annotations

import argparse
import json

import pytest

from journeymap.analysis.registry import analysis_names
from journeymap.cli.analysis import cmd_analyse, cmd_analyses, cmd_ipa, cmd_moments
from journeymap.errors import JourneymapError

from support import EXAMPLES

HOME = EXAMPLES / "home-loan"
AS_IS = str(HOME / "maps" / "home-loan-as-is.yaml")
TO_BE = str(HOME / "maps" / "home-loan-to-be.yaml")


def _out(capsys: pytest.CaptureFixture[str], handler: object, **args: object) -> str:
    assert callable(handler)
    assert handler(argparse.Namespace(output=None, **args)) == 0
    return capsys.readouterr().out


def test_analyse_gives_what_the_dedicated_commands_give(capsys: pytest.CaptureFixture[str]) -> None:
    generic = _out(capsys, cmd_analyse, name="moments", path=AS_IS, format=None, option=[])
    assert generic == _out(capsys, cmd_moments, map=AS_IS, format="table")
    generic = _out(capsys, cmd_analyse, name="ipa", path=AS_IS, format="json", option=["crossing=midpoint"])
    assert generic == _out(capsys, cmd_ipa, map=AS_IS, format="json", crossing="midpoint")


def test_analyse_without_a_map_and_with_a_second_map(capsys: pytest.CaptureFixture[str]) -> None:
    diagnosis = json.loads(_out(capsys, cmd_analyse, name="diagnose", path=str(HOME), format="json", option=[]))
    assert diagnosis["recommendation"] == "go"
    diff = _out(capsys, cmd_analyse, name="diff", path=AS_IS, format="json", option=[f"other={TO_BE}"])
    assert json.loads(diff)["b"]["id"] == "home-loan-to-be"


def test_analyse_refuses_bad_options_clearly() -> None:
    with pytest.raises(JourneymapError, match="give NAME=VALUE"):
        cmd_analyse(argparse.Namespace(name="ipa", path=AS_IS, format=None, option=["midpoint"], output=None))
    with pytest.raises(JourneymapError, match="unknown analysis 'churn'"):
        cmd_analyse(argparse.Namespace(name="churn", path=AS_IS, format=None, option=[], output=None))


def test_analyses_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    listed = json.loads(_out(capsys, cmd_analyses, format="json"))
    assert [a["name"] for a in listed] == analysis_names()
    table = _out(capsys, cmd_analyses, format="table")
    assert all(name in table for name in analysis_names()) and "Importance–performance" in table
