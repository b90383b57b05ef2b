"""Per-process indexes (fitted matchers, visit vectors…) rebuilt when their fingerprint changes.

Every gunicorn worker keeps its own copy. The fingerprint, a cheap query, is re-read at most
every ``SUGGESTION_INDEX_CHECK_SECONDS``: a few seconds of staleness in exchange for not
querying it on every page.

Vocabulary: an *index* is cached (``cached_index``: rebuilt when its fingerprint changes); a
*value* is kept under a key that names its version, in a bounded least-recently-used store
(``kept``: the value, computed if it is not kept yet; ``kept_lookup``: the value if it is kept,
else None). ``app.fragments`` builds its kept renders on these two.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from flask import current_app


class CachedIndex(Protocol):
    key: tuple
    checked_at: float


IndexT = TypeVar("IndexT", bound=CachedIndex)

_indexes: dict[tuple[str, str], Any] = {}
lock = threading.Lock()


def cached_index(name: str, key_of: Callable[[], tuple], build: Callable[[tuple], IndexT | None]) -> IndexT | None:
    """This process's index ``name``, rebuilt by ``build(key)`` when ``key_of()`` changes.

    ``build`` returns None when there is nothing to index; that answer is kept like an index.
    """
    slot = (name, current_app.config["EMBEDDING_MODEL"])
    now = time.monotonic()
    with lock:
        cached = _indexes.get(slot)
    if cached is None or now - cached.checked_at >= current_app.config["SUGGESTION_INDEX_CHECK_SECONDS"]:
        key = key_of()
        if cached is None or cached.key != key:
            cached = build(key) or _Nothing(key)
            with lock:
                _indexes[slot] = cached
        cached.checked_at = now
    return None if isinstance(cached, _Nothing) else cached


def index_version(name: str, key_of: Callable[[], tuple], build: Callable[[tuple], Any]) -> tuple:
    """The fingerprint this process's index ``name`` is at (an empty index has one too)."""
    cached_index(name, key_of, build)
    with lock:
        return _indexes[(name, current_app.config["EMBEDDING_MODEL"])].key


@dataclass
class _Nothing:
    """Nothing to index for this fingerprint."""

    key: tuple
    checked_at: float = 0.0


def kept_lookup(memo: OrderedDict, key: Hashable) -> Any | None:
    """``memo[key]`` if it is there (and now the most recently used), else None."""
    with lock:
        value = memo.get(key)
        if value is not None:
            memo.move_to_end(key)
        return value


def kept(memo: OrderedDict, key: Hashable, compute: Callable[[], Any], *, size: int = 4096) -> Any:
    """``memo[key]``, computed once (least recently used entries dropped beyond ``size``); never None."""
    value = kept_lookup(memo, key)
    if value is not None:
        return value
    value = compute()
    with lock:
        memo[key] = value
        while len(memo) > size:
            memo.popitem(last=False)
    return value


def clear() -> None:
    """Forget every index of this process (tests)."""
    with lock:
        _indexes.clear()
