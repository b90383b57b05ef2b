"""The part of a CRA's review that follows its poles in the collective sessions (``app.agenda.pole_participation``)
names the poles of its own region only (``scopes.pole_participation_listed_to``): another region's poles at the same
national session, or at that region's own event, are one count of the whole network, never a name — listed on the
public directory or not."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.agenda import services
from app.agenda.pole_participation import region_participation
from models import CollectiveKind, Role, utcnow
from tests.app.agenda.conftest import draft
from tests.app.agenda.held import set_slots_at
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


@pytest.fixture
def two_regions(db, make_user, make_pole):
    year = utcnow().year - 1
    national = make_user(Role.ORGANISER, name="Coorace")
    cra_a, cra_b = make_user(Role.ORGANISER, region_code="76"), make_user(Role.ORGANISER, region_code="84")
    ours = make_pole("Pôle zqaOccitan", region_code="76")
    theirs = [make_pole("Pôle zqbListed", region_code="84"), make_pole("Pôle zqbUnlisted", region_code="84",
                                                                       public=False)]
    webinar = services.publish(organiser=national, draft=draft(title="Webinaire national"))
    event_b = services.publish(organiser=cra_b, draft=draft(
        kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None, title="Rencontre zqpB"))
    people = [make_user(pole=pole) for pole in (ours, *theirs)]
    for session, when in ((webinar, datetime(year, 3, 3, 9)), (event_b, datetime(year, 4, 7, 9))):
        for person in people:
            services.register(session_id=session.id, user=person)
        set_slots_at(db, session, when)
        services.record_attendance(session=session, organiser=national,
                                   attended_ids={r.id for r in session.registrations})
    return dict(year=year, cra_a=cra_a, ours=ours, theirs=theirs, webinar=webinar, event_b=event_b)


def test_the_cra_s_review_names_its_poles_and_counts_the_others(client, login, two_regions):
    login(two_regions["cra_a"])
    html = page_html(client.get(f"/organisation/bilan?annee={two_regions['year']}"))
    assert "Pôle zqaOccitan" in html
    assert "Rencontre zqpB" in html  # the other region's event its pole came to: a public session
    assert "zqb" not in html
    region = region_participation(viewer=two_regions["cra_a"], year=two_regions["year"], region_code="76")
    assert [s.poles_present_all for s in region.sessions] == [3, 3]  # the whole network, as a count
    assert {p.pole_name for s in region.sessions for p in s.poles} == {"Pôle zqaOccitan"}


def test_a_cra_asking_another_region_s_review_reads_no_name(client, login, two_regions):
    login(two_regions["cra_a"])
    response = client.get(f"/organisation/bilan?annee={two_regions['year']}&region=84")
    assert response.status_code == 403
    assert "zqb" not in page_html(response)
    # The service itself names none of them to that CRA, whatever region it is asked.
    asked = region_participation(viewer=two_regions["cra_a"], year=two_regions["year"], region_code="84")
    assert asked.poles == [] and all(s.poles == [] for s in asked.sessions)


def test_a_national_organiser_reads_a_region_s_poles_when_it_asks_for_that_region(client, login, make_user,
                                                                                 two_regions):
    login(make_user(Role.ORGANISER))
    html = page_html(client.get(f"/organisation/bilan?annee={two_regions['year']}&region=84"))
    assert "Pôle zqbListed" in html and "Pôle zqbUnlisted" in html and "zqaOccitan" not in html
    # The whole network's review names no pole: the part is a region's.
    assert "zqb" not in page_html(client.get(f"/organisation/bilan?annee={two_regions['year']}"))


def test_the_cra_s_csv_names_its_poles_only(client, login, two_regions):
    login(two_regions["cra_a"])
    body = client.get(f"/organisation/bilan.csv?annee={two_regions['year']}").get_data(as_text=True)
    assert "Pôle zqaOccitan;Rencontre zqpB" in body and "zqb" not in body
