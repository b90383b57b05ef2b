"""The host pole's feedback on a visit is asked in its own terms (walk 19: it read the visitors' « ce que vous avez
appris »): what receiving the visit brought to its pole, what it would change to host again. Stored in the same two
fields as a visiting pole's (``VisitFeedback.is_host`` tells them apart)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.edit_stamps import EditConflict, opened_token
from app.visits import services
from models import VisitFeedback
from tests.app.html_parts import page_text
from tests.app.visits.test_attendance import _registered_visit

HOST_LABEL = "Ce que l'accueil de la visite a apporté à votre pôle"


def test_the_host_is_asked_what_the_visit_brought_it_and_a_visitor_what_it_learnt(client, login, relogin, db,
                                                                                   network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    login(network.host_facilitator)
    host_page = page_text(client.get(f"/visites/{visit.id}/avis"))
    assert "Votre avis de pôle hôte sur la visite" in host_page
    assert HOST_LABEL in host_page and "ce que vous changeriez pour accueillir à nouveau" in host_page
    assert "Ce que vous avez appris" not in host_page and "Ce que votre pôle en retient" not in host_page

    relogin(network.facilitators[0])
    visitor_page = page_text(client.get(f"/visites/{visit.id}/avis"))
    assert "Ce que votre pôle en retient" in visitor_page and "Ce que vous avez appris" in visitor_page
    assert HOST_LABEL not in visitor_page and "pôle hôte" not in visitor_page


def test_the_host_feedback_is_stored_as_the_host_s_and_a_conflict_names_its_own_field(db, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    host = network.host_facilitator
    opened = opened_token(services.feedback_edit(visit, host.pole_id), services.PoleFeedback(visit, host.pole_id))
    services.save_feedback(visit=visit, user=host, rating=4, text="Un regard neuf sur notre friche.")
    feedback = db.scalars(select(VisitFeedback)).one()
    assert (feedback.is_host, feedback.rating, feedback.text) == (True, 4, "Un regard neuf sur notre friche.")
    with pytest.raises(EditConflict) as refused:  # another window, opened before that save
        services.save_feedback(visit=visit, user=host, rating=2, text="Autre chose.", opened=opened)
    assert HOST_LABEL in [change.label for change in refused.value.changes]
