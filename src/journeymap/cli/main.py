"""``journeymap``: the entry point, the parser of every command, and the one place errors become messages.

Exit codes: 0 fine, 1 problems found in the input, 2 usage error, 3 internal error (a bug: please report it
with the output of ``--debug``). Only ``--debug`` shows a traceback. Heavy modules are imported by the
command that needs them, so ``journeymap --version`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .._version import __version__
from . import output

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

MAP_TYPES = (
    "customer-journey-map",
    "service-blueprint",
    "experience-map",
    "mental-model-diagram",
    "ecosystem-map",
    "value-moments-planner",
)
FORMATS = ("svg", "html", "markdown", "mermaid")

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with our usage-error format (exit code 2, a hint to ``--help``)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def _command(sub: argparse._SubParsersAction[_Parser], name: str, help_text: str, handler: str) -> _Parser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> _Parser:
    parser = _Parser(
        prog="journeymap",
        description="Customer-experience maps as code: build, check, render and share journey maps, service "
        "blueprints, experience maps, mental model diagrams, ecosystem maps and value-moments wall planners.",
        epilog="Exit codes: 0 fine, 1 problems in the input, 2 usage error. Docs: docs/index.md",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = _command(sub, "new", "Write a starter map of a given type.", "maps:cmd_new")
    new.add_argument(
        "type",
        metavar="TYPE",
        choices=(*MAP_TYPES, "workspace"),
        help=", ".join(MAP_TYPES) + ", or 'workspace' (a folder)",
    )
    new.add_argument("-o", "--output", metavar="FILE", help="file (or folder for a workspace); stdout without it")
    new.add_argument("--title", help="title of the new map")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    validate = _command(
        sub, "validate", "Check map files and workspace folders; print every problem.", "maps:cmd_validate"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="map files (.yaml, .json, .mmd) or folders")
    validate.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    render = _command(
        sub, "render", "Render a map (YAML, JSON or Mermaid .mmd) to a picture or document.", "maps:cmd_render"
    )
    render.add_argument("map", metavar="MAP", help="map file; a Mermaid .mmd file is imported on the fly")
    render.add_argument("--format", required=True, metavar="FORMAT", help="svg, html, markdown or mermaid")
    render.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")

    build = _command(
        sub, "build", "Render every map of a workspace (or of a folder of workspaces) to a site.", "maps:cmd_build"
    )
    build.add_argument("workspace", metavar="WORKSPACE", help="workspace folder, or a folder of workspaces")
    build.add_argument("-o", "--output", metavar="DIR", required=True, help="output folder")

    fmt = _command(
        sub, "fmt", "Rewrite map files canonically (stable order, ids filled in, comments kept).", "maps:cmd_fmt"
    )
    fmt.add_argument("paths", nargs="+", metavar="PATH", help="map files or workspace folders")
    fmt.add_argument("--check", action="store_true", help="only report files that would change (exit 1)")

    for verb, help_text in (
        ("import", "Import a map from another format."),
        ("export", "Export a map to another format."),
    ):
        group = _command(sub, verb, help_text, "")
        group_sub = group.add_subparsers(dest="source", metavar="FORMAT", parser_class=_Parser, required=True)
        if verb == "import":
            item = _command(
                group_sub, "mermaid", "Turn a Mermaid user-journey diagram into a map.", "mermaid:cmd_import"
            )
            item.add_argument("file", metavar="FILE", help="Mermaid file (.mmd); '-' reads stdin")
            item.add_argument("-o", "--output", metavar="MAP", help="map file to write; stdout without it")
        else:
            item = _command(
                group_sub, "mermaid", "Write a map as a Mermaid user-journey diagram.", "mermaid:cmd_export"
            )
            item.add_argument("map", metavar="MAP", help="map file")
            item.add_argument("-o", "--output", metavar="FILE", help="file to write; stdout without it")

    schema = _command(sub, "schema", "Print the JSON Schema of map files (for editors).", "maps:cmd_schema")
    schema.add_argument("--kind", choices=("map", "persona", "workspace"), default="map", help="which file")
    return parser


def _handler(name: str) -> Handler:
    import importlib

    module_name, _, function = name.partition(":")
    module = importlib.import_module(f"journeymap.cli.{module_name}")
    handler: Handler = getattr(module, function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _handler(args.handler)(args)
    except Exception as exc:  # the one place errors become messages
        if args.debug:
            raise
        return output.report_error(exc)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


def run() -> None:
    raise SystemExit(main())


if __name__ == "__main__":
    run()
