"""Renderers: one small interface, one table of formats (see :mod:`journeymap.render.registry`)."""
