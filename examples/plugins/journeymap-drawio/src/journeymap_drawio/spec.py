"""What the draw.io format is, for journeymap's format registry: read when journeymap lists its formats (the CLI's
help, the studio's export menu), so it imports nothing but journeymap's spec classes."""

from __future__ import annotations

from journeymap.render.format_specs import FormatOption, FormatSpec

__all__ = ["FORMAT"]

FORMAT = FormatSpec(
    name="drawio",
    label="draw.io",
    extension="drawio",
    media_type="application/vnd.jgraph.mxfile",
    renderer="journeymap_drawio.drawing:renderer",
    description="diagrams.net diagram",
    options=(FormatOption("column_width", "integer", "width of a step's column in pixels", 160, (), 80, 400),),
)
