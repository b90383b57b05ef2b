"""A cancelled session says so and no longer reads as open; the cancel dialog says truly whom it tells (walk 5:
« Aucune inscription pour l'instant » on a cancelled session, « Chaque personne inscrite sera prévenue » when
nobody was)."""

from __future__ import annotations

import html
import re

from app.agenda import cancellation, services
from tests.app.agenda.held import set_slots_at
from models import Role

NBSP = "\u00a0"


def _page(client, session) -> str:
    return html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)).replace(NBSP, " ")


def _sign_up(session, make_user, make_pole, n: int) -> None:
    for _ in range(n):
        services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))


def test_the_cancel_question_follows_the_counts():
    ask = f"Annuler cette session{NBSP}? "
    assert cancellation.cancel_question(0, 0) == (
        f"{ask}Personne n'y est inscrit ni en liste d'attente{NBSP}: aucun e-mail ne partira.")
    assert cancellation.cancel_question(1, 0) == (
        f"{ask}La personne inscrite sera prévenue et la session retirée de son agenda.")
    assert cancellation.cancel_question(3, 2) == (
        f"{ask}Les 3\u00a0personnes inscrites seront prévenues et la session retirée de leur agenda{NBSP}; "
        "les 2\u00a0personnes en liste d'attente aussi seront prévenues.")
    assert cancellation.cancel_question(0, 1) == (
        f"{ask}Personne n'y est inscrit{NBSP}; la personne en liste d'attente sera prévenue.")


def test_a_cancelled_session_tells_its_past_figures_without_inviting_to_register():
    assert cancellation.cancelled_figures(0, 0) == "Personne n'y était inscrit ni en liste d'attente."
    assert cancellation.cancelled_figures(1, 0) == "1\u00a0personne était inscrite au moment de l'annulation."
    assert cancellation.cancelled_figures(2, 1) == (
        "2\u00a0personnes étaient inscrites et 1\u00a0personne était en liste d'attente au moment de l'annulation.")


def test_the_dialog_of_an_empty_session_says_no_mail_will_leave(client, login, publish, organiser):
    session = publish()
    login(organiser)
    page = _page(client, session)
    assert "aucun e-mail ne partira" in page and "Chaque personne inscrite sera prévenue" not in page


def test_the_dialog_counts_the_registered_and_the_waitlisted(client, login, publish, organiser, make_user,
                                                            make_pole):
    session = publish(capacity=2)
    _sign_up(session, make_user, make_pole, 3)
    login(organiser)
    assert ("Les 2 personnes inscrites seront prévenues et la session retirée de leur agenda ; "
            "la personne en liste d'attente aussi sera prévenue.") in _page(client, session)


def test_a_cancelled_session_page_is_not_open_any_more(client, login, publish, organiser, facilitator):
    session = publish(capacity=5)
    cancellation.cancel(session=session, organiser=organiser)
    for viewer in (None, facilitator):
        if viewer is not None:
            login(viewer)
        page = _page(client, session)
        assert "Cette session est annulée." in page
        assert "Personne n'y était inscrit ni en liste d'attente." in page
        assert "pour l'instant" not in page and "5 places" not in page
        assert "S'inscrire" not in page and "pour vous inscrire" not in page
    listing = _page_of(client, "/agenda")
    assert "Annulée" in listing and "places restantes" not in listing


def _page_of(client, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True)).replace(NBSP, " ")


def test_the_agenda_tells_a_registrant_of_a_cancelled_session_in_the_past(client, login, publish, organiser,
                                                                        facilitator):
    """« Annulée · Inscrit·e » read as if the seat still held: it was, until the session was cancelled."""
    session = publish(capacity=5, title="Webinaire annulé")
    services.register(session_id=session.id, user=facilitator)
    cancellation.cancel(session=session, organiser=organiser)
    login(facilitator)
    listing = _page_of(client, "/agenda")
    card = listing[listing.index("Webinaire annulé"):][:1500]
    assert "Votre inscription était confirmée" in card and "<strong>Inscrit·e</strong>" not in card


def test_a_session_over_offers_no_places_on_the_agenda(client, login, db, publish, facilitator):
    """« 3 places restantes » or « Complet » under a session held last month read as if one could still come."""
    from datetime import timedelta

    from models import utcnow
    session = publish(capacity=5, title="Webinaire d'octobre")
    services.register(session_id=session.id, user=facilitator)
    held = (utcnow() - timedelta(days=40)).replace(hour=9, minute=0, second=0, microsecond=0)
    set_slots_at(db, session, held)
    login(facilitator)
    listing = _page_of(client, f"/agenda?mois={held:%Y-%m}")
    card = listing[listing.index("Webinaire d'octobre"):][:1200]
    assert "Session passée · Votre inscription était confirmée" in card
    assert "place" not in card and "Complet" not in card


def test_a_facilitator_without_a_pole_is_shown_where_to_attach_it(client, login, publish, make_user):
    """« Rattachez d'abord votre compte à votre pôle » with no way to do it was a dead end."""
    session = publish(capacity=5)
    login(make_user(Role.FACILITATOR))
    page = _page(client, session)
    assert "Rattachez d'abord votre compte à votre pôle" in page
    assert 'href="/poles/">Chercher mon pôle</a>' in page


def test_the_registered_read_the_calendar_file_link_without_nested_brackets(client, login, publish, facilitator):
    session = publish(capacity=5)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    page = _page(client, session)
    assert "(Fichier agenda (.ics))" not in re.sub(r"<[^>]+>", "", page)
    assert ">Fichier agenda (.ics)</a>" in page
