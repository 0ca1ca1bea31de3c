"""Generate the parts of the docs that must not drift: the file-format reference (from the model) and the
CLI reference (from ``--help``). ``python tools/gen_docs.py`` rewrites them; ``--check`` fails when they are
out of date (the tests run the check)."""

from __future__ import annotations

import contextlib
import enum
import io
import os
import sys
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from journeymap import model as M
from journeymap.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- generated: begin -->", "<!-- generated: end -->"

RECORDS: list[type[BaseModel]] = [
    M.Workspace, M.WorkspaceSettings, M.VmpiBand, M.FiveCs, M.Criterion, M.DiagnosticRule, M.EvidenceSource,
    M.SurveySource, M.Persona, M.Map, M.Scope, M.Stage, M.Step, M.EstimatedEmotion,
    M.MeasuredEmotion, M.Lane, M.Card, M.EvidenceRef, M.Touchpoint, M.MomentOfTruth, M.ServiceChallenge,
    M.Contingency, M.ValueMoment, M.Opportunity, M.Hypothesis, M.Comment, M.BlueprintLine, M.Actor, M.ValueFlow,
    M.MentalSpace, M.Tower, M.TowerBox, M.Support,
]  # fmt: skip
ENUMS: list[type[enum.Enum]] = [
    M.MapType, M.MapState, M.LaneKind, M.TouchpointKind, M.ValueType, M.OpportunitySource, M.NarrativePhase,
    M.BlueprintLineKind, M.ActorKind, M.FlowKind,
]  # fmt: skip
OPTIONAL_IDS = {"Map", "Stage", "Step", "Lane", "Card", "Touchpoint", "MomentOfTruth", "ServiceChallenge",
                "Contingency", "ValueMoment", "Opportunity", "Hypothesis", "Actor", "ValueFlow", "MentalSpace",
                "Tower", "TowerBox", "Support", "Comment", "Persona"}  # fmt: skip


def type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (list, tuple):
        inner = type_name(args[0]) if args else "any"
        return f"list of {inner}" if origin is list else f"[{inner}, {inner}]"
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {str: "text", int: "integer", float: "number", bool: "true/false"}
    if annotation in names:
        return names[annotation]
    return getattr(annotation, "__name__", str(annotation))


def default_text(record: str, name: str, field: Any) -> str:
    if name == "id" and record in OPTIONAL_IDS:
        return "made from the name or position"
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        return "empty" if field.default_factory in (list, dict) else "see below"
    value = field.default
    if value is None or value is PydanticUndefined:
        return "none"
    if isinstance(value, enum.Enum):
        return f"`{value.value}`"
    return f"`{value}`" if value != "" else "empty"


def format_reference() -> str:
    out = ["## Reference: every key", ""]
    for record in RECORDS:
        doc = (record.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out += [f"### {record.__name__}", "", doc, "", "| key | type | default | meaning |", "|---|---|---|---|"]
        for name, field in record.model_fields.items():
            description = (field.description or "").replace("|", "\\|")
            default = default_text(record.__name__, name, field)
            out.append(f"| `{name}` | {type_name(field.annotation)} | {default} | {description} |")
        out.append("")
    out += ["## Reference: vocabularies", ""]
    for kind in ENUMS:
        doc = (kind.__doc__ or "").strip().replace("\n", " ")
        values = ", ".join(f"`{item.value}`" for item in kind)
        out += [f"### {kind.__name__}", "", doc, "", values, ""]
    return "\n".join(out)


def cli_reference() -> str:
    os.environ["COLUMNS"] = "100"  # argparse wraps help to the terminal: fix the width
    os.environ["JOURNEYMAP_DISABLE_PLUGINS"] = "1"  # journeymap's own formats, not those of plugins installed here
    parser = build_parser()
    out = ["# CLI reference", "", "Generated from `--help` by `tools/gen_docs.py`; do not edit by hand.", ""]
    out += _help_sections(parser, ["journeymap"])
    return "\n".join(out) + "\n"


def _help_sections(parser: Any, words: list[str]) -> list[str]:
    text = parser.format_help()
    out = [f"## `{' '.join(words)}`", "", "```text", text.rstrip(), "```", ""]
    for action in parser._actions:
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):
            for name, sub in choices.items():
                out += _help_sections(sub, [*words, name])
    return out


def replace_generated(path: Path, body: str) -> str:
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{body}\n{END}{tail}"


def outputs() -> dict[Path, str]:
    with contextlib.redirect_stdout(io.StringIO()):
        return {
            ROOT / "docs" / "format.md": replace_generated(ROOT / "docs" / "format.md", format_reference()),
            ROOT / "docs" / "cli.md": cli_reference(),
        }


def main() -> int:
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            stale.append(path)
            if "--check" not in sys.argv:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if '--check' in sys.argv else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if stale and "--check" in sys.argv else 0


if __name__ == "__main__":
    raise SystemExit(main())
