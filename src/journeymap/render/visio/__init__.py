"""The page of the Visio renderer (:mod:`journeymap.render.vsdx`): shapes and their XML, and each map type drawn
from the shared layouts."""
