"""« Se désinscrire » on a session cancelled since the page was opened (lifecycle walk: Coorace cancelled its
workshop with a message; the Cévennes, whose page was older, then left it: « Votre désinscription est enregistrée »,
a mail of unregistration, and the first person waiting got « Une place est disponible pour vous : votre inscription
est confirmée » for a session that will not take place; the page's « au moment de l'annulation » figures changed)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from app.agenda import cancellation, services
from models import CollectiveRegistration, OutboxMessage, RegistrationStatus, Role

pytestmark = pytest.mark.web


def _statuses(db, session_id: int) -> dict[int, RegistrationStatus]:
    db.expire_all()
    return dict(db.execute(select(CollectiveRegistration.user_id, CollectiveRegistration.status).where(
        CollectiveRegistration.collective_session_id == session_id)).all())


def test_leaving_a_cancelled_session_changes_nothing_and_promotes_nobody(client, db, login, csrf, publish, organiser,
                                                                          facilitator, make_user, make_pole):
    session = publish(capacity=1)
    waiting = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Vosges"))
    services.register(session_id=session.id, user=facilitator)
    services.register(session_id=session.id, user=waiting)
    login(facilitator)
    token = csrf(f"/agenda/{session.id}")  # her page, opened before the cancellation
    cancellation.cancel(session=session, organiser=organiser, message="L'intervenante est malade.")
    before = _statuses(db, session.id)
    mails_before = db.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))

    response = client.post(f"/agenda/{session.id}/desinscription", data={"csrf_token": token, "seen": "registered"},
                           follow_redirects=True)

    assert _statuses(db, session.id) == before == {facilitator.id: RegistrationStatus.REGISTERED,
                                                   waiting.id: RegistrationStatus.WAITLISTED}
    assert db.scalars(select(OutboxMessage.subject).where(OutboxMessage.id > mails_before)).all() == []
    text = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert "Cette session a été annulée par l'équipe qui l'organise : il n'y a plus d'inscription à retirer" in text
    assert "Votre désinscription est enregistrée." not in text
    assert "1 personne était inscrite et 1 personne était en liste d'attente au moment de l'annulation" in text


def test_the_service_refuses_to_leave_a_cancelled_session(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    cancellation.cancel(session=session, organiser=organiser)
    with pytest.raises(services.AgendaRefused):
        services.unregister(session_id=session.id, user=facilitator)
