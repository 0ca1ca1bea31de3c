"""A self-contained HTML page of a map: the SVG picture in a frame that scrolls sideways (never a fixed-height
box: the whole map shows, and prints whole, scaled to the paper's width), the persona, and the details behind the
picture (moments of truth, opportunities and hypotheses, service challenges, comments). The picture carries the
map's title and subtitle, so the page's own heading is for screen readers only: the title shows once.

No script at all, no external resource: the page works offline and under a strict Content-Security-Policy
(declared in a meta tag). Every piece of user text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Comment, Map, Persona
from ..model.emotion import rounded
from .drawing import render_svg
from .header import subtitle
from .html_document import h, page
from .registry import RenderContext, TextRenderer
from .report_feedback import voice_html

__all__ = ["render_html", "render_html_index", "renderer"]


def render_html(m: Map, context: RenderContext) -> str:
    svg = render_svg(m, context).split("\n", 1)[1]  # drop the XML declaration: the SVG is inline
    body = [
        f'<header class="page visually-hidden"><h1>{h(m.title)}</h1><p>{h(subtitle(m, context))}</p></header>\n',
        *_breadcrumb(m, context),
        "<main>\n",
        f'<div class="map-frame" role="region" aria-label="{h(m.title)}" tabindex="0">{svg}</div>\n',
        *_persona(context.persona(m)),
        *_voice(m),
        *_moments(m),
        *_opportunities(m),
        *_challenges(m),
        *_comments(m),
        "</main>\n",
    ]
    return page(m.title, body)


def _breadcrumb(m: Map, context: RenderContext) -> Iterator[str]:
    """The maps above this one (parents of sub-journeys), the root first; links on a site."""
    from .sub_journeys import breadcrumb, map_href

    trail = breadcrumb(m, context)
    if not trail:
        return
    items = []
    for map_id, title in trail:
        href = map_href(map_id, context)
        items.append(f'<li><a href="{h(href)}">{h(title)}</a></li>' if href else f"<li>{h(title)}</li>")
    items.append(f'<li aria-current="page">{h(m.title)}</li>')
    yield f"<style>{_BREADCRUMB_CSS}</style>\n"
    yield f'<nav class="breadcrumb" aria-label="Parent journeys"><ol>{"".join(items)}</ol></nav>\n'


_BREADCRUMB_CSS = (
    ".breadcrumb { padding: 14px 28px 0; } .breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap;"
    " gap: .4em; padding: 0; margin: 0; } .breadcrumb a { color: var(--accent); }"
    " .breadcrumb li + li::before { content: '›'; margin-right: .4em; color: var(--muted); }"
)


def _voice(m: Map) -> Iterator[str]:
    """The voice of the customer (measured feedback) as the evidence report shows it; nothing without feedback."""
    tables = list(voice_html(m))
    if tables:
        yield "<section><h2>Voice of the customer</h2>" + "".join(tables) + "</section>\n"


def _persona(persona: Persona | None) -> Iterator[str]:
    if persona is None:
        return
    share = f" · {persona.share:.0%} of {persona.population}" if persona.share is not None else ""
    yield f'<section class="persona"><h2>Persona: {h(persona.name)}</h2>'
    yield f"<p>{h(persona.segment)}{h(share)}</p>"
    if persona.quote:
        yield f"<blockquote>“{h(persona.quote)}”</blockquote>"
    if persona.description:
        yield f"<p>{h(persona.description)}</p>"
    yield '<div class="cols">'
    for label, items in (("Goals", persona.goals), ("Needs", persona.needs), ("Frustrations", persona.frustrations)):
        if items:
            yield f"<div><strong>{label}</strong><ul>" + "".join(f"<li>{h(i)}</li>" for i in items) + "</ul></div>"
    yield "</div></section>\n"


def _step_names(m: Map) -> dict[str, str]:
    return {s.id: s.name for s in m.steps}


def _moments(m: Map) -> Iterator[str]:
    if not m.moments_of_truth:
        return
    names = _step_names(m)
    yield "<section><h2>Moments of truth</h2><table><thead><tr><th>Step</th><th>Moment</th><th>Importance</th>"
    yield "<th>Expectation</th><th>Experience</th><th>Gap</th><th>Priority</th><th>Basis</th></tr></thead><tbody>"
    for mot in m.moments_of_truth:
        gap = mot.expectation - mot.experience if mot.expectation is not None and mot.experience is not None else None
        cells = [
            names.get(mot.step, mot.step),
            mot.title,
            f"{mot.importance:g}",
            "" if mot.expectation is None else f"{mot.expectation:g}",
            "" if mot.experience is None else f"{mot.experience:g}",
            "" if gap is None else rounded(gap),  # one decimal, as on the map and in the report
            "" if gap is None else rounded(mot.importance * gap),
            "team estimate" if mot.estimated else ", ".join(e.dataset for e in mot.evidence) or "—",
        ]
        yield "<tr>" + "".join(f"<td>{h(c)}</td>" for c in cells) + "</tr>"
    yield "</tbody></table><p>Gap = expectation − experience; priority = importance × gap.</p></section>\n"


def _opportunities(m: Map) -> Iterator[str]:
    if not m.opportunities:
        return
    names = _step_names(m)
    yield "<section><h2>Opportunities</h2><table><thead><tr><th>Opportunity</th><th>How might we…</th>"
    yield "<th>Steps</th><th>Source</th><th>Score</th><th>Hypotheses</th></tr></thead><tbody>"
    ranked = sorted(m.opportunities, key=lambda o: -(o.score or 0))
    for opp in ranked:
        hyps = "".join(
            f"<li>{h(x.statement)} — <em>{h(x.metric)}</em>"
            + (f": {h(_num(x.baseline))} → {h(_num(x.target))} {h(x.unit)}" if x.target is not None else "")
            + "</li>"
            for x in opp.hypotheses
        )
        steps = ", ".join(names.get(s, s) for s in opp.steps)
        yield (
            f"<tr><td>{h(opp.text)}</td><td>{h(opp.how_might_we)}</td><td>{h(steps)}</td>"
            f"<td>{h(opp.source.value)}</td><td>{h(_num(opp.score))}</td><td><ul>{hyps}</ul></td></tr>"
        )
    yield "</tbody></table></section>\n"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _challenges(m: Map) -> Iterator[str]:
    if not m.service_challenges:
        return
    names = _step_names(m)
    yield "<section><h2>Service challenges and contingencies</h2><table><thead><tr><th>Step</th>"
    yield "<th>Challenge</th><th>Contingencies</th></tr></thead><tbody>"
    for sc in m.service_challenges:
        plans = "".join(
            f"<li>{h(c.text)}" + (f" ({h(c.owner)})" if c.owner else "") + "</li>" for c in sc.contingencies
        )
        plans = f"<ul>{plans}</ul>" if plans else "<em>none yet</em>"
        yield f"<tr><td>{h(names.get(sc.step, sc.step))}</td><td>{h(sc.text)}</td><td>{plans}</td></tr>"
    yield "</tbody></table></section>\n"


def _comments(m: Map) -> Iterator[str]:
    if not m.comments:
        return
    yield '<section><h2>Comments</h2><ol class="comments">'
    yield from (_comment(c) for c in m.comments)
    yield "</ol></section>\n"


def _comment(c: Comment) -> str:
    state = ' class="resolved"' if c.resolved else ""
    label = " (resolved)" if c.resolved else ""
    replies = "".join(_comment(r) for r in c.replies)
    replies = f"<ol>{replies}</ol>" if replies else ""
    return (
        f'<li{state}><strong>{h(c.author)}</strong> on <span class="tag">{h(c.target)}</span>{h(label)}: '
        f"{h(c.text)}{replies}</li>"
    )


def render_html_index(title: str, entries: Iterable[tuple[str, str, str]]) -> str:
    """An index page: ``entries`` are (link, label, description); links are relative file names we made."""
    items = "".join(f'<li><a href="{h(link)}">{h(label)}</a> — {h(text)}</li>' for link, label, text in entries)
    body = [f'<header class="page"><h1>{h(title)}</h1></header><main><nav class="index"><ul>{items}</ul></nav></main>']
    return page(title, body)


def renderer() -> TextRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return TextRenderer("html", ".html", "text/html", render_html)
