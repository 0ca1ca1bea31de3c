"""The files of feedback in the studio: an uploaded feedback table's columns (and the one that holds the text), its
comments read by the library (:func:`journeymap.feedback.read.read_all`), and the analysts' confirmations kept as
the workspace's ``evidence/feedback/confirmed.csv`` (read and written by :mod:`journeymap.feedback.confirmations`,
so the command line's ``--labels`` reads what the studio writes).

Every problem names the file the user knows (the name they uploaded, the workspace path), never a temporary copy.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, ProblemsError
from .evidence_service import scratch, shown_as

if TYPE_CHECKING:
    from ..feedback.comments import Comment
    from ..feedback.confirmations import Confirmation

__all__ = [
    "CONFIRMED_PATH",
    "FEEDBACK_SUFFIXES",
    "TEXT_NAMES",
    "check_suffix",
    "columns_of",
    "confirmations_bytes",
    "default_text_column",
    "parse_confirmations",
    "read_comments",
]

CONFIRMED_PATH = "evidence/feedback/confirmed.csv"
"""Where the studio keeps a workspace's confirmations (the format of ``--labels``: text, element, sentiment)."""
FEEDBACK_SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet", ".pq", ".jsonl", ".ndjson")
TEXT_NAMES = ("text", "comment", "comments", "feedback", "verbatim", "review", "message")
"""Column names taken as the text column when the user names none (the first found, ignoring case)."""
OPTIONAL_NAMES = ("id", "date", "segment", "rating", "channel")
HEADER_BYTES = 1 << 16


def _bad(filename: str, message: str, hint: str) -> ProblemsError:
    return ProblemsError([Problem("JE222", filename, message, hint)])


def check_suffix(filename: str) -> None:
    """JE222 for a file whose name does not end in a suffix the feedback readers read."""
    if not filename.lower().endswith(FEEDBACK_SUFFIXES):
        known = ", ".join(FEEDBACK_SUFFIXES)
        raise _bad(filename, "not a feedback file journeymap reads", f"upload a {known} file")


def _csv_header(path: Path, filename: str) -> list[str]:
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not a character cut at the end of the block
            raise _bad(filename, "the file is not UTF-8 text", "save it as UTF-8 CSV") from None
        text = head[: error.start].decode("utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise _bad(filename, "the file is empty", "export the data again")
    if "\x00" in first:
        raise _bad(filename, "the file is not CSV text", "upload a CSV, XLSX, Parquet or JSON Lines file")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t|", key=first.count)
    return next(csv.reader([first], delimiter=delimiter))


def _xlsx_header(path: Path, filename: str) -> list[str]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise _bad(filename, f"not an Excel workbook: {type(error).__name__}", "save it as .xlsx") from None
    try:
        rows = book.worksheets[0].iter_rows(max_row=1, values_only=True) if book.worksheets else iter(())
        first = next(rows, ())
    finally:
        book.close()
    return ["" if value is None else str(value) for value in first]


def _parquet_header(path: Path, filename: str) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return list(pq.read_schema(path).names)
    except Exception as error:  # pyarrow's errors for a file that is not Parquet
        raise _bad(filename, f"not a Parquet file: {type(error).__name__}", "export it again as Parquet") from None


def _jsonl_header(path: Path, filename: str) -> list[str]:
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip():
                try:
                    record = json.loads(raw)
                except ValueError:
                    raise _bad(f"{filename}:1", "the first line is not JSON", "one JSON object a line") from None
                if not isinstance(record, dict):
                    raise _bad(f"{filename}:1", "the first line is not a JSON object", "one JSON object a line")
                return [str(key) for key in record]
    raise _bad(filename, "the file is empty", "export the data again")


def columns_of(filename: str, content: bytes) -> list[str]:
    """The columns of an uploaded feedback table, in file order (JE222 when it is not one)."""
    check_suffix(filename)
    suffix = Path(filename).suffix.lower()
    with scratch(filename, content) as path:
        if suffix in (".csv", ".tsv"):
            columns = _csv_header(path, filename)
        elif suffix == ".xlsx":
            columns = _xlsx_header(path, filename)
        elif suffix in (".parquet", ".pq"):
            columns = _parquet_header(path, filename)
        else:
            columns = _jsonl_header(path, filename)
    found = [c.strip() for c in columns if c and c.strip()]
    if not found:
        raise _bad(filename, "the file has no columns", "the first row names the columns")
    return found


def default_text_column(columns: Sequence[str]) -> str | None:
    """The column named like a comment's text (:data:`TEXT_NAMES`, ignoring case), if there is one."""
    by_name = {c.lower(): c for c in columns}
    return next((by_name[name] for name in TEXT_NAMES if name in by_name), None)


def read_comments(
    filename: str, content: bytes, text: str, columns: Sequence[str]
) -> tuple[list[Comment], list[Problem], int]:
    """Every comment of an uploaded table, its text in column ``text`` (the id, date, segment, rating and channel
    read from columns of those names), the warnings of the rows skipped and how many were."""
    from ..feedback.read import ColumnSpec, open_feedback

    present = set(columns)
    optional = {name: name if name in present else None for name in OPTIONAL_NAMES}
    spec = ColumnSpec(text=text, **optional)
    with scratch(filename, content) as path:
        reader = open_feedback(path, spec, progress=False)
        comments = [comment for batch in reader.batches() for comment in batch]
        return comments, reader.problems(), reader.log.skipped


def parse_confirmations(content: bytes | None) -> list[Confirmation]:
    """The confirmations of the workspace's file (none when there is no file); JE23x naming its path."""
    from ..feedback.confirmations import read_confirmations

    if content is None:
        return []
    with tempfile.TemporaryDirectory(prefix="journeymap-confirmed-") as tmp:
        path = Path(tmp) / "confirmed.csv"
        path.write_bytes(content)
        with shown_as({str(path): CONFIRMED_PATH}, CONFIRMED_PATH):
            return read_confirmations(path)


def confirmations_bytes(items: Sequence[Confirmation]) -> bytes:
    """The file :func:`journeymap.feedback.confirmations.write_confirmations` writes, as bytes."""
    from ..feedback.confirmations import write_confirmations

    with tempfile.TemporaryDirectory(prefix="journeymap-confirmed-") as tmp:
        path = Path(tmp) / "confirmed.csv"
        write_confirmations(path, items)
        return path.read_bytes()
