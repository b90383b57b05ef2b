"""The private calendar feed of the organiser who published a session carries its slots: a CRA running its regional
day is not registered to it, and the day was missing from its calendar (walk of 7 December 2026)."""

from __future__ import annotations

import re

from app.scheduling import feeds
from models import Role


def _summaries(client, user) -> list[str]:
    body = client.get(f"/calendrier/{feeds.create_feed(user=user)}.ics").get_data(as_text=True)
    return re.findall(r"^SUMMARY:(.*?)\r?$", body, re.M)


def test_the_organiser_s_feed_has_the_sessions_it_publishes_and_not_another_s(client, publish, make_user):
    cra = make_user(Role.ORGANISER, region_code="76", name="CRA Occitanie")
    other = make_user(Role.ORGANISER, region_code="84", name="CRA Auvergne-Rhône-Alpes")
    mine = publish(by=cra, title="Rencontre inter-PTCE Occitanie")
    publish(by=other, title="Rencontre des PTCE d'Auvergne-Rhône-Alpes")
    assert sum("Rencontre inter-PTCE Occitanie" in s for s in _summaries(client, cra)) == len(mine.slots)
    assert not any("Auvergne" in s for s in _summaries(client, cra))  # another region's, not run by this CRA
