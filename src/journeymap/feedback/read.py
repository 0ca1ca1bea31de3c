"""Reading feedback: one entry point for every format, streaming :class:`Comment` batches.

:func:`open_feedback` looks at the path — a folder of interview notes, ``.csv``/``.tsv``, ``.xlsx``,
``.parquet``/``.pq``, ``.jsonl``/``.ndjson`` — and gives a :class:`FeedbackReader` whose :meth:`~FeedbackReader.batches`
yields comments a batch at a time (memory follows a batch, never the file). Rows that cannot be read are skipped
and counted (:class:`~journeymap.feedback.read_values.SkipLog`); :meth:`~FeedbackReader.problems` gives the located
warnings and the summary. A progress bar is drawn on stderr when it is a terminal.

Error codes (documented in ``docs/feedback.md``): JE220 a column named that the file does not have; JE221 a row
skipped (warning); JE222 a file that is not feedback journeymap can read; JE223 no comment could be read.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import Problem, ProblemsError
from .comments import Comment
from .notes import Incident, read_notes
from .read_csv import read_csv
from .read_tables import read_jsonl, read_parquet, read_xlsx
from .read_values import ColumnSpec, SkipLog

__all__ = ["FORMATS", "ColumnSpec", "FeedbackReader", "feedback_format", "open_feedback", "read_all"]

FORMATS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl"}  # fmt: skip


def feedback_format(path: Path) -> str:
    """``notes`` for a folder, else the format by the file's suffix; JE222 for any other file."""
    if path.is_dir():
        return "notes"
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        hint = f"give a {known} file or a folder of .txt/.md interview notes"
        raise ProblemsError([Problem("JE222", str(path), "not a feedback file journeymap reads", hint)])
    return kind


@dataclass
class FeedbackReader:
    """One feedback input: its comments in batches, and what was skipped on the way."""

    path: Path
    spec: ColumnSpec
    sheet: str | None = None
    batch: int = 10_000
    progress: bool | None = None
    """Draw a progress bar on stderr: None draws it when stderr is a terminal."""
    log: SkipLog = field(default_factory=SkipLog)
    incidents: list[Incident] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return feedback_format(self.path)

    @property
    def dataset(self) -> str:
        """The data set's name on the map: the file or folder name without its suffix."""
        return self.path.stem if self.path.is_file() else self.path.name

    def batches(self) -> Iterator[list[Comment]]:
        """The comments, a batch at a time; raises JE223 at the end when none could be read."""
        kind = self.kind
        if kind == "notes":
            stream = read_notes(self.path, self.log, self.incidents)
        elif kind == "csv":
            stream = read_csv(self.path, self.spec, self.log, batch=self.batch)
        elif kind == "xlsx":
            stream = read_xlsx(self.path, self.spec, self.log, sheet=self.sheet, batch=self.batch)
        elif kind == "parquet":
            stream = read_parquet(self.path, self.spec, self.log, batch=self.batch)
        else:
            stream = read_jsonl(self.path, self.spec, self.log, batch=self.batch)
        show = sys.stderr.isatty() if self.progress is None else self.progress
        bar = _Progress(sys.stderr, self.path.name) if show else None
        for comments in stream:
            if bar is not None:
                bar.update(self.log.read, self.log.skipped)
            yield comments
        if bar is not None:
            bar.finish(self.log.read, self.log.skipped)
        if self.log.read == 0:
            raise ProblemsError([*self.problems(), _nothing_read(self)])

    def problems(self) -> list[Problem]:
        """The located warnings of the rows skipped (the first few) and their summary."""
        return self.log.all_problems(str(self.path))


def _nothing_read(reader: FeedbackReader) -> Problem:
    what = "no unit could be read from the notes" if reader.kind == "notes" else "no comment could be read"
    hint = "every row was skipped (see above)" if reader.log.skipped else "the file holds no rows"
    return Problem("JE223", str(reader.path), what, hint)


def open_feedback(
    path: str | Path, spec: ColumnSpec | None = None, *, sheet: str | None = None, progress: bool | None = None
) -> FeedbackReader:
    """A reader of the feedback at ``path``; ``spec`` names the columns (not needed for a folder of notes)."""
    where = Path(path)
    if not where.exists():
        raise ProblemsError([Problem("JE222", str(where), "no such file or folder", "check the path")])
    kind = feedback_format(where)
    if spec is None:
        if kind != "notes":
            raise ProblemsError([Problem("JE220", str(where), "no text column named", "give --text COLUMN")])
        spec = ColumnSpec(text="text")
    return FeedbackReader(where, spec, sheet=sheet, progress=progress)


def read_all(
    path: str | Path, spec: ColumnSpec | None = None, *, sheet: str | None = None
) -> tuple[list[Comment], list[Problem]]:
    """Every comment at ``path`` (small inputs, tests) and the warnings of the rows skipped."""
    reader = open_feedback(path, spec, sheet=sheet, progress=False)
    comments = [comment for batch in reader.batches() for comment in batch]
    return comments, reader.problems()


class _Progress:
    """``feedback.csv: 120,000 comments read, 3 skipped`` redrawn in place, at most ten times a second."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream = stream
        self.name = name
        self.last = 0.0
        self.started = time.monotonic()

    def update(self, read: int, skipped: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        rate = read / max(now - self.started, 1e-6)
        skip = f", {skipped:,} skipped" if skipped else ""
        self.stream.write(f"\r{self.name}: {read:,} comments read{skip} ({rate:,.0f}/s)\x1b[K")
        self.stream.flush()

    def finish(self, read: int, skipped: int) -> None:
        self.update(read, skipped, force=True)
        self.stream.write("\n")
        self.stream.flush()
