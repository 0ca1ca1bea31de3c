"""Interview notes: speaker turns (who speaks kept), paragraphs, critical incidents as sections or as the
interviewer's three questions; located by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.errors import ProblemsError
from journeymap.feedback.notes import is_interviewer, split_note
from journeymap.feedback.read import read_all

ROOT = Path(__file__).resolve().parents[2]
INTERVIEWS = ROOT / "examples" / "home-loan" / "evidence" / "feedback" / "interviews"


def test_bold_speaker_turns_keep_who_speaks() -> None:
    text = (
        "# Interview 3\n\n- Interviewer: Sam\n- Date: 2026-01-02\n\n"
        "**Interviewer:** How was the upload?\n\n"
        "**Customer:** Awful. I uploaded my payslips three times.\nIt kept timing out.\n\n"
        "**Customer**: The valuation was fine though.\n"
    )
    units = split_note(text, "i3.md").units
    assert [(u.speaker, u.unit, u.line) for u in units] == [
        ("Interviewer", "turn 1", 6),
        ("Customer", "turn 2", 8),
        ("Customer", "turn 3", 11),
    ]
    assert units[1].text == "Awful. I uploaded my payslips three times. It kept timing out."
    assert units[1].location == "i3.md:8"


def test_plain_speaker_turns() -> None:
    units = split_note("Q: Why us?\nPriya: The rate was good.\nQ: And then?\nPriya: Then the wait.\n", "p.txt").units
    assert [(u.speaker, u.text) for u in units] == [
        ("Q", "Why us?"), ("Priya", "The rate was good."), ("Q", "And then?"), ("Priya", "Then the wait."),
    ]  # fmt: skip
    assert is_interviewer("Q") and is_interviewer("Interviewer") and not is_interviewer("Priya")


def test_paragraphs_without_speakers() -> None:
    text = "# Notes\n\nShe waited three weeks\nfor the valuer.\n\n## Later\n\nThe offer came: at last.\n"
    units = split_note(text, "n.md").units
    assert [(u.unit, u.line, u.text, u.speaker) for u in units] == [
        ("paragraph 1", 3, "She waited three weeks for the valuer.", None),
        ("paragraph 2", 8, "The offer came: at last.", None),
    ]


def test_critical_incident_sections() -> None:
    text = (
        "## Incident 1\n**What happened?** I waited six weeks for the valuation.\n"
        "How did it feel: Furious, we nearly lost the house.\n"
        "## What should have happened\nA date within a week.\n\n"
        "What happened: the app crashed on upload.\nWhat should have happened: save my progress.\n"
    )
    note = split_note(text, "cit.md")
    first, second = note.incidents
    assert (first.happened, first.felt, first.should) == (
        "I waited six weeks for the valuation.", "Furious, we nearly lost the house.", "A date within a week."
    )  # fmt: skip
    assert (second.happened, second.felt, second.should) == ("the app crashed on upload.", "", "save my progress.")
    assert [u.unit for u in note.units][:3] == [
        "incident 1: what happened", "incident 1: how it felt", "incident 1: what should have happened"
    ]  # fmt: skip


def test_incidents_from_the_interviewers_questions() -> None:
    """The example interview 03: two incidents; the second starts with "How did that feel?", so the answer
    before it tells what happened (turn 14, as the notes' own truth file says)."""
    path = INTERVIEWS / "03-payslips-rejected.md"
    if not path.exists():
        pytest.skip("the example interviews are not written yet")
    note = split_note(path.read_text(encoding="utf-8"), path.name)
    assert [i.rows for i in note.incidents] == [(4, 6), (14,)]
    first, second = note.incidents
    assert first.felt.startswith("Stupid, honestly") and first.should.startswith("It should have just taken")
    assert second.happened.startswith("Yes, the gifted deposit") and second.felt.startswith("Like I was being")
    assert all(u.unit == f"turn {u.row}" for u in note.units)


def test_a_folder_of_notes(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("**Interviewer:** Hi?\n\n**Customer:** Slow app.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("One paragraph.\n\nAnother one.\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"caf\xe9\n")
    (tmp_path / "README.md").write_text("not an interview", encoding="utf-8")
    comments, problems = read_all(tmp_path)
    assert [(c.source, c.unit, c.speaker) for c in comments] == [
        ("a.md", "turn 1", "Interviewer"), ("a.md", "turn 2", "Customer"),
        ("b.txt", "paragraph 1", None), ("b.txt", "paragraph 2", None),
    ]  # fmt: skip
    assert problems[0].where == "bad.md" and "bad encoding" in problems[0].message


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError) as caught:
        read_all(tmp_path)
    assert caught.value.problems[0].code == "JE223"


def test_incident_parts_agree_with_the_interviews_truth() -> None:
    """The turns the notes' author marked as answering one of the three questions (their truth file, written with
    the notes) are read as answering the same question; no other turn is read as part of an incident."""
    import yaml

    truth_path = ROOT / "tests" / "feedback" / "data" / "home-loan-interviews-truth.yaml"
    if not truth_path.exists() or not INTERVIEWS.exists():
        pytest.skip("the example interviews are not written yet")
    truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    names = {"what-happened": "happened", "feeling": "felt", "should-have-happened": "should"}
    agree = total = extra = 0
    for item in truth["interviews"]:
        path = INTERVIEWS / item["file"]
        note = split_note(path.read_text(encoding="utf-8"), path.name)
        found = {row: part for incident in note.incidents for row, part in incident.parts}
        wanted = {turn["turn"]: names[turn["part"]] for incident in item.get("incidents", [])
                  for turn in incident["turns"] if turn["part"] in names}  # fmt: skip
        agree += sum(1 for row, part in wanted.items() if found.get(row) == part)
        total += len(wanted)
        extra += sum(1 for row in found if row not in wanted)
    assert total >= 20
    assert agree / total >= 0.9, f"{agree} of {total}"  # measured 28 of 30
    assert extra == 0
