"""« Quitter la liste d'attente » from a page opened before a seat came to the person (lifecycle walk: the Cévennes
kept the webinar open while waitlisted; the Lauragais left, the seat went to the Cévennes, who was told by mail; her
click on the old page, confirming « Vous perdez votre place dans la file », cancelled the seat itself, which went
to nobody). The page says what it shows; the service refuses a leave whose page is stale."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.agenda import services
from app.extensions import db
from models import CollectiveRegistration, RegistrationStatus, Role

pytestmark = pytest.mark.web


def _leave_form(client, session_id: int) -> dict[str, str]:
    page = html.unescape(client.get(f"/agenda/{session_id}").get_data(as_text=True))
    form = re.search(r'<form[^>]*action="/agenda/\d+/desinscription".*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return fields | {"confirmed": "1"}  # as static/js/confirm.js sends it once its dialog is answered


def _status(session_id: int, user) -> RegistrationStatus:
    db.session.expire_all()
    return db.session.scalars(select(CollectiveRegistration.status).where(
        CollectiveRegistration.collective_session_id == session_id,
        CollectiveRegistration.user_id == user.id)).one()


def test_leaving_the_waitlist_from_an_old_page_keeps_the_seat_given_meanwhile(client, login, publish, facilitator,
                                                                           make_user, make_pole):
    session = publish(capacity=1)
    seated = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Lauragais"))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    old_page = _leave_form(client, session.id)  # she reads « Quitter la liste d'attente »
    assert old_page["seen"] == "waitlisted"
    services.unregister(session_id=session.id, user=seated)  # the seat goes to her, and a mail says so
    assert _status(session.id, facilitator) is RegistrationStatus.REGISTERED

    response = client.post(f"/agenda/{session.id}/desinscription", data=old_page, follow_redirects=True)

    assert _status(session.id, facilitator) is RegistrationStatus.REGISTERED
    text = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert "Une place s'est libérée entre-temps : votre inscription à cette session est confirmée" in text
    assert "Rien n'a été annulé." in text
    assert "Votre désinscription est enregistrée." not in text


def test_leaving_from_the_current_page_still_leaves(client, login, publish, facilitator, make_user, make_pole):
    session = publish(capacity=1)
    seated = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Lauragais"))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=facilitator)
    services.unregister(session_id=session.id, user=seated)
    login(facilitator)
    page = _leave_form(client, session.id)  # now « Se désinscrire », the seat named
    assert page["seen"] == "registered"

    response = client.post(f"/agenda/{session.id}/desinscription", data=page, follow_redirects=True)

    assert _status(session.id, facilitator) is RegistrationStatus.CANCELLED
    assert "Votre désinscription est enregistrée." in html.unescape(response.get_data(as_text=True))


def test_the_service_refuses_a_waitlist_leave_once_seated_and_keeps_older_callers_working(publish, facilitator,
                                                                                        make_user, make_pole):
    session = publish(capacity=1)
    seated = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Lauragais"))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=facilitator)
    services.unregister(session_id=session.id, user=seated)
    with pytest.raises(services.AgendaRefused):
        services.unregister(session_id=session.id, user=facilitator, seen=RegistrationStatus.WAITLISTED)
    assert _status(session.id, facilitator) is RegistrationStatus.REGISTERED
    services.unregister(session_id=session.id, user=facilitator)  # no page behind it (account deletion, releases)
    assert _status(session.id, facilitator) is RegistrationStatus.CANCELLED
