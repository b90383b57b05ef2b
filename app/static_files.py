"""Static files (CSS, JS, icons) with their version in their address, kept a year by browsers.

``url_for('static', filename=…)`` gets ``?v=`` and the first characters of the file's SHA-256: a file changed by a
deployment gets a new address, so the pages (never cached, ``app.security``) lead browsers to it at once. An
address whose ``v`` is the file's current version is answered with ``Cache-Control: public, max-age=31536000,
immutable``; any other (no version, an older one, during a deployment across hosts) keeps Flask's ``no-cache``
and its revalidation, so nothing stale is kept.

The version is recomputed when the file's size or modification time changes: in development an edited file gets
its new address at the next page, without a restart.

A file is the same for everyone: its response neither varies on the cookie nor sets one (``CookielessStatic``),
else a shared cache in front of the site would keep one copy per visitor.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from werkzeug.security import safe_join

#: A year: the longest a browser is asked to keep a file (RFC 9111 leaves « immutable » to the client).
ONE_YEAR_SECONDS = 31_536_000
VERSION_ARG = "v"


class StaticVersions:
    """The version of each file of a folder, computed once per content (size and modification time)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = str(folder)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}
        self._lock = threading.Lock()

    def of(self, filename: str) -> str | None:
        """The file's version (12 hexadecimal characters), None when there is no such file in the folder."""
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        stamp = (stat.st_size, stat.st_mtime_ns)
        known = self._known.get(filename)
        if known is not None and known[0] == stamp:
            return known[1]
        try:
            version = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
        except OSError:  # a folder, or unreadable
            return None
        with self._lock:
            self._known[filename] = (stamp, version)
        return version


class CookielessStatic(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that a static file's answer leaves the session alone.

    Flask-Login looks into the session after every request (``_update_remember_cookie``), which marks it
    accessed, and Flask then answers ``Vary: Cookie``. A file (200, 206 or 304 from the ``static`` endpoint) is not
    saved: no ``Vary: Cookie``, no ``Set-Cookie``. An error page there (404) is a page, saved as usual.
    """

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.endpoint == "static" and response.status_code in (200, 206, 304):
            return
        super().save_session(app, session, response)


def init_static_versions(app: Flask) -> None:
    app.session_interface = CookielessStatic()
    if app.static_folder is None:
        return
    versions = StaticVersions(app.static_folder)

    @app.url_defaults
    def _versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and VERSION_ARG not in values and (version := versions.of(values.get("filename", ""))):
            values[VERSION_ARG] = version

    @app.after_request
    def _kept_a_year(response: Response) -> Response:
        if (request.endpoint == "static" and response.status_code in (200, 304)
                and (asked := request.args.get(VERSION_ARG))
                and asked == versions.of((request.view_args or {}).get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR_SECONDS
            response.cache_control.immutable = True
        return response
