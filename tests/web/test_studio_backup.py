"""``journeymap studio backup|restore``: a consistent copy of a running studio, restored into SQLite and into
PostgreSQL (and back), with the same accounts, workspaces, maps, comments, versions and uploads; refusals and
broken archives get clean messages."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from studio_support import (
    PASSWORD,
    TestClient,
    copy_examples,
    fresh_postgres_database,
    log_in,
    make_app,
    postgres_server_url,
    running,
    sign_up,
)

from journeymap.cli.main import main
from journeymap.errors import ArchiveError, JourneymapError
from journeymap.store import archive as archive_module
from journeymap.store.backup import backup, known_revisions, restore

from support import EXAMPLES

EMAIL = "ann@example.org"
SURVEY = EXAMPLES / "home-loan" / "evidence" / "post-completion-survey.csv"


# --- a studio with a bit of everything ------------------------------------------------------------------------


def fill(client: TestClient) -> None:
    """Workspaces, maps with edits, comments with a reply, named versions and an evidence upload."""
    wid = client.post("/api/workspaces", json={"name": "Café onboarding"}).json()["id"]
    created = client.post(f"/api/workspaces/{wid}/maps", json={"type": "customer-journey-map", "title": "Sign up"})
    assert created.status_code == 201, created.text
    mid = created.json()["id"]
    data = client.get(f"/api/maps/{mid}").json()["data"]
    data["title"] = "Sign up — as is"
    data["stages"][0]["name"] = "Discover the café"
    assert client.put(f"/api/maps/{mid}", json=data).status_code == 200
    assert client.post(f"/api/maps/{mid}/versions", json={"name": "first draft"}).status_code == 201
    thread = client.post(f"/api/maps/{mid}/comments", json={"anchor": "s-1", "body": "Is this the first step?"})
    assert thread.status_code == 201, thread.text
    reply = {"anchor": "s-1", "body": "Yes — from the **flyer**", "parent_id": thread.json()["id"]}
    assert client.post(f"/api/maps/{mid}/comments", json=reply).status_code == 201
    assert client.patch(f"/api/comments/{thread.json()['id']}", json={"resolved": True}).status_code == 200

    home = next(w for w in client.get("/api/workspaces").json() if w["slug"] == "home-loan")
    as_is = next(m for m in client.get(f"/api/workspaces/{home['id']}").json()["maps"] if "as-is" in m["path"])
    uploaded = client.post(
        f"/api/maps/{as_is['id']}/evidence", files={"file": (SURVEY.name, SURVEY.read_bytes())}, data={"kind": "survey"}
    )
    assert uploaded.status_code in (200, 201), uploaded.text
    applied = client.post(
        f"/api/evidence/{uploaded.json()['id']}/apply", json={"mapping": uploaded.json()["suggested_mapping"]}
    )
    assert applied.status_code == 200, applied.text
    assert (
        client.post(f"/api/maps/{as_is['id']}/comments", json={"anchor": "x", "body": "ünïcode ✓"}).status_code == 201
    )


def _normal(value: Any) -> Any:
    """Datetimes as UTC instants (SQLite keeps no offset, PostgreSQL does), everything else as it is."""
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        try:
            return _normal(datetime.fromisoformat(value))
        except ValueError:
            return value
    return value


def seen_by(client: TestClient) -> dict[str, Any]:
    """What a signed-in user sees: workspaces, their maps (data), comments, versions (with data), uploads."""
    seen: dict[str, Any] = {"workspaces": client.get("/api/workspaces").json()}
    for workspace in seen["workspaces"]:
        detail = client.get(f"/api/workspaces/{workspace['id']}").json()
        seen[f"workspace {workspace['id']}"] = detail
        for summary in detail["maps"]:
            mid = summary["id"]
            seen[f"map {mid}"] = client.get(f"/api/maps/{mid}").json()["data"]
            seen[f"comments {mid}"] = client.get(f"/api/maps/{mid}/comments").json()
            versions = client.get(f"/api/maps/{mid}/versions").json()
            seen[f"versions {mid}"] = versions
            for version in versions:
                seen[f"version {version['id']}"] = client.get(f"/api/versions/{version['id']}").json()
            seen[f"evidence {mid}"] = client.get(f"/api/maps/{mid}/evidence").json()
    return _normal(seen)  # type: ignore[no-any-return]


def rows_of(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the store, in key order (bytes, JSON and times compared as values)."""
    from sqlalchemy import select

    from journeymap.store import open_store
    from journeymap.store.tables import Base

    store = open_store(url, migrate=False)
    try:
        with store.engine.connect() as connection:
            return {
                table.name: [
                    _normal(dict(row))
                    for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        store.dispose()


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A studio store filled through the API, its archive made while the studio runs, and what Ann saw."""
    root = tmp_path_factory.mktemp("source")
    database = str(root / "studio.db")
    app = make_app(database, copy_examples(root / "workspaces", ["home-loan"]))
    with running(app) as client:
        sign_up(client, EMAIL)
        fill(client)
        seen = seen_by(client)
        result = backup(database, root / "backup.zip")
        assert seen_by(client) == seen
    assert result.manifest.table("evidence_files") is not None
    yield {"database": database, "archive": result.path, "seen": seen, "manifest": result.manifest}


@contextmanager
def open_restored(url: str) -> Iterator[TestClient]:
    with running(make_app(url, [])) as client:
        log_in(client, EMAIL, PASSWORD)
        yield client


def test_the_archive_holds_every_table_and_its_rows(source: dict[str, Any]) -> None:
    from journeymap.store.tables import Base

    manifest = source["manifest"]
    assert [t.name for t in manifest.tables] == [t.name for t in Base.metadata.sorted_tables]
    assert manifest.alembic_revision == known_revisions()[-1]
    counts = {name: len(rows) for name, rows in rows_of(source["database"]).items()}
    assert {t.name: t.rows for t in manifest.tables} == counts
    assert counts["evidence_files"] == 1 and counts["comments"] == 3 and counts["users"] == 1
    with zipfile.ZipFile(source["archive"]) as archive:
        header = json.loads(archive.read("manifest.json"))
        assert header["format"] == "journeymap-studio-backup" and header["format_version"] == 1
        assert header["created_at"].endswith("Z") and header["database"] == "sqlite"
        [upload] = [json.loads(line) for line in archive.read("tables/evidence_files.jsonl").splitlines()]
    import base64

    assert base64.b64decode(upload["content"]) == SURVEY.read_bytes()
    assert source["archive"].stat().st_mode & 0o077 == 0  # password hashes inside: the owner's only


def test_restore_into_an_empty_sqlite_store(source: dict[str, Any], tmp_path: Path) -> None:
    target = str(tmp_path / "restored" / "studio.db")
    result = restore(target, source["archive"])
    assert result.replaced == [] and result.revision == known_revisions()[-1]
    assert rows_of(target) == rows_of(source["database"])
    with open_restored(target) as client:
        assert seen_by(client) == source["seen"]
        # the restored store goes on: new rows get new ids
        wid = client.post("/api/workspaces", json={"name": "After the restore"}).json()["id"]
        assert wid > max(w["id"] for w in source["seen"]["workspaces"])


def test_restore_into_postgres_and_back(source: dict[str, Any], tmp_path: Path) -> None:
    with fresh_postgres_database(postgres_server_url()) as url:
        restore(url, source["archive"])
        assert rows_of(url) == rows_of(source["database"])
        with open_restored(url) as client:
            assert seen_by(client) == source["seen"]
            # ids continue after the restored ones (the sequences moved)
            wid = client.post("/api/workspaces", json={"name": "After the restore"}).json()["id"]
            assert wid > max(w["id"] for w in source["seen"]["workspaces"])
            mid = client.post(f"/api/workspaces/{wid}/maps", json={"type": "ecosystem-map", "title": "E"}).json()["id"]
            comment = client.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "new"})
            assert comment.status_code == 201, comment.text
            expected = rows_of(url)
            again = backup(url, tmp_path / "from-postgres.zip")
        assert again.manifest.database == "postgresql"
        back = str(tmp_path / "back" / "studio.db")
        restore(back, again.path)
        assert rows_of(back) == expected


# --- one snapshot -------------------------------------------------------------------------------------------------


def _backup_with_a_write_in_the_middle(
    client: TestClient, database: str, target: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """Back up while the studio commits a new workspace and a comment after the backup's transaction began."""
    write_table = archive_module.ArchiveWriter.write_table
    wrote: list[str] = []

    def write_while_backing_up(self: Any, name: str, columns: Any, rows: Any) -> Any:
        if not wrote:
            wid = client.post("/api/workspaces", json={"name": "Written during the backup"}).json()["id"]
            mid = client.post(f"/api/workspaces/{wid}/maps", json={"type": "ecosystem-map", "title": "M"}).json()["id"]
            assert client.post(f"/api/maps/{mid}/comments", json={"anchor": "x", "body": "late"}).status_code == 201
        wrote.append(name)
        return write_table(self, name, columns, rows)

    monkeypatch.setattr(archive_module.ArchiveWriter, "write_table", write_while_backing_up)
    before = rows_of(database)
    result = backup(database, target)
    monkeypatch.undo()
    assert len(wrote) == len(result.manifest.tables)
    return before, result


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_backup_is_one_snapshot_while_the_studio_writes(
    dialect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(database: str) -> None:
        with running(make_app(database, [])) as client:
            sign_up(client, EMAIL)
            client.post("/api/workspaces", json={"name": "Before"})
            before, result = _backup_with_a_write_in_the_middle(client, database, tmp_path / "b.zip", monkeypatch)
            after = rows_of(database)
        assert len(after["workspaces"]) == len(before["workspaces"]) + 1  # the write happened …
        restored = str(tmp_path / "restored.db")
        restore(restored, result.path)
        assert rows_of(restored) == before  # … but not in the backup

    if dialect == "sqlite":
        check(str(tmp_path / "studio.db"))
    else:
        with fresh_postgres_database(postgres_server_url()) as url:
            check(url)


# --- refusals -----------------------------------------------------------------------------------------------------


def test_restore_refuses_a_store_with_rows_unless_replace(source: dict[str, Any], tmp_path: Path) -> None:
    target = str(tmp_path / "busy.db")
    with running(make_app(target, [])) as client:
        sign_up(client, "someone@example.org", "Someone Else")
        client.post("/api/workspaces", json={"name": "Theirs"})
    before = rows_of(target)
    with pytest.raises(JourneymapError, match=r"not empty \(rows in users, .*--replace"):
        restore(target, source["archive"])
    assert rows_of(target) == before  # nothing touched
    result = restore(target, source["archive"], replace=True)
    assert "users" in result.replaced and "workspaces" in result.replaced
    assert rows_of(target) == rows_of(source["database"])


def test_a_failed_restore_leaves_the_store_as_it_was(source: dict[str, Any], tmp_path: Path) -> None:
    """One transaction: an archive whose last table is broken leaves nothing behind, not even the schema."""
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(source["archive"]) as original, zipfile.ZipFile(broken, "w") as copy:
        manifest = json.loads(original.read("manifest.json"))
        last = manifest["tables"][-1]
        for info in original.infolist():
            data = original.read(info)
            if info.filename == last["file"]:
                data += b'{"id": "not a number"}\n'
                last["rows"] += 1
            if info.filename != "manifest.json":
                copy.writestr(info.filename, data)
        copy.writestr("manifest.json", json.dumps(manifest))
    target = tmp_path / "empty.db"
    with pytest.raises(ArchiveError, match=rf"{last['file']}: line \d+"):
        restore(str(target), broken)
    from sqlalchemy import create_engine, inspect

    engine = create_engine(f"sqlite:///{target}")
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_restore_refuses_an_archive_of_a_newer_schema(source: dict[str, Any], tmp_path: Path) -> None:
    newer = _rewrite_manifest(source["archive"], tmp_path / "newer.zip", alembic_revision="9999_from_the_future")
    with pytest.raises(
        ArchiveError, match=r"newer journeymap .*schema revision 9999_from_the_future.*upgrade journeymap"
    ):
        restore(str(tmp_path / "x.db"), newer)
    assert not (tmp_path / "x.db").exists()


def _rewrite_manifest(archive: Path, target: Path, **changes: Any) -> Path:
    with zipfile.ZipFile(archive) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "manifest.json":
                data = json.dumps({**json.loads(data), **changes}).encode()
            copy.writestr(info.filename, data)
    return target


def test_an_archive_of_an_older_schema_is_restored_and_upgraded(tmp_path: Path) -> None:
    """A backup made before an upgrade: restored at its own revision, then migrated like a running store."""
    from alembic import command
    from sqlalchemy import text

    from journeymap.store import open_store
    from journeymap.store.backup import _alembic_config

    oldest = known_revisions()[0]
    old = open_store(str(tmp_path / "old.db"), migrate=False)
    with old.engine.begin() as connection:
        command.upgrade(_alembic_config(connection), oldest)
        connection.execute(
            text("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (7, :e, 'Old', 'h', :at)"),
            {"e": EMAIL, "at": "2024-05-01 10:00:00.000000"},
        )
    old.dispose()
    result = backup(str(tmp_path / "old.db"), tmp_path / "old.zip")
    assert result.manifest.alembic_revision == oldest
    restored = str(tmp_path / "new.db")
    assert restore(restored, result.path).revision == known_revisions()[-1]
    [user] = rows_of(restored)["users"]
    assert user["id"] == 7 and user["email"] == EMAIL
    assert user["created_at"] == datetime(2024, 5, 1, 10, tzinfo=UTC)


# --- through the command line -------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.err


def test_the_commands_back_up_and_restore(
    source: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYMAP_DATA_DIR", str(tmp_path / "data"))
    code, err = run(capsys, "studio", "backup", str(tmp_path / "a.zip"))
    assert code == 1 and f"no studio store at {tmp_path / 'data' / 'studio.db'}" in err, err
    # the default store (serve's, without a workspace) …
    code, err = run(capsys, "studio", "restore", str(source["archive"]))
    assert code == 0 and f"into {tmp_path / 'data' / 'studio.db'}" in err and "schema now at revision" in err, err
    code, err = run(capsys, "studio", "backup", str(tmp_path / "a.zip"))
    assert code == 0 and "backed up" in err and "a.zip" in err, err
    # … and a workspace's store
    workspace = tmp_path / "ws"
    workspace.mkdir()
    code, err = run(capsys, "studio", "restore", str(tmp_path / "a.zip"), "--workspace", str(workspace))
    assert code == 0, err
    assert rows_of(str(workspace / ".journeymap" / "studio.db")) == rows_of(source["database"])
    code, err = run(capsys, "studio", "restore", str(tmp_path / "a.zip"), "--workspace", str(workspace))
    assert code == 1 and "not empty" in err and "--replace" in err and "Traceback" not in err
    code, err = run(capsys, "studio", "restore", str(tmp_path / "a.zip"), "--workspace", str(workspace), "--replace")
    assert code == 0 and "emptied first" in err, err
    code, err = run(capsys, "studio", "backup", str(tmp_path), "--database", source["database"])
    assert code == 1 and "is a folder" in err


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _members(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def test_broken_and_foreign_archives_get_clean_messages(
    source: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = _members(source["archive"])
    manifest = json.loads(members["manifest.json"])
    users = next(t for t in manifest["tables"] if t["name"] == "users")

    text_file = tmp_path / "notes.zip"
    text_file.write_text("hello")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(source["archive"].read_bytes()[:-300])
    damaged = tmp_path / "damaged.zip"
    _zip(damaged, members, zipfile.ZIP_STORED)
    raw = bytearray(damaged.read_bytes())
    at = raw.find(b'"email":"ann@')
    raw[at + 10 : at + 13] = b"bob"
    damaged.write_bytes(bytes(raw))
    fewer = {**manifest, "tables": [{**t, "rows": t["rows"] + 1} if t is users else t for t in manifest["tables"]]}
    future = {**manifest, "format_version": 7}
    bad_line = members[users["file"]].replace(b'"email"', b"email", 1)
    cases = {
        text_file: "not a zip file",
        _zip(tmp_path / "export.zip", {"journeymap.yaml": b"name: W\n"}): "no manifest.json in the zip",
        _zip(tmp_path / "foreign.zip", {"manifest.json": b'{"format": "something else"}'}): "not a journeymap studio",
        _zip(tmp_path / "nojson.zip", {"manifest.json": b"{nope"}): "manifest.json: not JSON",
        _zip(tmp_path / "future.zip", {**members, "manifest.json": json.dumps(future).encode()}):
            "made by a newer journeymap",
        truncated: "not a zip file",
        damaged: "damaged",
        _zip(tmp_path / "fewer.zip", {**members, "manifest.json": json.dumps(fewer).encode()}):
            f"{users['file']}: 1 row, but the manifest says 2",
        _zip(tmp_path / "badline.zip", {**members, users["file"]: bad_line}): f"{users['file']}: line 1: not JSON",
        _zip(tmp_path / "lost.zip", {k: v for k, v in members.items() if k != users["file"]}):
            f"the file '{users['file']}' of table 'users' is not in the zip",
        _zip(tmp_path / "bomb.zip", {**members, "tables/padding.jsonl": b"\0" * (3 * 1024 * 1024)}):
            "tables/padding.jsonl: unpacks to",
    }  # fmt: skip
    for archive, message in cases.items():
        code, err = run(capsys, "studio", "restore", str(archive), "--database", str(tmp_path / f"{archive.stem}.db"))
        assert code == 2, (archive.name, err)
        assert err.startswith(f"journeymap: error: {archive}"), (archive.name, err)
        assert message in err, (archive.name, err)
        assert "Traceback" not in err
    code, err = run(capsys, "studio", "restore", str(source["archive"]), "--database", str(tmp_path / "small.db"),
                    "--max-size", "0.0001")  # fmt: skip
    assert code == 2 and "over the limit of" in err and "--max-size" in err, err


def test_archive_values_round_trip() -> None:
    from decimal import Decimal

    from journeymap.store.archive import decode_value, encode_value

    samples = {
        "binary": b"\x00\xffabc",
        "datetime": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        "decimal": Decimal("1.50"),
        "json": '{"a": [1, null]}',
        "integer": 2**40,
        "boolean": False,
        "text": "ünï",
    }
    for kind, value in samples.items():
        assert decode_value(kind, json.loads(json.dumps(encode_value(kind, value)))) == value
        assert decode_value(kind, None) is None
    assert encode_value("datetime", datetime(2025, 3, 1, 9, 30)) == "2025-03-01T09:30:00+00:00"  # naive is UTC
    for kind, wrong in (("integer", True), ("integer", "1"), ("binary", "not base64!"), ("json", "{"), ("text", 1)):
        with pytest.raises(ValueError):
            decode_value(kind, wrong)


def test_a_failed_backup_leaves_the_previous_archive(
    source: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "nightly.zip"
    target.write_bytes(b"yesterday's archive")
    write_table = archive_module.ArchiveWriter.write_table

    def fail_on_maps(self: Any, name: str, columns: Any, rows: Any) -> Any:
        if name == "maps":
            raise OSError(28, "No space left on device")
        return write_table(self, name, columns, rows)

    monkeypatch.setattr(archive_module.ArchiveWriter, "write_table", fail_on_maps)
    with pytest.raises(OSError, match="No space left"):
        backup(source["database"], target)
    assert target.read_bytes() == b"yesterday's archive"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.zip"]
