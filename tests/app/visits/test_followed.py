"""The learning visits an organiser follows: every one nationally; for a CRA those hosted in its region and those its
region's poles are invited to, naming its own region's poles (and, for a visit it hosts, the poles registered: it
notes their presences) and counting the others; upcoming first, then past with where their presences stand."""

from __future__ import annotations

from datetime import date, timedelta

from app.access import policy
from app.visits import attendance, followed
from models import Role
from tests.app.html_parts import page_text
from tests.app.visits.test_attendance import HOST_REGION, _marks, _registered_visit

#: The network fixture: visiting poles in Bretagne (53), Pays de la Loire (52), Auvergne-Rhône-Alpes (84); host in
#: Occitanie (76); another pole, never invited, in Île-de-France (11).
FIRST_POLE_REGION, UNINVITED_REGION = "53", "11"


def test_which_poles_a_visit_names_to_whom():
    class Organiser:
        is_authenticated = True
        role = Role.ORGANISER

        def __init__(self, region):
            self.region_code = region

        def has_role(self, *roles):
            return Role.ORGANISER in roles

    national, host_cra, other_cra = Organiser(None), Organiser(HOST_REGION), Organiser("53")
    named = policy.visit_pole_named_to
    assert named(national, host_region_code=HOST_REGION, pole_region_code="84", registered=False)
    # The host's CRA names the poles registered, whatever their region (it notes them), not the others invited.
    assert named(host_cra, host_region_code=HOST_REGION, pole_region_code="84", registered=True)
    assert not named(host_cra, host_region_code=HOST_REGION, pole_region_code="84", registered=False)
    # Another CRA names its own region's poles only, registered or not.
    assert named(other_cra, host_region_code=HOST_REGION, pole_region_code="53", registered=False)
    assert not named(other_cra, host_region_code=HOST_REGION, pole_region_code="84", registered=True)
    # The host pole's facilitators name the poles registered (they receive them), not the others invited.
    class HostFacilitator:
        is_authenticated, role, pole_id, region_code = True, Role.FACILITATOR, 7, None

        def has_role(self, *roles):
            return Role.FACILITATOR in roles

    host = HostFacilitator()
    assert named(host, host_region_code=HOST_REGION, pole_region_code="84", registered=True, host_pole_id=7)
    assert not named(host, host_region_code=HOST_REGION, pole_region_code="84", registered=False, host_pole_id=7)
    assert not named(host, host_region_code=HOST_REGION, pole_region_code="84", registered=True, host_pole_id=8)
    assert policy.follows_visit(other_cra, host_region_code=HOST_REGION, invited_region_codes=["53", "84"])
    assert not policy.follows_visit(Organiser("11"), host_region_code=HOST_REGION, invited_region_codes=["53", "84"])


def test_each_cra_follows_its_region_s_visits_and_names_its_own_poles(db, network, make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=False)  # poles 0 and 1 registered, pole 2 invited
    host_cra, pole_cra, uninvited_cra = (make_user(Role.ORGANISER, region_code=r)
                                         for r in (HOST_REGION, FIRST_POLE_REGION, UNINVITED_REGION))

    def row(user):
        rows = followed.followed_visits(user)
        assert rows.past == []
        return rows.upcoming

    assert [r.visit.id for r in row(network.organiser)] == [visit.id]
    (national,) = row(network.organiser)
    assert ({r.pole_id for r in national.named}, national.others, national.taken) == (
        {p.id for p in network.poles}, 0, 2)
    (hosted,) = row(host_cra)
    assert ({r.pole_id for r in hosted.named}, hosted.others) == ({p.id for p in network.poles[:2]}, 1)
    (invited,) = row(pole_cra)
    assert ([r.pole_id for r in invited.named], invited.others) == ([network.poles[0].id], 2)
    assert row(uninvited_cra) == []
    assert followed.followed_visits(network.facilitators[0]).upcoming == []


def test_upcoming_first_soonest_first_then_past_latest_first(db, network, make_visit):
    later = make_visit(start=date.today() + timedelta(days=60))
    sooner = make_visit(start=date.today() + timedelta(days=20))
    past = _registered_visit(db, network, make_visit, past=True)
    rows = followed.followed_visits(network.organiser)
    assert [r.visit.id for r in rows.upcoming] == [sooner.id, later.id]
    assert [r.visit.id for r in rows.past] == [past.id]


def _list(client) -> str:
    response = client.get("/organisation/visites/suivies")
    assert response.status_code == 200
    return page_text(response)


def test_a_cra_reaches_its_list_from_its_space_and_the_menu_and_notes_presences_there(client, db, login, network,
                                                                                      make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    cra = make_user(Role.ORGANISER, region_code=HOST_REGION)
    login(cra)
    space = client.get("/mon-espace").get_data(as_text=True)
    assert space.count('href="/organisation/visites/suivies"') == 2  # « Mon espace » and the menu
    page = _list(client)
    assert visit.title in page and "2 / 3" in page and "Noter les présences" in page
    assert network.poles[0].name in page and "1 pôle d'une autre région" in page
    assert network.poles[2].name not in page  # invited from another region, never registered: counted only
    attendance.record_attendance(visit=visit, organiser=cra, marks=_marks(visit, {network.poles[0].id: 3}))
    page = _list(client)
    assert "Notées : 1 pôle venu, 3 personnes" in page and "Noter les présences" not in page


def test_a_cra_of_an_invited_pole_reads_the_visit_without_noting_it(client, db, login, network, make_visit,
                                                                    make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    login(make_user(Role.ORGANISER, region_code=FIRST_POLE_REGION))
    page = _list(client)
    assert visit.title in page and network.poles[0].name in page and "2 pôles d'autres régions" in page
    assert network.poles[1].name not in page and "Pas encore notées" in page and "Noter les présences" not in page


def test_national_organisers_read_the_presences_on_their_visits_page(client, db, login, network, make_visit):
    _registered_visit(db, network, make_visit, past=True)
    login(network.organiser)
    page = page_text(client.get("/organisation/visites"))
    assert "Passées" in page and "Noter les présences" in page


def test_a_facilitator_has_no_list(client, login, network):
    login(network.facilitators[0])
    assert client.get("/organisation/visites/suivies").status_code == 403


def test_a_cra_reads_on_a_visit_s_page_the_poles_the_list_names(client, db, login, network, make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=False)
    login(make_user(Role.ORGANISER, region_code=FIRST_POLE_REGION))
    page = page_text(client.get(f"/visites/{visit.id}"))
    assert "Pôles invités" in page and network.poles[0].name in page and "2 pôles d'autres régions" in page
    assert network.poles[1].name not in page and "Visites apprenantes suivies" in page  # the way back to its list


def test_the_host_s_facilitator_reads_the_poles_registered_and_counts_the_others(client, db, login, network,
                                                                                  make_visit):
    """The host receives the poles registered: named on the visit's page. A pole invited only (here unlisted, of
    another region) is named to no one outside its region: a count (``policy.visit_pole_named_to``)."""
    visit = _registered_visit(db, network, make_visit, past=False)  # poles 0 and 1 registered, pole 2 invited
    network.poles[2].public_listing = False
    db.commit()
    login(network.host_facilitator)
    text = page_text(client.get(f"/visites/{visit.id}"))
    assert network.poles[0].name in text and network.poles[1].name in text
    assert network.poles[2].name not in text
    assert "Et 1 autre pôle invité non inscrit." in text
