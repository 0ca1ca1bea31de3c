"""The package build also builds the studio's front end (``frontend/``, TypeScript with Vite) into
``src/journeymap/web/static`` — so wheels carry the built assets and no CDN is needed at run time — and puts the
example workspaces into wheels for ``journeymap serve --demo``. Everything else is in pyproject.toml."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FRONTEND = ROOT / "frontend"
STATIC = ROOT / "src" / "journeymap" / "web" / "static"
EXAMPLES = ROOT / "examples"


def _newest(paths: list[Path]) -> float:
    times = [p.stat().st_mtime for path in paths if path.exists() for p in [path, *path.rglob("*")] if p.is_file()]
    return max(times, default=0.0)


def build_frontend() -> None:
    if not (FRONTEND / "package.json").is_file() or os.environ.get("JOURNEYMAP_SKIP_FRONTEND") == "1":
        return
    index = STATIC / "index.html"
    sources = [FRONTEND / "src", FRONTEND / "index.html", FRONTEND / "package.json", FRONTEND / "package-lock.json"]
    sources += list(FRONTEND.glob("*.config.*")) + list(FRONTEND.glob("tsconfig*.json"))
    if index.is_file() and index.stat().st_mtime >= _newest(sources):
        return  # up to date
    npm = shutil.which("npm")
    if npm is None:
        if index.is_file():
            print("journeymap: npm not found; keeping the front end built before")
            return
        raise SystemExit(
            "journeymap: building the studio's front end needs Node.js 20+ and npm "
            "(apt-get install nodejs npm), or set JOURNEYMAP_SKIP_FRONTEND=1 to install without the studio"
        )
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FRONTEND, check=True)
    subprocess.run([npm, "run", "build", "--silent"], cwd=FRONTEND, check=True)


class BuildPy(build_py):
    """build_py that first builds the front end and then copies the examples into the package."""

    def run(self) -> None:
        build_frontend()
        super().run()
        if not getattr(self, "editable_mode", False) and EXAMPLES.is_dir():
            target = Path(self.build_lib) / "journeymap" / "_examples"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".journeymap", "__pycache__"))


setup(cmdclass={"build_py": BuildPy})
