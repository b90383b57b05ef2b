"""Idempotency keys of forms that create something: the same form posted twice creates it once.

The page puts a fresh key in a hidden field; the service stores it on the row it creates (a
unique column) and, when the key comes back (double click, retry, a second tab racing the
first), answers with the row already made instead of making another.
"""

from __future__ import annotations

import secrets


def new_idempotency_key() -> str:
    """A fresh key for one displayed form (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def key_or_new(posted: str | None) -> str:
    """The key the form came back with (a re-displayed form keeps it), or a fresh one."""
    posted = (posted or "").strip()
    return posted if posted and len(posted) <= 64 else new_idempotency_key()
