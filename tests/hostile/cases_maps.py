"""Hostile map, persona and workspace files for `journeymap validate`, `render` and `fmt` (the map loader, its
YAML/JSON reader and the model's references)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

from corpus import Case

GOOD_HEAD = """journeymap: 1
id: loan
type: customer-journey-map
title: Home loan
"""
STAGES = """stages:
  - id: research
    name: Research
    steps:
      - id: r-calc
        name: Estimate borrowing
"""
GOOD = GOOD_HEAD + STAGES
GOOD_JSON = (
    '{"journeymap": 1, "id": "loan", "title": "Home loan",\n'
    ' "stages": [{"id": "research", "name": "Research", "steps": [{"id": "r-calc", "name": "Estimate"}]}]}\n'
)
WORKSPACE = "journeymap: 1\nname: Bank\n"


def step_with(extra: str) -> str:
    """The good map with ``extra`` (indented under the step) added to its one step."""
    return GOOD + "".join(f"        {line}\n" for line in extra.splitlines())


def with_lane(cards: str) -> str:
    return GOOD + "lanes:\n  - id: actions\n    kind: actions\n    cards:\n" + cards


def billion_laughs(levels: int, per_level: int, key: str = "unused") -> str:
    lines = [GOOD, f"{key}:", '  l0: &l0 "lol"']
    for level in range(1, levels + 1):
        items = ", ".join([f"*l{level - 1}"] * per_level)
        lines.append(f"  l{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


def big_map(steps: int) -> str:
    rows = "".join(f"      - id: st{i}\n        name: Step {i}\n" for i in range(steps))
    return GOOD_HEAD + "stages:\n  - id: s\n    name: S\n    steps:\n" + rows


def card_of(chars: int) -> str:
    return with_lane(f"      - step: r-calc\n        text: {'x' * chars}\n")


def symlink_to(target: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.symlink_to(target)

    return write


def fifo(path: Path) -> None:
    os.mkfifo(path)


def sparse(megabytes: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.write(GOOD.encode())
            handle.truncate(megabytes * 1024 * 1024)

    return write


def folder(path: Path) -> None:
    path.mkdir()


def json_without_nan(folder_path: Path) -> int:
    """``validate --format json`` on a map holding NaN: refused, and the JSON printed holds no bare NaN."""
    from journeymap.cli.main import main

    captured = io.StringIO()
    real, sys.stdout = sys.stdout, captured
    try:
        code = main(["validate", "--format", "json", str(folder_path / "map.yaml")])
    finally:
        sys.stdout = real
    out = captured.getvalue()
    sys.stderr.write(out)
    if "NaN" in out.replace('"NaN"', "").replace("'NaN'", "") or "Infinity" in out.replace("'inf'", ""):
        sys.stderr.write("bare NaN or Infinity printed\n")
        return 3
    import json

    json.loads(out)
    return code


def studio_data(data: object) -> Callable[[Path], int]:
    """The studio's check of map data (a PUT or a websocket edit): ``check_map_data``, its problems printed."""

    def run(folder: Path) -> int:
        from journeymap.cli.output import report_error
        from journeymap.errors import JourneymapError
        from journeymap.files.loader import check_map_data

        try:
            check_map_data(data, "maps/m.yaml")  # type: ignore[arg-type]
        except JourneymapError as exc:
            return report_error(exc)
        return 0

    return run


def nested(depth: int) -> dict[str, object]:
    root: dict[str, object] = {}
    node = root
    for _ in range(depth):
        child: dict[str, object] = {}
        node["x"] = child
        node = child
    return root


def v(name: str, content: str | bytes, *, where: str | None = "map.yaml:", expect: str = "refused", **kw: str) -> Case:
    """`journeymap validate map.yaml` on ``content``."""
    file = kw.pop("file", "map.yaml")
    return Case(f"maps/{name}", files={file: content}, argv=["validate", f"{{dir}}/{file}"], where=where, expect=expect)


def cases() -> list[Case]:
    return [
        # --- the cases -------------------------------------------------------------------------------
        v("a-date-that-does-not-exist", GOOD_HEAD + "evidence_date: 2026-13-01\n" + STAGES),
        v(
            "measured-on-2026-13-01",
            step_with("emotion: {mean: 5, n: 3, ci95: [4, 6], dataset: d, measured_on: 2026-13-01}"),
            where="map.yaml:11:",
        ),
        v(
            "comment-created-2026-02-30",
            GOOD + "comments:\n  - {target: loan, author: A, text: T, created: 2026-02-30}\n",
        ),
        v("id-is-an-empty-mapping", "journeymap: 1\nid: {}\ntitle: x\n", where="map.yaml:2:"),
        v("step-id-is-a-mapping", GOOD + "      - id: {a: 1}\n        name: X\n", where="map.yaml:11:"),
        v("card-step-is-a-mapping", with_lane("      - step: {a: 1}\n        text: T\n")),
        v("persona-id-is-a-list", GOOD + "personas:\n  - id: [a, b]\n    name: P\n"),
        v("nesting-500-deep", GOOD + "description: " + "[" * 500 + "]" * 500 + "\n", where="map.yaml:11:"),
        v("nesting-500-deep-block", GOOD + "".join(f"{'  ' * i}k{i}:\n" for i in range(500))),
        v("an-integer-of-5000-digits", step_with("emotion: " + "9" * 5000), where="map.yaml:11:"),
        v("a-float-of-5000-digits", step_with("emotion: 1." + "1" * 5000)),
        v("billion-laughs-11-levels-of-10-unused-key", billion_laughs(11, 10)),
        v("billion-laughs-9-levels-of-10-under-the-alias-count", billion_laughs(9, 10)),
        v("billion-laughs-in-a-used-key", billion_laughs(11, 10, key="description")),
        Case(
            "maps/symlink-to-dev-zero",
            files={"map.yaml": symlink_to("/dev/zero")},
            argv=["validate", "{dir}/map.yaml"],
            where="map.yaml",
        ),
        Case("maps/a-fifo", files={"map.yaml": fifo}, argv=["validate", "{dir}/map.yaml"], where="map.yaml"),
        Case(
            "maps/render-a-fifo",
            files={"map.yaml": fifo},
            argv=["render", "{dir}/map.yaml", "--format", "svg", "-o", "{dir}/o.svg"],
            where="map.yaml",
        ),
        Case(
            "maps/a-20k-step-map-loads",
            files={"map.yaml": big_map(20_000)},
            argv=["validate", "{dir}/map.yaml"],
            expect="ok",
            note="74 s before the C parser; limit 10 s",
        ),
        v("a-50-mb-card", card_of(50 * 1024 * 1024), where="map.yaml"),
        v("a-5-mb-card-over-the-text-limit", card_of(5 * 1024 * 1024), where="map.yaml:16:"),
        v("a-5000-character-title", GOOD_HEAD.replace("Home loan", "T" * 5000) + STAGES, where="map.yaml:4:"),
        v("a-200k-character-key", GOOD + "k" * 200_000 + ": 1\n", where="map.yaml:11:"),
        v(
            "more-elements-than-the-limit",
            GOOD_HEAD + "stages:\n  - name: S\n    steps: [" + ", ".join(f"s{i}" for i in range(210_000)) + "]\n",
        ),
        v("more-values-than-the-limit", GOOD + "tags: [" + ",".join(["a"] * 600_000) + "]\n"),
        v("a-100-mb-file", sparse(100), where="map.yaml"),
        # --- encodings and bytes ------------------------------------------------------------------------------
        v("utf8-bom", b"\xef\xbb\xbf" + GOOD.encode(), expect="ok"),
        v("utf16-le-with-bom", GOOD.encode("utf-16"), where="map.yaml:1:1"),
        v("utf16-be-with-bom", b"\xfe\xff" + GOOD.encode("utf-16-be"), where="map.yaml:1:1"),
        v("utf32-with-bom", GOOD.encode("utf-32"), where="map.yaml:1:1"),
        v(
            "latin1-byte-in-a-title",
            GOOD_HEAD.replace("Home loan", "Caf\xe9").encode("latin-1") + STAGES.encode(),
            where="map.yaml:4:11",
        ),
        v("truncated-utf8-sequence-at-the-end", GOOD.encode() + b"# \xe2\x82", where="map.yaml:11:3"),
        v("a-nul-byte", GOOD.encode() + b"description: a\x00b\n", where="map.yaml:11:"),
        v("escaped-lone-surrogate", GOOD + 'description: "\\ud800"\n', where="map.yaml:11:"),
        v("crlf-line-endings", GOOD.replace("\n", "\r\n"), expect="ok"),
        v("cr-only-line-endings", GOOD.replace("\n", "\r"), expect="ok"),
        v("bidi-and-zero-width-text", GOOD_HEAD.replace("Home loan", "Home\u202e\u200bloan") + STAGES, expect="ok"),
        v(
            "name-of-control-characters-only",
            GOOD + '      - id: x\n        name: "\\x01\\x02"\n',
            where="map.yaml:11:",
        ),
        # --- YAML structure -----------------------------------------------------------------------------------
        v("empty-file", "", where="map.yaml:1:1"),
        v("only-comments", "# a map\n# nothing else\n", where="map.yaml:1:1"),
        v("only-whitespace", "   \n\n  \n", where="map.yaml:1:1"),
        v("top-level-list", "- a\n- b\n", where="map.yaml:1:1"),
        v("top-level-scalar", "just text\n", where="map.yaml:1:1"),
        v("tab-indentation", GOOD + "lanes:\n\t- id: x\n", where="map.yaml:12:"),
        v("duplicate-keys", GOOD + "title: Again\n", where="map.yaml:11:1"),
        v("duplicate-keys-in-a-step", step_with("name: Twice"), where="map.yaml:11:9"),
        v(
            "python-object-tag",
            GOOD + "description: !!python/object/apply:os.system ['touch pwned']\n",
            where="map.yaml:11:",
        ),
        Case(
            "maps/python-tag-constructs-nothing",
            files={"map.yaml": GOOD + "x: !!python/object/apply:os.system ['touch pwned']\n"},
            argv=["validate", "{dir}/map.yaml"],
            where="map.yaml:11:",
            outputs=["pwned"],
        ),
        v("python-name-tag", GOOD + "description: !!python/name:os.system\n", where="map.yaml:11:"),
        v("custom-local-tag", GOOD + "description: !secret x\n", where="map.yaml:11:"),
        v("binary-tag", GOOD + "description: !!binary aGVsbG8=\n", where="map.yaml:11:"),
        v("set-tag", GOOD + "tags: !!set {a, b}\n", where="map.yaml:11:"),
        v("anchor-to-itself", GOOD + "tags: &t [*t]\n", where="map.yaml:11:"),
        v("alias-to-an-unknown-anchor", GOOD + "description: *nothing\n", where="map.yaml:11:"),
        v("a-mapping-as-a-key", GOOD + "? [a, b]\n: c\n", where="map.yaml:11:"),
        v("two-yaml-documents", GOOD + "---\ntitle: second\n", where="map.yaml:11:"),
        v(
            "merge-key-works",
            GOOD_HEAD + "x-base: &b {name: Research}\n" + STAGES.replace("    name: Research\n", "    <<: *b\n"),
            where="map.yaml:5:",
        ),
        v("an-integer-key", GOOD + "1: x\n", where="map.yaml:11:1"),
        v("unclosed-flow-list", GOOD + "tags: [a, b\n", where="map.yaml:"),
        v("unclosed-quote", GOOD + 'description: "never closed\n', where="map.yaml:"),
        v("newer-format-version", GOOD.replace("journeymap: 1", "journeymap: 99"), where="map.yaml:1:1"),
        v("yes-and-no-are-text", GOOD_HEAD.replace("Home loan", "no") + STAGES, expect="ok"),
        # --- JSON maps ----------------------------------------------------------------------------------------
        v("json-valid", GOOD_JSON, file="map.json", expect="ok", where=None),
        v(
            "json-trailing-comma",
            GOOD_JSON.replace('"Estimate"}]}]}', '"Estimate"},]}]}'),
            file="map.json",
            where="map.json:2:",
        ),
        v(
            "json-nan-literal",
            GOOD_JSON.replace('"Estimate"}', '"Estimate", "emotion": NaN}'),
            file="map.json",
            where="map.json:2:",
        ),
        v(
            "json-1e999",
            GOOD_JSON.replace('"Estimate"}', '"Estimate", "emotion": 1e999}'),
            file="map.json",
            where="map.json:2:",
        ),
        v("json-unclosed-object", GOOD_JSON[:-3], file="map.json", where="map.json:"),
        # --- values -------------------------------------------------------------------------------------------
        v("emotion-nan", step_with("emotion: .nan"), where="map.yaml:11:"),
        v("emotion-inf", step_with("emotion: .inf"), where="map.yaml:11:"),
        v("emotion-negative", step_with("emotion: -3"), where="map.yaml:11:"),
        v("emotion-eleven", step_with("emotion: 11"), where="map.yaml:11:"),
        v("emotion-is-text", step_with("emotion: happy"), where="map.yaml:11:"),
        v(
            "ci95-not-holding-the-mean",
            step_with("emotion: {mean: 9, n: 3, ci95: [1, 2], dataset: d}"),
            where="map.yaml:11:",
        ),
        v(
            "touchpoint-satisfaction-1e308-times-10",
            GOOD + "touchpoints:\n  - {step: r-calc, name: Web, satisfaction: 1e309}\n",
            where="map.yaml:12:",
        ),
        v(
            "opportunity-score-huge-but-finite",
            GOOD + "opportunities:\n  - {text: Reduce, score: 1.0e+300}\n",
            expect="ok",
        ),
        v(
            "hypothesis-baseline-nan",
            GOOD
            + "opportunities:\n  - text: Reduce\n    hypotheses:\n      - {statement: S, metric: M, baseline: .nan}\n",
            where="map.yaml:14:",
        ),
        v("persona-share-1-5", GOOD + "personas:\n  - {id: p, name: P, share: 1.5}\n", where="map.yaml:12:"),
        v("id-with-an-emoji", GOOD.replace("id: r-calc", "id: r-\U0001f600"), where="map.yaml:9:"),
        v("id-is-a-long-integer", GOOD.replace("id: loan", "id: " + "1" * 30), where="map.yaml:2:"),
        Case(
            "maps/format-json-never-prints-nan",
            files={"map.yaml": step_with("emotion: .nan")},
            call=json_without_nan,
            where="map.yaml:11:",
        ),
        # --- the studio's map data (same checks, element paths instead of lines) ----------------------------
        Case("maps/studio-data-id-is-a-mapping", call=studio_data({"id": {}, "title": "T"}), where="id"),
        Case(
            "maps/studio-data-step-id-is-a-mapping",
            call=studio_data({"title": "T", "stages": [{"name": "S", "steps": [{"id": {"a": 1}, "name": "X"}]}]}),
            where='step "X" › id',
        ),
        Case("maps/studio-data-nested-3000-deep", call=studio_data({"title": "T", "description": nested(3000)})),
        Case(
            "maps/studio-data-emotion-nan",
            call=studio_data(
                {"title": "T", "stages": [{"name": "S", "steps": [{"name": "X", "emotion": float("nan")}]}]}
            ),
            where='step "X" › emotion',
        ),
        # --- references ---------------------------------------------------------------------------------------
        v("card-on-a-missing-step", with_lane("      - step: nowhere\n        text: T\n"), where="map.yaml:15:"),
        v("persona-that-does-not-exist", GOOD + "persona: ghost\n", where="map.yaml:11:"),
        v("duplicate-step-ids", GOOD + "      - id: r-calc\n        name: Again\n", where="map.yaml:11:"),
        v(
            "comment-on-a-missing-element",
            GOOD + "comments:\n  - {target: ghost, author: A, text: T}\n",
            where="map.yaml:12:",
        ),
        # --- workspaces ---------------------------------------------------------------------------------------
        Case(
            "maps/workspace-header-is-a-folder",
            files={"ws/journeymap.yaml": folder, "ws/maps/a.yaml": GOOD},
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml",
        ),
        Case(
            "maps/workspace-header-is-a-fifo",
            files={"ws/journeymap.yaml": fifo, "ws/maps/a.yaml": GOOD},
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml",
        ),
        Case(
            "maps/workspace-header-is-a-symlink-to-dev-zero",
            files={"ws/journeymap.yaml": symlink_to("/dev/zero"), "ws/maps/a.yaml": GOOD},
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml",
        ),
        Case(
            "maps/workspace-header-billion-laughs",
            files={"ws/journeymap.yaml": WORKSPACE + "x:\n" + billion_laughs(11, 10).split("unused:\n", 1)[1]},
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml:",
        ),
        Case(
            "maps/workspace-persona-in-utf16",
            files={"ws/journeymap.yaml": WORKSPACE, "ws/personas/p.yaml": "id: p\nname: P\n".encode("utf-16")},
            argv=["validate", "{dir}/ws"],
            where="p.yaml:1:1",
        ),
        Case(
            "maps/workspace-derived-from-a-missing-map",
            files={"ws/journeymap.yaml": WORKSPACE, "ws/maps/a.yaml": GOOD + "state: to-be\nderived_from: ghost\n"},
            argv=["validate", "{dir}/ws"],
            where="a.yaml:12:",
        ),
        Case(
            "maps/workspace-evidence-outside-the-workspace",
            files={
                "outside/secret.csv": "case,activity,time\n1,a,2024-01-01\n",
                "ws/journeymap.yaml": WORKSPACE + "evidence:\n  - map: loan\n    events: ../outside/secret.csv\n",
                "ws/maps/a.yaml": GOOD,
            },
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml:5:",
        ),
        Case(
            "maps/workspace-events-not-an-event-log-je101",
            files={
                "ws/journeymap.yaml": WORKSPACE + "evidence:\n  - map: loan\n    events: notes.docx\n",
                "ws/notes.docx": b"PK\x03\x04",
                "ws/maps/a.yaml": GOOD,
            },
            argv=["validate", "{dir}/ws"],
            where="journeymap.yaml:5:",
        ),
        Case(
            "maps/workspace-map-is-a-symlink-to-dev-zero",
            files={"ws/journeymap.yaml": WORKSPACE, "ws/maps/a.yaml": symlink_to("/dev/zero")},
            argv=["validate", "{dir}/ws"],
            expect="ok",
            note="rglob lists regular files only: a device is not a map of the workspace",
        ),
        # --- outputs untouched on refusal ---------------------------------------------------------------------
        Case(
            "maps/render-refused-leaves-the-old-output",
            files={"map.yaml": GOOD_HEAD + "stages: {not: a list}\n", "out.svg": b"<svg>old</svg>"},
            argv=["render", "{dir}/map.yaml", "--format", "svg", "-o", "{dir}/out.svg"],
            where="map.yaml:",
            outputs=["out.svg"],
        ),
        Case(
            "maps/render-billion-laughs-leaves-the-old-output",
            files={"map.yaml": billion_laughs(11, 10), "out.svg": b"<svg>old</svg>"},
            argv=["render", "{dir}/map.yaml", "--format", "svg", "-o", "{dir}/out.svg"],
            where="map.yaml:",
            outputs=["out.svg"],
        ),
        Case(
            "maps/fmt-refused-leaves-the-file",
            files={"map.yaml": GOOD + "description: !!python/object:x {}\n"},
            argv=["fmt", "{dir}/map.yaml"],
            where="map.yaml:11:",
            outputs=["map.yaml"],
        ),
        Case(
            "maps/fmt-of-a-deep-file-leaves-it",
            files={"map.yaml": GOOD + "description: " + "[" * 500 + "]" * 500 + "\n"},
            argv=["fmt", "{dir}/map.yaml"],
            where="map.yaml:11:",
            outputs=["map.yaml"],
        ),
        Case(
            "maps/fmt-keeps-comments",
            files={"map.yaml": "# owned by CX\n" + GOOD},
            argv=["fmt", "{dir}/map.yaml"],
            expect="ok",
        ),
        Case(
            "maps/export-mermaid-refused-leaves-the-old-output",
            files={"map.yaml": step_with("emotion: .nan"), "out.mmd": "journey\n"},
            argv=["export", "mermaid", "{dir}/map.yaml", "-o", "{dir}/out.mmd"],
            where="map.yaml:11:",
            outputs=["out.mmd"],
        ),
        Case(
            "maps/render-a-folder-as-output",
            files={"map.yaml": GOOD, "out.svg/keep": "x"},
            argv=["render", "{dir}/map.yaml", "--format", "svg", "-o", "{dir}/out.svg"],
            where="out.svg",
            outputs=["out.svg/keep"],
        ),
        v("a-good-map-validates", GOOD, expect="ok", where=None),
    ]
