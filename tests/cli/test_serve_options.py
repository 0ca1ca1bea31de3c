"""``journeymap serve`` on a server: where the store is, the proxy and transport options and what uvicorn gets
(uvicorn itself is replaced by a recorder: nothing listens)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from journeymap.cli.main import main


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """What the server was given (the app and uvicorn's options), one entry a start."""
    from journeymap.web import server

    runs: list[dict[str, Any]] = []

    def record(app: Any, **options: Any) -> None:
        runs.append({"app": app, "settings": app.state.studio.settings, **options})
        app.state.studio.store.dispose()

    monkeypatch.setattr(server, "serve_one", record)
    monkeypatch.setenv("JOURNEYMAP_DATA_DIR", str(tmp_path / "data"))
    return runs


def serve(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["serve", "--no-browser", "--port", str(free_port()), *args])
    return code, capsys.readouterr().err


def test_without_a_workspace_the_store_is_in_the_data_folder(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = serve(capsys)
    assert code == 0, err
    [run] = served
    store = tmp_path / "data" / "studio.db"
    assert run["settings"].database == str(store) and store.is_file()
    assert f"(store: {store}, your studio's data folder; $JOURNEYMAP_DATA_DIR or --database" in err
    assert "temporary" not in err and "note:" not in err and "warning" not in err
    # the defaults: no proxy believed, invitations, cookies Secure
    assert run["proxy_headers"] is False and "forwarded_allow_ips" not in run
    settings = run["settings"]
    assert not settings.open_signup and not settings.insecure_http and not settings.behind_proxy
    assert settings.public_url is None


def test_the_demo_store_is_temporary_and_says_so(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = serve(capsys, "--demo")
    assert code == 0, err
    store = Path(served[0]["settings"].database)
    assert "this store is temporary: it is deleted when the studio stops (use --database FILE to keep it)" in err
    assert not store.parent.exists()  # deleted when uvicorn returned


def test_a_workspace_keeps_its_store_in_its_folder(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    assert main(["new", "workspace", "-o", str(workspace)]) == 0
    code, err = serve(capsys, str(workspace))
    assert code == 0, err
    assert served[0]["settings"].database == str(workspace / ".journeymap" / "studio.db")


def test_behind_a_proxy(served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(
        capsys, "--host", "0.0.0.0", "--behind-proxy", "--forwarded-allow-ips", "10.0.0.2,10.0.0.3",
        "--public-url", "https://cx.example.org/", "--open-signup",
    )  # fmt: skip
    assert code == 0, err
    [run] = served
    assert run["proxy_headers"] is True and run["forwarded_allow_ips"] == "10.0.0.2,10.0.0.3"
    assert run["host"] == "0.0.0.0"
    settings = run["settings"]
    assert settings.behind_proxy and settings.open_signup and not settings.insecure_http
    assert settings.forwarded_allow_ips == "10.0.0.2,10.0.0.3"
    assert settings.public_url == "https://cx.example.org"
    assert "people reach it at https://cx.example.org/" in err
    assert "note:" not in err  # TLS is the proxy's


def test_behind_a_proxy_on_the_same_machine(served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(capsys, "--behind-proxy")
    assert code == 0, err
    assert served[0]["proxy_headers"] is True and served[0]["forwarded_allow_ips"] == "127.0.0.1"


def test_plain_http_on_a_network_name(served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    code, err = serve(capsys, "--host", "0.0.0.0")
    assert code == 0, err
    assert "note: nobody can sign in over plain HTTP at http://0.0.0.0:" in err
    assert "--behind-proxy" in err and "--insecure-http" in err and "docs/deploy.md" in err
    code, err = serve(capsys, "--host", "0.0.0.0", "--insecure-http")
    assert code == 0, err
    assert served[1]["settings"].insecure_http and served[1]["proxy_headers"] is False
    assert (
        "warning: --insecure-http: cookies are sent without Secure over plain HTTP: anyone on the network path can "
        "take a session; use TLS, see docs/deploy.md"
    ) in err
    assert "note:" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forwarded-allow-ips", "10.0.0.2"], "--forwarded-allow-ips names the proxy of --behind-proxy"),
        (["--public-url", "cx.example.org"], "--public-url 'cx.example.org': give the address people open"),
        (["--public-url", "ftp://cx.example.org"], "such as https://cx.example.org"),
    ],
)
def test_wrong_options_are_refused_before_anything_starts(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, err = serve(capsys, *args)
    assert code == 1 and message in err and "Traceback" not in err, err
    assert served == []


def test_several_workers_need_a_postgresql_store(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = serve(capsys, "--database", str(tmp_path / "studio.db"), "--workers", "2")
    assert code != 0 and served == []
    assert "--workers 2: several processes need a PostgreSQL store" in err and "Traceback" not in err
    code, err = serve(capsys, "--workers", "0")
    assert code != 0 and "--workers 0: give a number of processes from 1 to 64" in err


def test_log_format_json_gives_uvicorn_the_json_logging(
    served: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = serve(capsys, "--database", str(tmp_path / "studio.db"), "--log-format", "json")
    assert code == 0, err
    [run] = served
    assert run["log_level"] == "info"
    assert run["log_config"]["formatters"]["default"]["()"].endswith("JsonFormatter")
