"""One exception tree: the tree drawn in ``journeymap.errors``' docstring is the tree of the real classes, and the
package raises nothing else on purpose but a few built-in exceptions each justified below."""

from __future__ import annotations

import ast
import builtins
import importlib
import pkgutil
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import journeymap
from journeymap import errors
from journeymap.errors import JourneymapError, MissingExtraError

SOURCE = Path(journeymap.__file__).parent

BUILTIN_EXCEPTIONS = {
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
}

ALLOWED_BUILTIN_RAISES: dict[tuple[str, str], str] = {
    ("__getattr__", "AttributeError"): "a module's __getattr__ (PEP 562) must raise it: hasattr and imports rely on it",
    ("_Parser.error", "SystemExit"): "argparse's way to end the process with the usage exit code (2), not an error",
    ("run", "SystemExit"): "the console script ends the process with main()'s exit code",
    ("icon_paths", "ValueError"): "the package's own bundled icons only (never user input); a test parses every icon, "
    "so an unsupported path command is a programming error caught before release",
    ("decode_value", "ValueError"): "its documented contract; the archive reader turns it into an ArchiveError naming "
    "the member and column",
    ("_check_strict_json.refuse_constant", "ValueError"): "json.loads' parse_constant hook; caught a line below and "
    "reported as a JM001 problem at its place",
    ("_check_json", "TypeError"): "the live document refuses a value JSON does not have (the stdlib's type for it); "
    "the studio's services catch it and answer a problem",
    ("FormatOption.check", "ValueError"): "checks one render option's value; its callers catch it and answer with the "
    "option's help",
    ("student_t_quantile", "ValueError"): "a math domain error, as math.sqrt(-1): callers pass 0 < p < 1 and df > 0",
    ("crossing_value", "ValueError"): "an argument outside its Literal type (a programming error mypy catches); the "
    "ipa analysis checks the user's choice first",
    ("ZipWriter._claim", "ValueError"): "a renderer writing the same zip member twice is a bug in the renderer",
    ("ResultCache.__init__", "ValueError"): "a cache size below one is a programming error (the studio passes a "
    "constant)",
    ("GroupCommit._store_batch", "RuntimeError"): "an invariant of the update log broken (a bug, like an assert)",
    ("PostgresRelay._listen", "ConnectionError"): "the database ended the listening connection: the relay's retry "
    "loop catches it with the driver's own connection errors and connects again",
    ("_level", "ValueError"): "a log level outside the CLI's choices (argparse checks the user's --log-level first): "
    "a programming error",
    ("logging_config", "ValueError"): "a log format outside the CLI's choices (argparse checks --log-format first): "
    "a programming error",
    ("app_from_environment", "RuntimeError"): "uvicorn's factory for worker processes run by hand, not by "
    "'journeymap serve --workers': uvicorn reports it as the app failing to load, with this message",
}
"""(function, exception) → why a built-in exception is right there. A pydantic validator's ValueError is allowed
everywhere (pydantic turns it into a ValidationError, which the loader reports as problems)."""

INTERNAL_SIGNALS: dict[str, str] = {
    "_Refused": "files.document's parser stops at the first refusal; read_document turns it into a MapFileError",
    "_Stop": "files.xlsx_read's parser stops inside a handler; the reader raises the MapFileError it carries",
    "Unsupported": "render.paint: an SVG the built-in painter cannot draw; drawing_of catches it and uses cairosvg",
}
"""Exception classes outside the tree: signals caught inside the module that raises them, never seen by a caller."""

VALIDATORS = {"field_validator", "model_validator", "validator", "root_validator"}


# --- the tree in the docstring ------------------------------------------------------------------------------------

TREE_LINE = re.compile(r"^(?P<lead>[ │├└─]*)(?P<name>[A-Z][A-Za-z]*)(?:\s{2,}|$)")


def drawn_tree(doc: str) -> dict[str, str | None]:
    """class name → its parent's name (None for the root), read from the ``::`` block after "exception tree"."""
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if "exception tree" in line and line.rstrip().endswith("::"))
    block = [line for line in lines[start + 1 :] if line.strip()]
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in block:
        match = TREE_LINE.match(line)
        if match is None:
            break
        column = len(match["lead"])
        while stack and stack[-1][0] >= column:
            stack.pop()
        name = match["name"]
        assert name not in parents, f"{name} is drawn twice"
        parents[name] = stack[-1][1] if stack else None
        stack.append((column, name))
    return parents


def test_the_tree_reader_reads_depth_from_the_drawing() -> None:
    doc = """The exception tree::

    Base                 the root
    ├── Middle           one level down
    │   └── Leaf         two levels down
    └── Other            back at one level
"""
    assert drawn_tree(doc) == {"Base": None, "Middle": "Base", "Leaf": "Middle", "Other": "Base"}


# --- the real classes ---------------------------------------------------------------------------------------------


def _missing_extra(error: BaseException) -> bool:
    """An optional dependency is missing (not a module of journeymap itself)."""
    if isinstance(error, MissingExtraError):
        return True
    return isinstance(error, ModuleNotFoundError) and not (error.name or "journeymap").startswith("journeymap")


def import_every_module() -> list[str]:
    """Import every module of the package; the names of those skipped because an optional extra is missing."""
    skipped: list[str] = []

    def failed(name: str) -> None:  # a package that does not import: walk_packages calls this inside its except
        if not _missing_extra(sys.exc_info()[1] or ImportError(name)):
            raise
        skipped.append(name)

    for info in pkgutil.walk_packages(journeymap.__path__, "journeymap.", onerror=failed):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)
        except (ImportError, MissingExtraError) as error:
            if not _missing_extra(error):
                raise
            skipped.append(info.name)
    return skipped


def _subclasses(root: type[BaseException]) -> Iterator[type[BaseException]]:
    for cls in root.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def _ours(cls: type) -> bool:
    return cls.__module__ == "journeymap" or cls.__module__.startswith("journeymap.")


def real_tree() -> dict[str, str | None]:
    """Every subclass of JourneymapError defined in the package → the name of its base in the tree."""
    import_every_module()
    tree: dict[str, str | None] = {JourneymapError.__name__: None}
    for cls in _subclasses(JourneymapError):
        if not _ours(cls):
            continue
        parent = next(base for base in cls.__bases__ if issubclass(base, JourneymapError))
        assert cls.__name__ not in tree, f"two exception classes are named {cls.__name__}"
        tree[cls.__name__] = parent.__name__
    return tree


def test_the_docstring_draws_the_real_tree() -> None:
    assert errors.__doc__
    drawn = drawn_tree(errors.__doc__)
    real = real_tree()
    assert sorted(set(real) - set(drawn)) == [], "exception classes missing from the tree in errors.py's docstring"
    assert sorted(set(drawn) - set(real)) == [], "classes drawn in errors.py's docstring that do not exist"
    wrong = {name: (drawn[name], real[name]) for name in real if drawn[name] != real[name]}
    assert wrong == {}, "drawn under (docstring parent, real parent)"
    assert len(drawn) >= 10


def test_no_exception_class_outside_the_tree_but_internal_signals() -> None:
    import_every_module()
    outside = sorted(
        cls.__qualname__
        for cls in _subclasses(Exception)
        if _ours(cls) and not issubclass(cls, JourneymapError) and cls.__qualname__ not in INTERNAL_SIGNALS
    )
    assert outside == [], "derive them from JourneymapError (and draw them in errors.py's docstring)"
    defined = {cls.__qualname__ for cls in _subclasses(Exception) if _ours(cls)}
    assert sorted(set(INTERNAL_SIGNALS) - defined) == [], "internal signals listed that no longer exist"


@pytest.mark.parametrize(
    ("error", "missing"),
    [
        (ModuleNotFoundError("No module named 'weasyprint'", name="weasyprint"), True),
        (ModuleNotFoundError("No module named 'journeymap.nope'", name="journeymap.nope"), False),
        (MissingExtraError("PDF export", "pdf"), True),
        (ImportError("cannot import name 'x'"), False),
    ],
)
def test_only_a_missing_extra_skips_a_module(error: BaseException, missing: bool) -> None:
    assert _missing_extra(error) is missing


# --- what the source raises ---------------------------------------------------------------------------------------


class _Raises(ast.NodeVisitor):
    """(file, line, function qualname, exception) for every ``raise`` of a built-in exception by name."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root
        self.scope: list[str] = []
        self.validator: list[bool] = []
        self.found: list[tuple[str, int, str, str]] = []

    def _enter(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        names = {_decorator_name(d) for d in node.decorator_list}
        self.scope.append(node.name)
        self.validator.append(bool(names & VALIDATORS))
        self.generic_visit(node)
        self.scope.pop()
        self.validator.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _enter

    def visit_Raise(self, node: ast.Raise) -> None:
        raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(raised, ast.Name) and raised.id in BUILTIN_EXCEPTIONS and not any(self.validator):
            where = self.path.relative_to(self.root.parent).as_posix()
            self.found.append((where, node.lineno, ".".join(self.scope) or "<module>", raised.id))
        self.generic_visit(node)


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def builtin_raises(root: Path) -> list[tuple[str, int, str, str]]:
    found: list[tuple[str, int, str, str]] = []
    for path in sorted(root.rglob("*.py")):
        visitor = _Raises(path, root)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found += visitor.found
    return found


def test_the_source_raises_built_in_exceptions_only_where_justified() -> None:
    found = builtin_raises(SOURCE)
    unjustified = [f"{where}:{line} {function}: raise {name}" for where, line, function, name in found
                   if (function, name) not in ALLOWED_BUILTIN_RAISES]  # fmt: skip
    assert unjustified == [], "raise an error of journeymap.errors' tree (or justify it in ALLOWED_BUILTIN_RAISES)"
    used = {(function, name) for _, _, function, name in found}
    assert sorted(set(ALLOWED_BUILTIN_RAISES) - used) == [], "allowed raises that no longer exist"


def test_the_raise_scan_sees_built_ins_and_skips_validators(tmp_path: Path) -> None:
    package = tmp_path / "journeymap"
    package.mkdir()
    (package / "sample.py").write_text(
        "class Model:\n"
        "    @model_validator(mode='after')\n"
        "    def _check(self):\n"
        "        raise ValueError('refused')\n\n"
        "def helper():\n"
        "    raise KeyError('x')\n\n"
        "def fine():\n"
        "    raise NotFoundError('map 3')\n",
        encoding="utf-8",
    )
    assert builtin_raises(package) == [("journeymap/sample.py", 7, "helper", "KeyError")]
