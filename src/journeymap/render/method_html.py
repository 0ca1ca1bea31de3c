"""The method's progress as one self-contained HTML page (``journeymap method … --format html``): per
initiative, the 5Cs gate, the eight stages as a row of states with what is missing, and the four iterations
with their coverage. Every text is escaped; the page loads nothing."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..analysis.method import MethodReport

__all__ = ["method_html"]

_LABEL = {"done": "Done", "in-progress": "In progress", "not-started": "Not started"}
_GATE = {"go": "Go", "no-go": "No-go", "not-rated": "Not rated"}

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;color:#1f2933;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem}
ol.stages{display:grid;grid-template-columns:repeat(4,1fr);gap:.75rem;list-style:none;padding:0}
ol.stages>li,ol.iterations>li{border:1px solid #cbd2d9;border-radius:6px;padding:.6rem .75rem;list-style:none}
h4{font-size:.75rem;margin:.5rem 0 0;color:#52606d;text-transform:uppercase;letter-spacing:.03em}
ol.iterations{display:grid;grid-template-columns:repeat(4,1fr);gap:.75rem;padding:0}
.done{background:#e3f4e8;border-color:#2f855a}.in-progress{background:#fdf3d8;border-color:#b7791f}
.not-started{background:#f5f7fa}
.state{font-weight:600;font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.missing{color:#9b2c2c;font-size:.85rem;margin:.3rem 0 0;padding-left:1rem}
.have{color:#52606d;font-size:.85rem;margin:.3rem 0 0;padding-left:1rem}
.gate{padding:.4rem .75rem;border-radius:6px;display:inline-block}
.go{background:#e3f4e8}.no-go{background:#fde2e1}.not-rated{background:#f5f7fa}
"""


def _list(items: Sequence[str], cls: str) -> str:
    if not items:
        return ""
    heading = "Missing to move on" if cls == "missing" else "Has"
    return f'<h4>{heading}</h4><ul class="{cls}">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _initiative(report: MethodReport) -> str:
    owner = f" — owner: {escape(report.owner)}" if report.owner else ""
    now = f"now at stage {report.current}" if report.current else "all stages done"
    parts = [
        f'<section id="{escape(report.id)}"><h2>{escape(report.name)}{owner}</h2>',
        f'<p>{escape(now)} · <span class="gate {report.gate.state}">5Cs: {_GATE[report.gate.state]}</span> '
        f"<small>{escape(report.gate.reason)}</small></p>",
        '<h3>Stages</h3><ol class="stages">',
    ]
    for s in report.stages:
        parts.append(
            f'<li class="{s.state}" data-stage="{s.key}"><div class="state">{s.number}. {_LABEL[s.state]}</div>'
            f"<strong>{escape(s.title)}</strong>{_list(s.have, 'have')}{_list(s.missing, 'missing')}</li>"
        )
    parts.append('</ol><h3>Iterations of the map</h3><ol class="iterations">')
    for i in report.iterations:
        parts.append(
            f'<li class="{i.state}" data-iteration="{i.number}"><div class="state">{i.number}. {_LABEL[i.state]}'
            f"</div><strong>{escape(i.title)}</strong><p>{escape(i.detail)}</p></li>"
        )
    parts.append("</ol></section>")
    return "".join(parts)


def method_html(workspace: str, reports: Sequence[MethodReport]) -> str:
    """A page showing every report."""
    body = "".join(_initiative(r) for r in reports)
    title = escape(f"{workspace} — the method")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head><body><h1>{title}</h1>{body}</body></html>\n"
    )
