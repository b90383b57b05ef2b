"""Helpers of the concurrency tests: calls run at the same instant, each in its own request (hence its own
database session), and a way to hold one call inside the window between what it checks and what it writes."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

#: Marks of a test that races real transactions: SQLite serialises every writer, PostgreSQL does not.
on_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def together(app: Flask, calls: dict[str, Callable[[], Any]], *, timeout: float = 120) -> dict[str, Any]:
    """Run each call in its own thread and request context, all released at once; what each returned, or the
    exception it raised, by name."""
    barrier = threading.Barrier(len(calls))
    outcomes: dict[str, Any] = {}
    lock = threading.Lock()

    def run(name: str, call: Callable[[], Any]) -> None:
        with app.test_request_context():
            try:
                barrier.wait(timeout=60)
                outcome = call()
            except BaseException as error:  # noqa: BLE001 - the test reads it
                outcome = error
        with lock:
            outcomes[name] = outcome

    threads = [threading.Thread(target=run, args=item, name=item[0]) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert len(outcomes) == len(calls), f"a call never ended: {sorted(outcomes)}"
    return outcomes


def hold(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, *, thread: str, until: threading.Event,
         seconds: float = 2.0) -> None:
    """Make ``owner.name`` wait, in the thread named ``thread`` only, until ``until`` is set (at most ``seconds``),
    then run. Placed between a service's check and its write, it lets another request commit in that window — or,
    once the service locks what it checked, shows that the other request had to wait."""
    original = getattr(owner, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == thread:
            until.wait(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)


def in_step(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, *, parties: int = 2,
            seconds: float = 2.0, after: bool = False) -> None:
    """Make the callers of ``owner.name`` wait for one another there (at most ``seconds``) before it runs (``after``:
    once it returned, e.g. when it is the check's count itself): placed after a service's check, every request has
    checked before any writes — unless the service now locks, one request waiting for the other, and the wait
    times out."""
    original, met = getattr(owner, name), threading.Barrier(parties)

    def in_step_call(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs) if after else None
        with contextlib.suppress(threading.BrokenBarrierError):
            met.wait(seconds)
        return result if after else original(*args, **kwargs)

    monkeypatch.setattr(owner, name, in_step_call)
