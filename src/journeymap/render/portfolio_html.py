"""The portfolio as one self-contained HTML page (``journeymap portfolio --format html``): key figures, the journeys
with their owner, status and health (each part a small bar), the hierarchy as a tree, the journey × stage heat map
with its colour legend, the opportunity board with its value-vs-effort matrix, the personas with their journeys,
and a search box that filters the page in the browser (a small inline script, allowed by its hash; no external
resource). Every text is escaped."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..analysis.opportunity_board import OpportunityBoard
from ..analysis.portfolio import HeatCell, HeatRow, Journey, Portfolio, TreeNode
from ..model import DEFAULT_VMPI_BANDS, VmpiBand
from .html_document import h
from .portfolio_html_assets import portfolio_page
from .portfolio_html_board import board_section

__all__ = ["emotion_colour", "render_board_html", "render_portfolio_html"]

_RED, _YELLOW, _GREEN = (0xC8, 0x3E, 0x3A), (0xF6, 0xE3, 0x8D), (0x2F, 0x8F, 0x55)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, bl


def emotion_colour(level: float) -> str:
    """The heat map's colour of an emotional level: red at 1, yellow at 5.5, green at 10 (linear between)."""
    level = min(10.0, max(1.0, level))
    rgb = _mix(_RED, _YELLOW, (level - 1) / 4.5) if level <= 5.5 else _mix(_YELLOW, _GREEN, (level - 5.5) / 4.5)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _ink(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#1f2933" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def health_colour(score: float) -> str:
    """Bars and totals: red below 40, amber below 70, green from 70."""
    return "#c83e3a" if score < 40 else "#d4a017" if score < 70 else "#2f8f55"


def _status(status: str) -> str:
    return f'<span class="pill st-{h(status)}">{h(status.replace("-", " "))}</span>'


def _search_words(j: Journey) -> str:
    return " ".join((j.title, j.id, j.owner, j.status, j.type_label, j.persona or "", j.persona_name, *j.tags)).lower()


def _attrs(workspace: str, map_id: str, words: str = "") -> str:
    extra = f' data-search="{h(words)}"' if words else ""
    return f' data-workspace="{h(workspace)}" data-map="{h(map_id)}"{extra}'


# ---- sections ----------------------------------------------------------------------------------------------------


def _kpis(portfolio: Portfolio) -> str:
    scored = [j.health for j in portfolio.journeys if j.health is not None]
    mean = f"{sum(scored) / len(scored):.0f}" if scored else "—"
    current = sum(1 for j in portfolio.journeys if j.status == "current")
    owned = sum(1 for j in portfolio.journeys if j.owner)
    quick = len(portfolio.board.by_quadrant()["quick-win"])
    figures = [
        (str(len(portfolio.journeys)), "journeys"),
        (mean, "mean health / 100"),
        (f"{owned} / {len(portfolio.journeys)}", "with an owner"),
        (str(current), "current"),
        (str(len(portfolio.board.cards)), "opportunities"),
        (str(quick), "quick wins"),
        (str(len(portfolio.personas)), "personas"),
    ]
    return '<div class="kpis">' + "".join(f'<div class="kpi"><b>{h(v)}</b><span>{h(k)}</span></div>'
                                          for v, k in figures) + "</div>"  # fmt: skip


def _parts(j: Journey) -> str:
    if not j.health_parts:
        return '<span class="muted">no health computed</span>'
    rows = []
    for part in j.health_parts:
        colour = health_colour(part.score)
        rows.append(
            f'<span title="{h(part.why)}">{h(part.label)}</span>'
            f'<span class="bar" title="{h(part.why)}">'
            f'<i style="width:{part.score:.0f}%;background:{colour}"></i></span>'
            f'<span class="muted">{part.score:.0f}</span>'
        )
    return f'<div class="parts">{"".join(rows)}</div>'


def _owner(owner: str) -> str:
    """The owner's name; an address written as ``Name <mail>`` is shown on hover."""
    if not owner:
        return '<span class="muted">no owner</span>'
    name = owner.split("<", 1)[0].strip() or owner
    return f'<span title="{h(owner)}">{h(name)}</span>'


def _journey_row(j: Journey) -> str:
    total = "—" if j.health is None else f"{j.health:.0f}"
    colour = health_colour(j.health) if j.health is not None else "#52606d"
    persona = j.persona_name or j.persona or "—"
    parent = f'<div class="muted">part of {h(j.parent)}</div>' if j.parent else ""
    return (
        f"<tr{_attrs(j.workspace, j.id, _search_words(j))}>"
        f'<td><b>{h(j.title)}</b><div class="muted">{h(j.id)} · {h(j.workspace)}</div>{parent}</td>'
        f"<td>{_owner(j.owner)}</td>"
        f"<td>{_status(j.status)}</td>"
        f'<td>{h(j.type_label)}<div class="muted">{h(j.state)}</div></td>'
        f"<td>{h(persona)}</td>"
        f'<td class="health" style="color:{colour}">{total}</td>'
        f"<td>{_parts(j)}</td></tr>"
    )


def _journeys(portfolio: Portfolio) -> str:
    head = "<tr><th>Journey</th><th>Owner</th><th>Status</th><th>Type</th><th>Persona</th><th>Health</th>"
    head += "<th>Health parts (0–100; hover for why)</th></tr>"
    rows = "".join(_journey_row(j) for j in portfolio.journeys)
    return (
        '<section id="journeys"><h2>Journeys</h2>'
        f'<div class="card"><table class="grid">{head}{rows}</table></div></section>'
    )


def _node(node: TreeNode, workspace: str) -> Iterator[str]:
    health = "" if node.health is None else f"{node.health:.0f}"
    colour = health_colour(node.health) if node.health is not None else "#52606d"
    via = f'<span class="muted">from “{h(node.via_step)}”</span>' if node.via_step else ""
    yield (
        f'<li><span class="node"{_attrs(workspace, node.id, (node.title + " " + node.id).lower())}>'
        f"{h(node.title)} {_status(node.status)}"
        f'<b style="color:{colour}">{health}</b>{via}</span>'
    )
    if node.children:
        yield "<ul>"
        for child in node.children:
            yield from _node(child, workspace)
        yield "</ul>"
    yield "</li>"


def _trees(portfolio: Portfolio) -> str:
    blocks = []
    for tree in portfolio.trees:
        items = "".join(part for root in tree.roots for part in _node(root, tree.workspace))
        blocks.append(f'<div class="card"><h3>{h(tree.workspace)}</h3><ul class="tree">{items}</ul></div>')
    return f'<section id="tree"><h2>Hierarchy</h2><div class="trees">{"".join(blocks)}</div></section>'


def _heat_cell(row: HeatRow, cell: HeatCell) -> str:
    if cell.value is None:
        return f'<td class="cell empty" title="no value">{h(cell.stage)}<b>—</b></td>'
    if row.measure == "vmpi":
        colour, shown, what = cell.colour or "#eef2f7", f"{cell.value:.0f} %", f"VMPI, {cell.n} value moments"
    else:
        colour, shown, what = emotion_colour(cell.value), f"{cell.value:.1f}", f"mean of {cell.n} steps"
    tip = f"{cell.stage}: {shown} ({what})" + (f" — {cell.band}" if cell.band else "")
    return (
        f'<td class="cell" style="background:{colour};color:{_ink(colour)}" title="{h(tip)}">'
        f"{h(cell.stage)}<b>{h(shown)}</b></td>"
    )


def _legend(bands: Sequence[VmpiBand]) -> str:
    stops = ", ".join(f"{emotion_colour(v)} {(v - 1) / 9 * 100:.0f}%" for v in (1, 3.25, 5.5, 7.75, 10))
    vmpi = "".join(
        f'<span><span class="swatch" style="background:{h(b.colour)}"></span> {h(b.label)} (from {b.min:g} %)</span>'
        for b in bands
    )
    return (
        '<div class="legend"><span>Emotional level (mean per stage): 1 '
        f'<span class="ramp" style="background:linear-gradient(to right, {stops})"></span> 10</span>'
        f"<span>VMPI per stage (value-moments planners):</span>{vmpi}"
        '<span><span class="swatch" style="background:#e4e7eb"></span> no value</span></div>'
    )


def _heat(portfolio: Portfolio, bands: Sequence[VmpiBand]) -> str:
    width = max((len(r.cells) for r in portfolio.heat_map), default=0)
    head = "<tr><th>Journey</th>" + "".join(f"<th>Stage {n}</th>" for n in range(1, width + 1)) + "</tr>"
    rows = []
    for row in portfolio.heat_map:
        cells = "".join(_heat_cell(row, c) for c in row.cells)
        cells += "<td></td>" * (width - len(row.cells))
        measure = "VMPI" if row.measure == "vmpi" else "emotion"
        rows.append(
            f"<tr{_attrs(row.workspace, row.map_id, (row.title + ' ' + row.map_id).lower())}>"
            f'<td><b>{h(row.title)}</b><div class="muted">{h(measure)}</div></td>{cells}</tr>'
        )
    note = (
        "Each row is a journey, its own stages in order (stages differ between maps, so columns are aligned by "
        "position; each cell names its stage)."
    )
    return (
        '<section id="heat"><h2>Heat map: journey × stage</h2>'
        f'<div class="card"><p class="muted">{note}</p><table class="grid heat">{head}{"".join(rows)}</table>'
        f"{_legend(bands)}</div></section>"
    )


def _personas(portfolio: Portfolio) -> str:
    cards = []
    for p in portfolio.personas:
        items = "".join(
            f"<li{_attrs(p.workspace, m)}>{h(title)} <span class='muted'>({h(how)})</span></li>"
            for m, title, how in p.journeys
        )
        body = f"<ul>{items}</ul>" if items else '<p class="muted">in no journey yet</p>'
        words = " ".join((p.name, p.id, p.segment, *(t for _, t, _ in p.journeys))).lower()
        cards.append(
            f'<div class="card" data-filter data-search="{h(words)}"><h3>{h(p.name)}</h3>'
            f'<div class="muted">{h(p.kind)}{" · " + h(p.segment) if p.segment else ""} · {h(p.workspace)}</div>'
            f"{body}</div>"
        )
    grid = f'<div class="personas">{"".join(cards)}</div>'
    return f'<section id="personas"><h2>Personas and their journeys</h2>{grid}</section>'


def _nav() -> str:
    links = [("journeys", "Journeys"), ("tree", "Hierarchy"), ("heat", "Heat map"),
             ("opportunities", "Opportunities"), ("personas", "Personas")]  # fmt: skip
    anchors = "".join(f'<a href="#{k}">{h(v)}</a>' for k, v in links)
    return (
        f'<nav class="sections">{anchors}<input id="q" type="search" placeholder="Search maps, steps, cards, '
        'touchpoints, personas, tags, channels…" aria-label="Search the portfolio"></nav>'
        '<section id="search" style="margin-top:10px"><div class="muted" id="hit-count"></div><ol id="hits"></ol>'
        "</section>"
    )


def _index_json(index: Sequence[dict[str, Any]]) -> str:
    text = json.dumps(list(index), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_portfolio_html(
    portfolio: Portfolio, index: Sequence[dict[str, Any]] = (), bands: Sequence[VmpiBand] = DEFAULT_VMPI_BANDS
) -> str:
    """The portfolio page; ``index`` is what the search box searches
    (:func:`~journeymap.analysis.portfolio_search.search_index`)."""
    names = " · ".join(portfolio.workspaces)
    body = [
        f'<header class="page"><h1>Journey portfolio</h1><p>{h(names)}</p>'
        f"<p>{len(portfolio.workspaces)} workspaces · generated {h(portfolio.generated_on)}</p></header>",
        _nav(),
        f"<main>{_kpis(portfolio)}",
        _journeys(portfolio),
        _trees(portfolio),
        _heat(portfolio, bands),
        board_section(portfolio.board),
        _personas(portfolio),
        "</main>",
        f'<script type="application/json" id="search-index">{_index_json(index)}</script>',
    ]
    return portfolio_page("Journey portfolio", body)


def render_board_html(board: OpportunityBoard, workspaces: Sequence[str]) -> str:
    """``journeymap opportunities --format html``: the matrix and the board, with the search box."""
    body = [
        f'<header class="page"><h1>Opportunity board</h1><p>{h(" · ".join(workspaces))}</p></header>',
        '<nav class="sections"><a href="#opportunities">Opportunities</a><input id="q" type="search" '
        'placeholder="Filter opportunities…" aria-label="Filter opportunities"></nav>',
        '<div class="muted" id="hit-count"></div><ol id="hits"></ol>',
        f"<main>{board_section(board)}</main>",
    ]
    return portfolio_page("Opportunity board", body)
