"""Write the studio API's OpenAPI document, from the FastAPI app itself, without starting a server.

    python3 tools/export_openapi.py                 # writes frontend/openapi.json
    python3 tools/export_openapi.py --out FILE      # writes FILE ("-" for standard output)

The front end generates its API types from that file (``npm run gen:api`` in ``frontend/`` runs this script and
then openapi-typescript; ``npm run check:api`` fails when the committed files are stale). The app is built on a
throw-away SQLite store in a temporary folder: the document does not depend on any data.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "frontend" / "openapi.json"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the studio's app, as ``GET /api/openapi.json`` serves it."""
    from journeymap.web.app import create_app
    from journeymap.web.settings import Settings

    with tempfile.TemporaryDirectory(prefix="journeymap-openapi-") as folder:
        app = create_app(Settings(database=str(Path(folder) / "studio.db")))
        try:
            return app.openapi()
        finally:
            app.state.studio.store.dispose()


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT), help='the file to write ("-": standard output)')
    args = parser.parse_args(argv)
    try:
        text = dumps(openapi_document())
    except ImportError as error:
        print(f"export_openapi: the studio is not installed ({error}); pip install -e '.[studio]'", file=sys.stderr)
        return 1
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
