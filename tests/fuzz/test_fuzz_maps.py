"""Fuzzing the map loader: random YAML/JSON trees and mutated bytes of the example maps, read as a map file
(``read_map``) and as the studio's map data (``check_map_data``).

The only documented outcomes are a map, or a :class:`~journeymap.errors.ProblemsError` whose problems each name
their place; any other exception is a bug. A few dozen examples run by default (a few seconds in CI); set the
environment variable ``JOURNEYMAP_FUZZ_EXAMPLES`` (e.g. ``JOURNEYMAP_FUZZ_EXAMPLES=5000``) for a longer run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import ProblemsError
from journeymap.files.loader import check_map_data, read_map

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MAPS = sorted((ROOT / "examples").glob("*/maps/*.yaml"))
KEYS = ["id", "title", "name", "stages", "steps", "lanes", "cards", "step", "text", "emotion", "estimate", "mean",
        "n", "ci95", "dataset", "measured_on", "personas", "persona", "touchpoints", "comments", "target", "author",
        "journeymap", "type", "kind", "<<", "x"]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2026-13-01", "2024-02-29", "1e999", ".nan", "r-calc", "~", "no", "0x1f", "9" * 50]),
)
trees = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


def assert_located(problems: tuple[Any, ...]) -> None:
    assert problems, "a ProblemsError without problems"
    for problem in problems:
        assert problem.where, f"a problem without its place: {problem}"
        assert problem.message


def read_bytes_as_map(data: bytes, suffix: str = ".yaml") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"map{suffix}"
        path.write_bytes(data)
        try:
            read_map(path)
        except ProblemsError as exc:
            assert_located(exc.problems)


@FUZZ
@given(tree=trees, as_json=st.booleans())
def test_random_trees_through_the_loader(tree: Any, as_json: bool) -> None:
    text = json.dumps(tree, allow_nan=True) if as_json else _yaml(tree)
    read_bytes_as_map(text.encode("utf-8"), ".json" if as_json else ".yaml")


@FUZZ
@given(changes=trees, key=st.sampled_from(KEYS))
def test_random_values_in_a_good_map(changes: Any, key: str) -> None:
    data = {"title": "T", "stages": [{"name": "S", "steps": [{"id": "a", "name": "A"}]}], key: changes}
    read_bytes_as_map(json.dumps(data, allow_nan=True).encode(), ".json")
    try:
        check_map_data(data, "maps/fuzz.yaml")
    except ProblemsError as exc:
        assert_located(exc.problems)


@FUZZ
@given(data=st.data())
def test_mutated_example_maps(data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(EXAMPLE_MAPS)).read_bytes()
    mutated = bytearray(original)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(mutated)))
        operation = data.draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        chunk = data.draw(
            st.binary(min_size=1, max_size=8)
            | st.sampled_from([b"*a", b"&a ", b"[", b"{", b"\t", b":", b"\x00", b"!!python/none "])
        )
        if operation == "insert":
            mutated[at:at] = chunk
        elif operation == "delete":
            del mutated[at : at + len(chunk)]
        elif operation == "replace":
            mutated[at : at + len(chunk)] = chunk
        else:
            mutated[at:at] = mutated[max(0, at - 40) : at]
    read_bytes_as_map(bytes(mutated))


def _yaml(tree: Any) -> str:
    import yaml

    return str(yaml.safe_dump({"journeymap": 1, "title": "T", "extra": tree}, allow_unicode=True))
