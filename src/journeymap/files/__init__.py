"""Reading and writing map files: YAML/JSON with line numbers, canonical dumps, JSON Schema, importers."""
