"""Search across every map of a portfolio: by text, tag, persona, touchpoint and channel, with where each hit is."""

from __future__ import annotations

from journeymap.analysis.portfolio_search import SearchQuery, search_index, search_portfolio
from journeymap.model import Workspace

W = Workspace.model_validate(
    {
        "name": "Bank",
        "personas": [{"id": "priya", "name": "Priya Shah"}, {"id": "jo", "name": "Jo"}],
        "maps": [
            {
                "id": "loan",
                "title": "Home loan",
                "persona": "priya",
                "tags": ["mortgage"],
                "stages": [{"name": "Apply", "steps": [{"id": "upload", "name": "Upload documents"}]}],
                "lanes": [{"id": "pains", "kind": "pain-points", "cards": [
                    {"id": "c1", "step": "upload", "text": "Upload keeps failing", "tags": ["urgent"]},
                    {"id": "c2", "step": "upload", "text": "Forms are long"},
                ]}],
                "touchpoints": [
                    {"id": "tp-app", "step": "upload", "name": "Upload screen", "channel": "app"},
                    {"id": "tp-call", "step": "upload", "name": "Helpline", "channel": "phone"},
                ],
            },
            {
                "id": "card",
                "title": "Credit card",
                "stages": [{"name": "Use", "steps": [{"id": "pay", "name": "Pay in store", "actors": ["jo"]}]}],
                "touchpoints": [{"id": "tp-pos", "step": "pay", "name": "Card terminal", "channel": "store"}],
            },
        ],
    }
)  # fmt: skip


def _found(**query: str) -> list[tuple[str, str, str]]:
    return [(h.map_id, h.kind, h.id) for h in search_portfolio([W], SearchQuery(**query))]


def test_text_finds_steps_cards_and_touchpoints_with_where_they_are() -> None:
    assert _found(text="upload") == [
        ("loan", "step", "upload"), ("loan", "card", "c1"), ("loan", "touchpoint", "tp-app"),
    ]  # fmt: skip
    [hit] = search_portfolio([W], SearchQuery(text="KEEPS FAILING"))
    assert hit.where == 'lane "Pain points" › stage "Apply" › step "Upload documents"' and hit.step == "upload"
    assert _found(text="nothing like this") == []
    assert _found() == []


def test_tag_finds_tagged_maps_and_cards() -> None:
    assert _found(tag="mortgage") == [("loan", "map", "loan")]
    assert _found(tag="URGENT") == [("loan", "card", "c1")]
    assert _found(tag="mortgage", text="forms") == [("loan", "card", "c2")]
    assert _found(tag="urgent", text="forms") == []


def test_persona_keeps_the_maps_it_appears_in() -> None:
    assert _found(persona="priya") == [("loan", "map", "loan")]
    assert _found(persona="Priya Shah") == [("loan", "map", "loan")]
    assert _found(persona="shah") == [("loan", "map", "loan")]
    assert _found(persona="nobody") == []
    assert _found(persona="jo") == [("card", "map", "card")]
    assert _found(persona="jo", text="upload") == []


def test_touchpoint_and_channel_list_touchpoints() -> None:
    assert _found(touchpoint="terminal") == [("card", "touchpoint", "tp-pos")]
    assert _found(touchpoint="tp-call") == [("loan", "touchpoint", "tp-call")]
    assert _found(channel="APP") == [("loan", "touchpoint", "tp-app")]
    assert _found(channel="app", persona="jo") == []
    assert _found(channel="phone", text="help") == [("loan", "touchpoint", "tp-call")]


def test_the_page_index_holds_every_element_with_its_personas() -> None:
    index = search_index([W])
    loan = [i for i in index if i["map"] == "loan"]
    assert loan[0]["kind"] == "map" and loan[0]["personas"] == ["priya", "priya shah"]
    assert {i["id"] for i in index} >= {"upload", "c1", "c2", "tp-app", "tp-call", "tp-pos", "pay"}
    assert all(i["words"] == i["words"].casefold() for i in index)
