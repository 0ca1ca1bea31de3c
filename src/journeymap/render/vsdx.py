"""The Visio writer: every map as a one-page ``.vsdx`` drawing of editable shapes, from the standard library.

No maintained library creates a Visio drawing from scratch, and a VSDX is only an OPC zip of a few XML parts,
so this module writes those parts itself:

* ``[Content_Types].xml`` and ``_rels/.rels`` (the package), ``docProps/core.xml`` and ``docProps/app.xml``
  (fixed timestamps, so the output is byte-for-byte deterministic and can be golden-tested);
* ``visio/document.xml`` (one default style sheet) and ``visio/pages/pages.xml`` (one page, sized to the map);
* ``visio/pages/page1.xml``: the shapes and the ``Connects`` that glue value flows to their actors.

Geometry is never computed here: the shared layouts place everything (:func:`~.layout.layout_timeline`,
:func:`~.layout_network.layout_network`, :func:`~.layout_mental.layout_mental`), in px at 96 dpi. Visio
measures in inches (96 px = 1 in) with its y axis pointing up, so every y is flipped against the page height.
Every piece of user text is stripped of characters XML cannot hold and escaped, so hostile text comes out
literally.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from ..files.zipwriter import zip_bytes
from ..model import Map
from .registry import BinaryRenderer, RenderContext
from .visio.maps import drawing_for
from .visio.shapes import Drawing, _num, _px, clean

__all__ = ["render_vsdx", "renderer"]


MEDIA_TYPE = "application/vnd.ms-visio.drawing"
NS = "http://schemas.microsoft.com/office/visio/2012/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FIXED_TIME = "2000-01-01T00:00:00Z"

CONTENT_TYPES = {
    "/visio/document.xml": "application/vnd.ms-visio.drawing.main+xml",
    "/visio/pages/pages.xml": "application/vnd.ms-visio.pages+xml",
    "/visio/pages/page1.xml": "application/vnd.ms-visio.page+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}


# ---- the package -----------------------------------------------------------------------------------------------
def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body).encode("utf-8")


def _rels(rels: Iterable[tuple[str, str, str]]) -> bytes:
    rows = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
    return _xml(f'<Relationships xmlns="{REL_NS}">{rows}</Relationships>')


def _content_types() -> bytes:
    defaults = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
    )
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in CONTENT_TYPES.items())
    return _xml(f'<Types xmlns="{CT_NS}">{defaults}{overrides}</Types>')


def _document() -> bytes:
    sheet = (
        '<StyleSheet ID="0" NameU="No Style" Name="No Style">'
        '<Cell N="LineWeight" V="0.01041666666666667"/><Cell N="LineColor" V="#000000"/>'
        '<Cell N="LinePattern" V="1"/><Cell N="FillForegnd" V="#ffffff"/><Cell N="FillPattern" V="1"/>'
        '<Cell N="LeftMargin" V="0"/><Cell N="RightMargin" V="0"/><Cell N="TopMargin" V="0"/>'
        '<Cell N="BottomMargin" V="0"/><Cell N="VerticalAlign" V="1"/>'
        '<Section N="Character"><Row IX="0"><Cell N="Font" V="0"/><Cell N="Color" V="#000000"/>'
        '<Cell N="Size" V="0.1666666666666667"/></Row></Section>'
        "</StyleSheet>"
    )
    return _xml(
        f'<VisioDocument xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">'
        '<DocumentSettings TopPage="0" DefaultTextStyle="0" DefaultLineStyle="0" DefaultFillStyle="0" '
        'DefaultGuideStyle="0"/>'
        '<FaceNames><FaceName NameU="DejaVu Sans" UnicodeRanges="-1 -1 0 0" CharSets="1 0" Panos="2 11 6 3 3 8 4 2 2 4"'
        ' Flags="325"/></FaceNames>'
        f"<StyleSheets>{sheet}</StyleSheets></VisioDocument>"
    )


def _pages(drawing: Drawing, title: str) -> bytes:
    name = quoteattr(clean(title)[:31] or "Page-1")
    sheet = (
        f'<PageSheet LineStyle="0" FillStyle="0" TextStyle="0">'
        f'<Cell N="PageWidth" V="{_num(_px(drawing.width))}"/><Cell N="PageHeight" V="{_num(_px(drawing.height))}"/>'
        '<Cell N="PageScale" V="1" U="IN_F"/><Cell N="DrawingScale" V="1" U="IN_F"/>'
        '<Cell N="DrawingSizeType" V="0"/><Cell N="DrawingScaleType" V="0"/><Cell N="PrintPageOrientation" V="2"/>'
        "</PageSheet>"
    )
    page = f'<Page ID="0" NameU={name} Name={name}>{sheet}<Rel r:id="rId1"/></Page>'
    return _xml(f'<Pages xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">{page}</Pages>')


def _page(drawing: Drawing) -> bytes:
    connects = f"<Connects>{''.join(drawing.connects)}</Connects>" if drawing.connects else ""
    return _xml(
        f'<PageContents xmlns="{NS}" xmlns:r="{NS_R}" xml:space="preserve">'
        f"<Shapes>{''.join(drawing.shapes)}</Shapes>{connects}</PageContents>"
    )


def _core(title: str) -> bytes:
    return _xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(clean(title))}</dc:title><dc:creator>journeymap</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _app() -> bytes:
    return _xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>journeymap</Application><DocSecurity>0</DocSecurity></Properties>"
    )


def render_vsdx(m: Map, context: RenderContext) -> bytes:
    """The map as a ``.vsdx`` package (bytes), identical for identical input."""
    drawing = drawing_for(m, context)
    vs = "http://schemas.microsoft.com/visio/2010/relationships"
    od = "http://schemas.openxmlformats.org"
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types()),
        (
            "_rels/.rels",
            _rels(
                [
                    ("rId1", f"{vs}/document", "visio/document.xml"),
                    ("rId2", f"{od}/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
                    ("rId3", f"{od}/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", _core(m.title)),
        ("docProps/app.xml", _app()),
        ("visio/document.xml", _document()),
        ("visio/_rels/document.xml.rels", _rels([("rId1", f"{vs}/pages", "pages/pages.xml")])),
        ("visio/pages/pages.xml", _pages(drawing, m.title)),
        ("visio/pages/_rels/pages.xml.rels", _rels([("rId1", f"{vs}/page", "page1.xml")])),
        ("visio/pages/page1.xml", _page(drawing)),
    ]
    return zip_bytes(parts)


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return BinaryRenderer("vsdx", ".vsdx", MEDIA_TYPE, render_vsdx)
