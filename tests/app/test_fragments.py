"""Cached page fragments (app/fragments.py): rendered once per version (the per-viewer CSRF token
is checked on the need page, tests/app/suggestions/test_views.py)."""

from __future__ import annotations


import pytest

from app.fragments import kept_fragment

pytestmark = pytest.mark.web


def test_rendered_once_per_version(app):
    calls = []

    def context() -> dict:
        calls.append(1)
        return {"need": None, "mentor_suggestions": []}

    with app.test_request_context():
        first = kept_fragment(("test", 1), "suggestions/_mentors.html", context)
        again = kept_fragment(("test", 1), "suggestions/_mentors.html", context)
        kept_fragment(("test", 2), "suggestions/_mentors.html", context)
    assert first == again and len(calls) == 2
    assert "Aucune personne ressource disponible" in first
