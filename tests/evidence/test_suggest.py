"""Suggesting a mapping from a file's header and first rows: each rule of journeymap.evidence.suggest on a small
set of columns, and the mapping file data it gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.evidence.suggest import (
    EventRoles,
    LongColumns,
    Scale,
    SurveyMapping,
    WideColumn,
    column_target,
    suggest_events,
    suggest_scale,
    suggest_survey,
    targets_of,
)
from journeymap.model import Map

MAP = Map.model_validate(
    {
        "id": "loan",
        "type": "customer-journey-map",
        "title": "Loan",
        "stages": [
            {
                "id": "apply",
                "name": "Apply",
                "steps": [{"id": "s-calc", "name": "Estimate borrowing"}, {"id": "s-form", "name": "Fill in the form"}],
            }
        ],
        "touchpoints": [{"id": "tp-calc", "step": "s-calc", "name": "Calculator", "channel": "web"}],
    }
)


def rows(*lines: str) -> list[list[str]]:
    return [line.split(",") for line in lines]


# --- targets and wide columns ---------------------------------------------------------------------------------


def test_targets_are_ids_and_names_of_steps_then_touchpoints_case_and_spacing_ignored() -> None:
    targets = targets_of(MAP)
    assert targets["estimateborrowing"] == "s-calc" and targets["scalc"] == "s-calc"
    assert targets["calculator"] == "tp-calc" and targets["fillintheform"] == "s-form"
    assert targets_of(None) == {}


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("s-calc", WideColumn("s-calc")),
        ("Estimate borrowing", WideColumn("s-calc")),
        ("tp-calc_sat", WideColumn("tp-calc", "satisfaction")),
        ("Calculator importance", WideColumn("tp-calc", "importance")),
        ("Fill in the form (score)", WideColumn("s-form", "rating")),
        ("s-form NPS", WideColumn("s-form", "nps")),
        ("Calculator colour", None),
        ("q9", None),
    ],
)
def test_a_wide_header_names_an_element_and_maybe_a_measure(header: str, found: WideColumn | None) -> None:
    assert column_target(header, targets_of(MAP)) == found


# --- scales ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "nps", "scale"),
    [
        ([], False, Scale("1-10")),
        ([1, 3, 5], False, Scale("1-5")),
        ([2, 6], False, Scale("1-7")),
        ([1, 8], False, Scale("1-10")),
        ([0, 3, 5], False, Scale("1-5", missing=(0,))),
        ([0, 7, 10], True, Scale("0-10")),
        ([1, 40, 100], False, Scale("1-100")),
        ([0.5, 40], False, Scale("0-40")),
        ([-2, 0, 2], False, Scale("-2-5")),
    ],
)
def test_the_scale_is_the_smallest_that_holds_the_answers(numbers: list[float], nps: bool, scale: Scale) -> None:
    assert suggest_scale(numbers, nps=nps) == scale


# --- surveys --------------------------------------------------------------------------------------------------


def test_a_long_survey_is_found_by_its_column_names() -> None:
    columns = ["respondent", "element", "measure", "value", "segment", "weight"]
    found = suggest_survey(columns, rows("R1,s-calc,rating,4,new,1.5", "R2,s-form,rating,5,new,1"), MAP)
    assert found == SurveyMapping(
        "long",
        Scale("1-5"),
        long=LongColumns("element", "value", "respondent", "measure"),
        segment="segment",
        weight="weight",
    )
    assert found.to_mapping() == {
        "form": "long",
        "long": {"respondent": "respondent", "element": "element", "measure": "measure", "value": "value"},
        "scale": "1-5",
        "segment": "segment",
        "weight": "weight",
    }


def test_a_long_survey_is_found_by_its_content_when_the_names_say_nothing() -> None:
    columns = ["where", "how", "note"]
    found = suggest_survey(columns, rows("Estimate borrowing,8,ok", "Fill in the form,0,", "s-calc,9,slow"), MAP)
    assert found.long == LongColumns("where", "how", None, None)
    assert found.scale == Scale("1-10", missing=(0,))
    assert found.to_mapping() == {
        "form": "long",
        "long": {"element": "where", "value": "how"},
        "scale": "1-10",
        "missing": [0],
    }


def test_a_value_column_that_is_not_numbers_is_no_long_survey() -> None:
    found = suggest_survey(["element", "comment"], rows("s-calc,great", "s-form,slow"), MAP)
    assert found.form == "wide" and found.columns == {}


def test_a_wide_survey_maps_the_headers_that_name_elements_and_hold_numbers() -> None:
    columns = ["ID", "Estimate borrowing", "tp-calc_imp", "Fill in the form", "Overall", "Comments"]
    found = suggest_survey(columns, rows("1,5,9,a,4,ok", "2,3,8,b,5,", "3,4,7,c,3,slow"), MAP)
    assert found == SurveyMapping(
        "wide",
        Scale("1-10"),
        respondent="ID",
        columns={"Estimate borrowing": WideColumn("s-calc"), "tp-calc_imp": WideColumn("tp-calc", "importance")},
        overall="Overall",
    )
    assert found.to_mapping() == {
        "form": "wide",
        "respondent": "ID",
        "columns": {"Estimate borrowing": "s-calc", "tp-calc_imp": {"element": "tp-calc", "measure": "importance"}},
        "overall": "Overall",
        "scale": "1-10",
    }


def test_a_survey_with_an_nps_column_reads_a_zero_rating_as_an_answer() -> None:
    answers = rows("0,0", "10,8", "7,9")
    found = suggest_survey(["s-calc nps", "s-form"], answers, MAP)
    assert found.columns == {"s-calc nps": WideColumn("s-calc", "nps"), "s-form": WideColumn("s-form")}
    assert found.scale == Scale("0-10")
    # without the NPS column the same zero means "not answered"
    assert suggest_survey(["s-form"], [[row[1]] for row in answers], MAP).scale == Scale("1-10", missing=(0,))


def test_without_a_map_a_survey_is_long_only_by_its_names() -> None:
    assert suggest_survey(["element", "score"], rows("a,1", "b,2"), None).form == "long"
    assert suggest_survey(["a", "b"], rows("x,1", "y,2"), None).to_mapping() == {
        "form": "wide",
        "columns": {},
        "scale": "1-10",
    }


# --- event logs -----------------------------------------------------------------------------------------------


def test_event_columns_are_found_by_their_usual_names_first() -> None:
    columns = ["Case_ID", "Activity", "Timestamp", "Channel", "note"]
    found = suggest_events(columns, rows("c1,Apply,2026-03-01 10:00,web,x"), MAP)
    assert found == EventRoles("Case_ID", "Activity", "Timestamp", "Channel")
    assert found.to_mapping() == {"case": "Case_ID", "activity": "Activity", "time": "Timestamp", "channel": "Channel"}


def test_event_columns_are_found_by_content_when_the_names_say_nothing() -> None:
    log = rows(
        "c1,Estimate borrowing,2026-03-01T10:00:00Z,7",
        "c1,Fill in the form,2026-03-02 09:00,3",
        "c2,Estimate borrowing,2026-03-04 11:00:00,1",
    )
    found = suggest_events(["who", "what", "when", "n"], log, MAP)
    assert found == EventRoles("who", "what", "when", None)
    assert found.to_mapping() == {"case": "who", "activity": "what", "time": "when"}


def test_without_a_match_the_activity_is_the_least_varied_text_column() -> None:
    log = rows(*(f"u{n // 2},{('open', 'pay')[n % 2]},2026-01-0{n + 1},x{n}" for n in range(6)))
    found = suggest_events(["a", "b", "c", "d"], log, MAP)
    assert (found.activity, found.time, found.case) == ("b", "c", "a")


def test_a_column_whose_values_never_repeat_is_no_case() -> None:
    found = suggest_events(["step", "when", "ref"], rows("A,2026-01-01,r1", "B,2026-01-02,r2"), None)
    assert found == EventRoles(None, "step", "when", None)


@pytest.mark.parametrize(
    ("columns", "cells"),
    [
        (["respondent", "element", "measure", "value", "segment", "weight"], "R1,s-calc,rating,4,new,1.5"),
        (["ID", "Estimate borrowing", "tp-calc_imp", "Overall", "segment"], "1,0,9,4,a"),
        (["s-calc nps", "s-form"], "0,0"),
    ],
)
def test_a_suggested_mapping_is_a_mapping_file_the_library_reads(
    tmp_path: Path, columns: list[str], cells: str
) -> None:
    from journeymap.report import survey_spec

    mapping = suggest_survey(columns, rows(cells), MAP).to_mapping()
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    spec = survey_spec(str(path))
    found = suggest_survey(columns, rows(cells), MAP)
    assert spec.form == found.form and spec.segment == found.segment and spec.weight == found.weight
    low, _, high = found.scale.scale.rpartition("-")
    assert spec.scale == (float(low), float(high))
    assert spec.missing == tuple(str(m) for m in found.scale.missing)
    assert {c: (t.element, t.measure) for c, t in spec.columns.items()} == {
        c: (w.element, w.measure) for c, w in found.columns.items()
    }
