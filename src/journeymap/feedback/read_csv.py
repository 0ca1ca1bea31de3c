"""Feedback from a CSV (or TSV) file, streamed line by line with each row's file line kept.

Python's ``csv`` module reads the file (not the evidence engine) because a comment must be traceable to its line,
and a bad line must cost one row, not the file: each physical line is decoded on its own, so a line that is not
UTF-8 skips only the row it belongs to ("bad encoding"); a row with more fields than the header is skipped
("ragged row": a lost quote or an unquoted delimiter); a line longer than the longest text allowed is not held
in memory whole. Memory follows one batch of comments; time is linear in the file.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import Problem, ProblemsError
from ..evidence.files import check_file
from ..limits import limits
from .comments import Comment
from .read_values import ColumnSpec, RowShape, SkipLog, batches

__all__ = ["read_csv"]

_BAD = "\ufffd\x00bad-line\x00"


def _lines(handle: IO[bytes], bad: dict[int, str], cap: int) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 (or longer than ``cap`` bytes) is recorded in ``bad``
    by number with its reason and given as a placeholder line, so the row it is in can be skipped."""
    number = 0
    first = True
    while True:
        raw = handle.readline(cap)
        if not raw:
            return
        number += 1
        if len(raw) >= cap and not raw.endswith(b"\n"):
            while (rest := handle.readline(cap)) and not rest.endswith(b"\n"):
                pass
            bad[number] = f"a line longer than {cap:,} bytes"
            yield _BAD + "\n"
            continue
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad[number] = "bad encoding (not UTF-8)"
            yield _BAD + "\n"


def _dialect(path: Path) -> type[csv.Dialect] | csv.Dialect:
    if path.suffix.lower() == ".tsv":
        return csv.excel_tab
    with path.open("rb") as handle:
        head = handle.read(64 * 1024).decode("utf-8", errors="replace")
    first = head.splitlines()[0] if head else ""
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best] == 0 or best == ",":
        return csv.excel
    return csv.excel_tab if best == "\t" else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def read_csv(path: Path, spec: ColumnSpec, log: SkipLog, *, batch: int = 10_000) -> Iterator[list[Comment]]:
    """The comments of a CSV file in batches; skipped rows are counted and located (``file.csv:LINE``) in ``log``."""
    check_file(path, "feedback file")
    source = path.name
    cap = limits().text_chars * 4 + 1024
    csv.field_size_limit(cap)
    bad: dict[int, str] = {}
    with path.open("rb") as handle:
        reader = csv.reader(_lines(handle, bad, cap), _dialect(path))
        try:
            header = next(reader)
        except StopIteration:
            empty = Problem("JE005", f"{source}:1", "the file is empty", "export the data again")
            raise ProblemsError([empty]) from None
        except csv.Error as exc:
            raise ProblemsError([Problem("JE222", f"{source}:1", f"the header cannot be read: {exc}", "")]) from None
        if 1 in bad:
            raise ProblemsError([Problem("JE222", f"{source}:1", f"the header: {bad[1]}", "save it as UTF-8 CSV")])
        if len(header) > limits().columns:
            raise ProblemsError([limits().problem("columns", f"{source}:1", "the file's columns", len(header))])
        shape = RowShape.find(spec, header, source, f"{source}:1")
        yield from batches(_rows(reader, shape, len(header), bad, log), batch)


def _rows(reader: Any, shape: RowShape, width: int, bad: dict[int, str], log: SkipLog) -> Iterator[Comment | None]:
    row = 0
    end = 1  # the last line read so far (reader.line_num)
    while True:
        start = end + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            row += 1
            log.skip(f"{shape.source}:{start}", "unreadable CSV", str(exc))
            continue
        end = reader.line_num
        if not values:  # a blank line is no row
            continue
        row += 1
        where = f"{shape.source}:{start}"
        reason = next((bad[number] for number in range(start, end + 1) if number in bad), None)
        if reason is not None:
            log.skip(where, reason)
            continue
        if len(values) > width:
            log.skip(where, "ragged row", f"{len(values)} fields, the header has {width}")
            continue
        yield shape.comment(values, row, start, where, log)
