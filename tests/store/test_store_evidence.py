"""The evidence files of the studio's store (journeymap.store.evidence), on SQLite and on PostgreSQL when
JOURNEYMAP_TEST_POSTGRES_URL names a server."""

from __future__ import annotations

from sqlalchemy import select

from journeymap.store import evidence, repo
from journeymap.store import tables as t
from journeymap.store.db import Store

from support import EXAMPLES


def map_ids(store: Store) -> list[int]:
    workspace = repo.import_workspace(store, EXAMPLES / "home-loan")
    with store.session() as db:
        return list(db.scalars(select(t.MapRow.id).where(t.MapRow.workspace_id == workspace).order_by(t.MapRow.id)))


def test_uploads_are_listed_newest_first_without_content_and_read_back_whole(store: Store) -> None:
    mid, other = map_ids(store)[:2]
    with store.session() as db:
        first = evidence.add_evidence(db, mid, "survey", "a.csv", b"x,y\n1,2\n", None)
        second = evidence.add_evidence(db, mid, "events", "log.csv", b"case,activity,time\n", None)
        evidence.add_evidence(db, other, "survey", "elsewhere.csv", b"z\n", None)
    with store.session() as db:
        listed = evidence.evidence_of_map(db, mid)
        assert [(e.id, e.kind, e.filename, e.size, e.mapping) for e in listed] == [
            (second, "events", "log.csv", 19, None),
            (first, "survey", "a.csv", 8, None),
        ]
        assert all(e.map_id == mid and e.created_at is not None for e in listed)
        found = evidence.evidence_file(db, first)
        assert found is not None and (found.content, found.map_id) == (b"x,y\n1,2\n", mid)
        assert evidence.evidence_file(db, 10**9) is None


def test_the_mapping_applied_is_kept_and_only_applied_surveys_go_into_the_report(store: Store) -> None:
    mid = map_ids(store)[0]
    with store.session() as db:
        applied = evidence.add_evidence(db, mid, "survey", "applied.csv", b"1", None)
        evidence.add_evidence(db, mid, "survey", "not-applied.csv", b"2", None)
        older = evidence.add_evidence(db, mid, "events", "old.csv", b"3", None)
        newer = evidence.add_evidence(db, mid, "events", "new.csv", b"4", None)
        assert evidence.latest_events(db, mid + 1000) is None
    with store.session() as db:
        evidence.set_mapping(db, applied, {"form": "long", "long": {"element": "e", "value": "v"}})
        evidence.set_mapping(db, older, {"case": "c"})
        evidence.set_mapping(db, 10**9, {"form": "wide"})  # a file deleted meanwhile: nothing to do
    with store.session() as db:
        assert [s.filename for s in evidence.applied_surveys(db, mid)] == ["applied.csv"]
        assert evidence.applied_surveys(db, mid)[0].mapping == {"form": "long", "long": {"element": "e", "value": "v"}}
        latest = evidence.latest_events(db, mid)
        assert latest is not None and (latest.id, latest.content, latest.mapping) == (newer, b"4", None)
        assert {e.id: e.mapping for e in evidence.evidence_of_map(db, mid)}[older] == {"case": "c"}
