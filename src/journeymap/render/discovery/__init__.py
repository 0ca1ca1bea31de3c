"""The parts of the pictures and the table of a discovered journey (style, flow layout, funnel, text), shown through
:mod:`journeymap.render.svg_discovery` and :mod:`journeymap.render.discovery.text`."""
