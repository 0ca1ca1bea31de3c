"""One handler answers every error of the project's tree in the one error shape, with the status it always had."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from journeymap.errors import JourneymapError, MapFileError, NotFoundError, Problem
from journeymap.store import open_store
from journeymap.store.repo import StoreUpdateLog
from journeymap.web import errors
from journeymap.web.errors import ApiError
from journeymap.web.realtime import PersistError, ProtocolError

PROBLEM = Problem("JM101", "stage 1 › name", "a text is needed", "write a name", loc=("s", 0))
RAISED: dict[str, BaseException] = {
    "not-found": NotFoundError("map 9999"),
    "api": ApiError(409, "the map changed meanwhile", hint="reload it", headers={"retry-after": "1"}),
    "problems": MapFileError([PROBLEM]),
    "plain": JourneymapError("the studio database cannot be opened"),
    "persist": PersistError("could not save the change to map 3: disk full"),
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    errors.install(app)

    @app.get("/raise/{name}")
    def raise_it(name: str) -> None:
        raise RAISED[name]

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _error(client: TestClient, name: str, status: int) -> dict[str, Any]:
    response = client.get(f"/raise/{name}")
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"error"}
    return body["error"]


def test_not_found_from_the_service_layer_is_a_404(client: TestClient) -> None:
    assert _error(client, "not-found", 404) == {
        "status": 404,
        "code": "not_found",
        "message": "map 9999 not found",
        "hint": "check the id; it may have been deleted",
        "problems": [],
    }


def test_an_api_error_keeps_its_status_code_and_headers(client: TestClient) -> None:
    response = client.get("/raise/api")
    assert response.headers["retry-after"] == "1"
    assert _error(client, "api", 409) == {
        "status": 409,
        "code": "conflict",
        "message": "the map changed meanwhile",
        "hint": "reload it",
        "problems": [],
    }


def test_problems_are_a_422_with_each_problem_in_its_one_form(client: TestClient) -> None:
    error = _error(client, "problems", 422)
    assert (error["code"], error["message"], error["hint"]) == ("JM101", "a text is needed", "write a name")
    assert error["problems"] == [PROBLEM.to_dict()]
    assert error["problems"][0]["loc"] == ["s", 0]


def test_any_other_project_error_is_a_400(client: TestClient) -> None:
    error = _error(client, "plain", 400)
    assert (error["code"], error["message"]) == ("invalid", "the studio database cannot be opened")


def test_a_failed_update_log_stays_a_server_failure_that_tells_no_internals(client: TestClient) -> None:
    error = _error(client, "persist", 500)
    assert error["code"] == "internal" and "disk" not in error["message"] and error["hint"]


def test_realtime_errors_are_in_the_tree_and_keep_their_old_bases() -> None:
    assert issubclass(ProtocolError, JourneymapError) and issubclass(ProtocolError, ValueError)
    assert issubclass(PersistError, JourneymapError) and issubclass(PersistError, RuntimeError)
    assert issubclass(ApiError, JourneymapError)


def test_the_update_log_of_a_missing_map_is_not_found(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "studio.db"))
    try:
        with pytest.raises(NotFoundError, match="map 41 not found"):
            StoreUpdateLog(store).load(41)
    finally:
        store.dispose()
