"""What the query-string test needs: the parameters a page reads, found by watching it read them, and the hostile
values to give each one.

A page reads its query string through ``request.args`` (``args.get``, a filter form bound to it, ``request.values``):
``Watched`` is the request's storage class while the test runs and notes every key asked for, so a parameter added
to a view tomorrow is tried without touching this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from werkzeug.datastructures import ImmutableMultiDict

#: Keys asked for since the last ``reset`` (by any ``Watched`` dict: args, form, values).
asked: list[str] = []


class Watched(ImmutableMultiDict):
    """An ``ImmutableMultiDict`` noting the keys a view asks for."""

    def __contains__(self, key: object) -> bool:
        asked.append(str(key))
        return super().__contains__(key)

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        asked.append(str(key))
        return super().get(key, default, type)

    def getlist(self, key: Any, type: Any = None) -> list[Any]:
        asked.append(str(key))
        return super().getlist(key, type)

    def __getitem__(self, key: Any) -> Any:
        asked.append(str(key))
        return super().__getitem__(key)


@contextmanager
def watching(app: Flask) -> Iterator[None]:
    request_class = app.request_class
    kept = request_class.parameter_storage_class
    request_class.parameter_storage_class = Watched
    try:
        yield
    finally:
        request_class.parameter_storage_class = kept


#: Raw (already percent-encoded) values, each sent alone in each parameter the first time a page is seen reading it.
HOSTILE = [
    "-1", "0", str(10**30), "1.5", "nan", "abc", "", "%C2%B2", "%D9%A3", "%ff%fe", "0000-01-01", "0001-01-01", "9999-12-31",
    "2026-02-30", "13", "inconnu", "%25", "%25_%5C", "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x" * 100_000,
]
#: The values sent again, all parameters at once (rotated), when another role reads the same parameter.
SHORT = ["-1", str(10**30), "%C2%B2", "%ff%fe", "%25", "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"]
SCRIPT = re.compile(r"<script>alert\(1\)</script>")
#: English phrases of WTForms, Werkzeug and Flask that a French page must never show.
ENGLISH = re.compile(r"This field is required|Not a valid|Invalid (?:Choice|value|input|email|URL|date)|"
                     r"Field must be|must be between|is not a valid|Please |Bad Request|Not Found|"
                     r"Method Not Allowed|Request Entity Too Large|Internal Server Error", re.IGNORECASE)


def each_alone(names: list[str]) -> list[str]:
    """Each hostile value alone in each parameter, each parameter given twice, and all at once with one value."""
    tried = [f"{name}={value}" for name in names for value in HOSTILE]
    tried += [f"{name}=1&{name}=2&{name}=" for name in names]
    return tried + ["&".join(f"{name}={value}" for name in names) for value in ("-1", "%ff%fe")] * (len(names) > 1)


def rotated(names: list[str]) -> list[str]:
    """``SHORT`` in every parameter at once, each parameter a step further in the list than the one before."""
    return ["&".join(f"{name}={SHORT[(i + j) % len(SHORT)]}" for j, name in enumerate(names))
            for i in range(len(SHORT))]
