"""A full session says so; a person on the waitlist leaves the waitlist, not a registration (walk 4: « 2 personnes
inscrites · 2 places » read as two places left, and the waitlisted read « Se désinscrire »)."""

from __future__ import annotations

import html
from datetime import timedelta

from app.agenda import services
from models import Role, utcnow
from tests.app.agenda.held import set_slots_at


def _page(client, session) -> str:
    return html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)).replace("\u00a0", " ")


def test_a_full_session_says_complet_and_the_waitlisted_leave_the_waitlist(client, login, csrf, publish,
                                                                           make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)

    login(waiting)
    page = _page(client, session)
    assert "1 personne inscrite · 1 place : complet · 1 personne en liste d'attente" in page
    assert "Quitter la liste d'attente" in page and "Se désinscrire" not in page
    response = client.post(f"/agenda/{session.id}/desinscription",
                           data={"csrf_token": csrf(f"/agenda/{session.id}")}, follow_redirects=True)
    assert "Vous avez quitté la liste d'attente." in html.unescape(response.get_data(as_text=True))


def test_a_registered_person_still_unregisters(client, login, publish, facilitator):
    session = publish(capacity=1)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    page = _page(client, session)
    assert "Se désinscrire" in page and "1 place : complet" in page


def test_a_session_with_places_left_says_how_many_are_left(client, login, publish, facilitator):
    """« 1 personne inscrite · 60 places » left the reader to count: the places still free are said."""
    session = publish(capacity=3)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    page = _page(client, session)
    assert "1 personne inscrite · 2 places restantes" in page and "complet" not in page


def test_one_place_left_is_said_in_the_singular(client, login, publish, facilitator):
    session = publish(capacity=2)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    assert "1 personne inscrite · 1 place restante" in _page(client, session)


def test_a_session_over_says_who_had_signed_up_not_its_places(client, login, db, publish, make_user, make_pole):
    """A session held last month has no place to offer: « 1 place : complet » (or its places « restantes ») read as
    news of a session gone by (walk 19). Its figures say who had signed up, and nothing of places or waitlist."""
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    set_slots_at(db, session, (utcnow() - timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0))
    login(seated)
    figures = _page(client, session).split('class="figures-inline" role="status">')[1].split("</p>")[0]
    assert figures == "1 personne inscrite"


def test_a_session_over_nobody_signed_up_for_says_so_without_pour_l_instant(client, login, db, publish, facilitator):
    session = publish(capacity=3)
    set_slots_at(db, session, (utcnow() - timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0))
    login(facilitator)
    figures = _page(client, session).split('class="figures-inline" role="status">')[1].split("</p>")[0]
    assert figures == "Aucune inscription"


def test_the_waitlist_is_counted_in_people_never_as_a_bare_number(client, login, publish, make_user, make_pole):
    session = publish(capacity=1)
    people = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(4)]
    for person in people:
        services.register(session_id=session.id, user=person)
    login(people[0])
    page = _page(client, session)
    assert "1 personne inscrite · 1 place : complet · 3 personnes en liste d'attente" in page
    listing = html.unescape(client.get("/agenda").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Complet (3 personnes en liste d'attente)" in listing


def test_nobody_waiting_says_nothing_of_the_waitlist(client, login, publish, facilitator):
    session = publish(capacity=1)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    page = _page(client, session)
    assert "1 place : complet" in page and "en liste d'attente" not in page.split("figures-inline")[1][:300]
    assert "aucun en liste" not in page and " 0 " not in page.split("figures-inline")[1][:300]


def test_the_places_left_keep_their_number_on_the_same_line(client, login, publish, facilitator):
    """« 60 / places restantes » broke between the figure and its word on a narrow card: a no-break space holds
    them, on the session's page and on its card in the agenda (dates already hold with one)."""
    session = publish(capacity=3)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    page = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))
    assert "1\u00a0personne inscrite · 2\u00a0places restantes" in page
    assert "2\u00a0places restantes" in html.unescape(client.get("/agenda").get_data(as_text=True))
