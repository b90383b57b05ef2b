"""Rendered page fragments kept per process, for costly parts of a page that carry a version.

A fragment is rendered once per version and reused until the version changes; the only
per-viewer value it may hold, the CSRF token, is left as a slot and filled in on each use.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.process_cache import memoised

#: Stands for the CSRF token in a cached fragment (templates read it as ``csrf_token_value``).
CSRF_SLOT = "__csrf-token-slot__"

_fragments: OrderedDict = OrderedDict()


def render_cached(version: Hashable, template: str, context: Callable[[], dict[str, Any]]) -> Markup:
    """``template`` rendered with ``context()`` once per ``version``, with this request's CSRF token.

    ``version`` must change whenever anything the fragment shows changes (the CSRF token aside).
    """
    html = memoised(_fragments, (template, version),
                    lambda: render_template(template, csrf_token_value=CSRF_SLOT, **context()), size=2048)
    return Markup(html.replace(CSRF_SLOT, generate_csrf()))
