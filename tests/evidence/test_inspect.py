"""A first look at an evidence file (journeymap.evidence.inspect): columns, first rows as text in file order, the
row count, an XES log's attributes, the problems of a file the library does not read, and the mapping offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import ProblemsError
from journeymap.evidence.inspect import SAMPLE_ROWS, Inspection, evidence_file_kind, inspect_file, suggest_mapping
from journeymap.evidence.suggest import EventRoles, SurveyMapping

from support import FIXTURES


def test_a_csv_survey_is_read_as_text_in_file_order(tmp_path: Path) -> None:
    survey = tmp_path / "answers.csv"
    lines = ["respondent,element,value"] + [f"R{n},s-{n % 3},{n % 5 + 0.0 if n % 2 else n % 5}" for n in range(2500)]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = inspect_file(survey, "survey")
    assert found.columns == ("respondent", "element", "value")
    assert len(found.rows) == SAMPLE_ROWS and found.count == 2500
    assert [list(row) for row in found.rows[:3]] == [line.split(",") for line in lines[1:4]]
    assert found.read_with is None


def test_an_event_log_in_csv_keeps_its_columns_and_an_xes_log_says_what_it_was_read_with() -> None:
    ties = inspect_file(FIXTURES / "events" / "ties.csv", "events")
    assert ties.columns == ("customer", "touchpoint", "time", "channel")
    assert ties.rows[0] == ("c1", "Search", "2026-03-01 10:00:00", "web")
    assert ties.rows[9][3] == ""  # an empty cell is empty text
    xes = inspect_file(FIXTURES / "events" / "small.xes.gz", "events")
    assert xes.count == 8
    assert xes.read_with == EventRoles("concept:name", "concept:name", "time:timestamp", "org:channel")


@pytest.mark.parametrize(("name", "kind", "code"), [("a.docx", "survey", "JE006"), ("log.pdf", "events", "JE101")])
def test_a_file_the_library_does_not_read_is_a_problem_naming_the_file_as_shown(
    tmp_path: Path, name: str, kind: str, code: str
) -> None:
    with pytest.raises(ProblemsError) as raised:
        evidence_file_kind(tmp_path / name, kind, shown=name)  # type: ignore[arg-type]
    assert [(p.code, p.where) for p in raised.value.problems] == [(code, name)]


def test_an_empty_csv_is_the_library_problem() -> None:
    with pytest.raises(ProblemsError) as raised:
        inspect_file(FIXTURES / "events" / "empty.csv", "survey")
    assert raised.value.problems[0].code == "JE005"


def test_the_mapping_offered_is_the_xes_attributes_or_the_guess() -> None:
    read = EventRoles("case", "activity", "time", None)
    assert suggest_mapping(Inspection(("a",), (), 0, read), "events", None) is read
    survey = Inspection(("element", "value"), (("s1", "4"), ("s2", "5")), 2)
    offered = suggest_mapping(survey, "survey", None)
    assert isinstance(offered, SurveyMapping) and offered.to_mapping()["form"] == "long"
    logged = suggest_mapping(Inspection(("case_id", "activity"), (("c", "A"),), 1), "events", None)
    assert logged == EventRoles("case_id", "activity", None, None)
