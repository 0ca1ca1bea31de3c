"""``GET /api/catalog``: the registries as the studio reads them, and the export routes following the registry."""

from __future__ import annotations

from typing import Any

from studio_support import TestClient, error_of

from journeymap.analysis.registry import analysis_names
from journeymap.map_types import MAP_TYPES
from journeymap.render.registry import formats


def _map_id(client: TestClient) -> int:
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    return int(next(m["id"] for m in maps if m["path"] == "maps/home-loan-as-is.yaml"))


def test_anyone_reads_the_catalog_of_the_registries(anonymous: TestClient) -> None:
    response = anonymous.get("/api/catalog")
    assert response.status_code == 200
    catalog: dict[str, Any] = response.json()
    assert [f["name"] for f in catalog["formats"]] == [spec.name for spec in formats()]
    mermaid = next(f for f in catalog["formats"] if f["name"] == "mermaid")
    assert mermaid == {
        "name": "mermaid", "label": "Mermaid", "description": "user-journey diagram source", "extension": "mmd",
        "media_type": "text/vnd.mermaid", "binary": False, "inline": False, "options": [],
    }  # fmt: skip
    pdf = next(f for f in catalog["formats"] if f["name"] == "pdf")
    assert [o["name"] for o in pdf["options"]] == ["paper", "tile", "fit", "blank"]
    assert pdf["options"][0]["choices"] == ["A4", "A3", "A2", "A1", "A0"]
    assert [(t["name"], t["label"]) for t in catalog["map_types"]] == [(t.name, t.label) for t in MAP_TYPES.values()]
    blueprint = next(t for t in catalog["map_types"] if t["name"] == "service-blueprint")
    assert blueprint["family"] == "timeline" and blueprint["lanes"][1] == "customer-actions"
    assert [a["name"] for a in catalog["analyses"]] == analysis_names()


def test_the_catalog_is_in_the_openapi_document(anonymous: TestClient) -> None:
    document = anonymous.get("/api/openapi.json").json()
    answer = document["paths"]["/api/catalog"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/Catalog"}
    assert set(document["components"]["schemas"]["Catalog"]["properties"]) == {"formats", "map_types", "analyses"}


def test_exports_answer_the_registry_s_media_type_and_extension(client: TestClient) -> None:
    mid = _map_id(client)
    mermaid = client.get(f"/api/maps/{mid}/export", params={"format": "mermaid"})
    assert mermaid.headers["content-type"] == "text/vnd.mermaid; charset=utf-8"
    assert mermaid.headers["content-disposition"] == 'attachment; filename="home-loan-as-is.mmd"'
    svg = client.get(f"/api/maps/{mid}/export", params={"format": "svg"})
    assert svg.headers["content-type"] == "image/svg+xml" and "content-disposition" not in svg.headers
    download = client.get(f"/api/maps/{mid}/export", params={"format": "svg", "download": "true"})
    assert download.headers["content-disposition"] == 'attachment; filename="home-loan-as-is.svg"'


def test_export_options_are_checked_as_the_registry_says(client: TestClient) -> None:
    mid = _map_id(client)
    error = error_of(client.get(f"/api/maps/{mid}/export", params={"format": "png", "dpi": "5000"}), 422)
    assert error["message"] == "dpi must be between 30 and 1200, not 5000"
    error = error_of(client.get(f"/api/maps/{mid}/export", params={"format": "pdf", "tile": "A2"}), 422)
    assert error["message"] == "tile must be one of A4, A3, not 'A2'"
    small = client.get(f"/api/maps/{mid}/export", params={"format": "png", "dpi": "30"})
    large = client.get(f"/api/maps/{mid}/export", params={"format": "png", "dpi": "120"})
    assert small.status_code == large.status_code == 200 and len(small.content) < len(large.content)


def test_the_catalog_says_which_analyses_the_studio_draws_and_each_draws(client: TestClient) -> None:
    """``studio`` is the media the analysis route answers in; the Evidence panel lists exactly these."""
    analyses = {a["name"]: a["studio"] for a in client.get("/api/catalog").json()["analyses"]}
    assert analyses["emotion"] == "svg" and analyses["discovery"] == "svg" and analyses["report"] == "html"
    assert analyses["moments"] is None and analyses["diagnose"] is None  # tables only / a 5Cs file
    mid = _map_id(client)
    for name, media in analyses.items():
        answer = client.get(f"/api/maps/{mid}/analysis/{name}")
        if media is None:
            error_of(answer, 404, "not_found")
        else:
            assert answer.status_code == 200, (name, answer.text[:200])
            assert answer.headers["content-type"].startswith({"svg": "image/svg+xml", "html": "text/html"}[media])
