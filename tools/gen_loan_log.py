"""Generate a public-style loan-application event log shaped like BPIC 2012: deterministic, synthetic.

BPIC 2012 (a Dutch bank's personal-loan applications) mixes three families of activities in one log:
application states (``A_*``, one event each, written by the system), offers (``O_*``) and back-office work items
(``W_*``, each with ``schedule``, ``start`` and ``complete`` lifecycle events). This generator writes the same
shape with made-up cases: an application is submitted and partly submitted seconds later; about a quarter are
declined at once; the rest are pre-accepted and wait days for the "complete the application" work item; then
accepted (an offer is created and sent, sometimes twice), finalized, followed up by phone, validated, and end
approved (registered, activated), declined or cancelled. About 58 % of the cases end declined, as in BPIC 2012.
System events of one moment share a timestamp or are seconds apart, so the directly-follows gaps are seconds while
the first-occurrence waits between application states are days — the trap the real log sets.

The data describes no real customer. The same seed and parameters give the same bytes.

Usage::

    python tools/gen_loan_log.py OUT.xes [--cases N] [--seed S]      # OUT.csv writes a CSV (with 'lifecycle')
    python tools/gen_loan_log.py OUT.xes.gz                          # gzipped XES (the same bytes each time)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

Event = tuple[str, str, str, dt.datetime]
"""case, activity, lifecycle transition, time."""

START = dt.datetime(2026, 1, 5, 9, 0, 0)


class _Case:
    def __init__(self, rng: random.Random, case: str, when: dt.datetime) -> None:
        self.rng, self.case, self.now, self.events = rng, case, when, list[Event]()

    def at(self, activity: str, transition: str = "complete", *, after: float = 0.0) -> None:
        self.now += dt.timedelta(seconds=after)
        self.events.append((self.case, activity, transition, self.now))

    def work(self, activity: str, wait_days: float, work_minutes: float) -> None:
        """A work item: scheduled now, started after a wait (days, log-normal), completed after the work."""
        self.at(activity, "schedule", after=self.rng.uniform(1, 5))
        self.at(activity, "start", after=self.rng.lognormvariate(0, 0.6) * wait_days * 86_400)
        self.at(activity, "complete", after=self.rng.lognormvariate(0, 0.5) * work_minutes * 60)

    def seconds(self) -> float:
        return self.rng.uniform(0.5, 40)


def _declined(c: _Case, withdrawn: str | None = None) -> None:
    c.at("A_DECLINED", after=c.seconds())
    if withdrawn:
        c.at(withdrawn, after=c.seconds())


def _offer(c: _Case) -> None:
    c.at("O_SELECTED", after=c.seconds())
    c.at("O_CREATED", after=c.seconds())
    c.at("O_SENT", after=c.seconds())


def _journey(c: _Case) -> None:
    rng = c.rng
    c.at("A_SUBMITTED")
    c.at("A_PARTLYSUBMITTED", after=c.seconds())
    if rng.random() < 0.27:  # declined at once by the scoring system
        return _declined(c)
    c.at("A_PREACCEPTED", after=rng.uniform(10, 300))
    c.work("W_Completeren aanvraag", wait_days=0.6, work_minutes=12)
    roll = rng.random()
    if roll < 0.30:
        return _declined(c)
    if roll < 0.40:
        return c.at("A_CANCELLED", after=rng.uniform(2, 9) * 86_400)
    if roll < 0.43:
        return  # still open when the log was cut
    c.at("A_ACCEPTED", after=c.seconds())
    _offer(c)
    c.at("A_FINALIZED", after=c.seconds())
    c.work("W_Nabellen offertes", wait_days=2.5, work_minutes=6)
    if rng.random() < 0.25:  # a second offer
        _offer(c)
        c.work("W_Nabellen offertes", wait_days=2.0, work_minutes=5)
    roll = rng.random()
    if roll < 0.25:
        c.at("O_CANCELLED", after=rng.uniform(3, 12) * 86_400)
        return c.at("A_CANCELLED", after=c.seconds())
    c.at("O_SENT_BACK", after=rng.uniform(2, 8) * 86_400)
    c.work("W_Valideren aanvraag", wait_days=1.5, work_minutes=20)
    if rng.random() < 0.35:
        c.at("O_DECLINED", after=c.seconds())
        return _declined(c)
    c.at("A_APPROVED", after=c.seconds())
    c.at("A_REGISTERED", after=c.seconds())
    c.at("O_ACCEPTED", after=c.seconds())
    c.at("A_ACTIVATED", after=c.seconds())
    return None


def generate(cases: int, seed: int) -> Iterator[Event]:
    """The events, case by case, each case in time order."""
    rng = random.Random(seed)
    when = START
    for number in range(cases):
        when += dt.timedelta(seconds=rng.expovariate(1 / 1800))
        case = _Case(rng, f"{173688 + number}", when)
        _journey(case)
        yield from case.events


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="milliseconds") + "+00:00"


def write_xes(path: Path, events: Iterator[Event]) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">']
    current: str | None = None
    for case, activity, transition, when in events:
        if case != current:
            if current is not None:
                lines.append("  </trace>")
            lines += ["  <trace>", f'    <string key="concept:name" value={quoteattr(case)}/>']
            current = case
        lines += [
            "    <event>",
            f'      <string key="concept:name" value={quoteattr(activity)}/>',
            f'      <string key="lifecycle:transition" value="{transition.upper()}"/>',
            f'      <date key="time:timestamp" value="{_stamp(when)}"/>',
            "    </event>",
        ]
    if current is not None:
        lines.append("  </trace>")
    lines.append("</log>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.name.lower().endswith(".gz"):  # no file name and no time in the header: the same bytes each time
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(data)
    else:
        path.write_bytes(data)


def write_csv(path: Path, events: Iterator[Event]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "activity", "lifecycle", "timestamp"])
        for case, activity, transition, when in events:
            writer.writerow([case, activity, transition, _stamp(when)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the file to write: .xes, .xes.gz (gzipped) or .csv")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2012)
    args = parser.parse_args(argv)
    events = generate(args.cases, args.seed)
    (write_csv if args.out.suffix.lower() == ".csv" else write_xes)(args.out, events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
