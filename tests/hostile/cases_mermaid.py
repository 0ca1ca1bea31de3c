"""Hostile Mermaid journey diagrams for `journeymap import mermaid`, `validate` and `render` of `.mmd` files, and
the Mermaid round trip (import → export → import)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from corpus import Case

GOOD = "journey\n  title Day\n  section Morning\n    Make tea: 5: Me\n    Commute: 2: Me, Cat\n"
OLD_MAP = "journeymap: 1\nid: old\ntitle: Kept\n"


def imp(name: str, text: str | bytes, where: str | None, *, expect: str = "refused") -> Case:
    """`journeymap import mermaid map.mmd -o out.yaml` over an existing out.yaml (left as it was when refused)."""
    return Case(
        f"mermaid/{name}",
        files={"map.mmd": text, "out.yaml": OLD_MAP},
        argv=["import", "mermaid", "{dir}/map.mmd", "-o", "{dir}/out.yaml"],
        where=where,
        expect=expect,
        outputs=["out.yaml"],
    )


def deep_front_matter(depth: int) -> str:
    return "---\nconfig: " + "[" * depth + "]" * depth + "\n---\n" + GOOD


def laughs_front_matter(levels: int) -> str:
    lines = ["---", "x:", '  l0: &l0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"  l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]")
    return "\n".join([*lines, "---", GOOD])


def many_tasks(count: int) -> str:
    return "journey\n  section S\n" + "".join(f"    Task {i}: 3: Me\n" for i in range(count))


def fifo(path: Path) -> None:
    os.mkfifo(path)


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def sparse(megabytes: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.write(GOOD.encode())
            handle.truncate(megabytes * 1024 * 1024)

    return write


def round_trip(folder: Path) -> int:
    """import → export → import: the steps, stages, scores and actors come back the same."""
    from journeymap.files.mermaid_import import import_mermaid
    from journeymap.render.mermaid import render_mermaid
    from journeymap.render.registry import RenderContext

    text = (folder / "map.mmd").read_text(encoding="utf-8")
    first, _ = import_mermaid(text, source="map.mmd")
    again, _ = import_mermaid(render_mermaid(first, RenderContext()), source="export.mmd")
    shape = [(s.name, [(t.name, t.emotion, t.actors) for t in s.steps]) for s in first.stages]
    if shape != [(s.name, [(t.name, t.emotion, t.actors) for t in s.steps]) for s in again.stages]:
        sys.stderr.write(f"the round trip changed the map: {shape}\n")
        return 1
    return 0


def round_trip_refused(folder: Path) -> int:
    """import of a diagram that cannot make a map: refused at its line, never a map that does not come back."""
    from journeymap.cli.output import report_error
    from journeymap.errors import JourneymapError

    try:
        return round_trip(folder)
    except JourneymapError as exc:
        return report_error(exc)


def from_stdin(data: bytes) -> Callable[[Path], int]:
    """`journeymap import mermaid -` with ``data`` on standard input."""

    def run(folder: Path) -> int:
        import io

        from journeymap.cli.main import main

        real, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        try:
            return main(["import", "mermaid", "-", "-o", str(folder / "out.yaml")])
        finally:
            sys.stdin = real

    return run


SYNTAX_ERRORS = [
    ("empty-file", "", "map.mmd:1:1"),
    ("only-comments", "\n  \n%% only comments\n", "map.mmd:1:1"),
    ("no-header", "title T\nsection S\nT: 5", "map.mmd:1:1"),
    ("a-flowchart", "  flowchart TD\n  A --> B", "map.mmd:1:3"),
    ("hash-comment-before-the-header", "# comment\njourney\nsection S\nT: 5", "map.mmd:1:1"),
    ("front-matter-never-closed", "---\ntitle: T\njourney\nsection S\nT: 5", "map.mmd:1:1"),
    ("front-matter-invalid-yaml", "---\ntitle: [unclosed\n---\njourney\nsection S\nT: 5", "map.mmd:2:17"),
    ("front-matter-duplicate-key", "  ---\n  a: b\n  a: c\n  ---\njourney\nS: 5", "map.mmd:3:3"),
    ("front-matter-after-a-comment", "%% c\n---\ntitle: T\n---\njourney\nS: 5", "map.mmd:2:1"),
    ("directive-never-closed", "%%{init: {'theme': 'dark'}\njourney\nsection S\nT: 5", "map.mmd:1:1"),
    ("a-line-without-colon", "journey\nsection S\n  Make tea\n", "map.mmd:3:3"),
    ("task-data-without-a-name", "journey\nsection S\n  : 5: Me\n", "map.mmd:3:3"),
    ("a-semicolon", "journey\nsection S\nA: 5: Me; B: 1: Me\n", "map.mmd:3:9"),
    ("a-colon-in-a-section-name", "journey\nsection Onboarding: sign up\nA: 5\n", "map.mmd:2:19"),
    ("a-task-starting-with-journey", "journey\nsection S\nJourney review: 4: Me\n", "map.mmd:3:1"),
    ("journey-twice", "journey\njourney\nsection S\nA: 5\n", "map.mmd:2:1"),
    ("journeyx-header", "journeyx\nsection S\nA: 5\n", "map.mmd:1:8"),
]


def cases() -> list[Case]:
    found = [imp(f"syntax-{name}", text, where) for name, text, where in SYNTAX_ERRORS]
    found += [
        # --- the cases -------------------------------------------------------------------------------
        imp("task-name-of-4001-characters", "journey\nsection S\n" + "x" * 4001 + ": 3: Me\n", "map.mmd:3:1"),
        imp("task-name-of-5-mb", "journey\nsection S\n" + "x" * 5_000_000 + ": 3: Me\n", "map.mmd:3:1"),
        imp("section-name-of-5000-characters", "journey\nsection " + "s" * 5000 + "\nT: 3\n", "map.mmd:2:1"),
        imp("title-of-5000-characters", "journey\ntitle " + "t" * 5000 + "\nsection S\nT: 3\n", "map.mmd:"),
        imp("front-matter-nested-500-deep", deep_front_matter(500), "map.mmd:2:"),
        imp("front-matter-billion-laughs", laughs_front_matter(11), "map.mmd:"),
        imp(
            "front-matter-python-tag",
            "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n" + GOOD,
            "map.mmd:2:",
        ),
        imp("front-matter-anchor-to-itself", "---\nconfig: &c [*c]\n---\n" + GOOD, "map.mmd:2:"),
        imp("front-matter-5000-digit-integer", "---\ntitle: " + "9" * 5000 + "\n---\n" + GOOD, "map.mmd:2:"),
        imp("a-task-name-of-control-characters-only", "journey\nsection S\n\x01\x02\x03: 3: Me\n", "map.mmd:3:1"),
        imp("a-task-name-of-a-line-break-only", "journey\nsection S\n<br>: 3: Me\n", "map.mmd:3:1"),
        imp("a-section-without-a-name", "journey\nsection\nT: 3: Me\n", "map.mmd:2:1"),
        imp("a-section-named-by-control-characters", "journey\nsection \x07\x08\nT: 3: Me\n", "map.mmd:2:1"),
        imp("more-lines-than-the-limit", "journey\nsection S\n" + "%%\n" * 10_001, "map.mmd:10001:"),
        imp("100k-tasks", many_tasks(100_000), "map.mmd:10001:"),
        imp("a-25-mb-file", sparse(25), "map.mmd"),
        imp("a-fifo", fifo, "map.mmd"),
        imp("a-symlink-to-dev-zero", dev_zero, "map.mmd"),
        imp("utf16-with-bom", GOOD.encode("utf-16"), "map.mmd:1:1"),
        imp("invalid-utf8", GOOD.encode() + b"    Nap\xff: 3: Me\n", "map.mmd:6:8"),
        # --- accepted, with warnings --------------------------------------------------------------------------
        imp("utf8-bom", b"\xef\xbb\xbf" + GOOD.encode(), None, expect="ok"),
        imp("crlf", GOOD.replace("\n", "\r\n"), None, expect="ok"),
        imp("score-1e999-is-clamped", "journey\nsection S\nT: 1e999: Me\n", None, expect="ok"),
        imp("score-nan-is-no-score", "journey\nsection S\nT: NaN: Me\n", None, expect="ok"),
        imp("score-hex", "journey\nsection S\nT: 0x5: Me\n", None, expect="ok"),
        imp("nul-inside-a-name-is-dropped", "journey\nsection S\nTe\x00a: 3: Me\n", None, expect="ok"),
        imp("tasks-before-any-section", "journey\nT: 3: Me\n", None, expect="ok"),
        imp("entity-codes", "journey\nsection S#59; more\nTea #35;1: 3: Me\n", None, expect="ok"),
        Case(
            "mermaid/9990-tasks-under-the-line-limit-validate",
            files={"map.mmd": many_tasks(9_990)},
            argv=["validate", "{dir}/map.mmd"],
            expect="ok",
        ),
        Case(
            "mermaid/a-10k-actor-list",
            files={"map.mmd": "journey\nsection S\nT: 3: " + ", ".join(f"a{i}" for i in range(10_000)) + "\n"},
            argv=["validate", "{dir}/map.mmd"],
            expect="ok",
            note="actor ids were deduplicated in quadratic time (8 s)",
        ),
        Case("mermaid/stdin-of-25-mb-of-nul-bytes", call=from_stdin(bytes(25 * 1024 * 1024)), where="<stdin>"),
        Case("mermaid/stdin-invalid-utf8", call=from_stdin(b"journey\nsection S\nT\xff: 3\n"), where="<stdin>:3:2"),
        Case("mermaid/stdin-good", call=from_stdin(GOOD.encode()), expect="ok"),
        # --- other commands -----------------------------------------------------------------------------------
        Case(
            "mermaid/validate-control-character-name",
            files={"map.mmd": "journey\nsection S\n\x01: 3: Me\n"},
            argv=["validate", "{dir}/map.mmd"],
            where="map.mmd:3:1",
        ),
        Case(
            "mermaid/render-syntax-error-leaves-the-old-output",
            files={"map.mmd": "journey\nsection S\nA: 5: Me; B\n", "out.svg": "<svg>old</svg>"},
            argv=["render", "{dir}/map.mmd", "--format", "svg", "-o", "{dir}/out.svg"],
            where="map.mmd:3:9",
            outputs=["out.svg"],
        ),
        Case(
            "mermaid/render-a-good-diagram",
            files={"map.mmd": GOOD},
            argv=["render", "{dir}/map.mmd", "--format", "svg", "-o", "{dir}/out.svg"],
            expect="ok",
        ),
        Case(
            "mermaid/import-to-a-non-map-suffix-leaves-it",
            files={"map.mmd": GOOD, "out.txt": "old"},
            argv=["import", "mermaid", "{dir}/map.mmd", "-o", "{dir}/out.txt"],
            where="out.txt",
            outputs=["out.txt"],
        ),
        Case(
            "mermaid/export-a-broken-map-leaves-the-old-output",
            files={"map.yaml": OLD_MAP + "stages: [{name: S, steps: [{id: {}, name: X}]}]\n", "out.mmd": "journey\n"},
            argv=["export", "mermaid", "{dir}/map.yaml", "-o", "{dir}/out.mmd"],
            where="map.yaml:4:",
            outputs=["out.mmd"],
        ),
        Case("mermaid/round-trip-of-a-good-diagram", files={"map.mmd": GOOD}, call=round_trip, expect="ok"),
        Case(
            "mermaid/round-trip-of-unicode-names",
            files={"map.mmd": "journey\nsection Départ 🚀\nThé à la menthe: 4: Zoë\n"},
            call=round_trip,
            expect="ok",
        ),
        Case(
            "mermaid/round-trip-control-character-name-refused",
            files={"map.mmd": "journey\nsection S\n\x1b\x1b: 3: Me\n"},
            call=round_trip_refused,
            where="map.mmd:3:1",
        ),
        Case(
            "mermaid/round-trip-empty-section-refused",
            files={"map.mmd": "journey\nsection\nT: 3: Me\n"},
            call=round_trip_refused,
            where="map.mmd:2:1",
        ),
    ]
    return found
