"""What the studio computes from an evidence file, kept in a bounded in-process cache: an event log's discovery
(and its flow drawing) and a survey's summary.

The report of a map, its discovery drawing and applying an event log all read the same files; without a cache
every request re-read the log and re-discovered the journey, and re-summarized every survey. A result is kept
under what it depends on and nothing else:

* the **content** of the file (its SHA-256, not its name or upload id: a new upload, or a workspace file changed
  on disk, has new content and so a new key; the same bytes uploaded twice share one result),
* the name it is **shown** under (problems and the report name the file),
* how it is **read**: an event log's columns (case, activity, time, channel), a survey's spec (its mapping),
* the **engine version** (:data:`ENGINE_VERSION`: journeymap's and DuckDB's), so an upgrade never serves a
  result computed by older code.

Only the evidence part is cached: the map itself (its edits), its analyses and lint are computed on every
request. The cache keeps the :data:`CACHE_SIZE` results used last (least recently used first out); a result
being computed is computed once, requests for the same key meanwhile wait for it. A failure is not kept.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .._version import __version__

if TYPE_CHECKING:
    from ..evidence.engine import Engine
    from ..evidence.suggest import EventRoles
    from ..evidence.survey import SurveySummary
    from ..evidence.survey_spec import SurveySpec

__all__ = [
    "CACHE_SIZE",
    "ENGINE_VERSION",
    "ResultCache",
    "cache",
    "content_hash",
    "discovery",
    "file_hash",
    "flow_svg",
    "summarizer",
    "survey_summary",
]

T = TypeVar("T")

CACHE_SIZE = 32
"""How many results the studio keeps (discoveries, flow drawings and survey summaries together)."""


def _engine_version() -> str:
    try:
        import duckdb

        return f"journeymap {__version__}, duckdb {duckdb.__version__}"
    except ImportError:  # pragma: no cover - duckdb is a dependency of the evidence engine
        return f"journeymap {__version__}"


ENGINE_VERSION = _engine_version()
"""Part of every key: results computed by another version of the code are never served."""


class ResultCache:
    """A bounded, thread-safe least-recently-used cache; :meth:`get` computes a missing value once."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        if size < 1:
            raise ValueError("a cache keeps at least one result")
        self.size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def kept(self) -> list[Hashable]:
        """The keys kept, the least recently used first."""
        with self._lock:
            return list(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                self.hits += 1
                return True, self._values[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under ``key``, else ``compute()`` (kept unless it raises)."""
        found, value = self._lookup(key)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:  # one computation per key; the others wait for it and then find it
            found, value = self._lookup(key)
            if found:
                return value  # type: ignore[no-any-return]
            try:
                result = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            with self._lock:
                self.misses += 1
                self._values[key] = result
                self._values.move_to_end(key)
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
            return result


cache = ResultCache()
"""The studio's cache (one per process)."""


def content_hash(content: bytes) -> str:
    """The key of a file's content."""
    return hashlib.sha256(content).hexdigest()


def file_hash(path: Path) -> str:
    """The key of a file's content, read in blocks (a workspace's event log may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _roles_key(roles: EventRoles) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(roles.to_mapping().items()))


def discovery(digest: str, shown: str, roles: EventRoles, compute: Callable[[], T]) -> T:
    """The discovery of the event log whose content hashes to ``digest``, read with ``roles`` (the columns the
    user gave, None: found by name) and named ``shown``."""
    return cache.get(("discovery", digest, shown, _roles_key(roles), ENGINE_VERSION), compute)


def flow_svg(digest: str, shown: str, roles: EventRoles, draw: Callable[[], str]) -> str:
    """The flow drawing of an event log's discovery (the layout of many activities takes time too)."""
    return cache.get(("flow-svg", digest, shown, _roles_key(roles), ENGINE_VERSION), draw)


def survey_summary(
    digest: str, name: str, spec: SurveySpec, distribution: bool, compute: Callable[[], SurveySummary]
) -> SurveySummary:
    """The summary of the survey whose content hashes to ``digest``, read as ``spec`` (a copy: callers may
    change theirs)."""
    key = ("survey", digest, name, repr(spec), distribution, ENGINE_VERSION)
    return copy.deepcopy(cache.get(key, compute))


def summarizer(engine: Engine) -> Callable[[Path, SurveySpec], SurveySummary]:
    """What :func:`journeymap.report.build_report` summarizes its surveys with: through the cache, on ``engine``
    when the summary is not kept."""
    from ..evidence.survey import summarize_survey

    def summarize(path: Path, spec: SurveySpec) -> SurveySummary:
        return survey_summary(file_hash(path), path.name, spec, True, lambda: summarize_survey(engine, path, spec))

    return summarize
