"""A pole's page lists its learning visits: those it hosted for everyone signed in (the visit's own page says « chez
… »), those it was invited to and its feedback for its facilitators and the organisers of its region only
(``policy.may_see_pole_participation``): which poles of a region meet on a visit is that region's named data."""

from __future__ import annotations

from app.visits import services
from models import Role
from tests.app.html_parts import page_text
from tests.app.security.routes import log_in
from tests.app.visits.test_attendance import _registered_visit


def test_the_visits_a_pole_attended_and_its_feedback_stay_in_its_region(app, client, db, login, network, make_visit,
                                                                        make_user):
    visit = _registered_visit(db, network, make_visit, past=True)  # poles 0 and 1 registered
    services.save_feedback(visit=visit, user=network.facilitators[0], rating=5, text="Avis du pôle visiteur")
    services.save_feedback(visit=visit, user=network.host_facilitator, rating=3, text="Avis du pôle hôte")
    visitor, host, link = network.poles[0], network.host, f'href="/visites/{visit.id}"'

    login(network.facilitators[2])  # another pole, of another region
    outsider = client.get(f"/poles/{visitor.id}").get_data(as_text=True)
    assert link not in outsider and "Avis du pôle visiteur" not in outsider
    assert "Ce pôle n'a pas encore accueilli de visite apprenante." in page_text(client.get(f"/poles/{visitor.id}"))
    hosted = client.get(f"/poles/{host.id}").get_data(as_text=True)
    assert link in hosted and "4 sur 5" in page_text(client.get(f"/poles/{host.id}"))
    assert "Avis du pôle hôte" not in hosted

    for viewer in (network.facilitators[0], make_user(Role.ORGANISER, region_code=visitor.region_code)):
        client = app.test_client()
        log_in(client, viewer)
        own = client.get(f"/poles/{visitor.id}").get_data(as_text=True)
        assert link in own and "Avis du pôle visiteur" in own
