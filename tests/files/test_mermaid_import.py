"""Mermaid → map → Mermaid: every documented example imports, and a round trip keeps what Mermaid holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.files.mermaid import MermaidSyntaxError
from journeymap.files.mermaid_import import actor_name, emotion_from_score, import_mermaid, score_from_emotion
from journeymap.model import Map
from journeymap.render.mermaid import render_mermaid
from journeymap.render.registry import RenderContext, render

from support import FIXTURES

MERMAID = sorted((FIXTURES / "mermaid").glob("*.mmd"))


@pytest.mark.parametrize("path", MERMAID, ids=lambda p: p.name)
def test_documented_examples_import_and_render(path: Path) -> None:
    journey_map, _ = import_mermaid(path.read_text(encoding="utf-8"), source=path.name)
    svg = render(journey_map, "svg").decode()
    for step in journey_map.steps:
        assert step.name.split("\n")[0][:10] in svg.replace("&amp;", "&").replace("&#x27;", "'")


def test_the_documentation_example() -> None:
    text = """journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""
    journey_map, warnings = import_mermaid(text)
    assert [(w.code, w.where) for w in warnings] == [("MMD121", "<string>:4:7")]  # which actor is the persona
    assert journey_map.persona == "me" and "'Me', the actor in the most tasks (5 of 5)" in warnings[0].message
    assert journey_map.title == "My working day"
    assert [s.name for s in journey_map.stages] == ["Go to work", "Go home"]
    assert [s.name for s in journey_map.steps] == ["Make tea", "Go upstairs", "Do work", "Go downstairs", "Sit down"]
    assert [s.emotion.value for s in journey_map.steps if s.emotion] == [10, 5.5, 1, 10, 10]
    assert [p.name for p in journey_map.personas] == ["Me", "Cat"]
    assert journey_map.steps[2].actors == ["me", "cat"]


def test_variations_warn_with_lines() -> None:
    text = "journey\n  Early task: 4: Me\n  section S\n    Too happy: 9: Me\n    Odd: great\n"
    journey_map, warnings = import_mermaid(text, source="x.mmd")
    codes = {(w.code, w.where) for w in warnings}
    assert ("MMD105", "x.mmd:2:3") in codes
    assert any(code == "MMD101" and where.startswith("x.mmd:4:") for code, where in codes)
    assert any(code == "MMD102" and where.startswith("x.mmd:5:") for code, where in codes)
    assert journey_map.steps[1].emotion is not None and journey_map.steps[1].emotion.value == 10
    assert journey_map.steps[2].emotion is None


def test_syntax_errors_are_collected() -> None:
    with pytest.raises(MermaidSyntaxError) as info:
        import_mermaid("journey\n  section A\n    no colon here\n    also bad\n")
    assert [p.where for p in info.value.problems] == ["<string>:3:5", "<string>:4:5"]


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
def test_score_scale_round_trips(score: int) -> None:
    assert score_from_emotion(emotion_from_score(score)) == score


safe = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
)
safe = safe.map(str.strip).filter(lambda s: s != "" and "<br" not in s.lower() and "%%" not in s and "\x85" not in s)
# actor names written as ids ("claims-handler") are given a name on import ("Claims handler"): not round-tripped
actor = safe.filter(lambda s: actor_name(s) == s)


@given(
    st.lists(
        st.tuples(
            safe, st.lists(st.tuples(safe, st.integers(1, 5), st.lists(actor, max_size=2)), min_size=1, max_size=4)
        ),
        min_size=1,
        max_size=4,
    )
)
@settings(max_examples=80, deadline=None)
def test_export_then_import_keeps_stages_steps_scores_actors(
    sections: list[tuple[str, list[tuple[str, int, list[str]]]]],
) -> None:
    actors = sorted({a for _, tasks in sections for _, _, names in tasks for a in names})
    personas = [{"id": f"p{i}", "name": name} for i, name in enumerate(actors)]
    ids = {name: f"p{i}" for i, name in enumerate(actors)}
    stages = [
        {
            "name": name,
            "steps": [
                {"name": t, "emotion": emotion_from_score(s), "actors": list(dict.fromkeys(ids[a] for a in who))}
                for t, s, who in tasks
            ],
        }
        for name, tasks in sections
    ]
    original = Map.model_validate({"title": "Round trip", "personas": personas, "stages": stages})
    again, _ = import_mermaid(render_mermaid(original, RenderContext()))
    assert [s.name for s in again.stages] == [s.name for s in original.stages]
    assert [s.name for s in again.steps] == [s.name for s in original.steps]
    assert [s.emotion.value if s.emotion else None for s in again.steps] == [
        s.emotion.value if s.emotion else None for s in original.steps
    ]
    names_of = {p.id: p.name for p in again.personas}
    original_names = {p.id: p.name for p in original.personas}
    assert [[names_of[a] for a in s.actors] for s in again.steps] == [
        [original_names[a] for a in s.actors] for s in original.steps
    ]


# ---- issue 14: what an imported journey shows ------------------------------------------------------------------


def _claim(tasks: int = 20) -> str:
    lines = ["journey", "  title Home insurance claim"]
    for index in range(tasks):
        if index % 5 == 0:
            lines.append(f"  section Part {index // 5 + 1}")
        who = "claims-handler, Customer" if index == 0 else "Customer, claims-handler" if index % 2 else "Customer"
        lines.append(f"    Task {index + 1}: {index % 5 + 1}: {who}")
    return "\n".join(lines) + "\n"


def test_scores_become_whole_levels_with_the_mermaid_score_in_the_note() -> None:
    journey_map, _ = import_mermaid(_claim(5))
    levels = [s.emotion.value for s in journey_map.steps if s.emotion]
    assert levels == [1, 3, 5.5, 8, 10]
    notes = [getattr(s.emotion, "note", "") for s in journey_map.steps]
    assert notes[1] == "Mermaid score 2 of 5 (shown as 3 on the 1–10 scale)"
    svg = render(journey_map, "svg").decode()
    assert "3.25" not in svg and "7.75" not in svg


def test_actors_written_as_ids_get_names_and_the_persona_choice_is_stated() -> None:
    journey_map, warnings = import_mermaid(_claim(), source="claim.mmd")
    assert {p.id: p.name for p in journey_map.personas} == {
        "claims-handler": "Claims handler",
        "customer": "Customer",
    }
    # claims-handler is written first, but the customer takes part in every task: the customer is the persona
    assert journey_map.persona == "customer"
    chosen = [w for w in warnings if w.code == "MMD121"]
    assert len(chosen) == 1 and chosen[0].where == "claim.mmd:4:5"
    assert "'Customer', the actor in the most tasks (20 of 20)" in chosen[0].message
    assert "'Claims handler'" in chosen[0].message
    svg = render(journey_map, "svg").decode()
    assert "with Claims handler, Customer" in svg and "claims-handler," not in svg  # steps name the actors
    assert actor_name("front_desk") == "Front desk" and actor_name("Me") == "Me" and actor_name("R2-D2") == "R2-D2"
