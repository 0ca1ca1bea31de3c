"""Commands on maps and workspaces: new, validate, render, build, fmt, schema."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from ..errors import JourneymapError, Problem, ProblemsError
from .output import print_problems, write_output


def cmd_new(args: argparse.Namespace) -> int:
    from ..files.dump import dump_map
    from ..files.templates import starter_map

    if args.type == "workspace":
        return _new_workspace(args)
    from ..model import MapType

    text = dump_map(starter_map(MapType(args.type), args.title))
    if args.output and Path(args.output).exists() and not args.force:
        raise JourneymapError(f"{args.output} already exists; use --force to overwrite it")
    write_output(text.encode("utf-8"), args.output)
    if args.output:
        sys.stderr.write(f"wrote {args.output}\n")
    return 0


def _new_workspace(args: argparse.Namespace) -> int:
    from ..files.atomic import write_text_atomic
    from ..files.dump import dump_map
    from ..files.templates import starter_map, starter_persona, starter_workspace
    from ..model import MapType

    if not args.output:
        raise JourneymapError("'journeymap new workspace' needs -o FOLDER")
    root = Path(args.output)
    if (root / "journeymap.yaml").exists() and not args.force:
        raise JourneymapError(f"{root} already holds a workspace; use --force to overwrite it")
    journey = starter_map(MapType.CUSTOMER_JOURNEY_MAP, args.title).model_copy(update={"personas": []})
    write_text_atomic(root / "journeymap.yaml", dump_map(starter_workspace(args.title or root.name)))
    write_text_atomic(root / "personas" / "customer.yaml", dump_map(starter_persona()))
    write_text_atomic(root / "maps" / "journey.yaml", dump_map(journey))
    sys.stderr.write(f"wrote a workspace in {root}\n")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..files.loader import validate_paths

    problems = validate_paths(args.paths)
    print_problems(problems, args.format)
    errors = [p for p in problems if p.is_error]
    if args.format == "text":
        if errors:
            sys.stderr.write(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found\n")
        else:
            warned = len(problems)
            note = f" ({warned} warning{'s' if warned != 1 else ''})" if warned else ""
            sys.stderr.write(f"ok: {len(args.paths)} path{'s' if len(args.paths) != 1 else ''} valid{note}\n")
    return 1 if errors else 0


def cmd_render(args: argparse.Namespace) -> int:
    from ..core.context import load_map_and_context
    from ..render.registry import format_spec, get_renderer

    renderer = get_renderer(args.format)  # unknown formats fail before anything is read
    journey_map, context = load_map_and_context(Path(args.map))
    names = [o.name for o in format_spec(args.format).options]  # the format's options, as the registry lists them
    options = {k: str(v) for k in names if (v := getattr(args, k, None))}
    if options:
        context = replace(context, options={**context.options, **options})
    write_output(renderer.render(journey_map, context), args.output)
    if args.format == "pdf":  # text too small on the paper: said, with what fixes it (the PDF is still written)
        from ..render.paper import paper_notes

        sys.stderr.writelines(f"{note}\n" for note in paper_notes(journey_map, context))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site import build_site

    index, count = build_site(Path(args.workspace), Path(args.output))
    sys.stderr.write(f"built {count} map{'s' if count != 1 else ''} as SVG, HTML and Markdown; open the index page:\n")
    sys.stdout.write(f"{index.resolve()}\n")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    from ..files.atomic import write_text_atomic
    from ..files.document import read_commented, read_text
    from ..files.dump import dump_map
    from ..files.loader import MERMAID_SUFFIXES, find_workspace_root, read_map, read_workspace

    changed: list[Path] = []
    for item in map(Path, args.paths):
        if item.is_dir():
            sources = read_workspace(item).maps
        else:
            root = find_workspace_root(item) if item.suffix.lower() not in MERMAID_SUFFIXES else None
            in_workspace = [s for s in read_workspace(root).maps if s.path.resolve() == item.resolve()] if root else []
            sources = in_workspace or [read_map(item)]  # a map in a workspace knows the workspace's personas
        for source in sources:
            if source.document is None:
                continue
            fmt = "json" if source.path.suffix.lower() == ".json" else "yaml"
            previous = read_commented(source.path, source.document.path) if fmt == "yaml" else None
            new_text = dump_map(source.map, fmt=fmt, previous=previous)
            if new_text != read_text(source.path, source.document.path):
                changed.append(source.path)
                if not args.check:
                    write_text_atomic(source.path, new_text)
    verb = "would reformat" if args.check else "reformatted"
    for path in changed:
        sys.stderr.write(f"{verb} {path}\n")
    sys.stderr.write(f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}\n")
    return 1 if args.check and changed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from ..files.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False) + "\n")
    return 0


__all__ = ["Problem", "ProblemsError", "cmd_build", "cmd_fmt", "cmd_new", "cmd_render", "cmd_schema", "cmd_validate"]
