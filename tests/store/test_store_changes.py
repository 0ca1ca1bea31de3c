"""The changes the studio makes through its store (journeymap.store.maps, .accounts and the team's revocations), on
SQLite and on PostgreSQL when JOURNEYMAP_TEST_POSTGRES_URL names a server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from journeymap.store import accounts, maps, repo, team
from journeymap.store.db import Store, backend_name

from support import EXAMPLES


def test_a_new_map_takes_the_first_free_path(store: Store) -> None:
    with store.session() as db:
        wid = repo.create_workspace(db, "Loans").id
        made = [
            maps.create_map(db, wid, "apply", map_type="service-blueprint", title="Apply", state=b"s") for _ in "abc"
        ]
    assert [row.path for row in made] == ["maps/apply.yaml", "maps/apply-2.yaml", "maps/apply-3.yaml"]
    with store.session() as db:
        row = repo.map_row(db, made[1].id)
        assert row is not None and (row.map_type, row.title, row.state) == ("service-blueprint", "Apply", b"s")
        assert repo.map_paths(db, wid) == {row.path for row in made}


def test_imported_maps_get_their_first_state_and_version_and_a_copy_forgets_its_folder(store: Store) -> None:
    wid = repo.import_workspace(store, EXAMPLES / "home-loan")
    with store.session() as db:
        maps.forget_source(db, wid)
        maps.start_imported_maps(db, wid, lambda data: str(data.get("id")).encode())
    with store.session() as db:
        workspace = repo.workspace(db, wid)
        assert workspace is not None and workspace.source_path is None
        ids = repo.map_ids(db, wid)
        assert ids
        for map_id in ids:
            row = repo.map_row(db, map_id)
            assert row is not None and row.state == str((row.original_data or {}).get("id")).encode()
            version = repo.last_version(db, map_id)
            assert version is not None and version.kind == "import" and version.data == row.original_data


def test_a_title_follows_the_data_but_an_empty_one_keeps_the_old(store: Store) -> None:
    with store.session() as db:
        wid = repo.create_workspace(db, "Loans").id
        mid = maps.create_map(db, wid, "m", map_type="customer-journey-map", title="Old", state=b"").id
    with store.session() as db:
        maps.note_title(db, mid, "New", "")
        maps.note_title(db, 10**6, "Nothing", "to change")  # a map that is gone: nothing happens
    with store.session() as db:
        row = repo.map_row(db, mid)
        assert row is not None and (row.title, row.map_type) == ("New", "customer-journey-map")


def test_settings_persona_files_and_the_trash(store: Store) -> None:
    with store.session() as db:
        workspace = repo.create_workspace(db, "Loans")
        wid = workspace.id
        repo.set_workspace_file(db, wid, "personas/ana.yaml", b"id: ana\n")
        repo.set_workspace_file(db, wid, "notes/personas.yaml", b"x")
        maps.set_workspace_settings(db, workspace, {"name": "Home loans"}, "Home loans", b"name: Home loans\n")
        mid = maps.create_map(db, wid, "m", map_type="customer-journey-map", title="M", state=b"").id
    with store.session() as db:
        assert [f.path for f in maps.persona_files(db, wid)] == ["personas/ana.yaml"]
        workspace = repo.workspace(db, wid)
        assert workspace is not None and (workspace.name, workspace.settings) == ("Home loans", {"name": "Home loans"})
        files = {f.path: f.content for f in repo.workspace_files(db, wid, {})}
        assert files[workspace.settings_path] == b"name: Home loans\n"
        row = repo.map_row(db, mid)
        assert row is not None
        maps.trash_workspace(workspace)
        maps.trash_map(row)
    with store.session() as db:
        assert repo.workspace_trashed(db, wid) is True
        place = repo.map_place(db, mid)
        assert place is not None and place.trashed and place.workspace_trashed
        workspace, row = repo.workspace(db, wid), repo.map_row(db, mid)
        assert workspace is not None and row is not None
        maps.restore_workspace(workspace)
        maps.restore_map(row)
    with store.session() as db:
        assert repo.map_place(db, mid) == repo.MapPlace(wid, "M", False, False)


def test_a_comment_edit_keeps_what_is_not_given(store: Store) -> None:
    with store.session() as db:
        wid = repo.create_workspace(db, "Loans").id
        mid = maps.create_map(db, wid, "m", map_type="customer-journey-map", title="M", state=b"").id
        row = repo.add_comment(db, mid, "stage:a", "first", parent_id=None, author_id=None, guest_name="Guest")
        created = row.updated_at
        maps.edit_comment(db, row, body=None, resolved=True)
        maps.edit_comment(db, row, body="second", resolved=None)
        cid = row.id
    with store.session() as db:
        found = repo.comment(db, cid)
        assert found is not None and (found.body, found.resolved) == ("second", True)
        assert found.updated_at is not None and created is not None
        assert repo.aware(found.updated_at) >= repo.aware(created)


def test_accounts_admins_passwords_and_sign_ins(store: Store) -> None:
    with store.session() as db:
        assert accounts.first_admin_id(db) is None
        first = repo.create_user(db, "Ana@Example.com", "Ana", "hash-1")
        second = repo.create_user(db, "bo@example.com", "Bo", "hash-2")
        accounts.set_admin(second, True)
        accounts.set_admin(first, True)
        accounts.set_disabled(second, True)
        accounts.set_password(first, "hash-3")
        token, csrf = accounts.sign_in(db, first, "192.0.2.1", "a browser")
        ids = first.id, second.id
    with store.session() as db:
        assert accounts.first_admin_id(db) == ids[0]
        assert accounts.user_id_by_email(db, "ana@example.com") == ids[0]
        assert accounts.user_id_by_email(db, "nobody@example.com") is None
        user, session = repo.session_user(db, token) or (None, None)
        assert user is not None and session is not None and session.csrf_token == csrf
        assert (user.password_hash, user.last_sign_in_at is not None) == ("hash-3", True)
        assert (session.ip, session.user_agent, session.last_seen_at is not None) == ("192.0.2.1", "a browser", True)
        later = team.utcnow() + timedelta(minutes=5)
        accounts.note_seen(session, later, None, None)  # no request: where it came from is kept
        other = repo.user(db, ids[1])
        assert other is not None and other.disabled and other.is_admin
    with store.session() as db:
        _, session = repo.session_user(db, token) or (None, None)
        assert session is not None and session.ip == "192.0.2.1" and session.last_seen_at is not None
        assert repo.aware(session.last_seen_at) == later
        accounts.note_seen(session, later, "198.51.100.7", None)
    with store.session() as db:
        _, session = repo.session_user(db, token) or (None, None)
        assert session is not None and (session.ip, session.user_agent) == ("198.51.100.7", None)


def test_invitations_share_links_and_roles_are_spent_or_revoked(store: Store) -> None:
    with store.session() as db:
        wid = repo.create_workspace(db, "Loans").id
        mid = maps.create_map(db, wid, "m", map_type="customer-journey-map", title="M", state=b"").id
        user = repo.create_user(db, "ana@example.com", "Ana", "h")
        member = team.set_member(db, wid, user.id, "viewer")
        team.set_role(member, "editor")
        used, _ = team.create_invitation(
            db, kind="invite", email="bo@example.com", created_by=user.id, workspace_id=wid, role="viewer"
        )
        revoked, _ = team.create_invitation(
            db, kind="invite", email="cy@example.com", created_by=user.id, workspace_id=wid, role="viewer"
        )
        kept, _ = team.create_invitation(
            db, kind="invite", email="di@example.com", created_by=user.id, workspace_id=wid, role="viewer"
        )
        team.use_invitation(used)
        team.revoke_invitation(revoked)
        links = [team.create_share_link(db, mid, "viewer", 7, user.id) for _ in range(2)]
        team.revoke_share_link(links[0])
    with store.session() as db:
        assert team.role_of(db, user.id, wid) == "editor"
        assert [row.id for row in team.open_invitations(db, wid)] == [kept.id]
        assert [row.id for row in team.live_share_links(db, mid)] == [links[1].id]


def test_the_backend_a_url_names_without_opening_it(tmp_path: Path) -> None:
    assert backend_name(str(tmp_path / "studio.db")) == "sqlite"
    assert backend_name("postgresql://user@127.0.0.1:1/db") == "postgresql"
    assert backend_name("mysql://user@host/db") == "mysql"
    assert backend_name("postgresql://user@host:notaport/db") is None
    assert backend_name("://") is None
    assert not (tmp_path / "studio.db").exists()
