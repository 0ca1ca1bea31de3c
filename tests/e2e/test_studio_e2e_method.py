"""The method page, end to end in Chromium: the home-loan initiative's eight stages and four iterations show the
states the command line computes (stage 7 in progress, stages 1–6 done, stage 8 not started); an editor adds an
experiment — open banking tested, a result, adopted — which is written to the workspace file, moves stage 7 to
the state the core computes for the edited initiative, and is still there after a reload.
Screenshots: ``out/e2e/studio-method*.png``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    api,
    browser,  # noqa: F401 - a fixture
    pages_for,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
)

from journeymap.analysis.method import method_report
from journeymap.cli.main import main as cli_main
from journeymap.files.loader import read_workspace
from journeymap.model.initiative import Experiment

SLOW_MS = 45_000
"""How long the page may take to settle on a busy 2-core machine."""

NEW_EXPERIMENT = {
    "tested": "Open-banking income check with 40 first-time buyers",
    "started": "2026-10-12",
    "ended": "2026-11-06",
    "result": "18",
    "note": "Queries fell from 46 % to 18 %",
}


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=SLOW_MS) as made:
        yield made


def cli_states(server: StudioServer, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What ``journeymap method --format json`` says of the studio's copy of the example."""
    capsys.readouterr()
    assert cli_main(["method", str(server.folders[0]), "--format", "json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)["initiatives"][0]
    return report


def shown_states(page: Any) -> tuple[list[str | None], list[str | None]]:
    """The states of the first initiative's stages and iterations, as the page shows them."""
    first = page.locator("[data-testid=initiative]").first
    stages = first.get_by_test_id("stage")
    iterations = first.get_by_test_id("iteration")
    return (
        [stages.nth(i).get_attribute("data-state") for i in range(stages.count())],
        [iterations.nth(i).get_attribute("data-state") for i in range(iterations.count())],
    )


def open_method(page: Any, server: StudioServer) -> int:
    wid = next(w["id"] for w in api(page, "/api/workspaces") if w["slug"] == "home-loan")
    page.goto(f"{server.url}/w/{wid}/method")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stage]').length >= 8", timeout=SLOW_MS)
    return int(wid)


def test_stages_as_the_cli_says_and_an_experiment_added(
    pages: Pages,
    studio: StudioServer,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = pages.new()
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in(page, studio)
    open_method(page, studio)
    core = cli_states(studio, capsys)
    stages, iterations = shown_states(page)
    assert stages == [s["state"] for s in core["stages"]]
    assert iterations == [i["state"] for i in core["iterations"]]
    assert stages[6] == "in-progress" and stages[:6] == ["done"] * 6 and stages[7] == "not-started"
    assert page.get_by_test_id("current-stage").inner_text() == "At stage 7 of 8"
    missing = page.locator("[data-testid=stage-detail][data-stage='7'] [data-testid=missing]")
    assert "open-banking-income" in missing.inner_text()
    assert page.get_by_test_id("hmw").count() >= 1
    assert page.get_by_test_id("hmw").first.inner_text().lower().startswith("how might we")
    assert page.get_by_test_id("experiment").count() == 1
    shot(page, "studio-method")

    # add an experiment: open banking tested, 18 % against a target of 20 %, adopted
    page.get_by_test_id("add-experiment").click()
    form = page.get_by_test_id("experiment-form")
    form.get_by_test_id("experiment-option").select_option("open-banking-income")
    form.get_by_test_id("experiment-hypothesis").select_option("h-open-banking-queries")
    form.get_by_test_id("experiment-tested").fill(NEW_EXPERIMENT["tested"])
    form.get_by_test_id("experiment-started").fill(NEW_EXPERIMENT["started"])
    form.get_by_test_id("experiment-ended").fill(NEW_EXPERIMENT["ended"])
    form.get_by_test_id("experiment-result").fill(NEW_EXPERIMENT["result"])
    form.get_by_test_id("experiment-decision").select_option("adopt")
    form.get_by_test_id("experiment-note").fill(NEW_EXPERIMENT["note"])
    shot(page, "studio-method-form")
    form.get_by_test_id("save-experiment").click()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=experiment]').length === 2", timeout=SLOW_MS)

    # what the core computes for the edited initiative is what the page shows
    workspace = read_workspace(studio.folders[0]).workspace
    initiative = workspace.initiatives[0]
    added = Experiment(
        id="open-banking-income-check-with",
        option="open-banking-income",
        hypothesis="h-open-banking-queries",
        tested=NEW_EXPERIMENT["tested"],
        result=18,
        decision="adopt",
    )
    expected = method_report(workspace, initiative.model_copy(update={"experiments": [*initiative.experiments, added]}))
    page.wait_for_function(
        "s => document.querySelector('[data-testid=stage][data-stage=\"7\"]').dataset.state === s",
        arg=expected.stages[6].state,
        timeout=SLOW_MS,
    )
    assert shown_states(page)[0] == [s.state for s in expected.stages]
    row = page.locator("[data-testid=experiment]").nth(1)
    assert NEW_EXPERIMENT["tested"] in row.inner_text()
    assert "met" in row.get_by_test_id("outcome-met").inner_text()

    # still there after a reload: it is in the workspace file
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=experiment]').length === 2", timeout=SLOW_MS)
    assert NEW_EXPERIMENT["tested"] in page.get_by_test_id("experiment").nth(1).inner_text()
    page.get_by_test_id("experiment").nth(1).scroll_into_view_if_needed()
    shot(page, "studio-method-added")
    errors = [m for m in pages.console if m.startswith("error")]
    assert errors == [], errors


def test_start_an_initiative(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    """A new initiative needs only a name; its stages are then what the core says of an empty initiative."""
    from journeymap.model.initiative import Initiative

    page = pages.new()
    sign_in(page, studio)
    open_method(page, studio)
    before = page.get_by_test_id("initiative").count()
    page.get_by_test_id("new-initiative").click()
    page.get_by_test_id("new-initiative-name").fill("Cut remortgage drop-outs")
    page.get_by_role("button", name="Start").click()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=initiative]').length === n", arg=before + 1, timeout=SLOW_MS
    )
    added = page.locator("[data-testid=initiative][data-id=cut-remortgage-drop-outs]")
    workspace = read_workspace(studio.folders[0]).workspace
    expected = method_report(workspace, Initiative(id="cut-remortgage-drop-outs", name="Cut remortgage drop-outs"))
    states = added.get_by_test_id("stage")
    assert [states.nth(i).get_attribute("data-state") for i in range(8)] == [s.state for s in expected.stages]
    assert added.get_by_test_id("current-stage").inner_text() == "At stage 1 of 8"


def test_a_stale_edit_is_refused_with_a_clear_message(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    """Two editors on the method page: the second to save, on a workspace file changed since they opened it, is
    told so (409) and the first one's change stays."""
    first, second = pages.new(), pages.new()
    for page in (first, second):
        sign_in(page, studio)
        open_method(page, studio)
    for page, mission in ((first, "First editor's mission"), (second, "Second editor's mission")):
        strategy = page.locator("[data-testid=initiative]").first.get_by_test_id("strategy")
        strategy.get_by_test_id("edit-strategy").click()
        strategy.get_by_test_id("mission-input").fill(mission)
    first.locator("[data-testid=initiative]").first.get_by_test_id("save-strategy").click()
    first.get_by_text("First editor's mission").wait_for()
    second.locator("[data-testid=initiative]").first.get_by_test_id("save-strategy").click()
    second.locator(".toast-error").filter(has_text="changed since you opened it").wait_for()
    shot(second, "studio-method-conflict")
    second.reload()
    second.locator("[data-testid=initiative]").first.get_by_test_id("mission").filter(
        has_text="First editor's mission"
    ).wait_for()
