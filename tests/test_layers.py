"""The layers of the package (issue 12): SQL lives in ``store/`` only; the studio's service layer speaks no HTTP (no
FastAPI, no Starlette, no HTTP status); routes and commands raise the project's errors, not ``HTTPException``; and
the library (what notebooks, the CLI and the studio all call) imports nothing from the CLI or the studio.

Imports are read from the source (at the top, inside functions and under ``TYPE_CHECKING`` alike), relative
imports resolved, so a lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from support import imported, module_name

PACKAGE = Path(str(importlib.import_module("journeymap").__file__)).resolve().parent

LIBRARY = ("model", "files", "analysis", "evidence", "render", "lint", "core")
"""The library's packages: they import nothing from ``cli/`` or ``web/``."""

DATABASE_LIBRARIES = ("sqlalchemy", "alembic")

SQL_OUTSIDE_STORE: dict[str, str] = {}
"""Modules outside ``store/`` still allowed to import SQLAlchemy, each with the reason (none today: the routes, the
dependencies, the studio's services and ``serve``'s URL check call store functions)."""

HTTP_IN_SERVICES: dict[str, str] = {}
"""Service modules still allowed to import FastAPI, Starlette or the API's HTTP errors, with the reason (none)."""

HTTP_ERROR_NAMES = {"fastapi.HTTPException", "starlette.exceptions.HTTPException", "fastapi.exceptions.HTTPException"}

HTTP_ERROR_HANDLERS = {"journeymap.web.errors": "turns every error into the API's one error shape, Starlette's too"}
"""Modules that may name ``HTTPException``: the one place that translates errors into answers."""


def modules(*folders: str) -> dict[str, Path]:
    """The package's modules (by dotted name) under ``folders`` (relative to the package), or all of them."""
    roots = [PACKAGE / folder for folder in folders] or [PACKAGE]
    return {module_name(path): path for root in roots for path in sorted(root.rglob("*.py"))}


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def offenders(found: dict[str, Path], forbidden: tuple[str, ...], allowed: dict[str, str]) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, path in found.items()
        if name not in allowed
        for target in sorted(imported(path))
        if within(target, forbidden)
    )


def service_modules() -> dict[str, Path]:
    web = PACKAGE / "web"
    paths = [web / "services.py", *sorted(web.glob("*_service.py"))]
    return {module_name(path): path for path in paths}


def test_no_sql_outside_the_store() -> None:
    outside = {name: path for name, path in modules().items() if not within(name, ("journeymap.store",))}
    assert offenders(outside, DATABASE_LIBRARIES, SQL_OUTSIDE_STORE) == []


def test_the_service_layer_speaks_no_http() -> None:
    found = service_modules()
    assert "journeymap.web.services" in found and len(found) >= 2  # services.py and at least one *_service.py
    http = ("fastapi", "starlette", "journeymap.web.errors", "http")
    assert offenders(found, http, HTTP_IN_SERVICES) == []


def test_routes_and_commands_raise_the_projects_errors() -> None:
    found = {
        name: path
        for name, path in modules().items()
        if name not in HTTP_ERROR_HANDLERS and not within(name, ("journeymap.store",))
    }
    bad = sorted(
        f"{name} imports {target}" for name, path in found.items() for target in imported(path) & HTTP_ERROR_NAMES
    )
    assert bad == []


@pytest.mark.parametrize("package", LIBRARY)
def test_the_library_imports_neither_the_cli_nor_the_studio(package: str) -> None:
    found = modules(package)
    assert found, f"journeymap.{package} has no modules"
    assert offenders(found, ("journeymap.cli", "journeymap.web"), {}) == []


def test_allow_lists_name_modules_that_exist_and_still_need_it() -> None:
    everything = modules()
    for name in SQL_OUTSIDE_STORE:
        assert name in everything, f"{name} is allow-listed but does not exist"
        assert any(within(target, DATABASE_LIBRARIES) for target in imported(everything[name])), name
    for name in HTTP_IN_SERVICES:
        assert name in service_modules(), f"{name} is allow-listed but is not a service module"
    for name in HTTP_ERROR_HANDLERS:
        assert imported(everything[name]) & HTTP_ERROR_NAMES, f"{name} no longer names HTTPException"


def test_the_import_reader_sees_lazy_and_relative_imports() -> None:
    # a module of the package read as it is: the store's __init__ imports SQLAlchemy and, relatively, .db
    found = imported(PACKAGE / "store" / "__init__.py")
    assert "sqlalchemy.orm" in found and "journeymap.store.db" in found and "journeymap.store.db.Store" in found
    # serve imports the store inside a function, two levels up
    found = imported(PACKAGE / "cli" / "serve.py")
    assert "journeymap.store.db.backend_name" in found
    assert within("sqlalchemy.orm", DATABASE_LIBRARIES) and not within("sqlalchemyx", DATABASE_LIBRARIES)
