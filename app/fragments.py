"""Rendered pages and page fragments kept per process, for what carries a version.

A fragment (or a whole page) is rendered once per version and reused until the version
changes. The only per-request value it may hold, the CSRF token, is rendered as a slot and
filled in on each use: while a render is meant for keeping, the templates' ``csrf_token()``
gives the slot instead of this session's token.

Vocabulary (one verb, *keep*, as in ``app.process_cache``): ``kept_fragment`` is a fragment
rendered once per version and kept; ``kept_page`` looks up a page kept under a version (None
if there is none), and ``keep_page`` renders a page and keeps it under its version.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import g, render_template
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.process_cache import kept, kept_lookup
from wording import number

#: Stand for the CSRF token and the bell's unread count in a kept render.
CSRF_SLOT = "__csrf-token-slot__"
UNREAD_SLOT = "__unread-count-slot__"

_fragments: OrderedDict = OrderedDict()
_pages: OrderedDict = OrderedDict()
#: Renders kept per process, of each kind.
_KEPT = 2048


def csrf_token_for_templates() -> str:
    """The templates' ``csrf_token()``: this session's token, or the slot in a render meant for keeping."""
    return CSRF_SLOT if g.get("_rendering_to_keep") else generate_csrf()


#: The bell shows at most this count, then « 99+ ».
BADGE_MOST = 99


def _unread_badge_html() -> str:
    from flask_login import current_user

    count = getattr(current_user, "unread_notifications", 0) if current_user.is_authenticated else 0
    if not count:
        return ""
    noun = "non lue" if count == 1 else "non lues"
    if count > BADGE_MOST:
        # « 99+ » seen (a wider badge pushes the menu's words on a phone); the exact count heard.
        return (f' <span class="badge badge-count" data-count="{count}"><span aria-hidden="true">{BADGE_MOST}+</span>'
                f'<span class="visually-hidden">{number(count)} {noun}</span></span>')
    return f' <span class="badge badge-count">{count}<span class="visually-hidden"> {noun}</span></span>'


def unread_badge_for_templates() -> Markup:
    """The bell's count for this viewer, or its slot in a render meant for keeping."""
    return Markup(UNREAD_SLOT if g.get("_rendering_to_keep") else _unread_badge_html())


def _render_to_keep(template: str, context: Callable[[], dict[str, Any]]) -> str:
    """``context()`` is called within the render: what it renders keeps its CSRF slots too."""
    outer = g.get("_rendering_to_keep", False)
    g._rendering_to_keep = True
    try:
        return render_template(template, **context())
    finally:
        g._rendering_to_keep = outer


def _with_csrf(html: str) -> str:
    """Fill the per-request slots of a kept render: the CSRF token and the bell's count."""
    if UNREAD_SLOT in html:
        html = html.replace(UNREAD_SLOT, _unread_badge_html())
    return html.replace(CSRF_SLOT, generate_csrf())


def kept_fragment(version: Hashable, template: str, context: Callable[[], dict[str, Any]]) -> Markup:
    """``template`` rendered with ``context()`` once per ``version``, with this request's CSRF token.

    ``version`` must change whenever anything the fragment shows changes (the CSRF token aside).
    Inside a page being rendered for keeping, the slot is left for the page to fill.
    """
    html = kept(_fragments, (template, version), lambda: _render_to_keep(template, context), size=_KEPT)
    return Markup(html if g.get("_rendering_to_keep") else _with_csrf(html))


def kept_page(version: Hashable) -> str | None:
    """The page kept under ``version``, with this request's CSRF token; None if there is none."""
    html = kept_lookup(_pages, version)
    return None if html is None else _with_csrf(html)


def keep_page(version: Hashable | None, template: str, context: Callable[[], dict[str, Any]]) -> str:
    """``template`` rendered with ``context()`` for this request, and kept under ``version`` unless None.

    ``version`` must tell apart everything the page shows, the viewer included.
    """
    if version is None:
        return render_template(template, **context())
    return _with_csrf(kept(_pages, version, lambda: _render_to_keep(template, context), size=_KEPT))
