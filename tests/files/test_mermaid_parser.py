"""Tests of the Mermaid journey parser (journeymap.files.mermaid).

The fixtures in tests/fixtures/mermaid re-type the example diagrams of Mermaid's documentation page, of
its parser and db spec files and of its rendering tests; each file names its source in a comment.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import JourneymapError, ProblemsError, Severity
from journeymap.files.mermaid import (
    JourneyDocument,
    JourneySection,
    JourneyTask,
    MermaidDiagnostic,
    MermaidSyntaxError,
    parse_journey,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mermaid"

Shape = list[tuple[str, list[tuple[str, float | None, tuple[str, ...]]]]]


def parse_fixture(name: str) -> JourneyDocument:
    return parse_journey((FIXTURES / name).read_text(encoding="utf-8"), source=name)


def shape(doc: JourneyDocument) -> Shape:
    return [(s.name, [(t.name, t.score, t.actors) for t in s.tasks]) for s in doc.sections]


def warnings_of(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in parse_journey(text).diagnostics]


def errors_of(text: str) -> list[tuple[str, int, int]]:
    with pytest.raises(MermaidSyntaxError) as info:
        parse_journey(text)
    return [(d.code, d.line, d.column) for d in info.value.diagnostics]


def only_task(text: str) -> JourneyTask:
    (task,) = parse_journey(text).tasks
    return task


# -- Mermaid's own examples ----------------------------------------------------------------------------


def test_docs_example() -> None:
    doc = parse_fixture("docs_my_working_day.mmd")
    assert doc.title == "My working day"
    assert shape(doc) == [
        ("Go to work", [("Make tea", 5, ("Me",)), ("Go upstairs", 3, ("Me",)), ("Do work", 1, ("Me", "Cat"))]),
        ("Go home", [("Go downstairs", 5, ("Me",)), ("Sit down", 5, ("Me",))]),
    ]
    assert doc.diagnostics == ()
    assert doc.actors == ("Me", "Cat")
    first = doc.sections[0]
    assert (first.line, first.column, first.implicit) == (5, 5, False)
    assert [(t.line, t.column) for t in first.tasks] == [(6, 7), (7, 7), (8, 7)]


def test_spec_title() -> None:
    doc = parse_fixture("spec_title.mmd")
    assert doc.title == "Adding journey diagram functionality to mermaid"
    assert doc.sections == ()
    assert [d.code for d in doc.diagnostics] == ["MMD118"]


def test_spec_acc_descr() -> None:
    doc = parse_fixture("spec_acc_descr.mmd")
    assert doc.acc_descr == "A user journey for family shopping"
    assert doc.title == "Adding journey diagram functionality to mermaid"
    assert shape(doc) == [("Order from website", [])]


def test_spec_acc_descr_multiline_closes_before_a_title_on_the_same_line() -> None:
    doc = parse_fixture("spec_acc_descr_multiline.mmd")
    assert doc.acc_descr == "A user journey for\nfamily shopping"
    assert doc.title == "Adding journey diagram functionality to mermaid"
    assert doc.acc_title == "Adding acc journey diagram functionality to mermaid"
    assert shape(doc) == [("Order from website", [])]


def test_spec_acc_title() -> None:
    doc = parse_fixture("spec_acc_title.mmd")
    assert doc.acc_title == "The title"
    assert doc.acc_descr is None
    assert shape(doc) == [("Order from website", [])]


def test_spec_section() -> None:
    assert shape(parse_fixture("spec_section.mmd")) == [("Order from website", [])]


def test_spec_multiline_section_names() -> None:
    doc = parse_fixture("spec_multiline_section.mmd")
    assert doc.title == "Adding gantt diagram functionality to mermaid"
    # '</br />' is no line break to Mermaid's renderer either; '<br\t/>' is.
    assert doc.sections[0].name == "Line1\nLine2\nLine3</br />Line4\nLine5"


def test_spec_tasks() -> None:
    doc = parse_fixture("spec_tasks.mmd")
    # Mermaid's spec expects people [''] for 'E task: 5:'; an empty actor list is what it means.
    assert shape(doc) == [
        (
            "Documentation",
            [
                ("A task", 5, ("Alice", "Bob", "Charlie")),
                ("B task", 3, ("Bob", "Charlie")),
                ("C task", 5, ()),
                ("D task", 5, ("Charlie", "Alice")),
                ("E task", 5, ()),
            ],
        ),
        ("Another section", [("P task", 5, ()), ("Q task", 5, ()), ("R task", 5, ())]),
    ]
    assert doc.diagnostics == ()


def test_db_spec_shopping() -> None:
    doc = parse_fixture("db_spec_shopping.mmd")
    assert doc.acc_title == "Shopping"
    assert doc.acc_descr == "A user journey for family shopping"
    assert shape(doc) == [
        (
            "Journey to the shops",
            [
                ("Get car keys", 5, ("Dad",)),
                ("Go to car", 3, ("Dad", "Mum", "Child#1", "Child#2")),
                ("Drive to supermarket", 4, ("Dad",)),
            ],
        ),
        ("Do shopping", [("Go shopping", 5, ("Mum",))]),
    ]
    assert sorted(doc.actors) == ["Child#1", "Child#2", "Dad", "Mum"]  # Mermaid's getActors() order
    assert doc.diagnostics == ()


def test_db_spec_actor_with_a_bare_hash_is_cut_at_the_comment() -> None:
    doc = parse_journey("journey\nsection S\nGo to car: 3: Dad, Mum, Child#1, Child#2\n")
    assert doc.tasks[0].actors == ("Dad", "Mum", "Child")
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("MMD120", 3, 30)]


def test_rendering_spec_examples() -> None:
    simple = parse_fixture("cypress_simple.mmd")
    assert simple.title == "Adding journey diagram functionality to mermaid"
    assert shape(simple) == [("Order from website", [])]

    config = parse_fixture("cypress_front_matter_config.mmd")
    assert config.config == {"journey": {"maxLabelWidth": 320}}
    assert config.title == "User Journey Example"
    assert shape(config)[1] == ("Engagement", [("Browse Features", 3, ()), ("Use Core Functionality", 4, ())])
    assert [(t.line, t.column) for t in config.sections[0].tasks] == [(10, 13), (11, 13), (12, 13)]
    assert config.diagnostics == ()

    styled = parse_fixture("cypress_title_styling.mmd")
    assert styled.config["journey"]["titleColor"] == "#2900A5"
    assert [s.name for s in styled.sections] == ["Onboarding", "Engagement", "Retention"]
    assert styled.tasks[0].actors == ("John", "Shahir")


def test_rendering_spec_spacing_around_colons() -> None:
    doc = parse_fixture("cypress_web_hook.mmd")
    assert doc.title == "Web hook life cycle"
    first_external = doc.sections[1].tasks[0]
    assert (first_external.name, first_external.score, first_external.actors) == (
        "set Darkoob slug as hook for an Event",
        5,
        ("admin Exjjjnjjjj qwerty",),
    )
    assert doc.tasks[0] == JourneyTask("Make preBuilt", 5.0, "5", ("Darkoob user",), 6, 9)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("MMD106", 13)]


def test_rendering_spec_bad_scores() -> None:
    doc = parse_fixture("cypress_bad_scores.mmd")
    assert doc.acc_descr == "2 main sections: work and home, each with just a few tasks"
    assert [(t.name, t.score, t.raw_score) for t in doc.tasks] == [
        ("Make tea", None, "Hello"),
        ("Go upstairs", 3, "3"),
        ("Boil water", -10, "-10"),
        ("Go downstairs", 23, "23"),
        ("Sit down", 2, "2"),
    ]
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [
        ("MMD102", 8, 19),
        ("MMD101", 10, 21),
        ("MMD101", 12, 24),
    ]


def test_real_world_variations_file() -> None:
    doc = parse_fixture("variations.mmd")
    assert doc.title == "Onboarding <b>v2</b>"
    assert doc.acc_title == "Onboarding journey"
    assert doc.acc_descr == "How a new customer\nsigns up; ; and # are text here"
    assert doc.config == {"theme": "forest", "journey": {"useMaxWidth": False}}
    assert shape(doc) == [
        ("", [("Unsorted chore", 3, ("Me",))]),
        (
            "Discover",
            [
                ("See an advert\non the bus", 4, ("Prospect",)),
                ("Visit the site", 5, ("Prospect", "Partner")),
                ("Read prices", 2, ()),
                ("Read FAQ", 3, ()),
            ],
        ),
        ("Sign up", [("Fill the form\nagain", 2, ("Prospect", "Support #1")), ("Confirm e-mail", 1, ("Prospect",))]),
    ]
    assert doc.sections[0].implicit
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [
        ("MMD114", 11, 1),
        ("MMD105", 18, 3),
        ("MMD111", 22, 20),
    ]
    assert doc.tasks[2].column == 2  # a tab counts as one column


# -- accepted variations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "journey\ntitle T\nsection S\nA: 5: Me\n",
        "JOURNEY\nTITLE T\nSECTION S\nA: 5: Me\n",
        "Journey\nTitle T\nSection S\nA: 5: Me",
        "\n\n   journey\n      title T\n  section S\n\n\n        A: 5: Me\n\n",
        "%% a comment\n  %% another\n\njourney\n%% inside\ntitle T\nsection S\n%%\nA: 5: Me\n",
        "%%{init: {'theme': 'forest'}}%%\njourney\ntitle T\nsection S\nA: 5: Me\n",
        "%%{\n  init: {\n    'theme': 'dark'\n  }\n}%%\njourney\ntitle T\nsection S\nA: 5: Me\n",
        "journey %% trailing comment after the keyword\ntitle T\nsection S\nA: 5: Me\n",
        "journey # a hash comment\n# a hash comment line\ntitle T # comment\nsection S # comment\nA: 5: Me # c\n",
        "journey title T\nsection S\nA: 5: Me\n",
        "journey\r\ntitle T\r\nsection S\r\nA: 5: Me\r\n",
        "journey\rtitle T\rsection S\rA: 5: Me\r",
        "\ufeffjourney\ntitle T\nsection S\nA: 5: Me\n",
        "---\ntitle: T\n---\njourney\nsection S\nA: 5: Me\n",
        "\n  ---\n  title: T\n  ---\n  journey\n  section S\n  A: 5: Me\n",
        "---\ntitle: Other\n---\n%%{init: {}}%%\n%% c\njourney\ntitle T\nsection S\nA:5:Me\n",
        "journey\n\ttitle\tT\n\tsection\tS\n\t\tA\t:\t5\t:\tMe\t\n",
        "journey\nsection S\nA: 5: Me %%{init: {}}%%\ntitle T\n",
        "journey\naccDescr { short }section S\ntitle T\nA: 5: Me\n",
    ],
)
def test_variations_mermaid_accepts(text: str) -> None:
    doc = parse_journey(text)
    assert doc.title == "T"
    assert shape(doc) == [("S", [("A", 5, ("Me",))])]
    assert not [d for d in doc.diagnostics if d.code not in ("MMD114",)]


def test_header_case_warns_because_mermaid_detects_lowercase_only() -> None:
    assert warnings_of("Journey\nsection S\nA: 5: Me") == [("MMD114", 1, 1)]
    assert warnings_of("  JOURNEY\nsection S\nA: 5: Me") == [("MMD114", 1, 3)]


def test_crlf_positions() -> None:
    doc = parse_journey("journey\r\nsection S\r\n  A: 9: Me\r\n")
    assert doc.tasks[0].line == 3
    assert doc.tasks[0].column == 3
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("MMD101", 3, 6)]


def test_front_matter_lines_count_in_positions() -> None:
    text = "---\ntitle: T\nconfig:\n  theme: dark\n---\njourney\nsection S\n    A: 5: Me\n"
    doc = parse_journey(text)
    assert (doc.sections[0].line, doc.tasks[0].line, doc.tasks[0].column) == (7, 8, 5)
    assert doc.config == {"theme": "dark"}


def test_title_statement_wins_over_front_matter_title() -> None:
    doc = parse_journey("---\ntitle: From front matter\n---\njourney\ntitle From statement\nsection S\nA: 5\n")
    assert doc.title == "From statement"
    doc = parse_journey("---\ntitle: From front matter\n---\njourney\nsection S\nA: 5\n")
    assert doc.title == "From front matter"


@pytest.mark.parametrize(
    ("value", "title"),
    [("2024", "2024"), ("true", "true"), ("1.5", "1.5"), ("2024-05-01", "2024-05-01"), ("'  spaced  '", "spaced")],
)
def test_front_matter_title_that_is_not_text(value: str, title: str) -> None:
    assert parse_journey(f"---\ntitle: {value}\n---\njourney\nsection S\nA: 5\n").title == title


def test_front_matter_config_is_plain_data() -> None:
    doc = parse_journey("---\nconfig:\n  journey: {a: [1, 2]}\n  when: 2024-01-02\n  7: x\n---\njourney\nS: 1\n")
    assert doc.config == {"journey": {"a": [1, 2]}, "when": "2024-01-02", "7": "x"}
    assert type(doc.config) is dict
    assert type(doc.config["journey"]) is dict


def test_front_matter_yaml_warnings_do_not_escape() -> None:
    doc = parse_journey("---\ntitle: &t First\nconfig: {a: &t 1, b: *t}\n---\njourney\nsection S\nA: 5\n")
    assert (doc.title, doc.config) == ("First", {"a": 1, "b": 1})


def test_front_matter_other_keys_are_ignored() -> None:
    doc = parse_journey("---\ndisplayMode: compact\nfoo: bar\n---\njourney\nsection S\nA: 5\n")
    assert (doc.title, doc.config, doc.diagnostics) == (None, {}, ())


def test_directive_content_is_ignored() -> None:
    doc = parse_journey('%%{init: {"theme": "dark", "themeVariables": {"x": "#fff;"}}}%%\njourney\nsection S\nA: 5\n')
    assert doc.config == {}
    assert shape(doc) == [("S", [("A", 5, ())])]


def test_acc_title_and_descr_keep_hash_and_semicolon() -> None:
    doc = parse_journey("journey\naccTitle: Issue #42, part 2; more\nACCDESCR : one; two # three\nsection S\nA: 5")
    assert doc.acc_title == "Issue #42, part 2; more"
    assert doc.acc_descr == "one; two # three"
    # '#42;' is an entity code everywhere, as in Mermaid: character 42 is '*'.
    assert parse_journey("journey\naccTitle: Issue #42; part 2\nS: 1").acc_title == "Issue * part 2"


def test_acc_descr_block() -> None:
    text = "journey\n  accDescr {\n    First line\n    %% dropped comment line\n\n      second # kept\n  }\nS: 3"
    doc = parse_journey(text)
    assert doc.acc_descr == "First line\nsecond # kept"
    assert doc.tasks[0].line == 8


def test_acc_descr_block_may_close_on_the_header_line() -> None:
    doc = parse_journey("journey accDescr {inline} title T\nsection S\nA: 1")
    assert (doc.acc_descr, doc.title) == ("inline", "T")


def test_unclosed_acc_descr_block_swallows_the_rest_like_mermaid() -> None:
    doc = parse_journey("journey\nsection S\nA: 5\naccDescr {\n  text\nB: 4: Me\n")
    assert doc.acc_descr == "text\nB: 4: Me"
    assert [t.name for t in doc.tasks] == ["A"]
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("MMD116", 4, 1)]


def test_tasks_without_actors() -> None:
    assert only_task("journey\nsection S\nTask: 5").actors == ()
    assert only_task("journey\nsection S\nTask: 5:").actors == ()
    assert only_task("journey\nsection S\nTask: 5:   ").actors == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("One<br>Two", "One\nTwo"),
        ("One<br/>Two", "One\nTwo"),
        ("One<br />Two", "One\nTwo"),
        ("One <BR/> Two", "One\nTwo"),
        ("One<bR  />Two", "One\nTwo"),
        ("One<br\t/>Two", "One\nTwo"),
        ("One</br>Two", "One</br>Two"),
    ],
)
def test_line_breaks_in_names(name: str, expected: str) -> None:
    doc = parse_journey(f"journey\nsection {name}\n{name}: 5")
    assert doc.sections[0].name == expected
    assert doc.tasks[0].name == expected


@pytest.mark.parametrize(
    ("code", "character"),
    [("#59;", ";"), ("#35;", "#"), ("#58;", ":"), ("#amp;", "&"), ("#9829;", "♥"), ("#nosuch;", "#nosuch;")],
)
def test_entity_codes_are_characters_not_comments(code: str, character: str) -> None:
    doc = parse_journey(f"journey\ntitle a{code}b\nsection a{code}b\na{code}b: 5: a{code}b, c")
    assert doc.title == f"a{character}b"
    assert doc.sections[0].name == f"a{character}b"
    assert doc.tasks[0].name == f"a{character}b"
    assert doc.tasks[0].actors == (f"a{character}b", "c")


def test_names_are_stripped() -> None:
    doc = parse_journey("journey\ntitle    Spaced   \nsection    Also   \n   Task name   :   4   :   A  ,  B  ")
    assert (doc.title, doc.sections[0].name) == ("Spaced", "Also")
    assert doc.tasks[0] == JourneyTask("Task name", 4.0, "4", ("A", "B"), 4, 4)


@pytest.mark.parametrize(
    ("raw", "score"),
    [
        ("5", 5.0),
        (" 4 ", 4.0),
        ("4.0", 4.0),
        ("+3", 3.0),
        ("1e0", 1.0),
        (".5e1", 5.0),
        ("5.", 5.0),
        ("0x5", 5.0),
        ("0b11", 3.0),
        ("0o4", 4.0),
        ("0002", 2.0),
    ],
)
def test_scores_are_read_like_javascript_number(raw: str, score: float) -> None:
    doc = parse_journey(f"journey\nsection S\nT:{raw}: Me")
    assert doc.tasks[0].score == score
    assert doc.tasks[0].raw_score == raw.strip()
    assert doc.diagnostics == ()


@pytest.mark.parametrize("raw", ["abc", "5abc", "1_0", "NaN", "inf", "0x", "--1", "5 5", "five"])
def test_scores_javascript_cannot_read(raw: str) -> None:
    doc = parse_journey(f"journey\nsection S\nT: {raw}: Me")
    assert doc.tasks[0].score is None
    assert doc.tasks[0].raw_score == raw
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("MMD102", 3, 4)]


def test_infinite_score_is_out_of_range() -> None:
    doc = parse_journey("journey\nsection S\nT: Infinity")
    assert doc.tasks[0].score == math.inf
    assert [d.code for d in doc.diagnostics] == ["MMD101"]


# -- warnings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("journey\nsection S\n  T: 0: Me", [("MMD101", 3, 6)]),
        ("journey\nsection S\n  T: 6", [("MMD101", 3, 6)]),
        ("journey\nsection S\n  T: -1: Me", [("MMD101", 3, 6)]),
        ("journey\nsection S\n  T: 2.5: Me", [("MMD104", 3, 6)]),
        ("journey\nsection S\n  T: x: Me", [("MMD102", 3, 6)]),
        ("journey\nsection S\n  T:", [("MMD103", 3, 4)]),
        ("journey\nsection S\n  T:   ", [("MMD103", 3, 4)]),
        ("journey\nsection S\n  T:: Me", [("MMD103", 3, 4)]),
        ("journey\nsection S\n  T: # comment", [("MMD103", 3, 4)]),
        ("journey\n  T: 5\nsection S\n  U: 4", [("MMD105", 2, 3)]),
        ("journey\nsection S\nT: 5\nsection S\nU: 4", [("MMD106", 4, 1)]),
        ("journey\nsection S\nsection R\nU: 4", [("MMD107", 2, 1)]),
        ("journey\ntitle\nsection S\nT: 5", [("MMD108", 2, 1)]),
        ("journey\ntitle   \nsection S\nT: 5", [("MMD108", 2, 1)]),
        ("journey\ntitle # only a comment\nsection S\nT: 5", [("MMD108", 2, 1)]),
        ("---\ntitle:\n---\njourney\nsection S\nT: 5", [("MMD108", 2, 1)]),
        ("---\ntitle: ''\n---\njourney\nsection S\nT: 5", [("MMD108", 2, 1)]),
        ("journey\ntitle A\n  title B\nsection S\nT: 5", [("MMD109", 3, 3)]),
        ("journey\nsection\nT: 5", [("MMD110", 2, 1)]),
        ("journey\nsection  \nT: 5", [("MMD110", 2, 1)]),
        ("journey\nsection S\nT: 5: A,,B", [("MMD111", 3, 6)]),
        ("journey\nsection S\nT: 5: A, ", [("MMD111", 3, 6)]),
        ("journey\nsection S\nT: 5: Dad: Mum", [("MMD112", 3, 10)]),
        (
            "journey\ntitle T %% note\nsection S %% note\nT: 5: Me %% note",
            [("MMD113", 2, 9), ("MMD113", 3, 11), ("MMD113", 4, 10)],
        ),
        ("journey\naccTitle: A %% note\nsection S\nT: 5", [("MMD113", 2, 13)]),
        ("journey\naccTitle:\nsection S\nT: 5", [("MMD115", 2, 1)]),
        ("journey\naccDescr :  \nsection S\nT: 5", [("MMD115", 2, 1)]),
        ("journey\naccDescr {  }\nsection S\nT: 5", [("MMD115", 2, 1)]),
        ("journey\nsection S\ntitle: My day", [("MMD117", 3, 1), ("MMD102", 3, 8)]),
        ("journey\nsection S\n  Section: Sign up", [("MMD117", 3, 3), ("MMD102", 3, 12)]),
        ("journey\ntitle T", [("MMD118", 1, 1)]),
        ("---\n- a list\n---\njourney\nsection S\nT: 5", [("MMD119", 1, 1)]),
        ("---\nconfig: dark\n---\njourney\nsection S\nT: 5", [("MMD119", 2, 1)]),
        ("journey\nsection S#1\nT: 5: Me#2", [("MMD120", 2, 10), ("MMD120", 3, 9)]),
    ],
)
def test_warnings_and_their_positions(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert warnings_of(text) == expected


def test_warning_values_are_kept() -> None:
    doc = parse_journey("journey\nT: 9: Me\nsection S\nsection S\nU: x\nV:\nW: 5: A: B")
    assert [(t.name, t.score, t.raw_score, t.actors) for t in doc.tasks] == [
        ("T", 9.0, "9", ("Me",)),
        ("U", None, "x", ()),
        ("V", None, "", ()),
        ("W", 5.0, "5", ("A",)),
    ]
    assert [s.name for s in doc.sections] == ["", "S", "S"]
    assert all(d.severity == "warning" and d.hint for d in doc.diagnostics)
    assert doc.warnings == doc.diagnostics


def test_title_like_task_is_a_title_statement() -> None:
    # 'Title page: 3' starts with the title keyword, so Mermaid reads a title "page: 3".
    doc = parse_journey("journey\nsection S\nTitle page: 3: Me\nT: 5")
    assert doc.title == "page: 3: Me"
    assert [t.name for t in doc.tasks] == ["T"]


def test_diagnostic_to_problem() -> None:
    doc = parse_journey("journey\nsection S\nT: 9", source="maps/day.mmd")
    (problem,) = doc.problems()
    assert problem.where == "maps/day.mmd:3:4"
    assert (problem.code, problem.severity) == ("MMD101", Severity.WARNING)
    assert "outside 1-5" in problem.message
    assert problem.hint
    assert str(doc.diagnostics[0]).startswith("3:4: warning MMD101")


# -- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("MMD001", 1, 1)]),
        ("\n  \n%% only comments\n", [("MMD001", 1, 1)]),
        ("title T\nsection S\nT: 5", [("MMD001", 1, 1)]),
        ("  flowchart TD\n  A --> B", [("MMD001", 1, 3)]),
        ("sequenceDiagram\nA->>B: hi; there", [("MMD001", 1, 1)]),
        ("# comment\njourney\nsection S\nT: 5", [("MMD002", 1, 1)]),
        ("---\ntitle: T\njourney\nsection S\nT: 5", [("MMD003", 1, 1)]),
        ("---\ntitle: [unclosed\n---\njourney\nsection S\nT: 5", [("MMD004", 2, 17)]),
        ("  ---\n  a: b\n  a: c\n  ---\njourney\nS: 5", [("MMD004", 3, 3)]),
        ("%% c\n---\ntitle: T\n---\njourney\nS: 5", [("MMD001", 2, 1)]),
        ("%%{init: {'theme': 'dark'}\njourney\nsection S\nT: 5", [("MMD005", 1, 1)]),
        ("journey\nsection S\n  Make tea\n", [("MMD010", 3, 3)]),
        ("journey\nsection S\n  Make tea # no colon before the comment\n", [("MMD010", 3, 3)]),
        ("journey\nsection S\n  : 5: Me\n", [("MMD011", 3, 3)]),
        ("journey\nsection S\nA: 5: Me; B: 1: Me\n", [("MMD012", 3, 9)]),
        ("journey\nsection S;\nA: 5\n", [("MMD012", 2, 10)]),
        ("journey\ntitle A; B\nsection S\nA: 5\n", [("MMD012", 2, 8)]),
        ("journey;\nsection S\nA: 5\n", [("MMD012", 1, 8)]),
        ("journey\nsection S\nA;B: 5\n", [("MMD012", 3, 2)]),
        ("journey\nsection Onboarding: sign up\nA: 5\n", [("MMD013", 2, 19)]),
        ("journey\nsection S\nJourney review: 4: Me\n", [("MMD014", 3, 1)]),
        ("journey\njourney\nsection S\nA: 5\n", [("MMD014", 2, 1)]),
        ("journeyx\nsection S\nA: 5\n", [("MMD010", 1, 8)]),
    ],
)
def test_syntax_errors_and_their_positions(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert errors_of(text) == expected


def test_all_errors_are_reported_at_once() -> None:
    text = "journey\nsection S\nbare line\nA: 5; B\n: 3\nsection X: y\nJourneys: 1\nB: 9\n"
    assert errors_of(text) == [
        ("MMD010", 3, 1),
        ("MMD012", 4, 5),
        ("MMD011", 5, 1),
        ("MMD013", 6, 10),
        ("MMD014", 7, 1),
    ]


def test_missing_header_still_checks_the_rest() -> None:
    assert errors_of("section S\nbare\nT: 5") == [("MMD001", 1, 1), ("MMD010", 2, 1)]
    # With a header further down, the lines before it are not read as statements.
    assert errors_of("title T\n---\n  journey\nsection S\nbare") == [("MMD001", 1, 1), ("MMD010", 5, 1)]


def test_syntax_error_is_a_journeymap_problems_error() -> None:
    with pytest.raises(MermaidSyntaxError) as info:
        parse_journey("journey\nsection S\nT: 9\nbare\nA: 5; B", source="day.mmd")
    error = info.value
    assert isinstance(error, ProblemsError)
    assert isinstance(error, JourneymapError)
    assert error.source == "day.mmd"
    assert [p.where for p in error.problems] == ["day.mmd:4:1", "day.mmd:5:5"]
    assert all(p.severity is Severity.ERROR and p.hint for p in error.problems)
    assert error.errors == error.problems
    assert [w.code for w in error.warnings] == ["MMD101"]
    assert all(isinstance(d, MermaidDiagnostic) and d.is_error for d in error.diagnostics)
    assert str(error).startswith("day.mmd:4:1: MMD010")
    assert "(and 1 more)" in str(error)


def test_document_dataclasses_are_frozen() -> None:
    doc = parse_journey("journey\nsection S\nT: 5")
    assert isinstance(doc.sections[0], JourneySection)
    with pytest.raises(AttributeError):
        doc.title = "x"  # type: ignore[misc]


# -- property test: generated diagrams parse back to their structure ------------------------------------

_KEYWORD_START = re.compile(r"(journey|title(\s|$)|section(\s|$)|acctitle|accdescr)", re.IGNORECASE)
_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.!?()'&/éß",
    min_size=1,
    max_size=20,
).map(str.strip)
_NAME = _TEXT.filter(lambda s: bool(s) and not _KEYWORD_START.match(s) and s.lower() not in ("title", "section"))
_ACTOR = _TEXT.filter(bool)
_TASK = st.tuples(_NAME, st.integers(1, 5), st.lists(_ACTOR, max_size=3))
_SECTION = st.tuples(_NAME, st.lists(_TASK, min_size=1, max_size=4))


@st.composite
def _diagrams(draw: st.DrawFn) -> tuple[str, str | None, Shape]:
    title = draw(st.none() | _TEXT.filter(bool))
    loose = draw(st.lists(_TASK, max_size=2))
    sections = draw(st.lists(_SECTION, max_size=4))
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", "title: Front matter title", "config:", "  theme: forest", "---"]
    lines += draw(_noise())
    lines.append(draw(_indent()) + draw(_cased("journey")) + draw(_comment()))
    if title is not None:
        lines.append(draw(_indent()) + draw(_cased("title")) + " " + title + draw(_comment()))
    lines += [line for task in loose for line in draw(_task_lines(task))]
    for name, tasks in sections:
        lines.append(draw(_indent()) + draw(_cased("section")) + " " + name + draw(_comment()))
        lines += [line for task in tasks for line in draw(_task_lines(task))]
    expected: Shape = [("", [(n, s, tuple(a)) for n, s, a in loose])] if loose else []
    expected += [(name, [(n, s, tuple(a)) for n, s, a in tasks]) for name, tasks in sections]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"])), title, expected


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flags: "".join(c.upper() if up else c for c, up in zip(word, flags, strict=True))
    )


def _indent() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "  ", "    ", "\t", " \t "])


def _comment() -> st.SearchStrategy[str]:
    return st.sampled_from(["", "", " # a comment", "\t# another: with; odd % chars"])


def _noise() -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(["", "   ", "%% comment", "  %% comment: x; y # z", "%%{init: {}}%%"]), max_size=2)


@st.composite
def _task_lines(draw: st.DrawFn, task: tuple[str, int, list[str]]) -> list[str]:
    name, score, actors = task
    colon = draw(st.sampled_from([":", ": ", " : ", ":  "]))
    comma = draw(st.sampled_from([",", ", ", " , "]))
    line = draw(_indent()) + name + colon + str(score)
    if actors:
        line += colon + comma.join(actors)
    elif draw(st.booleans()):
        line += ":"
    return [*draw(_noise()), line + draw(_comment())]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_diagrams())
def test_generated_diagrams_parse_back(diagram: tuple[str, str | None, Shape]) -> None:
    text, title, expected = diagram
    doc = parse_journey(text)
    assert shape(doc) == expected
    if title is not None:
        assert doc.title == title
    elif "title: Front matter title" in text:
        assert doc.title == "Front matter title"
    else:
        assert doc.title is None
    allowed = {"MMD105", "MMD106", "MMD114", "MMD118"}
    assert {d.code for d in doc.diagnostics} <= allowed
    lines = text.split("\n")
    for task in doc.tasks:
        assert lines[task.line - 1][task.column - 1 :].startswith(task.name)
