"""At the door (the attendance page), « Annuler l'inscription » sent without JavaScript: its form comes with
``confirmed`` at 0, so the question is asked on a page and nothing is cancelled; that page's form cancels, with the
reason typed (app/confirmation.py)."""

from __future__ import annotations

import html
import re

import pytest

from app.agenda import services
from models import CollectiveRegistration, RegistrationStatus, Role

pytestmark = pytest.mark.web


def _fields(form: str) -> list[tuple[str, str]]:
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return [(name, html.unescape(value)) for name, value in hidden]


def test_the_door_s_cancel_button_without_javascript_asks_first(client, db, login, publish, organiser, make_user,
                                                                 make_pole):
    session = publish(capacity=1)
    seated = make_user(Role.FACILITATOR, pole=make_pole(), name="Aline Assise")
    row = services.register(session_id=session.id, user=seated)
    login(organiser)
    page = client.get(f"/organisation/agenda/{session.id}/presences").get_data(as_text=True)
    action = f"/organisation/agenda/{session.id}/inscriptions/{row.id}/annulation"
    form = re.search(rf'<form[^>]*action="{action}".*?</form>', page, re.S).group(0)
    sent = [*_fields(form), ("reason", "A appelé : malade.")]
    assert ("confirmed", "0") in sent

    asked = client.post(action, data=dict(sent))
    question = html.unescape(asked.get_data(as_text=True)).replace("\u00a0", " ")
    assert asked.status_code == 200
    assert "<h1>Annuler l'inscription ?</h1>" in question
    assert f"Annuler l'inscription d'Aline Assise à « {session.title} » ? Aline Assise en est prévenu·e" in question
    assert '<blockquote class="prose">A appelé : malade.</blockquote>' in question  # the reason it will send
    db.expire_all()
    assert db.get(CollectiveRegistration, row.id).status is RegistrationStatus.REGISTERED

    again = _fields(re.search(rf'<form[^>]*action="{action}".*?</form>', question, re.S).group(0))
    assert ("reason", "A appelé : malade.") in again and ("confirmed", "1") in again
    assert client.post(action, data=dict(again)).status_code == 302
    db.expire_all()
    assert db.get(CollectiveRegistration, row.id).status is RegistrationStatus.CANCELLED
