"""The example plugin (examples/plugins/journeymap-drawio) adds the ``drawio`` format through an entry point alone:
the format shows in the CLI's help and renders there, in the library, in GET /api/catalog, on the export route
with its own media type, and in the studio's export menu in a real browser. No file of journeymap names it.

.ci/run installs the plugin; without it these tests are skipped.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import browser  # noqa: F401 - a fixture: Chromium driven by Playwright

from journeymap.render.format_specs import GROUP, installed_entry_points

from support import EXAMPLES, ROOT

if "drawio" not in dict(installed_entry_points(GROUP)):
    pytest.skip(
        "the example plugin is not installed: python3 -m pip install -e examples/plugins/journeymap-drawio "
        "(.ci/run does)",
        allow_module_level=True,
    )

AS_IS = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
MEDIA_TYPE = "application/vnd.jgraph.mxfile"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """journeymap in a process of its own: it finds its formats as a user's shell would."""
    command = [sys.executable, "-m", "journeymap.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)


def _step_names(diagram: bytes | str) -> set[str]:
    root = ET.fromstring(diagram)
    assert root.tag == "mxfile" and root.find("./diagram/mxGraphModel/root") is not None
    return {str(cell.get("value")) for cell in root.iter("mxCell")}


def test_no_file_of_journeymap_names_the_plugin() -> None:
    mentions = [
        path
        for folder in ("src", "frontend/src")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".ts", ".tsx", ".toml"} and "drawio" in path.read_text(encoding="utf-8").lower()
    ]
    assert mentions == []
    assert "drawio" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_cli_lists_the_format_and_its_option_in_render_help() -> None:
    result = _cli("render", "--help")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "drawio (draw.io)" in text
    assert "--column-width COLUMN_WIDTH drawio: width of a step's column in pixels (default: 160)" in text


def test_the_cli_renders_the_format_with_its_option(tmp_path: Path) -> None:
    target = tmp_path / "as-is.drawio"
    result = _cli("render", str(AS_IS), "--format", "drawio", "--column-width", "200", "-o", str(target))
    assert result.returncode == 0, result.stderr
    diagram = target.read_bytes()
    assert {"Estimate borrowing", "Research", "Actions"} <= _step_names(diagram)
    assert 'width="200"' in diagram.decode("utf-8")
    wrong = _cli("render", str(AS_IS), "--format", "drawio", "--column-width", "5")
    assert wrong.returncode != 0 and "column_width must be between 80 and 400" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_the_library_renders_the_format() -> None:
    import journeymap

    journey_map = journeymap.load_map(AS_IS)
    assert "drawio" in journeymap.renderers()
    assert "Estimate borrowing" in _step_names(journeymap.render(journey_map, "drawio"))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Any]:
    pytest.importorskip("fastapi", reason="the studio extra is not installed")
    from studio_support import copy_examples, make_app, running, sign_up

    workspaces = copy_examples(tmp_path / "workspaces", ["home-loan"])
    with running(make_app(str(tmp_path / "studio.db"), workspaces)) as client:
        sign_up(client)
        yield client


def test_the_api_lists_and_serves_the_format(client: Any) -> None:
    catalog = client.get("/api/catalog").json()
    drawio = next(f for f in catalog["formats"] if f["name"] == "drawio")
    assert (drawio["label"], drawio["extension"], drawio["media_type"]) == ("draw.io", "drawio", MEDIA_TYPE)
    assert [o["name"] for o in drawio["options"]] == ["column_width"]
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    map_id = next(m["id"] for m in maps if m["path"] == "maps/home-loan-as-is.yaml")
    answer = client.get(f"/api/maps/{map_id}/export", params={"format": "drawio", "column_width": "120"})
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == MEDIA_TYPE
    assert answer.headers["content-disposition"] == 'attachment; filename="home-loan-as-is.drawio"'
    assert "Estimate borrowing" in _step_names(answer.content) and 'width="120"' in answer.text
    refused = client.get(f"/api/maps/{map_id}/export", params={"format": "drawio", "column_width": "9000"})
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "column_width must be between 80 and 400, not 9000"


# --- the studio, in a real browser ------------------------------------------------------------------------------


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[Any]:
    from e2e_support import StudioServer, needs_browser

    needs_browser()
    server = StudioServer(tmp_path / "studio", ["home-loan"])
    server.start()
    yield server
    server.stop()


def test_the_studio_s_export_menu_offers_the_format(
    studio: Any,
    browser: Any,  # noqa: F811 - the fixture
    request: pytest.FixtureRequest,
) -> None:
    from e2e_support import find_map, open_map, pages_for, shot, sign_in

    with pages_for(browser, request) as pages:
        page = pages.new()
        sign_in(page, studio)
        open_map(page, studio, find_map(page, "home-loan", "maps/home-loan-as-is.yaml"))
        page.get_by_role("button", name="Export").click()
        item = page.locator(".export-menu").get_by_role("menuitem").filter(has_text="draw.io")
        item.wait_for()
        shot(page, "plugin-export-menu")
        assert "diagrams.net diagram" in item.inner_text()
        with page.expect_download() as info:
            item.click()
        download = info.value
        assert download.failure() is None
        assert download.suggested_filename == "home-loan-as-is.drawio"
        assert "Estimate borrowing" in _step_names(Path(download.path()).read_bytes())


def test_the_plugin_s_own_tests_pass() -> None:
    """The plugin's tests (its package's own, as its developer runs them) pass against this journeymap."""
    tests = ROOT / "examples" / "plugins" / "journeymap-drawio" / "tests"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(tests.parent),
        str(tests),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tests.parent, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
