"""Ending a transfer asks first (walk 6: « Marquer le transfert comme terminé » ended it in one click, final, the day
to come cancelled): in the site's dialog, or without JavaScript on a page of its own where nothing is done yet."""

from __future__ import annotations

import html
import re

import pytest

from app.transfers import services
from models import PairingStatus as S

pytestmark = pytest.mark.web


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True))).replace("\u00a0", " ")


def _in_progress(scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    services.transition(pairing, S.PLANNED, actor=scene.facilitator)
    return services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)


def test_the_end_button_asks_in_the_dialog_first(client, login, scene):
    pairing = _in_progress(scene)
    login(scene.facilitator)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True)).replace("\u00a0", " ")
    form = page[page.index('name="to" value="completed"') - 400:]
    form = form[:form.index("</form>")]
    assert '<input type="hidden" name="confirmed" value="0">' in form
    button = form[form.index("<button"):]
    assert 'data-confirm="Terminer ce transfert ? C\'est définitif' in button
    assert f"{scene.finance.user.display_name} en reçoit un e-mail" in button
    assert "button-danger" not in button and "data-confirm-destructive" not in button  # its good end, not a refusal


def test_without_javascript_a_page_asks_and_nothing_is_done_before(client, login, csrf, db, scene):
    pairing = _in_progress(scene)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "completed", "confirmed": "0",
                                                 "note": "Nous avons travaillé au téléphone."})
    assert response.status_code == 200
    db.refresh(pairing)
    assert pairing.status is S.IN_PROGRESS
    text = _text(response)
    assert "Marquer le transfert comme terminé ?" in text and "C'est définitif : il ne pourra pas être rouvert." in text
    page = html.unescape(response.get_data(as_text=True))
    assert f'href="{url}" autofocus>Revenir en arrière</a>' in page
    assert '<input type="hidden" name="confirmed" value="1">' in page
    assert "Nous avons travaillé au téléphone.</textarea>" in page  # the comment typed is kept

    client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "completed", "confirmed": "1",
                                      "note": "Nous avons travaillé au téléphone."})
    db.refresh(pairing)
    assert pairing.status is S.COMPLETED


def test_steps_that_are_not_final_are_taken_at_once(client, login, csrf, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    services.transition(pairing, S.PLANNED, actor=scene.facilitator)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "in_progress"})
    db.refresh(pairing)
    assert pairing.status is S.IN_PROGRESS
