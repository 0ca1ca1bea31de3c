"""The deployment files cannot drift from the code: ``compose.yaml`` and the ``Dockerfile`` name real ``serve``
options, health checks and volumes (no container engine runs here, so they are read, not run), and the guide is
linked from where people look."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from journeymap.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ENV = {"POSTGRES_PASSWORD": "s3cretdigits", "JOURNEYMAP_PUBLIC_URL": "https://cx.example.org"}


def serve_options() -> set[str]:
    """The options ``journeymap serve --help`` lists."""
    result = subprocess.run(
        [sys.executable, "-m", "journeymap.cli.main", "serve", "--help"], capture_output=True, text=True, check=True
    )
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", result.stdout))


def interpolate(text: str) -> str:
    """Compose's ``${VAR}``, ``${VAR:?message}`` and ``${VAR:-default}`` with the sample environment."""

    def value(match: re.Match[str]) -> str:
        name, _, default = match.group(1).partition(":")
        return SAMPLE_ENV.get(name, default[1:] if default.startswith("-") else "")

    return re.sub(r"\$\{([^}]+)\}", value, text)


def check_serve_command(command: list[str]) -> Any:
    """The command is ``journeymap serve …`` with options serve has; returns the parsed arguments."""
    assert command[:2] == ["journeymap", "serve"], command
    known = serve_options()
    for word in command[2:]:
        if word.startswith("--"):
            assert word.split("=", 1)[0] in known, f"{word} is not an option of journeymap serve"
    return build_parser().parse_args(command[1:])


def compose() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def test_compose_runs_the_studio_on_postgres() -> None:
    spec = compose()
    services = spec["services"]
    assert set(services) == {"studio", "postgres"}
    postgres, studio = services["postgres"], services["studio"]

    assert postgres["image"] == "postgres:15"
    [volume] = postgres["volumes"]
    name, path = volume.split(":")
    assert path == "/var/lib/postgresql/data" and name in spec["volumes"]
    assert postgres["environment"]["POSTGRES_USER"] == "journeymap"
    assert postgres["environment"]["POSTGRES_DB"] == "journeymap"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])

    assert studio["build"] == "."
    assert studio["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert "/api/health" in " ".join(studio["healthcheck"]["test"])
    assert all(service["restart"] == "unless-stopped" for service in services.values())
    [published] = studio["ports"]
    assert published.startswith("127.0.0.1:"), "the studio believes any X-Forwarded-*: only the host may reach it"
    [data] = studio["volumes"]
    assert data.split(":")[0] in spec["volumes"] and data.endswith(":/data")

    args = check_serve_command([interpolate(word) for word in studio["command"]])
    assert args.database == "postgresql://journeymap:s3cretdigits@postgres:5432/journeymap"
    assert args.behind_proxy and args.host == "0.0.0.0" and args.public_url == "https://cx.example.org"
    assert args.port == int(published.split(":")[-1])


def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [
        " ".join(part.strip() for part in block.split("\\\n"))
        for block in re.split(r"\n(?=[A-Z]+ )", "\n".join(lines))
        if block.strip()
    ]


def test_the_dockerfile_builds_a_non_root_studio_with_a_data_volume() -> None:
    instructions = dockerfile()

    def all_of(keyword: str) -> list[str]:
        return [line.split(" ", 1)[1] for line in instructions if line.startswith(keyword + " ")]

    stages = all_of("FROM")
    assert stages[-1] == "python:3.11-slim", "the image is Python 3.11 slim"
    assert any(stage.startswith("node:") for stage in stages[:-1]), "the front end is built in a Node.js stage"
    assert any("pip install '.[studio]'" in run for run in all_of("RUN"))
    assert any("npm run build" in run for run in all_of("RUN"))
    [user] = all_of("USER")
    assert user not in ("root", "0")
    assert any("JOURNEYMAP_DATA_DIR=/data" in env for env in all_of("ENV"))
    assert json.loads(all_of("VOLUME")[0]) == ["/data"]
    [health] = all_of("HEALTHCHECK")
    assert "/api/health" in health and "127.0.0.1:8765" in health

    [cmd] = all_of("CMD")
    args = check_serve_command(json.loads(cmd))
    assert args.host == "0.0.0.0" and args.behind_proxy and args.port == 8765
    assert args.port == int(all_of("EXPOSE")[0])


def test_the_deployment_guide_is_linked() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    studio = (ROOT / "docs" / "studio.md").read_text(encoding="utf-8")
    assert "Put the studio on a server for a team: [docs/deploy.md](docs/deploy.md)" in readme
    first_section = studio.split("\n## ", 1)[0]
    assert "(deploy.md)" in first_section
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for option in ("--behind-proxy", "--forwarded-allow-ips", "--public-url", "--open-signup", "--insecure-http"):
        assert option in guide and option in serve_options()
    for needed in ("/api/realtime/", "X-Forwarded-Proto", "X-Forwarded-For", "Upgrade", "journeymap studio backup",
                   "journeymap studio restore", "[Install]", "OnCalendar"):  # fmt: skip
        assert needed in guide, needed
