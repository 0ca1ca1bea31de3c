"""The steps of an ecosystem map's layout (its parts and sizes, placing the actors, routing the value flows, placing
their labels), put together by :func:`journeymap.render.layout_network.layout_network`."""
