"""``journeymap``: the entry point, the parser of every command, and the one place errors become messages.

Exit codes: 0 fine, 1 problems found in the input, 2 usage error, 3 internal error (a bug: please report it
with the output of ``--debug``). Only ``--debug`` shows a traceback. Heavy modules are imported by the
command that needs them, so ``journeymap --version`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..map_types import MAP_TYPES
from . import output

if TYPE_CHECKING:
    from ..render.format_specs import FormatOption, FormatSpec

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse with our usage-error format (exit code 2, a hint to ``--help``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._later: list[Callable[[_Parser], None]] = []

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)

    def later(self, add_arguments: Callable[[_Parser], None]) -> None:
        """Arguments that read an installed registry (e.g. the output formats) are added when this command is
        used or its help is shown, so other commands (and ``--version``) never scan the entry points."""
        self._later.append(add_arguments)

    def _ready(self) -> None:
        while self._later:
            self._later.pop(0)(self)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._ready()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self._ready()
        return super().format_help()

    def format_usage(self) -> str:
        self._ready()
        return super().format_usage()


def _command(sub: argparse._SubParsersAction[_Parser], name: str, help_text: str, handler: str) -> _Parser:
    # argparse %-formats a command's help in its parent's list, not its own description
    parser = sub.add_parser(name, help=help_text, description=help_text.replace("%%", "%"))
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
    _map_commands(sub)
    _import_export_commands(sub)
    schema = _command(sub, "schema", "Print the JSON Schema of map files (for editors).", "maps:cmd_schema")
    schema.add_argument("--kind", choices=("map", "persona", "workspace"), default="map", help="which file")
    _evidence_commands(sub)
    _analysis_commands(sub)
    _check_and_report_commands(sub)
    _serve_command(sub)
    _studio_commands(sub)
    return parser


def _map_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """new, validate, render, build and fmt: the commands on map files themselves."""
    new = _command(sub, "new", "Write a starter map of a given type.", "maps:cmd_new")
    new.add_argument(
        "type",
        metavar="TYPE",
        choices=(*MAP_TYPES, "workspace"),
        help="; ".join(f"{name} ({spec.label})" for name, spec in MAP_TYPES.items()) + "; or 'workspace' (a folder)",
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
    render.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
    render.later(_format_arguments)

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


def _import_export_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """import and export, each with one sub-command per other format."""
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
            sheet = _command(group_sub, "xlsx", "Turn a journey sheet filled in by hand (XLSX) into a map.",
                             "xlsx:cmd_import_xlsx")  # fmt: skip
            sheet.add_argument("file", metavar="FILE", help="workbook (.xlsx) with a Journey and a Map sheet")
            sheet.add_argument("-o", "--output", metavar="MAP", help="map file to write; stdout without it")
        else:
            item = _command(
                group_sub, "mermaid", "Write a map as a Mermaid user-journey diagram.", "mermaid:cmd_export"
            )
            item.add_argument("map", metavar="MAP", help="map file")
            item.add_argument("-o", "--output", metavar="FILE", help="file to write; stdout without it")


def _format_arguments(render: _Parser) -> None:
    """``--format`` and each format's options, from the format registry (plugins' formats included)."""
    from ..render.format_specs import format_specs

    specs = format_specs().values()
    names = [spec.name for spec in specs]

    def known(name: str) -> str:
        if name not in names:
            raise argparse.ArgumentTypeError(f"unknown format {name!r}; known formats: {', '.join(names)}")
        return name

    render.add_argument(
        "--format", required=True, metavar="FORMAT", choices=names, type=known,
        help="; ".join(f"{spec.name} ({_format_label(spec)})" for spec in specs),
    )  # fmt: skip
    options: dict[str, list[tuple[str, FormatOption]]] = {}
    for spec in specs:
        for option in spec.options:
            options.setdefault(option.name, []).append((spec.name, option))
    for name, used in options.items():
        option = used[0][1]
        said = _option_help(used)
        flag = f"--{name.replace('_', '-')}"
        if any(flag in action.option_strings for action in render._actions):
            continue  # a plugin's option may not shadow one of the command's own
        if option.type == "boolean":
            render.add_argument(flag, dest=name, action="store_true", help=said)
        else:
            kind = int if option.type == "integer" else str
            render.add_argument(flag, dest=name, type=kind, metavar=name.upper(), help=said)


def _option_help(used: list[tuple[str, FormatOption]]) -> str:
    """One option's help: what it does for each format that takes it (formats that say the same, together)."""
    said: dict[str, list[str]] = {}
    for fmt, option in used:
        text = option.help + (f"; one of {', '.join(option.choices)}" if option.choices else "")
        if option.default not in (None, False, ""):
            text += f" (default: {option.default})"
        said.setdefault(text, []).append(fmt)
    return "; ".join(f"{', '.join(formats)}: {text}" for text, formats in said.items())


def _format_label(spec: FormatSpec) -> str:
    needs = f", pip install 'journeymap[{spec.extra}]'" if spec.extra else ""
    return f"{spec.label}{needs}"


def _engine_options(parser: _Parser, engines: tuple[str, ...] = ("duckdb", "spark", "postgres")) -> None:
    group = parser.add_argument_group("engine")
    group.add_argument("--engine", choices=engines, default="duckdb", help="where the evidence is aggregated")
    group.add_argument("--spark-master", metavar="URL", help="Spark master (default: a local session, local[2])")
    group.add_argument("--database", metavar="URL", help="PostgreSQL URL for --engine postgres")


def _survey_options(parser: _Parser) -> None:
    group = parser.add_argument_group("survey layout")
    form = group.add_mutually_exclusive_group()
    form.add_argument(
        "--wide", metavar="COLS", help="wide form: rating columns, comma-separated; COL=ELEMENT[:MEASURE] to rename"
    )
    form.add_argument("--long", action="store_true", help="long form: respondent, element, measure, value columns")
    group.add_argument("--mapping", metavar="M.yaml", help="a YAML file mapping columns, scale, missing values")
    group.add_argument("--scale", metavar="LOW-HIGH", help="rating scale, e.g. 1-10, 1-5 or 0-10 (default 1-10)")
    group.add_argument("--missing", metavar="V", action="append", help="a value meaning 'not answered' (repeatable)")
    group.add_argument("--by", metavar="COL", help="segment column: one summary per segment")
    group.add_argument("--weight", metavar="COL", help="respondent weight column")
    group.add_argument("--overall", metavar="COL", help="overall rating column: importance derived by correlation")
    group.add_argument("--sheet", metavar="NAME", help="XLSX sheet (default: the first)")


def _evidence_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    evidence = _command(sub, "evidence", "Work with evidence files (surveys).", "")
    evidence_sub = evidence.add_subparsers(
        dest="evidence_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    summarize = _command(
        evidence_sub,
        "summarize",
        "Per element and segment: n, mean, std, 95 %% CI, distribution.",
        "evidence:cmd_summarize",
    )
    summarize.add_argument("file", metavar="FILE", help="survey file: CSV, XLSX or Parquet")
    _survey_options(summarize)
    summarize.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    _engine_options(summarize)
    from .evidence_parsers import add_compare, add_conform, add_refresh

    add_compare(evidence_sub, _command)
    compare = evidence_sub.choices["compare"]
    _survey_options(compare)
    _engine_options(compare)
    add_conform(sub, _command)
    add_refresh(sub, _command)

    measure = _command(
        sub, "measure", "Write measured emotional levels and touchpoint scores onto a map.", "evidence:cmd_measure"
    )
    measure.add_argument("map", metavar="MAP", help="map file")
    measure.add_argument("file", metavar="FILE", help="survey file: CSV, XLSX or Parquet")
    _survey_options(measure)
    measure.add_argument("-o", "--output", metavar="MAP", required=True, help="map file to write")
    measure.add_argument("--persona", metavar="ID", help="the ratings are this persona's: write them to emotions[ID]")
    _engine_options(measure)

    from .evidence_parsers import add_discover

    add_discover(sub, _command)
    _engine_options(sub.choices["discover"], ("duckdb", "spark"))
    from .feedback_parsers import add_feedback

    add_feedback(sub, _command)
    from .method_parsers import add_method

    add_method(sub, _command)
    from .health_parsers import add_health

    add_health(sub, _command)


def _analyse_arguments(parser: _Parser) -> None:
    """``analyse``'s arguments: its NAME choices and their help come from the analyses registry (read only when
    ``analyse`` is used, so other commands never scan the entry points)."""
    from ..analysis.registry import analyses

    found = analyses()
    lines = "; ".join(f"{a.name}: {a.label} (gives {', '.join(a.outputs)})" for a in found)
    parser.add_argument("name", metavar="NAME", choices=[a.name for a in found], help=f"the analysis — {lines}")
    parser.add_argument("path", metavar="PATH", help="map file (or the analysis's input file when it needs no map)")
    parser.add_argument("--format", metavar="FORMAT", help="one of the analysis's outputs; its first without it")
    parser.add_argument(
        "--option", action="append", metavar="NAME=VALUE", help="an option of the analysis (repeatable)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")


def _analysis_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    formats = ("table", "json")
    ipa = _command(
        sub, "ipa", "Importance–performance analysis of a map's touchpoints (four quadrants).", "analysis:cmd_ipa"
    )
    ipa.add_argument("map", metavar="MAP", help="map file")
    ipa.add_argument("--format", choices=(*formats, "svg"), default="table", help="output format")
    ipa.add_argument(
        "--crossing", choices=("mean", "midpoint"), default="mean",
        help="where the quadrant lines cross: the means of the touchpoints, or the middle of the scale (5.5)",
    )  # fmt: skip
    ipa.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")

    moments = _command(
        sub,
        "moments",
        "Rank moments of truth by priority = importance × gap; suggest new ones.",
        "analysis:cmd_moments",
    )
    moments.add_argument("map", metavar="MAP", help="map file")
    moments.add_argument("--format", choices=formats, default="table", help="output format")

    vmpi = _command(
        sub, "vmpi", "VMCE, VME and VMPI per value moment and for the map, with bands.", "analysis:cmd_vmpi"
    )
    vmpi.add_argument("map", metavar="MAP", help="map file")
    vmpi.add_argument("--format", choices=formats, default="table", help="output format")

    diagnose = _command(
        sub, "diagnose", "The 5Cs diagnostic: should this experience be mapped (go / no-go)?", "analysis:cmd_diagnose"
    )
    diagnose.add_argument("path", metavar="PATH", help="workspace folder or a YAML file with the five ratings")
    diagnose.add_argument("--format", choices=formats, default="table", help="output format")

    from .portfolio_parsers import add_opportunities, add_portfolio

    add_opportunities(sub, _command)
    add_portfolio(sub, _command)

    diff = _command(sub, "diff", "Compare two maps (as-is and to-be, or two versions).", "analysis:cmd_diff")
    diff.add_argument("a", metavar="A", help="first map (e.g. as-is)")
    diff.add_argument("b", metavar="B", help="second map (e.g. to-be)")
    diff.add_argument("--format", choices=("text", "json", "html"), default="text", help="output format")
    diff.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")

    analyse = _command(
        sub, "analyse", "Run any registered analysis (built-in or a plugin's) on a map.", "analysis:cmd_analyse"
    )
    analyse.later(_analyse_arguments)
    listed = _command(
        sub, "analyses", "List the registered analyses: what each needs and gives.", "analysis:cmd_analyses"
    )
    listed.add_argument("--format", choices=formats, default="table", help="output format")


def _check_and_report_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    """lint (phrasing and completeness) and report (one HTML page of everything)."""
    lint = _command(sub, "lint", "Check phrasing (Kalbach's rules) and completeness of maps.", "lint:cmd_lint")
    lint.add_argument("paths", nargs="+", metavar="PATH", help="map files or workspace folders")
    lint.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format")

    report = _command(
        sub, "report", "One self-contained HTML report: map, evidence, analyses, lint.", "report:cmd_report"
    )
    report.add_argument("map", metavar="MAP", help="map file")
    report.add_argument("--survey", metavar="FILE", action="append", default=[], help="survey file (repeatable)")
    report.add_argument("--events", metavar="FILE", help="event log")
    _survey_options(report)
    report.add_argument("-o", "--output", metavar="FILE", required=True, help="report file (.html)")
    _engine_options(report)


def _serve_command(sub: argparse._SubParsersAction[_Parser]) -> None:
    """serve: the studio, on this machine or on a server."""
    serve = _command(
        sub,
        "serve",
        "Start the studio: a web app in which a team builds, discusses and co-edits maps.",
        "serve:cmd_serve",
    )
    serve.add_argument(
        "workspace", nargs="*", metavar="WORKSPACE", help="workspace folders to open (imported the first time)"
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="open the bundled example workspaces with a demo account, on a temporary store",
    )
    serve.add_argument(
        "--database",
        metavar="URL",
        help="SQLite file or postgresql://user@host:port/db (default: .journeymap/studio.db in the first workspace; "
        "without one, studio.db in your data folder, or in $JOURNEYMAP_DATA_DIR)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    team = serve.add_argument_group("on a server (docs/deploy.md)")
    team.add_argument(
        "--open-signup", action="store_true", help="anyone who reaches the studio may sign up (default: invitations)"
    )
    team.add_argument(
        "--behind-proxy",
        action="store_true",
        help="a reverse proxy terminates TLS: trust its X-Forwarded-Proto and X-Forwarded-For",
    )
    team.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="with --behind-proxy: the proxy's addresses, comma-separated, or * (default: 127.0.0.1)",
    )
    team.add_argument(
        "--public-url",
        metavar="URL",
        help="the address people use, e.g. https://cx.example.org (for invitation, share and reset links)",
    )
    team.add_argument(
        "--insecure-http",
        action="store_true",
        help="allow signing in over plain HTTP on a network name (cookies without Secure: not over the internet)",
    )
    team.add_argument("--workers", type=int, default=1, metavar="N", help="N processes (needs a postgresql:// store)")
    team.add_argument("--log-format", choices=("text", "json"), default="text", help="log lines (default: text)")
    levels = ("debug", "info", "warning", "error")
    team.add_argument("--log-level", choices=levels, help="default: warning; info (a line a request) with json")
    team.add_argument(
        "--max-upload-mb",
        type=int,
        metavar="MB",
        help="the largest evidence file people may upload (default: 50, or $JOURNEYMAP_LIMIT_UPLOAD_MB)",
    )


def _studio_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    studio = _command(sub, "studio", "Look after the studio's store: backups and restores.", "")
    studio_sub = studio.add_subparsers(dest="studio_command", metavar="COMMAND", parser_class=_Parser, required=True)
    backup = _command(
        studio_sub,
        "backup",
        "Copy the whole store (accounts, workspaces, maps, history, comments, uploads) into one archive, "
        "consistently, while the studio runs.",
        "studio:cmd_backup",
    )
    backup.add_argument("file", metavar="FILE", help="the archive to write (.zip; replaced when complete)")
    restore = _command(
        studio_sub,
        "restore",
        "Restore a backup into an empty store (SQLite or PostgreSQL, whichever it came from); stop the studio first.",
        "studio:cmd_restore",
    )
    restore.add_argument("file", metavar="FILE", help="an archive written by 'journeymap studio backup'")
    restore.add_argument("--replace", action="store_true", help="delete everything in the store first")
    restore.add_argument(
        "--max-size", type=float, default=4, metavar="GIB", help="refuse an archive that unpacks to more (default: 4)"
    )
    for parser in (backup, restore):
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--database",
            metavar="URL",
            help="SQLite file or postgresql://user@host:port/db (default: the store 'journeymap serve' uses without "
            "a workspace: studio.db in your data folder, or in $JOURNEYMAP_DATA_DIR)",
        )
        where.add_argument(
            "--workspace", metavar="FOLDER", help="the store of 'journeymap serve FOLDER': FOLDER/.journeymap/studio.db"
        )


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
