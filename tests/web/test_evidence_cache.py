"""The studio's evidence cache (web/evidence_cache.py): a result is computed once per key and kept; the key is the
file's content, its name, how it is read and the engine version, so a new upload, other columns, another survey
mapping or another engine gives a new result; the cache keeps at most its size (least recently used out); a
failure is not kept; callers racing for one key compute it once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from journeymap.evidence.suggest import EventRoles
from journeymap.evidence.survey_spec import SurveySpec
from journeymap.web import evidence_cache
from journeymap.web import evidence_service as service
from journeymap.web.evidence_cache import ResultCache

LOG = b"case,activity,time\nc1,Open,2026-01-01 09:00\nc1,Pay,2026-01-01 09:05\nc2,Open,2026-01-02 10:00\n"
ROLES = EventRoles("case", "activity", "time")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    evidence_cache.cache.clear()


class Counter:
    """A computation that counts its calls and answers a new object each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[int]:
        self.calls += 1
        return [self.calls]


def test_a_value_is_computed_once_and_kept() -> None:
    kept, compute = ResultCache(4), Counter()
    first = kept.get("k", compute)
    assert kept.get("k", compute) is first and compute.calls == 1
    assert (kept.hits, kept.misses, len(kept)) == (1, 1, 1)


def test_the_cache_keeps_at_most_its_size_least_recently_used_out() -> None:
    kept, compute = ResultCache(3), Counter()
    for key in ("a", "b", "c"):
        kept.get(key, compute)
    kept.get("a", compute)  # used again: "b" is now the least recently used
    kept.get("d", compute)
    assert len(kept) == 3 and "b" not in kept and all(k in kept for k in "acd")
    assert compute.calls == 4
    kept.get("b", compute)  # computed again
    assert compute.calls == 5 and len(kept) == 3 and "c" not in kept
    with pytest.raises(ValueError):
        ResultCache(0)


def test_the_studio_cache_is_bounded() -> None:
    for n in range(evidence_cache.CACHE_SIZE + 10):
        evidence_cache.cache.get(("test", n), lambda n=n: n)
    assert len(evidence_cache.cache) == evidence_cache.CACHE_SIZE
    assert ("test", 0) not in evidence_cache.cache and ("test", evidence_cache.CACHE_SIZE + 9) in evidence_cache.cache


def test_a_failure_is_not_kept() -> None:
    kept = ResultCache(2)

    def fail() -> int:
        raise RuntimeError("the file is bad")

    with pytest.raises(RuntimeError):
        kept.get("k", fail)
    assert "k" not in kept and kept.get("k", lambda: 7) == 7


def test_callers_racing_for_one_key_compute_it_once() -> None:
    kept, started, release = ResultCache(2), threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return "done"

    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(kept.get("k", slow))) for _ in range(6)]
    for thread in threads:
        thread.start()
    assert started.wait(10)
    release.set()
    for thread in threads:
        thread.join(10)
    assert answers == ["done"] * 6 and len(calls) == 1


def test_a_new_upload_or_other_columns_give_a_new_discovery() -> None:
    roles, first = service.discovered("log.csv", LOG, ROLES)
    assert (first.cases, first.events) == (2, 3) and roles.case == "case"
    assert service.discovered("log.csv", LOG, ROLES)[1] is first  # the same bytes: kept
    more = LOG + b"c3,Open,2026-01-03 11:00\nc3,Pay,2026-01-03 11:30\n"
    again = service.discovered("log.csv", more, ROLES)[1]  # a new upload: new content, new result
    assert (again.cases, again.events) == (3, 5)
    renamed = service.discovered("other.csv", LOG, ROLES)[1]  # the report names the file: a key of its own
    assert renamed is not first and renamed.source == "other.csv"
    by_name = service.discovered("log.csv", LOG, EventRoles())[1]  # columns found by name: another reading
    assert by_name is not first and by_name.cases == first.cases


def test_a_workspace_log_changed_on_disk_is_discovered_again(tmp_path: Path) -> None:
    log = tmp_path / "events.csv"
    log.write_bytes(LOG)
    first = service.discover_file(log, "evidence/events.csv", ROLES)[1]
    assert service.discover_file(log, "evidence/events.csv", ROLES)[1] is first
    log.write_bytes(LOG + b"c9,Pay,2026-01-09 09:00\n")
    assert service.discover_file(log, "evidence/events.csv", ROLES)[1].cases == 3


def test_another_engine_version_never_gets_an_older_result(monkeypatch: pytest.MonkeyPatch) -> None:
    first = service.discovered("log.csv", LOG, ROLES)[1]
    monkeypatch.setattr(evidence_cache, "ENGINE_VERSION", "journeymap 99, duckdb 99")
    assert service.discovered("log.csv", LOG, ROLES)[1] is not first


def test_survey_summaries_are_kept_per_content_and_spec_and_handed_out_as_copies() -> None:
    from journeymap.evidence.survey import SurveySummary

    compute = Counter()

    def summary() -> SurveySummary:
        compute()
        return SurveySummary(dataset=f"run {compute.calls}", scale=(1.0, 10.0), rows=[])

    wide = SurveySpec(form="wide")
    first = evidence_cache.survey_summary("abc", "s.csv", wide, True, summary)
    first.dataset = "changed by a caller"
    second = evidence_cache.survey_summary("abc", "s.csv", wide, True, summary)
    assert second.dataset == "run 1" and compute.calls == 1  # kept, and a caller's change does not leak
    assert evidence_cache.survey_summary("abc", "s.csv", SurveySpec(form="long"), True, summary).dataset == "run 2"
    assert evidence_cache.survey_summary("abd", "s.csv", wide, True, summary).dataset == "run 3"  # new content
    assert evidence_cache.survey_summary("abc", "s.csv", wide, False, summary).dataset == "run 4"
