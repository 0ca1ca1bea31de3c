"""schemathesis against the studio's OpenAPI document: requests generated from every operation's schema (valid and
invalid bodies, path ids and query parameters of any size), sent signed in with the CSRF header, must never get a
server error (5xx).

The bounded run here sends a few hundred requests in seconds (``JOURNEYMAP_SCHEMATHESIS_EXAMPLES`` examples per
operation, 3 by default). A longer run, as the issue's probe did (thousands of requests)::

    JOURNEYMAP_SCHEMATHESIS_EXAMPLES=100 python -m pytest tests/web/test_api_schemathesis.py -q
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from studio_support import make_app, running, sign_up  # noqa: E402

EXAMPLES = int(os.environ.get("JOURNEYMAP_SCHEMATHESIS_EXAMPLES", "3"))
AUTH: dict[str, Any] = {}
SKIPPED = {
    ("POST", "/api/auth/logout"),  # would end the run's session
    ("DELETE", "/api/auth/sessions/{sid}"),
    ("DELETE", "/api/admin/sessions/{sid}"),
    ("POST", "/api/auth/password"),
}


@pytest.fixture(scope="module")
def studio_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    app = make_app(str(folder / "studio.db"), [], open_signup=True)
    with running(app) as client:
        sign_up(client)
        wid = client.post("/api/workspaces", json={"name": "Fuzzed"}).json()["id"]
        client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "Fuzzed map"})
        AUTH["cookies"] = dict(client.cookies.items())
        AUTH["headers"] = {"X-CSRF-Token": client.cookies["jm_csrf"]}
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("studio_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case: Any) -> None:
    if (case.method.upper(), case.path) in SKIPPED:
        return
    response = case.call(headers=AUTH["headers"], cookies=AUTH["cookies"])
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
