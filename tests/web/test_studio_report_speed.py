"""The map's evidence report in the studio is quick (issue 13, defect 9: it took 80–90 s on every request with the
home-loan example's 14 k-event log). Discoveries and survey summaries are kept (web/evidence_cache.py): the second
request answers in under 2 s — judged up to three times, as a busy 2-core machine may delay one request once —
while the map's own edits, a new upload and a new mapping still show."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_studio_evidence import EVENTS, HOME, map_id, page_text, studio, upload

from journeymap.web import evidence_cache

MAX_SECONDS = 2.0
"""A report request after the first."""
FIRST_MAX_SECONDS = 60.0
"""The first request reads the 14 k events and the survey and starts the engine (a few seconds; generous for CI)."""


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    evidence_cache.cache.clear()


def timed(request: Callable[[], str]) -> tuple[float, str]:
    start = time.perf_counter()
    text = request()
    return time.perf_counter() - start, text


def assert_quick(request: Callable[[], str], max_seconds: float = MAX_SECONDS, attempts: int = 3) -> str:
    """``request`` answers under ``max_seconds`` at least once in ``attempts`` tries; its last answer."""
    seen = []
    for _ in range(attempts):
        seconds, text = timed(request)
        if seconds < max_seconds:
            return text
        seen.append(f"{seconds:.2f} s")
    raise AssertionError(f"the report took {', '.join(seen)} (at most {max_seconds} s)")


def discoveries() -> list[object]:
    return [key for key in evidence_cache.cache.kept() if isinstance(key, tuple) and key[0] == "discovery"]


def test_the_report_with_the_14k_event_log_comes_in_under_2_s_after_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")

        def report() -> str:
            answer = client.get(f"/api/maps/{mid}/analysis/report")
            assert answer.status_code == 200, answer.text
            return answer.text

        # the map page opens first (its lint loads the phrasing rules, a one-time cost of the process)
        assert client.get(f"/api/maps/{mid}").status_code == 200
        first_seconds, _ = timed(report)
        assert first_seconds < FIRST_MAX_SECONDS
        second_seconds, _ = timed(report)
        text = page_text(assert_quick(report))
        assert "3,000 cases, 13,992 events" in text and "evidence/applications-events.csv" in text
        assert "evidence/post-completion-survey.csv" in text
        # the discovery drawing reads the same kept discovery
        drawing = assert_quick(lambda: client.get(f"/api/maps/{mid}/analysis/discovery").text)
        assert "Borrowing calculator" in drawing
        with capsys.disabled():
            print(f"\nreport of the 14 k-event example: first {first_seconds:.2f} s, second {second_seconds:.2f} s")


def test_the_maps_edits_a_new_upload_and_a_new_mapping_still_show(tmp_path: Path) -> None:
    with studio(tmp_path, HOME) as client:
        mid = map_id(client, "home-loan-as-is.yaml")

        def report() -> str:
            answer = client.get(f"/api/maps/{mid}/analysis/report")
            assert answer.status_code == 200, answer.text
            return page_text(answer.text)

        report()
        # the map's own edit shows at once: only the evidence is kept
        data = client.get(f"/api/maps/{mid}").json()["data"]
        step = data["stages"][0]["steps"][0]
        step["name"] = "Work out what we can borrow"
        assert client.put(f"/api/maps/{mid}", json=data).status_code == 200
        assert "Work out what we can borrow" in assert_quick(report)

        # an uploaded event log, applied: the report reads its discovery (kept when it was applied)
        lines = EVENTS.read_text(encoding="utf-8").splitlines(keepends=True)
        cases = [line for line in lines[1:] if not line.startswith(("HL-0000001,", "HL-0000002,"))]
        fewer = "".join(lines[:1] + cases).encode()
        body = upload(client, mid, "fewer.csv", fewer, "events").json()
        columns = body["suggested_mapping"]
        applied = client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": columns}).json()
        assert applied["cases"] == 2998 and applied["funnel"] and applied["outcomes"]
        text = assert_quick(report)
        assert "fewer.csv (uploaded): 2,998 cases" in text

        # the same file applied with other columns (channel dropped) is discovered again, not served from before
        without_channel = {key: value for key, value in columns.items() if key != "channel"}
        before = discoveries()
        client.post(f"/api/evidence/{body['id']}/apply", json={"mapping": without_channel})
        assert client.get(f"/api/maps/{mid}/evidence").json()[0]["mapping"] == without_channel
        assert len(discoveries()) == len(before) + 1  # read again with the new columns
        before = discoveries()
        assert "fewer.csv (uploaded): 2,998 cases" in assert_quick(report)
        assert discoveries() == before  # the report reads the discovery kept when the log was applied
