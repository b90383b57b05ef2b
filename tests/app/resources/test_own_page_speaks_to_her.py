"""A resource person's page speaks to her when she reads it, and about her to an organiser (walk of 6 December 2026:
on her own page she read « Ce que Bernadette Loubière peut transmettre »; an organiser read « Besoins ouverts
auxquels vous pourriez répondre » about someone else)."""

from __future__ import annotations

import html
import re

import pytest

from models import Role

pytestmark = pytest.mark.web


def _headings(client, profile_id: int) -> list[str]:
    page = html.unescape(client.get(f"/personnes-ressources/{profile_id}").get_data(as_text=True))
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]


@pytest.fixture
def person(make_user, make_resource_person):
    return make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Bernadette Loubière"))


def test_her_own_page_says_vous(client, login, person):
    login(person.user)
    headings = _headings(client, person.id)
    assert "Ce que vous pouvez transmettre" in headings
    assert "Besoins ouverts auxquels vous pourriez répondre" in headings
    assert not [h for h in headings if "Bernadette" in h]


def test_an_organiser_reads_about_her(client, login, make_user, person):
    login(make_user(Role.ORGANISER))
    headings = _headings(client, person.id)
    assert "Ce que Bernadette Loubière peut transmettre" in headings
    assert "Besoins ouverts auxquels Bernadette Loubière pourrait répondre" in headings
    assert not [h for h in headings if "vous" in h]
