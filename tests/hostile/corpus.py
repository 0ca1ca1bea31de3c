"""The hostile-input corpus: broken and crafted inputs for every reader, each run as a user would run it, with its
time, memory and outcome measured.

A :class:`Case` is a set of files written into a folder of its own and either a ``journeymap`` command line
(``argv``, with ``{dir}`` standing for the folder) or a Python function (``call``, for the studio's API). Each case
runs in a child process forked from a server that has imported journeymap once, so that a case that hangs is
killed (and counted as a hang) and its peak memory is the child's own (``wait4``'s ``ru_maxrss``).

A case passes when it ends within :data:`TIME_LIMIT` seconds under :data:`MEMORY_LIMIT_MB`, with no internal error
(exit code 3, or a traceback), with the outcome expected (``refused``: exit 1 or 2 and a message that names its
place; ``ok``: exit 0), and with its ``outputs`` untouched when refused (nothing half-written).

Case modules are the ``cases_*.py`` files beside this one; each has a function ``cases() -> list[Case]``.
``python tests/hostile/corpus.py --serve`` is the server (lines of case names in, JSON results out);
``python tests/hostile/corpus.py --table`` runs every case and prints the table.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TIME_LIMIT = 10.0
MEMORY_LIMIT_MB = 500
LOCATED = re.compile(
    r"(:\d+(:\d+)?\b)|(›)|(\bcell\b)|(![A-Z]+\d+)|(\b[A-Z]{1,3}\d+\b)|(\bline \d+)|(\bfield\b)|(\bcolumn\b)|"
    r"(\.(ya?ml|json|csv|xlsx|parquet|xes|gz|mmd|md|txt|zip)\b)|(\bpath\.)|(\bbody\b)|(\bquery\.)",
    re.IGNORECASE,
)
"""What a located message looks like: a file with line and column, a cell, an element path, a field."""

FileContent = bytes | str | Callable[[Path], None]


@dataclass
class Case:
    name: str
    """Unique: ``area/what``."""
    files: dict[str, FileContent] = field(default_factory=dict)
    """Written into the case's folder first (a callable gets the path and writes it itself)."""
    argv: list[str] | None = None
    """A journeymap command line; ``{dir}`` is the case's folder."""
    call: Callable[[Path], int] | None = None
    """Instead of ``argv``: runs in the case's folder, writes its messages to stderr, returns an exit code."""
    expect: str = "refused"
    """``refused`` (exit 1 or 2, a located message) or ``ok`` (exit 0)."""
    where: str | None = None
    """Text the message must contain (a file:line, a cell, a field)."""
    outputs: list[str] = field(default_factory=list)
    """Files (relative to the folder) that must be as they were when the case is refused."""
    note: str = ""
    time_limit: float = TIME_LIMIT
    """Killed (a hang) after this many seconds; above :data:`TIME_LIMIT` only for a case whose work is known to be
    slower than the target (counted in the table's "over 10 s" column, never hidden)."""

    @property
    def area(self) -> str:
        return self.name.split("/", 1)[0]


@dataclass
class Result:
    name: str
    exit_code: int | None
    seconds: float
    peak_mb: float
    message: str
    problems: list[str]
    """Why the case failed (empty: it passed)."""

    @property
    def passed(self) -> bool:
        return not self.problems


# --- the cases --------------------------------------------------------------------------------------------------


def all_cases() -> dict[str, Case]:
    found: dict[str, Case] = {}
    sys.path.insert(0, str(HERE))
    for module_file in sorted(HERE.glob("cases_*.py")):
        module = importlib.import_module(module_file.stem)
        for case in module.cases():
            if case.name in found:
                raise ValueError(f"two hostile cases are named {case.name!r}")
            found[case.name] = case
    return found


def _write(folder: Path, files: dict[str, FileContent]) -> None:
    for relative, content in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(target)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)


def _fingerprint(path: Path) -> str | None:
    if not path.exists() and not path.is_symlink():
        return None
    if not path.is_file():
        return "not a file"
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- running one case in a forked child ----------------------------------------------------------------------------


def _child(case: Case, folder: Path) -> int:
    """In the child: run the case with its output captured to files; the exit code."""
    out = os.open(folder / ".stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(folder / ".stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), write_through=True)
    os.chdir(folder)
    try:
        if case.argv is not None:
            from journeymap.cli.main import main

            return main([arg.replace("{dir}", str(folder)) for arg in case.argv])
        assert case.call is not None
        return case.call(folder)
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except BaseException:
        import traceback

        traceback.print_exc()
        return 99


def run_case(case: Case, root: Path) -> Result:
    folder = root / re.sub(r"[^A-Za-z0-9._-]+", "_", case.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _write(folder, case.files)
    before = {name: _fingerprint(folder / name) for name in case.outputs}
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            code = _child(case, folder)
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code if 0 <= code < 256 else 99)
    status, usage, hung = 0, None, False
    deadline = started + case.time_limit
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            hung = True
            break
        time.sleep(0.005)
    seconds = time.monotonic() - started
    peak_mb = usage.ru_maxrss / 1024 if usage else 0.0
    code = os.waitstatus_to_exitcode(status)
    message = (folder / ".stderr").read_text(errors="replace") if (folder / ".stderr").exists() else ""
    problems = judge(case, folder, code, message, seconds, peak_mb, hung, before)
    return Result(case.name, None if hung else code, seconds, peak_mb, message[-2000:], problems)


def judge(
    case: Case,
    folder: Path,
    code: int,
    message: str,
    seconds: float,
    peak_mb: float,
    hung: bool,
    before: dict[str, str | None],
) -> list[str]:
    problems = []
    if hung:
        return [f"hung: killed after {case.time_limit:.0f} s"]
    if peak_mb > MEMORY_LIMIT_MB:
        problems.append(f"peak memory {peak_mb:.0f} MB is over {MEMORY_LIMIT_MB} MB")
    if code == 3 or "Traceback (most recent call last)" in message or code == 99 or code < 0:
        problems.append(f"internal error (exit {code}): {message.strip()[-600:]}")
        return problems
    if case.expect == "ok" and code != 0:
        problems.append(f"expected success, got exit {code}: {message.strip()[-400:]}")
    if case.expect == "refused":
        if code not in (1, 2):
            problems.append(f"expected a refusal (exit 1 or 2), got exit {code}")
        elif not message.strip():
            problems.append("refused without a message")
        elif case.where is not None and case.where not in message:
            problems.append(f"the message does not name {case.where!r}: {message.strip()[-400:]}")
        elif case.where is None and not LOCATED.search(message):
            problems.append(f"the message names no place: {message.strip()[-400:]}")
        for name, fingerprint in before.items():
            if _fingerprint(folder / name) != fingerprint:
                problems.append(f"{name} was changed or half-written by a refused command")
    return problems


# --- the server and the table -------------------------------------------------------------------------------------


def _zygote(module_file: Path) -> tuple[int, Any, Any]:
    """A child that imports one case module, says its case names, then runs the cases asked for, each in a child
    of its own: a case's memory counts its own module's imports, not every other module's."""
    to_zygote, from_parent = os.pipe()
    to_parent, from_zygote = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(from_parent)
        os.close(to_parent)
        requests, answers = os.fdopen(to_zygote), os.fdopen(from_zygote, "w")
        code = 0
        try:
            sys.path.insert(0, str(HERE))
            cases = {case.name: case for case in importlib.import_module(module_file.stem).cases()}
            answers.write(json.dumps(list(cases)) + "\n")
            answers.flush()
            root = Path(tempfile.mkdtemp(prefix="journeymap-hostile-"))
            try:
                for line in requests:
                    result = run_case(cases[line.strip()], root)
                    answers.write(json.dumps(asdict(result)) + "\n")
                    answers.flush()
            finally:
                shutil.rmtree(root, ignore_errors=True)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(to_zygote)
    os.close(from_zygote)
    return pid, os.fdopen(from_parent, "w"), os.fdopen(to_parent)


def serve() -> None:
    """Read case names, one a line; answer each with a JSON result line."""
    import journeymap.cli.main  # noqa: F401  (imported once, before forking)

    owners: dict[str, tuple[Any, Any]] = {}
    for module_file in sorted(HERE.glob("cases_*.py")):
        _, requests, answers = _zygote(module_file)
        names = json.loads(answers.readline() or "[]")
        for name in names:
            owners[name] = (requests, answers)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        requests, answers = owners[name]
        requests.write(name + "\n")
        requests.flush()
        sys.stdout.write(answers.readline())
        sys.stdout.flush()
    for requests, _ in {id(pair[0]): pair for pair in owners.values()}.values():
        requests.close()


def table(results: list[Result]) -> str:
    lines = [
        "| area | cases | passed | refused as expected | internal errors | hangs | over 10 s | slowest (s) "
        "| peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    areas = sorted({r.name.split("/", 1)[0] for r in results})
    for area in [*areas, "all"]:
        rows = [r for r in results if area == "all" or r.name.startswith(area + "/")]
        internal = sum(any(p.startswith("internal error") for p in r.problems) for r in rows)
        hangs = sum(any(p.startswith("hung") for p in r.problems) for r in rows)
        refused = sum(r.exit_code in (1, 2) and r.passed for r in rows)
        lines.append(
            f"| {area} | {len(rows)} | {sum(r.passed for r in rows)} | {refused} | {internal} | {hangs} | "
            f"{sum(r.seconds > TIME_LIMIT for r in rows)} | {max(r.seconds for r in rows):.2f} | "
            f"{max(r.peak_mb for r in rows):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--serve" in argv:
        serve()
        return 0
    cases = all_cases()
    chosen = [name for name in cases if not argv or any(a in name for a in argv if not a.startswith("--"))]
    server = subprocess.Popen(
        [sys.executable, str(HERE / "corpus.py"), "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdin is not None and server.stdout is not None
    results = []
    try:
        for name in chosen:
            server.stdin.write(name + "\n")
            server.stdin.flush()
            result = as_result(json.loads(server.stdout.readline()))
            results.append(result)
            mark = "ok " if result.passed else "BAD"
            print(f"{mark} {result.seconds:6.2f} s {result.peak_mb:6.0f} MB  {name}", file=sys.stderr)
            for problem in result.problems:
                print(f"      {problem}", file=sys.stderr)
    finally:
        server.stdin.close()
        server.wait(60)
        server.stdout.close()
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


def as_result(data: dict[str, Any]) -> Result:
    return Result(**data)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
