"""The review's parts are headed alike, so a screen reader's list of headings gives all of them: the sessions' table
had only its caption, while « Accompagnements individuels » beside it was a heading (walk of 7 December 2026)."""

from __future__ import annotations

import re

import pytest

from tests.app.html_parts import page_html
from models import Role, utcnow

pytestmark = pytest.mark.web


def _h2s(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


def test_the_sessions_part_is_a_heading_like_the_others(client, login, organiser):
    login(organiser)
    national = _h2s(page_html(client.get(f"/organisation/bilan?annee={utcnow().year}")))
    assert national[:2] == ["Sessions collectives", "Accompagnements individuels"]


def test_in_a_region_s_review_too(client, login, make_user):
    year = utcnow().year
    login(make_user(Role.ORGANISER, region_code="76"))
    regional = _h2s(page_html(client.get(f"/organisation/bilan?annee={year}")))
    assert regional[:2] == ["Sessions collectives", "Accompagnements individuels"]
