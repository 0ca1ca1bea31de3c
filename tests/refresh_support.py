"""A small workspace with a survey, for the refresh tests: one map (two steps, one touchpoint) and a survey of
ratings on 1–10, read as a source named ``survey``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

MAP = """journeymap: 1
id: loan
title: Loan
stages:
  - name: Apply
    steps:
      - {id: apply, name: Apply online}
      - {id: wait, name: Wait for the decision}
touchpoints:
  - {id: web, step: apply, name: Application form, satisfaction: 5}
"""

MAPPING = """form: wide
respondent: respondent
scale: 1-10
columns:
  apply: apply
  wait: wait
  web_sat: {element: web, measure: satisfaction}
"""

HEADER = ["respondent", "apply", "wait", "web_sat"]
ROWS: list[list[Any]] = [[1, 8, 2, 7], [2, 6, 4, 9], [3, 7, 3, 8], [4, 9, 1, 6]]
"""Means: apply 7.5, wait 2.5, web satisfaction 7.5."""


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def make_workspace(root: Path, source: str, *, extra_sources: str = "", names: str = "[survey]") -> Path:
    """A workspace at ``root`` whose ``sources:`` holds ``source`` (YAML of one list item, without the dash)."""
    (root / "maps").mkdir(parents=True, exist_ok=True)
    (root / "maps" / "loan.yaml").write_text(MAP, encoding="utf-8")
    (root / "evidence").mkdir(exist_ok=True)
    (root / "evidence" / "survey.mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (root / "journeymap.yaml").write_text(
        "journeymap: 1\nname: Refresh test\nsources:\n"
        f"  - {source}\n{extra_sources}"
        f"evidence:\n  - map: loan\n    sources: {names}\n",
        encoding="utf-8",
    )
    return root
