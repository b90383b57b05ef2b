"""Absolute links for what leaves the site: e-mails and the calendar feed URL.

They are built from the ``PUBLIC_BASE_URL`` setting, never from the current request:
a message queued by the scheduler or the CLI has no request at all (Flask would make up
``http://localhost/``), and one queued during a visitor's request must not carry the
``Host`` header that visitor sent — a forged Host would otherwise put the attacker's
domain in a password-reset link mailed to the victim.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter

from config import public_base_url_problem


def _public_adapter() -> MapAdapter:
    """The app's URL map bound to ``PUBLIC_BASE_URL`` (scheme, host[:port] and path prefix)."""
    value = current_app.config["PUBLIC_BASE_URL"]
    problem = public_base_url_problem(value)
    if problem:
        raise RuntimeError(problem)
    base = urlsplit(value)
    return current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/",
                                    url_scheme=base.scheme)


def absolute_url(endpoint: str, **values: object) -> str:
    """``url_for(endpoint, **values)`` as an absolute URL under ``PUBLIC_BASE_URL``.

    Works with or without a request context; ``endpoint`` is the full name
    (``"transfers.show"``), values that are not route arguments become the query string.
    """
    return _public_adapter().build(endpoint, values, force_external=True)


def absolute_path_url(path: str) -> str:
    """A path of the site (``/transferts/12``) as an absolute URL under ``PUBLIC_BASE_URL``."""
    value = current_app.config["PUBLIC_BASE_URL"]
    problem = public_base_url_problem(value)
    if problem:
        raise RuntimeError(problem)
    return value.rstrip("/") + "/" + path.lstrip("/")
