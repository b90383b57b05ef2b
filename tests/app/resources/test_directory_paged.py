"""The directory of resource persons shows a page of cards at a time, the count of all those found above it and the
filters kept from page to page: at national scale it rendered six hundred cards (350 kB) to every visitor."""

from __future__ import annotations

import re

import pytest

from app.pagination import PER_PAGE
from models import Role

pytestmark = pytest.mark.web


def test_the_directory_is_read_a_page_at_a_time_with_its_filters(client, login, make_user, make_resource_person):
    for _ in range(PER_PAGE + 1):
        make_resource_person(region_code="53")
    make_resource_person(region_code="52")  # filtered out
    login(make_user(Role.FACILITATOR))
    first = client.get("/personnes-ressources/?region=53").get_data(as_text=True)
    assert f"{PER_PAGE + 1}\u00a0personnes trouvées." in first
    assert first.count('<li class="card">') == PER_PAGE and "Page 1 sur 2" in first
    following = re.search(r'<a href="([^"]+)" rel="next">Page suivante</a>', first).group(1).replace("&amp;", "&")
    assert following == "/personnes-ressources/?region=53&page=2"
    second = client.get(following).get_data(as_text=True)
    assert second.count('<li class="card">') == 1 and "Page 2 sur 2" in second
    assert f"{PER_PAGE + 1}\u00a0personnes trouvées." in second
