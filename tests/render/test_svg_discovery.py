"""Pictures of a discovered journey: well-formed, accessible, deterministic SVG; nothing overlaps; every text
from the log is escaped."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from journeymap.evidence.discovery import Discovery, discover
from journeymap.evidence.engine import ORDER, Engine
from journeymap.evidence.events import read_events
from journeymap.render.svg_discovery import (
    _layout_flow,
    flow_threshold,
    flow_width,
    render_flow_svg,
    render_funnel_svg,
)

from support import EXAMPLES, HOSTILE

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE_LOG = EXAMPLES / "home-loan" / "evidence" / "applications-events.csv"


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as duck:
        yield duck


@pytest.fixture(scope="module")
def example(engine: Engine) -> Discovery:
    log = read_events(EXAMPLE_LOG, engine)
    return discover(log.table, engine, source=EXAMPLE_LOG.name)


def random_discovery(engine: Engine, seed: int, activities: list[str], cases: int = 300) -> Discovery:
    """A tangled log: every case wanders among ``activities`` with a preferred order and random side trips."""
    rng = random.Random(seed)
    case_ids, names, times = [], [], []
    start = dt.datetime(2026, 1, 1)
    for case in range(cases):
        when = start + dt.timedelta(hours=rng.randrange(1000))
        position = 0
        for _ in range(rng.randrange(2, 12)):
            position = max(0, min(len(activities) - 1, position + rng.choice([1, 1, 1, 2, -1, 0, 3])))
            when += dt.timedelta(minutes=rng.randrange(1, 5000))
            case_ids.append(f"k{case}")
            names.append(activities[position])
            times.append(when)
    table = pa.table(
        {
            "case": case_ids,
            "activity": names,
            "time": pa.array(times, pa.timestamp("us")),
            ORDER: pa.array(range(len(names)), pa.int64()),
        }
    )
    return discover(engine.from_arrow(table), engine, source="random.csv")


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "jm-title jm-desc"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def assert_nothing_overlaps(d: Discovery) -> None:
    layout = _layout_flow(d, 0.01, 36)
    boxes = [n.rect for n in layout.nodes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    labels = [e.label for e in layout.edges if e.label is not None]
    assert len(labels) == len(layout.edges)
    for i, a in enumerate(labels):
        assert not any(a.overlaps(box) for box in boxes), a
        for b in labels[i + 1 :]:
            assert not a.overlaps(b), (a, b)


# ---- the flow graph --------------------------------------------------------------------------------------------
def test_flow_svg_of_the_example(example: Discovery) -> None:
    svg = render_flow_svg(example)
    root = parse(svg)
    shown = texts(root)
    for name in ("Borrowing calculator", "Mortgage helpline", "Information request", "Completion"):
        assert name in shown
    assert "3,000 cases · 13,992 events · 12 activities" in " ".join(shown)
    assert f"{example.directly_follows[0].count:,}" in shown  # every flow's label: its count …
    assert "Main path: Borrowing calculator → Agreement in principle" in root.findtext(f"{SVG}desc", "")
    assert render_flow_svg(example) == svg  # deterministic
    main_paths = [p for p in root.iter(f"{SVG}path") if p.get("class") == "jm-flow" and p.get("stroke") == "#1d4e89"]
    assert len(main_paths) == len(example.main_path) - 1


def test_flow_layout_puts_the_main_path_in_one_row(example: Discovery) -> None:
    layout = _layout_flow(example, 0.01, 36)
    main = [n for n in layout.nodes if n.main]
    assert [n.name for n in main] == list(example.main_path)
    assert len({n.rect.y for n in main}) == 1
    assert [n.rect.x for n in main] == sorted(n.rect.x for n in main)
    assert all(n.rect.y != main[0].rect.y for n in layout.nodes if not n.main)


def test_nothing_overlaps_in_the_example(example: Discovery) -> None:
    assert_nothing_overlaps(example)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nothing_overlaps_in_tangled_logs(engine: Engine, seed: int) -> None:
    names = [f"Touchpoint {chr(65 + i)}" for i in range(14)]
    assert_nothing_overlaps(random_discovery(engine, seed, names))


def test_widths_grow_with_count_and_rare_flows_are_counted(engine: Engine) -> None:
    assert flow_width(1, 100) < flow_width(50, 100) < flow_width(100, 100) == pytest.approx(11.0)
    d = random_discovery(engine, 4, [f"Step {i}" for i in range(16)], cases=400)
    layout = _layout_flow(d, 0.05, 20)
    widths = {e.flow.count: e.width for e in layout.edges}
    assert [widths[c] for c in sorted(widths)] == sorted(widths.values())
    assert layout.hidden_flows == len(d.directly_follows) - len(layout.edges) > 0
    assert flow_threshold(d, 0.05) == 20
    svg = render_flow_svg(d, min_share=0.05, max_flows=20)
    assert f"{layout.hidden_flows:,} rarer flows (fewer than 20 times) are not drawn." in " ".join(texts(parse(svg)))


def test_hostile_activity_names_are_escaped(engine: Engine) -> None:
    d = random_discovery(engine, 5, HOSTILE, cases=60)
    for svg in (render_flow_svg(d, title=HOSTILE[0]), render_funnel_svg(d, title=HOSTILE[1])):
        root = parse(svg)
        assert "<script" not in svg and "<img" not in svg
        assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}img"))
        assert all(not k.startswith("on") for e in root.iter() for k in e.attrib)


def test_an_empty_discovery_still_draws(engine: Engine) -> None:
    table = pa.table(
        {"case": pa.array([], pa.string()), "activity": pa.array([], pa.string()),
         "time": pa.array([], pa.timestamp("us")), ORDER: pa.array([], pa.int64())}
    )  # fmt: skip
    d = discover(engine.from_arrow(table), engine)
    assert d.cases == 0 and d.main_path == ()
    parse(render_flow_svg(d))
    assert "No events: nothing to show." in texts(parse(render_funnel_svg(d)))


# ---- the funnel --------------------------------------------------------------------------------------------------
def test_funnel_svg_of_the_example(example: Discovery) -> None:
    svg = render_funnel_svg(example)
    root = parse(svg)
    shown = texts(root)
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "jm-bar"]
    assert len(bars) == len(example.funnel) == len(example.main_path)
    widths = [float(b.get("width", "0")) for b in bars]
    first = example.funnel[0].cases
    for bar, step in zip(widths, example.funnel, strict=True):
        assert bar == pytest.approx(520 * step.cases / first, abs=0.06)
    second = example.funnel[1]
    assert f"{second.cases:,} · {second.share * 100:.0f} %" in shown
    assert f"−{second.drop_off:,} ({second.drop_off / first * 100:.0f} %)" in shown
    assert f"{second.stop_share * 100:.0f} % stop here" in shown
    assert render_funnel_svg(example) == svg


def test_a_step_every_case_reaches_shows_no_drop_off_not_minus_zero(engine: Engine) -> None:
    """Every case goes A → B → C: B and C lose no one, which the funnel says in words (it drew "−0 (0 %)")."""
    start = dt.datetime(2026, 1, 1)
    rows = [(f"k{case}", name, start + dt.timedelta(hours=case, minutes=10 * i)) for case in range(20)
            for i, name in enumerate("ABC")]  # fmt: skip
    table = pa.table(
        {"case": [r[0] for r in rows], "activity": [r[1] for r in rows],
         "time": pa.array([r[2] for r in rows], pa.timestamp("us")), ORDER: pa.array(range(len(rows)), pa.int64())}
    )  # fmt: skip
    d = discover(engine.from_arrow(table), engine, source="abc.csv")
    assert [s.drop_off for s in d.funnel] == [0, 0, 0]
    shown = texts(parse(render_funnel_svg(d)))
    assert shown.count("no drop-off") == 2 and not any(t.startswith(("−0", "-0")) for t in shown)


def test_pictures_convert_to_png(example: Discovery, tmp_path: Path) -> None:
    cairosvg = pytest.importorskip("cairosvg")
    for name, svg in (("flow", render_flow_svg(example)), ("funnel", render_funnel_svg(example))):
        target = tmp_path / f"{name}.png"
        cairosvg.svg2png(bytestring=svg.encode("utf-8"), write_to=str(target))
        assert target.read_bytes().startswith(b"\x89PNG")
