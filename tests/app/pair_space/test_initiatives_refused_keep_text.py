"""« Proposer un échange » and « Je peux aider » refused come back in their form, the text as typed and the reason
beside the field (walk 6: the text was lost, the reason said at the top of the page, above the list)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from models import Notification, Pairing, Role
from tests.app.pair_space.test_initiative import setting  # noqa: F401 - the fixture of « Je peux aider »

pytestmark = pytest.mark.web

TYPED = "Bonjour,\nnous aimerions\x1b échanger sur nos cantines partagées : êtes-vous disponibles en janvier ?"


def _form(page: str, action: str) -> str:
    """The form posting to ``action``, from its opening tag to its end."""
    start = page.index(f'action="{action}"')
    return page[start:page.index("</form>", start)].replace("\u00a0", " ").replace("\u202f", " ")


def test_a_refused_exchange_is_kept_in_its_form_with_the_reason(client, login, csrf, db, make_user, make_pole,
                                                                 monkeypatch):
    mine, peer = make_pole("Pôle des Coteaux"), make_pole("Pôle du Littoral")
    me = make_user(Role.FACILITATOR, pole=mine, name="Camille Animatrice")
    make_user(Role.FACILITATOR, pole=peer, name="Dominique Animateur")
    from app.suggestions import services as suggestions

    class Suggestion:
        pole, need, explanation = peer, mine, None

    monkeypatch.setattr(suggestions, "peer_poles", lambda pole, needs: [Suggestion()])
    login(me)
    action = f"/poles/{mine.id}/proposer-un-echange/{peer.id}"
    response = client.post(action, data={"csrf_token": csrf(f"/poles/{mine.id}"), "idempotency_key": "e" * 24,
                                         "message": TYPED})
    assert response.status_code == 400  # the pole's page again, not a redirection that empties the form
    form = _form(html.unescape(response.get_data(as_text=True)), action)
    reason, field = form[:form.index("<textarea")], form[form.index("<textarea"):]
    assert "caractères de contrôle" in reason and "Votre message n'est pas envoyé : il est gardé ci-dessous." in reason
    assert f">{TYPED}</textarea>" in field and 'aria-invalid="true"' in field
    assert db.scalar(select(func.count(Notification.id))) == 0

    spaces = client.post(action, data={"csrf_token": csrf(f"/poles/{mine.id}"), "idempotency_key": "f" * 24,
                                       "message": "   "})
    spaces_form = _form(html.unescape(spaces.get_data(as_text=True)), action)
    assert "Écrivez votre message" in spaces_form and "il est gardé" not in spaces_form  # nothing to keep


def test_a_refused_offer_of_help_is_kept_in_its_form_with_the_reason(client, login, csrf, db, setting):  # noqa: F811
    _pole, _facilitator, _organiser, person, need = setting
    login(person.user)
    url = f"/personnes-ressources/{person.id}"
    page = client.get(url).get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    action = f"/besoins/{need.id}/je-peux-aider"
    response = client.post(action, data={"csrf_token": csrf(url), "idempotency_key": key, "message": TYPED})
    assert response.status_code == 400
    form = _form(html.unescape(response.get_data(as_text=True)), action)
    reason, field = form[:form.index("<textarea")], form[form.index("<textarea"):]
    assert "caractères de contrôle" in reason and "il est gardé ci-dessous" in reason
    assert f">{TYPED}</textarea>" in field and 'aria-invalid="true"' in field
    assert db.scalar(select(func.count(Pairing.id))) == 0
