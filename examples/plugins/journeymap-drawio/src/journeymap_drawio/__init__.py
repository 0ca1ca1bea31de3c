"""journeymap-drawio: a journeymap plugin that writes maps as draw.io (diagrams.net) diagrams.

The format is registered through the ``journeymap.renderers`` entry point of this package's ``pyproject.toml``;
:mod:`journeymap_drawio.spec` describes it (imported when journeymap lists its formats, so it stays light) and
:mod:`journeymap_drawio.drawing` draws it (imported only when a map is rendered in this format).
"""

from .spec import FORMAT

__all__ = ["FORMAT"]
