"""Generate realistic interaction-event logs of a home-loan journey: deterministic, synthetic, streamed to disk.

Each case is one applicant of Northmere Bank (the example workspace ``examples/home-loan``) moving through the
bank's touchpoints: borrowing calculator, agreement in principle, application portal, document upload (with
information requests that send the applicant back to upload again), underwriter call, valuation, offer letter
and completion, with optional side trips (rate comparison, adviser chat, helpline calls while waiting). Cases drop
out at every step, gaps between events are log-normal around realistic medians, human channels (phone, branch,
in-person) happen in business hours, and some events share a timestamp with the one before (a portal submission
with its documents attached), so the order in the file matters.

The data is made up: it describes no real customer. The same seed and parameters always give the same bytes.

Usage::

    python tools/gen_events.py OUT [--cases N | --events N] [--seed S] [--start YYYY-MM-DD] [--days D]

The format follows OUT's name: ``.csv``, ``.parquet``, ``.xes`` or ``.xes.gz``. Events are written case by case
(time order within a case) in batches, so ten million events need no more memory than one batch.

The example log of the home-loan workspace::

    python tools/gen_events.py examples/home-loan/evidence/applications-events.csv --cases 3000 --seed 2026
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import math
import os
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

__all__ = ["Event", "generate", "main", "write_log"]

COLUMNS = ("case_id", "activity", "timestamp", "channel")
BATCH = 50_000

CALCULATOR = "Borrowing calculator"
RATES = "Rate comparison page"
ADVISER_CHAT = "Mortgage adviser chat"
AIP = "Agreement in principle"
PORTAL = "Application portal"
UPLOAD = "Document upload"
INFO_REQUEST = "Information request"
UNDERWRITER = "Underwriter call"
VALUATION = "Valuation"
HELPLINE = "Mortgage helpline"
OFFER = "Offer letter"
COMPLETION = "Completion"

CHANNELS: dict[str, tuple[tuple[str, float], ...]] = {
    CALCULATOR: (("web", 0.72), ("app", 0.28)),
    RATES: (("web", 1.0),),
    ADVISER_CHAT: (("chat", 1.0),),
    AIP: (("web", 0.55), ("app", 0.2), ("branch", 0.15), ("phone", 0.1)),
    PORTAL: (("web", 0.74), ("app", 0.26)),
    UPLOAD: (("app", 0.58), ("web", 0.42)),
    INFO_REQUEST: (("email", 1.0),),
    UNDERWRITER: (("phone", 1.0),),
    VALUATION: (("in-person", 1.0),),
    HELPLINE: (("phone", 1.0),),
    OFFER: (("email", 0.62), ("letter", 0.38)),
    COMPLETION: (("letter", 0.55), ("email", 0.45)),
}
HUMAN_CHANNELS = frozenset({"phone", "branch", "in-person"})


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the log."""

    case_id: str
    activity: str
    time: dt.datetime
    channel: str


class _Case:
    """The clock and the events of one applicant while the journey is generated."""

    def __init__(self, rng: random.Random, case_id: str, start: dt.datetime) -> None:
        self.rng = rng
        self.case_id = case_id
        self.now = start
        self.events: list[Event] = []

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def wait(self, median_hours: float, sigma: float = 0.8) -> None:
        hours = median_hours * math.exp(sigma * self.rng.gauss(0.0, 1.0))
        self.now += dt.timedelta(seconds=max(1, round(hours * 3600)))

    def log(self, activity: str, *, same_time: bool = False) -> None:
        channel = _pick(self.rng, CHANNELS[activity])
        if channel in HUMAN_CHANNELS and not same_time:
            self.now = _business_hours(self.rng, self.now)
        self.events.append(Event(self.case_id, activity, self.now, channel))


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, share in options:
        roll -= share
        if roll < 0:
            return value
    return options[-1][0]


def _business_hours(rng: random.Random, when: dt.datetime) -> dt.datetime:
    """``when`` moved to the next weekday between 09:00 and 17:00, if it falls outside."""
    if when.weekday() < 5 and 9 <= when.hour < 17:
        return when
    day = when.date() + dt.timedelta(days=0 if when.hour < 9 else 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9)) + dt.timedelta(seconds=rng.randrange(8 * 3600))


def _journey(case: _Case) -> None:
    """One applicant's journey; each ``return`` is a drop-out."""
    if case.chance(0.86):
        case.log(CALCULATOR)
        if case.chance(0.22):
            case.wait(0.2, 1.0)
            case.log(RATES)
        if case.chance(0.34):
            return
        case.wait(0.3 if case.chance(0.4) else 70, 1.1)
    case.log(AIP)
    if case.chance(0.18):
        case.wait(5, 1.0)
        case.log(ADVISER_CHAT)
    if case.chance(0.2):
        return
    case.wait(140, 0.9)
    case.log(PORTAL)
    if case.chance(0.12):
        return
    together = case.chance(0.3)  # documents attached to the submission: same second, file order decides
    if not together:
        case.wait(20, 1.2)
    case.log(UPLOAD, same_time=together)
    if case.chance(0.12):
        return
    requests = 0
    while requests < 3 and case.chance(0.3 if requests == 0 else 0.22):
        requests += 1
        case.wait(60, 0.8)
        case.log(INFO_REQUEST)
        if case.chance(0.08):
            return
        case.wait(40, 1.0)
        case.log(UPLOAD)
    case.wait(110, 0.8)
    case.log(UNDERWRITER)
    if case.chance(0.21):
        return
    case.wait(90, 0.7)
    case.log(VALUATION)
    if case.chance(0.06):
        return
    while case.chance(0.28 if case.events[-1].activity != HELPLINE else 0.15):
        case.wait(50, 0.9)
        case.log(HELPLINE)
    case.wait(120, 0.6)
    case.log(OFFER)
    if case.chance(0.07):
        return
    case.wait(800, 0.5)
    case.log(COMPLETION)


def generate(
    seed: int = 2026,
    *,
    cases: int | None = None,
    events: int | None = None,
    start: dt.date = dt.date(2026, 1, 5),
    days: int = 180,
) -> Iterator[Event]:
    """The events of ``cases`` applicants (or exactly ``events`` events), case by case, time order within a case."""
    if cases is None and events is None:
        cases = 3000
    rng = random.Random(seed)
    origin = dt.datetime.combine(start, dt.time(0))
    written = 0
    number = 0
    while (cases is None or number < cases) and (events is None or written < events):
        number += 1
        day = origin + dt.timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), weights=_HOUR_WEIGHTS)[0]
        case = _Case(rng, f"HL-{number:07d}", day + dt.timedelta(hours=hour, seconds=rng.randrange(3600)))
        _journey(case)
        for event in case.events:
            if events is not None and written >= events:
                return
            written += 1
            yield event


_HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 10, 10, 9, 9, 9, 10, 11, 12, 12, 10, 6, 3]


# ---- writers ---------------------------------------------------------------------------------------------------
def _batches(events: Iterator[Event]) -> Iterator[list[Event]]:
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_csv(handle: IO[str], events: Iterator[Event]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    for batch in _batches(events):
        writer.writerows((e.case_id, e.activity, e.time.strftime("%Y-%m-%d %H:%M:%S"), e.channel) for e in batch)


def _write_parquet(path: Path, events: Iterator[Event]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("case_id", pa.string()),
            ("activity", pa.string()),
            ("timestamp", pa.timestamp("us")),
            ("channel", pa.string()),
        ]
    )
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(events):
            columns: list[Any] = [
                [e.case_id for e in batch], [e.activity for e in batch], [e.time for e in batch],
                [e.channel for e in batch],
            ]  # fmt: skip
            arrays = [pa.array(c, t) for c, t in zip(columns, schema.types, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))


_XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="__INVALID__"/>
\t</global>
\t<global scope="event">
\t\t<string key="concept:name" value="__INVALID__"/>
\t\t<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
\t</global>
\t<string key="concept:name" value="Northmere Bank home-loan applications (synthetic)"/>
"""


def _write_xes(handle: IO[str], events: Iterator[Event]) -> None:
    handle.write(_XES_HEAD)
    current: str | None = None
    for batch in _batches(events):
        parts: list[str] = []
        for e in batch:
            if e.case_id != current:
                if current is not None:
                    parts.append("\t</trace>\n")
                parts.append(f'\t<trace>\n\t\t<string key="concept:name" value={quoteattr(e.case_id)}/>\n')
                current = e.case_id
            stamp = e.time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00")
            parts.append(
                f'\t\t<event>\n\t\t\t<string key="concept:name" value={quoteattr(e.activity)}/>\n'
                f'\t\t\t<date key="time:timestamp" value="{stamp}"/>\n'
                f'\t\t\t<string key="org:channel" value={quoteattr(e.channel)}/>\n\t\t</event>\n'
            )
        handle.write("".join(parts))
    if current is not None:
        handle.write("\t</trace>\n")
    handle.write("</log>\n")


def write_log(path: Path, events: Iterator[Event]) -> None:
    """Write ``events`` to ``path`` in the format its name says, through a temporary file (nothing half-written)."""
    name = path.name.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    writers: dict[str, Callable[[], None]] = {
        ".csv": lambda: _text(tmp, _write_csv, events, compressed=False),
        ".parquet": lambda: _write_parquet(tmp, events),
        ".xes": lambda: _text(tmp, _write_xes, events, compressed=False),
        ".xes.gz": lambda: _text(tmp, _write_xes, events, compressed=True),
    }
    suffix = next((s for s in (".xes.gz", ".xes", ".csv", ".parquet") if name.endswith(s)), None)
    if suffix is None:
        raise SystemExit(f"{path}: use a .csv, .parquet, .xes or .xes.gz file name")
    try:
        writers[suffix]()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _text(
    path: Path, write: Callable[[IO[str], Iterator[Event]], None], events: Iterator[Event], *, compressed: bool
) -> None:
    if compressed:
        with gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=6) as handle:
            write(handle, events)
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        write(handle, events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="file to write: .csv, .parquet, .xes or .xes.gz")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--cases", type=int, help="number of applicants (default 3000)")
    size.add_argument("--events", type=int, help="exact number of events (for benchmarks, e.g. 10000000)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2026, 1, 5), help="first day")
    parser.add_argument("--days", type=int, default=180, help="days over which applications start (default 180)")
    args = parser.parse_args(argv)
    events = generate(args.seed, cases=args.cases, events=args.events, start=args.start, days=args.days)
    write_log(args.out, events)
    sys.stderr.write(f"wrote {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
