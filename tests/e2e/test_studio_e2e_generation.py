"""A new generation of a map's document reaches an open page: it opens the map again with a new document and
re-applies the edit the server had not acknowledged, without doubling anything.

The server rebuilds a document whose history outgrew its data (thousands of edits: tests/web/test_generations.py
covers that). Here the store's generation is moved on under the running server — what another process's rebuild
does — so the page's next edit is refused by the store as one of the old history: the room closes its clients with
4409, and the page must recover by itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from e2e_support import (
    Pages,
    StudioServer,
    all_steps,
    browser,  # noqa: F401 - a fixture
    card_by_id,
    edit_card,
    find_map,
    map_data,
    open_map,
    pages_for,
    save_status,
    shot,
    sign_in,
    studio,  # noqa: F401 - a fixture
    wait_for_server,
    wait_saved,
)


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[Pages]:  # noqa: F811
    with pages_for(browser, request, timeout=30_000) as made:
        yield made


def next_generation(server: StudioServer, map_id: int) -> None:
    """Move the map's document to its next generation in the store, as another process's rebuild would."""
    with sqlite3.connect(server.root / "studio.db", timeout=30) as connection:
        connection.execute("UPDATE maps SET generation = generation + 1 WHERE id = ?", (map_id,))


def test_an_open_page_survives_a_new_generation_with_its_unsaved_edit(pages: Pages, studio: StudioServer) -> None:  # noqa: F811
    page = pages.new()
    sign_in(page, studio)
    map_id = find_map(page, "home-loan", "maps/home-loan-as-is.yaml")
    open_map(page, studio, map_id)
    before = map_data(page, map_id)
    cards = page.get_by_test_id("card")
    first, second = cards.nth(0), cards.nth(1)
    first_id, second_id = first.get_attribute("data-id"), second.get_attribute("data-id")
    assert first_id and second_id
    edit_card(page, first, "Saved before the rebuild", acked=True)

    next_generation(studio, map_id)
    # refused by the store (old history), re-applied by the page on the new document
    edit_card(page, second, "Made while the document was rebuilt")
    page.get_by_text("your unsaved changes were re-applied").first.wait_for()
    wait_saved(page, timeout=30_000)
    data = wait_for_server(
        page, map_id, lambda d: (card_by_id(d, second_id) or {}).get("text") == "Made while the document was rebuilt"
    )
    assert (card_by_id(data, first_id) or {}).get("text") == "Saved before the rebuild"
    # nothing doubled: the same stages, steps and cards as before the edits
    assert [s["id"] for s in all_steps(data)] == [s["id"] for s in all_steps(before)]
    cards_of = lambda d: [c["id"] for lane in d.get("lanes", []) for c in lane.get("cards", [])]  # noqa: E731
    assert cards_of(data) == cards_of(before)
    assert page.get_by_test_id("card").count() == len(cards_of(before))

    # the page goes on editing the new generation, and a reload shows the same map
    edit_card(page, first, "After the rebuild", acked=True)
    page.reload()
    wait_saved(page)
    shown = page.locator(f'[data-testid=card][data-id="{first_id}"] .jm-card-text')
    assert shown.inner_text() == "After the rebuild"
    assert save_status(page).inner_text().strip() == "Saved"
    shot(page, "generation-reopened")
    assert pages.dialogs == []
