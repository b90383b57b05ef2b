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


def test_a_cra_member_moved_to_another_region_no_longer_gets_the_sessions_of_the_region_left(db, client, publish,
                                                                                              make_user):
    """The sessions a CRA member published stay in its feed while it runs them: moved to another region by an
    administrator (its subscription kept in its calendar), it no longer does, and its feed drops them."""
    cra = make_user(Role.ORGANISER, region_code="76", name="Camille de la CRA")
    publish(by=cra, title="Rencontre inter-PTCE Occitanie")
    token = feeds.create_feed(user=cra)
    assert "Rencontre inter-PTCE Occitanie" in client.get(f"/calendrier/{token}.ics").get_data(as_text=True)
    cra.region_code = "84"
    db.commit()
    assert "Rencontre inter-PTCE Occitanie" not in client.get(f"/calendrier/{token}.ics").get_data(as_text=True)
