"""A request to run the wrong pole is not a dead end: its author takes it back, or creates their own pole.

Walk of a new facilitator: she asked for a pole that was not hers, then could neither ask for another (« attend déjà
une décision ») nor take it back; creating her own pole left the request in front of the other pole's facilitators.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import ClaimState, PoleClaim, Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

MESSAGE = "Je suis la nouvelle coordinatrice du collectif depuis septembre."


def _ask(client, csrf, pole):
    url = f"/poles/{pole.id}/revendiquer"
    return client.post(url, data={"csrf_token": csrf(url), "message": MESSAGE})


def _page(client, url):
    return page_html(client.get(url)).replace("&#39;", "'")


def _switch(client, csrf, login, user):
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/poles/")})
    login(user)


def test_a_pending_request_is_taken_back_and_another_pole_may_be_asked(client, csrf, login, make_user, make_pole, db):
    wrong, mine = make_pole("Le Damier"), make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=wrong)
    newcomer = make_user(Role.FACILITATOR)
    login(newcomer)
    _ask(client, csrf, wrong)
    assert "Retirer ma demande" in _page(client, "/mon-espace")
    assert "Retirer ma demande" in _page(client, f"/poles/{wrong.id}")
    # The form of another pole says the request waiting, with the way to take it back, not an empty form.
    other = _page(client, f"/poles/{mine.id}/revendiquer")
    assert "attend déjà une décision" in other and "Retirer ma demande" in other and "Envoyer la demande" not in other

    response = client.post("/poles/demandes/retirer", data={"csrf_token": csrf("/mon-espace")})
    assert response.status_code == 302
    assert "est retirée" in _page(client, "/mon-espace")
    assert db.scalars(select(PoleClaim)).all() == []
    assert _ask(client, csrf, mine).status_code == 302
    assert db.scalars(select(PoleClaim)).one().pole_id == mine.id

    _switch(client, csrf, login, facilitator)
    assert newcomer.display_name not in _page(client, "/poles/demandes")


def test_nothing_to_take_back_is_said(client, csrf, login, make_user):
    login(make_user(Role.FACILITATOR))
    client.post("/poles/demandes/retirer", data={"csrf_token": csrf("/mon-espace")})
    assert "pas de demande en attente" in _page(client, "/mon-espace")


def test_creating_ones_pole_drops_the_request_for_another(client, csrf, login, make_user, make_pole, db):
    wrong = make_pole("Le Damier")
    facilitator = make_user(Role.FACILITATOR, pole=wrong)
    newcomer = make_user(Role.FACILITATOR, name="Élodie N’Guessan")
    login(newcomer)
    _ask(client, csrf, wrong)
    url = "/poles/nouveau"
    client.post(url, data={"csrf_token": csrf(url), "name": "Pôle « Lakou Ansanm »", "region_code": "01",
                           "departements": "971", "maturity": "en_creation", "public_listing": "y"})
    db.expire_all()
    assert newcomer.pole is not None and newcomer.pole.name == "Pôle « Lakou Ansanm »"
    assert db.scalars(select(PoleClaim).where(PoleClaim.state == ClaimState.PENDING)).all() == []
    _switch(client, csrf, login, facilitator)
    assert "N’Guessan" not in _page(client, "/poles/demandes")
