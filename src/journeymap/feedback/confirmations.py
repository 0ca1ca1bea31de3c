"""An analyst's confirmations and corrections: which element a comment is about and its sentiment.

The file is a CSV with the columns ``text``, ``element`` (a step or touchpoint id; empty when the comment is about
no element or the analyst did not say) and ``sentiment`` (negative, neutral or positive; may be empty). The CLI's
``--labels`` reads it and the studio writes the same file. A bad cell stops the reading with its place
(``file.csv:LINE``): JE230 the file cannot be read, JE231 a column is missing, JE232 an empty text, JE233 a
sentiment that is not one of the three.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from journeymap.errors import Problem, ProblemsError
from journeymap.files.atomic import write_text_atomic

__all__ = ["COLUMNS", "Confirmation", "read_confirmations", "write_confirmations"]

COLUMNS = ("text", "element", "sentiment")
SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Confirmation:
    """One confirmed (or corrected) comment. ``element`` and ``sentiment`` are ``None`` when not given."""

    text: str
    element: str | None = None
    sentiment: str | None = None


def _problem(code: str, where: str, message: str, hint: str) -> ProblemsError:
    return ProblemsError([Problem(code=code, where=where, message=message, hint=hint)])


def read_confirmations(path: str | Path) -> list[Confirmation]:
    """The confirmations of a CSV file, in file order; raises :class:`ProblemsError` (JE23x) at a bad cell."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _problem("JE230", str(path), f"cannot read the confirmations: {exc}", "a UTF-8 CSV file") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise _problem(
            "JE231",
            f"{path}:1",
            f"the confirmations have no column {', '.join(missing)}",
            "the header must name text, element and sentiment",
        )
    items: list[Confirmation] = []
    end = reader.line_num
    for row in reader:
        where = f"{path}:{end + 1}"  # the line the row starts on (a quoted cell may span lines)
        end = reader.line_num
        body = (row.get("text") or "").strip()
        if not body:
            raise _problem("JE232", where, "a confirmation has no text", "give the comment's text or drop the row")
        sentiment = (row.get("sentiment") or "").strip().lower() or None
        if sentiment is not None and sentiment not in SENTIMENTS:
            raise _problem(
                "JE233",
                where,
                f"sentiment {row['sentiment']!r} is not negative, neutral or positive",
                "leave it empty when the sentiment is not confirmed",
            )
        element = (row.get("element") or "").strip() or None
        items.append(Confirmation(body, element, sentiment))
    return items


def write_confirmations(path: str | Path, items: Iterable[Confirmation]) -> None:
    """Write confirmations as the CSV :func:`read_confirmations` reads (atomically: a reader never sees half)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([item.text, item.element or "", item.sentiment or ""])
    write_text_atomic(path, out.getvalue())
