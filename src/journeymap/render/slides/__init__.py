"""The slides of the PowerPoint renderer (:mod:`journeymap.render.pptx`): shapes and text fitting, the overview, the
stage slides, the speaker notes, the ecosystem and mental model slides."""
