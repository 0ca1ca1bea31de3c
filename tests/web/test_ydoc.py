"""Map JSON ⇄ Y document: round trips, minimal reconciliation, and convergence of concurrent edits."""

from __future__ import annotations

import copy
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Array, Doc, Map, merge_updates

from journeymap.files.dump import model_data
from journeymap.files.loader import read_map
from journeymap.web.ydoc import apply_update, doc_data, encode_state, new_doc, reconcile, root

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"


@cache
def _example() -> str:
    source = read_map(EXAMPLE, personas=["priya-first-time-buyer", "okafor-remortgaging-family"])
    return json.dumps(model_data(source.map))


def example() -> dict[str, Any]:
    """The home-loan as-is map's JSON (a fresh copy)."""
    data: dict[str, Any] = json.loads(_example())
    return data


def canon(value: Any) -> str:
    """JSON text in which whole floats are ints, so `1.0` and `1` compare equal but `true` and `1` do not."""

    def tidy(item: Any) -> Any:
        if isinstance(item, dict):
            return {key: tidy(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [tidy(inner) for inner in item]
        if isinstance(item, float) and item.is_integer():
            return int(item)
        return item

    return json.dumps(tidy(value), sort_keys=True)


def replay(*updates: bytes) -> dict[str, Any]:
    """The data of a fresh document built from updates (what a server reloading the log sees)."""
    doc = new_doc()
    apply_update(doc, merge_updates(*updates))
    return doc_data(doc)


def recording(doc: Doc[Any]) -> list[bytes]:
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    return updates


# -- strategies ---------------------------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=25,
)
json_objects = st.dictionaries(st.text(max_size=5), json_values, max_size=6)
names = st.text(alphabet="abcdefgh XYZ", min_size=1, max_size=10)


def mutate(data: dict[str, Any], draw: Any, *, keep: str | None = None, reorder: bool = True) -> dict[str, Any]:
    """Random edits of a map's JSON (a copy); the step with id ``keep`` is neither moved, deleted nor renamed."""
    data = copy.deepcopy(data)
    counter = 0
    for _ in range(draw(st.integers(0, 8))):
        stage = draw(st.sampled_from(data["stages"]))
        steps = stage["steps"]
        op = draw(st.sampled_from(["rename", "describe", "insert", "delete", "move", "tags", "title", "stages"]))
        index = draw(st.integers(0, max(len(steps) - 1, 0)))
        if op == "rename" and steps and steps[index]["id"] != keep:
            steps[index]["name"] = draw(names)
        elif op == "describe" and steps:
            steps[index]["description"] = draw(names)
        elif op == "insert":
            counter += 1
            steps.insert(index, {"id": f"new-{counter}", "name": draw(names), "emotion": {"estimate": 4}})
        elif op == "delete" and steps and steps[index]["id"] != keep:
            del steps[index]
        elif op == "move" and reorder and steps:
            moved = steps.pop(index)
            steps.insert(draw(st.integers(0, len(steps))), moved)
        elif op == "tags":
            tags = data.setdefault("tags", [])
            if tags and draw(st.booleans()):
                del tags[draw(st.integers(0, len(tags) - 1))]
            else:
                tags.insert(draw(st.integers(0, len(tags))), draw(names))
        elif op == "title":
            data["title"] = draw(names)
        elif op == "stages" and reorder:
            data["stages"].reverse()
    return data


# -- round trips --------------------------------------------------------------------------------------------------


def test_example_round_trips_and_replays() -> None:
    data = example()
    doc = new_doc(data)
    assert canon(doc_data(doc)) == canon(data)
    assert canon(replay(encode_state(doc))) == canon(data)
    assert isinstance(root(doc)["stages"], Array)
    assert isinstance(root(doc)["stages"][0], Map)


def test_numbers_come_back_as_ints_when_whole() -> None:
    doc = new_doc({"n": 3, "x": 2.5, "flag": True, "none": None, "nested": [{"v": 7.0}]})
    # a JS client (numbers are doubles) reads the same update
    data = replay(encode_state(doc))
    assert data == {"n": 3, "x": 2.5, "flag": True, "none": None, "nested": [{"v": 7}]}
    assert type(data["n"]) is int and type(data["nested"][0]["v"]) is int and type(data["flag"]) is bool


def test_non_json_is_refused_before_anything_changes() -> None:
    doc = new_doc({"a": 1})
    with pytest.raises(TypeError, match=r"map\.b\[1\]: set is not a JSON value"):
        reconcile(doc, {"b": [1, {1, 2}]})
    with pytest.raises(TypeError, match="not a JSON number"):
        reconcile(doc, {"a": math.inf})
    assert doc_data(doc) == {"a": 1}


@settings(max_examples=150, deadline=None)
@given(json_objects, json_objects)
def test_reconcile_round_trips_any_json(first: dict[str, Any], second: dict[str, Any]) -> None:
    doc = new_doc(first)
    assert canon(doc_data(doc)) == canon(first)
    reconcile(doc, second)
    assert canon(doc_data(doc)) == canon(second)
    assert canon(replay(encode_state(doc))) == canon(second)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_reconcile_round_trips_map_edits(data: st.DataObject) -> None:
    doc = new_doc(example())
    for _ in range(2):
        target = mutate(doc_data(doc), data.draw)
        reconcile(doc, target)
        assert canon(doc_data(doc)) == canon(target)
    assert canon(replay(encode_state(doc))) == canon(doc_data(doc))


def test_reconcile_changes_only_what_differs() -> None:
    data = example()
    doc = new_doc(data)
    updates = recording(doc)
    reconcile(doc, example())
    assert updates == []  # nothing changed, no update at all
    data["stages"][1]["steps"][1]["name"] = "Upload documents online"
    reconcile(doc, data)
    assert len(updates) == 1
    assert len(updates[0]) < 80 < len(encode_state(doc)) // 100  # one field, not the map
    moved = data["stages"][0]["steps"].pop(0)
    data["stages"][0]["steps"].append(moved)
    before = len(updates)
    reconcile(doc, data)
    assert len(updates) == before + 1 and canon(doc_data(doc)) == canon(data)


def test_lists_of_objects_are_matched_by_id() -> None:
    doc = new_doc({"steps": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}]})
    b_item = root(doc)["steps"][1]
    reconcile(doc, {"steps": [{"id": "x", "name": "X"}, {"id": "b", "name": "B2"}, {"id": "c", "name": "C"}]})
    # "b" is still the same Y item (an edit made meanwhile by someone else would land on it)
    b_item["note"] = "still here"
    assert doc_data(doc)["steps"][1] == {"id": "b", "name": "B2", "note": "still here"}


def sync(*docs: Doc[Any]) -> None:
    for source in docs:
        for target in docs:
            if source is not target:
                target.apply_update(source.get_update(target.get_state()))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_reconcile_keeps_a_concurrent_edit_of_another_field(data: st.DataObject) -> None:
    base = new_doc(example())
    alice, bob = Doc(), Doc()
    for doc in (alice, bob):
        doc.apply_update(encode_state(base))
    stage = data.draw(st.integers(0, len(example()["stages"]) - 1))
    step_index = data.draw(st.integers(0, len(example()["stages"][stage]["steps"]) - 1))
    step_id = example()["stages"][stage]["steps"][step_index]["id"]
    # Alice renames the step in her browser while Bob's change (other fields, other steps, new steps) goes
    # through the REST API, i.e. reconcile
    new_name = data.draw(names)
    root(alice)["stages"][stage]["steps"][step_index]["name"] = new_name
    target = mutate(example(), data.draw, keep=step_id, reorder=False)
    reconcile(bob, target)
    sync(alice, bob)
    for step in target["stages"][stage]["steps"]:
        if step["id"] == step_id:
            step["name"] = new_name
    assert canon(doc_data(alice)) == canon(doc_data(bob)) == canon(target)


# -- convergence of concurrent editing sessions ----------------------------------------------------------------


class Client:
    """One editor: a document, an outbox of its updates, online or offline."""

    def __init__(self, number: int, base: bytes) -> None:
        self.number = number
        self.doc: Doc[Any] = Doc(client_id=1000 + number)
        self.doc.apply_update(base)
        self.outbox: list[bytes] = []
        self.online = True
        self.counter = 0
        self.receiving = False
        self.doc.observe(self._record)

    def _record(self, event: Any) -> None:
        # an online editor sends its own edits; offline edits wait for the sync on reconnection
        if self.online and not self.receiving:
            self.outbox.append(event.update)

    def receive(self, update: bytes) -> None:
        self.receiving = True
        try:
            self.doc.apply_update(update)
        finally:
            self.receiving = False

    def edit(self, draw: Any) -> None:
        stages = root(self.doc)["stages"]
        if len(stages) == 0:
            stages.append(Map({"id": f"s{self.number}", "name": "S", "steps": Array([])}))
            return
        stage = stages[draw(st.integers(0, len(stages) - 1))]
        if "steps" not in stage:
            stage["steps"] = Array([])
        steps = stage["steps"]
        index = draw(st.integers(0, max(len(steps) - 1, 0)))
        op = draw(st.sampled_from(["set", "insert", "delete", "move", "unset", "tags", "stage", "reconcile"]))
        self.counter += 1
        ident = f"c{self.number}-{self.counter}"
        if op == "set" and len(steps):
            steps[index]["name"] = draw(names)
        elif op == "insert":
            steps.insert(index, Map({"id": ident, "name": draw(names), "emotion": Map({"estimate": 3})}))
        elif op == "delete" and len(steps):
            del steps[index]
        elif op == "move" and len(steps):
            # Yjs has no move: a move is a delete and an insert of a copy, in one transaction
            with self.doc.transaction():
                moved = steps[index].to_py()
                del steps[index]
                target = stages[draw(st.integers(0, len(stages) - 1))]
                if "steps" not in target:
                    target["steps"] = Array([])
                target_steps = target["steps"]
                target_steps.insert(draw(st.integers(0, len(target_steps))), Map(moved))
        elif op == "unset" and len(steps) and "description" in steps[index]:
            del steps[index]["description"]
        elif op == "tags":
            root(self.doc)["tags"].insert(0, draw(names))
        elif op == "stage":
            if draw(st.booleans()) and len(stages) > 1:
                del stages[draw(st.integers(0, len(stages) - 1))]
            else:
                stages.insert(0, Map({"id": ident, "name": draw(names), "steps": Array([])}))
        else:  # the REST path: the whole JSON, reconciled
            current = doc_data(self.doc)
            current["title"] = draw(names)
            if current["stages"] and current["stages"][0].get("steps"):
                current["stages"][0]["steps"][0]["description"] = draw(names)
            reconcile(self.doc, current)


def _converges(data: st.DataObject, count: int) -> None:
    """Editors around a hub (the room), as in the studio: each link delivers in order, but the links interleave at
    random, messages are delayed and duplicated, and an editor that goes offline loses what was in flight, keeps
    editing, and syncs (step 1 / step 2 both ways) when it comes back."""
    base = encode_state(new_doc(example(), client_id=1))
    clients = [Client(number, base) for number in range(count)]
    hub: Doc[Any] = Doc(client_id=2)
    hub.apply_update(base)
    log: list[bytes] = [base]  # what the hub would persist: the updates that changed it
    hub.observe(lambda event: log.append(event.update))
    up: list[list[bytes]] = [[] for _ in clients]
    down: list[list[bytes]] = [[] for _ in clients]
    last: list[bytes | None] = [None for _ in clients]

    def to_hub(sender: int, update: bytes) -> None:
        before = len(log)
        hub.apply_update(update)
        for change in log[before:]:
            for other in clients:
                if other.number != sender and other.online:
                    down[other.number].append(change)

    def post(client: Client) -> None:
        up[client.number].extend(client.outbox)
        client.outbox.clear()

    def reconnect(client: Client) -> None:
        client.online = True
        client.receive(hub.get_update(client.doc.get_state()))
        to_hub(client.number, client.doc.get_update(hub.get_state()))

    for _ in range(data.draw(st.integers(1, 50))):
        action = data.draw(st.sampled_from(["edit", "edit", "up", "down", "down", "duplicate", "offline", "online"]))
        client = clients[data.draw(st.integers(0, count - 1))]
        number = client.number
        if action == "edit":
            client.edit(data.draw)
            post(client)
        elif action == "up" and up[number]:
            to_hub(number, up[number].pop(0))
        elif action == "down" and down[number]:
            last[number] = down[number].pop(0)
            client.receive(last[number] or b"")
        elif action == "duplicate" and last[number] is not None:
            client.receive(last[number] or b"")
        elif action == "offline" and client.online:
            client.online = False
            up[number].clear()
            down[number].clear()
        elif action == "online" and not client.online:
            reconnect(client)
    for client in clients:
        if not client.online:
            reconnect(client)
    while any(up) or any(down):
        links = [(kind, n) for kind, queues in (("up", up), ("down", down)) for n in range(count) if queues[n]]
        kind, number = links[data.draw(st.integers(0, len(links) - 1))]
        if kind == "up":
            to_hub(number, up[number].pop(0))
        else:
            clients[number].receive(down[number].pop(0))
    expected = canon(doc_data(hub))
    assert [canon(doc_data(client.doc)) for client in clients] == [expected] * count
    assert canon(replay(*log)) == expected  # reloading the persisted updates gives the same map


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_two_editors_converge(data: st.DataObject) -> None:
    _converges(data, 2)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_three_editors_converge(data: st.DataObject) -> None:
    _converges(data, 3)
