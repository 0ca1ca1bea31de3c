"""The frame of every HTML page journeymap writes (a map's page, the site index, the diff and the report): escaping,
the Content-Security-Policy, the style sheet and the footer. No script, no external resource."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .text import clean_text

__all__ = ["CSP", "PAGE_CSS", "h", "page"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

PAGE_CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --accent: #1d4e89; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; color: var(--ink); background: #f5f7fa; }
header.page { padding: 20px 28px 8px; }
header.page h1 { margin: 0 0 4px; font-size: 24px; }
header.page p { margin: 2px 0; color: var(--muted); }
main { padding: 0 28px 28px; }
.map-frame { overflow-x: auto; overflow-y: hidden; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.map-frame svg { display: block; height: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
header.visually-hidden + main { padding-top: 20px; }
section { margin-top: 24px; }
h2 { font-size: 18px; margin: 0 0 8px; }
table { border-collapse: collapse; background: #fff; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
.persona { margin-top: 24px; background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; max-width: 900px; }
.persona blockquote { margin: 6px 0; font-style: italic; color: var(--muted); }
.persona ul { margin: 4px 0 8px 18px; padding: 0; }
.cols { display: flex; gap: 24px; flex-wrap: wrap; }
.tag { display: inline-block; padding: 1px 6px; border-radius: 4px; background: #eef2f7; font-size: 12px; }
.resolved { color: var(--muted); }
ol.comments, ol.comments ol { margin: 4px 0 4px 18px; padding: 0; }
nav.index ul { line-height: 1.8; }
footer { padding: 12px 28px; color: var(--muted); font-size: 12px; }
@page { margin: 10mm; }
@page map { size: landscape; }
@media print {
  body { background: #fff; }
  header.page, main, footer { padding-left: 0; padding-right: 0; }
  .map-frame { overflow: visible; border: 0; border-radius: 0; box-shadow: none; page: map; }
  .map-frame svg { width: 100%; max-width: 100%; height: auto; }
  .persona, table, tr, blockquote { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def h(text: object) -> str:
    """Escape for HTML text and attributes."""
    return escape(clean_text(str(text)), quote=True)


def page(title: str, body: Iterable[str]) -> str:
    """A whole self-contained page (CSP, styles, footer) around ``body``."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
        + "".join(body)
        + "<footer>Made with journeymap — customer-experience maps as code.</footer>\n</body>\n</html>\n"
    )
