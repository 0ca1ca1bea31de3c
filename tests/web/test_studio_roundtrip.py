"""Files → studio → files: every example workspace comes back byte for byte; an edited map comes back canonical with
its comments; and the same API flow answers the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from studio_support import (
    TestClient,
    copy_examples,
    fresh_postgres_database,
    make_app,
    postgres_server_url,
    running,
    sign_up,
)

from support import run

AS_IS = "maps/home-loan-as-is.yaml"


def folder_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".journeymap" not in p.relative_to(root).parts
    }


def exported(client: TestClient, wid: int) -> dict[str, bytes]:
    response = client.get(f"/api/workspaces/{wid}/export")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        slug = names[0].split("/", 1)[0]
        assert all(name.startswith(f"{slug}/") for name in names)
        return {name.split("/", 1)[1]: archive.read(name) for name in names}


def test_every_example_workspace_comes_back_byte_for_byte(tmp_path: Path) -> None:
    folders = copy_examples(tmp_path / "workspaces")
    assert len(folders) >= 5
    with running(make_app(str(tmp_path / "studio.db"), folders)) as client:
        sign_up(client)
        listed = client.get("/api/workspaces").json()
        assert len(listed) == len(folders)
        by_slug = {w["slug"]: w["id"] for w in listed}
        for folder in folders:
            files = exported(client, by_slug[folder.name])
            original = folder_files(folder)
            assert sorted(files) == sorted(original), folder.name
            changed = [path for path in original if files[path] != original[path]]
            assert changed == [], f"{folder.name}: {changed}"


def with_comments(folder: Path) -> str:
    """Put YAML comments into the as-is map (the examples have none) and return the new text."""
    path = folder / AS_IS
    text = path.read_text(encoding="utf-8")
    text = "# Owned by the Mortgages CX team\n" + text
    text = text.replace("name: Compare rates\n", "name: Compare rates  # from the May comparison sites\n", 1)
    text = text.replace("stages:\n", "stages:  # in the order Priya lives them\n", 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_an_edited_map_comes_back_canonical_with_its_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_examples(tmp_path / "workspaces", ["home-loan"])[0]
    original_text = with_comments(folder)
    with running(make_app(str(tmp_path / "studio.db"), [folder])) as client:
        sign_up(client)
        wid = client.get("/api/workspaces").json()[0]["id"]
        mid = next(m["id"] for m in client.get(f"/api/workspaces/{wid}").json()["maps"] if m["path"] == AS_IS)
        assert exported(client, wid)[AS_IS].decode() == original_text, "unedited: the file as it was"

        data = client.get(f"/api/maps/{mid}").json()["data"]
        edited = copy.deepcopy(data)
        edited["stages"][0]["steps"][1]["name"] = "Compare rates online"
        assert client.put(f"/api/maps/{mid}", json=edited).status_code == 200
        files = exported(client, wid)
        live = client.get(f"/api/maps/{mid}").json()["data"]

    text = files[AS_IS].decode()
    assert text != original_text and "name: Compare rates online" in text.replace("  #", " #")
    for comment in ("# Owned by the Mortgages CX team", "# from the May comparison sites", "# in the order Priya"):
        assert comment in text, comment
    assert files["maps/home-loan-to-be.yaml"] == (folder / "maps/home-loan-to-be.yaml").read_bytes()

    out = tmp_path / "exported"
    for path, content in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(content)
    # the hand-written to-be map is exported as it was (not canonical); the edited map is canonical
    code, stdout, stderr = run(capsys, "fmt", "--check", str(out))
    assert code == 1
    assert "would reformat" in stdout + stderr and "home-loan-to-be.yaml" in stdout + stderr
    assert "home-loan-as-is.yaml" not in stdout + stderr, f"the exported map is not canonical: {stdout}{stderr}"

    with running(make_app(str(tmp_path / "again.db"), [out])) as client:
        sign_up(client)
        wid = client.get("/api/workspaces").json()[0]["id"]
        mid = next(m["id"] for m in client.get(f"/api/workspaces/{wid}").json()["maps"] if m["path"] == AS_IS)
        assert client.get(f"/api/maps/{mid}").json()["data"] == live, "re-imported: the same data"


# --- the same API flow on SQLite and PostgreSQL -------------------------------------------------------------------

VOLATILE = re.compile(r"^(created_at|updated_at)$")


def normalised(value: Any) -> Any:
    """Answers without their time stamps (ids are the same: each store starts empty)."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if not VOLATILE.match(k)}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


def api_flow(database: str, folder: Path) -> list[Any]:
    """A representative walk through the API; every answer, in order."""
    answers: list[Any] = []
    with running(make_app(database, [folder])) as client:
        answers.append(sign_up(client))
        answers.append(client.get("/api/workspaces").json())
        wid = answers[-1][0]["id"]
        answers.append(client.get(f"/api/workspaces/{wid}").json())
        mid = next(m["id"] for m in answers[-1]["maps"] if m["path"] == AS_IS)
        data = client.get(f"/api/maps/{mid}").json()
        answers.append(data)
        edited = copy.deepcopy(data["data"])
        edited["stages"][0]["steps"][0]["name"] = "Work out the budget — «Ünïcode» ✓"
        answers.append(client.put(f"/api/maps/{mid}", json=edited).json())
        bad = copy.deepcopy(edited)
        bad["stages"][0]["name"] = ""
        answers.append(client.put(f"/api/maps/{mid}", json=bad).json())
        thread = client.post(f"/api/maps/{mid}/comments", json={"anchor": "r-calc", "body": "Why?"}).json()
        client.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "Because", "parent_id": thread["id"]})
        client.patch(f"/api/comments/{thread['id']}", json={"resolved": True})
        answers.append(client.get(f"/api/maps/{mid}/comments").json())
        answers.append(client.post(f"/api/maps/{mid}/versions", json={"name": "v2"}).json())
        versions = client.get(f"/api/maps/{mid}/versions").json()
        answers.append(versions)
        answers.append(client.get(f"/api/maps/{mid}/diff", params={"from": versions[-1]["id"]}).json())
        answers.append(client.post(f"/api/versions/{versions[-1]['id']}/restore").json())
        answers.append(client.post(f"/api/maps/{mid}/derive", json={"title": "Later"}).json())
        settings = answers[2]["settings"]
        settings["diagnostic"]["costly"]["rating"] = 1
        answers.append(client.put(f"/api/workspaces/{wid}/settings", json=settings).json())
        answers.append(client.post("/api/workspaces", json={"name": "Second"}).json())
        answers.append(client.get("/api/workspaces").json())
        answers.append(sorted(exported(client, wid).items()))
        answers.append(len(client.get(f"/api/maps/{mid}/export", params={"format": "svg"}).content))
        answers.append(client.delete(f"/api/maps/{mid}").json())
        answers.append(client.get(f"/api/maps/{mid}").json())
    return normalised(answers)


def test_postgresql_answers_as_sqlite_does(tmp_path: Path) -> None:
    server = postgres_server_url()
    folder = copy_examples(tmp_path / "workspaces", ["home-loan"])[0]
    on_sqlite = api_flow(str(tmp_path / "studio.db"), folder)
    with fresh_postgres_database(server) as url:
        on_postgres = api_flow(url, folder)
        with running(make_app(url, [folder])) as client:
            assert client.get("/api/health").json()["database"] == "postgresql"
    maps = len(list((folder / "maps").rglob("*.yaml")))
    assert on_sqlite[1][0]["map_count"] == maps and on_sqlite[5]["error"]["code"] == "JM104"
    for index, (a, b) in enumerate(zip(on_sqlite, on_postgres, strict=True)):
        assert a == b, f"answer {index} differs"
