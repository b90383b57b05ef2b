"""A conversation message the rules refuse comes back in its form, the reason beside it (walk 6: a message of
only spaces, or pasted with an invisible character, answered with a notice at the top of a long page and an
empty form: the text written was lost)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from models import TransferMessage

pytestmark = pytest.mark.web


def _form_and_reason(page: str) -> tuple[str, str]:
    form = page[page.index('id="conversation"'):]
    return form[:form.index("</form>")], form[:form.index("<textarea")]


def test_a_refused_message_is_kept_in_its_form_with_the_reason_beside_it(client, login, csrf, pair, db):
    login(pair.facilitator)
    typed = "Bonjour Mireille,\nvoici\x1b notre compte rendu de l'assemblée, relu par le bureau."
    response = client.post(f"/transferts/{pair.pairing.id}/messages",
                           data={"csrf_token": csrf(f"/transferts/{pair.pairing.id}"), "body": typed,
                                 "idempotency_key": "k" * 24})
    assert response.status_code == 400  # the page again: a redirection emptied the form
    form, before_field = _form_and_reason(html.unescape(response.get_data(as_text=True)))
    assert "voici\x1b notre compte rendu de l'assemblée, relu par le bureau.</textarea>" in form
    assert "caractères de contrôle" in before_field and "n'est pas envoyé" in before_field
    assert 'aria-invalid="true"' in form
    assert db.scalar(select(func.count(TransferMessage.id))) == 0


def test_a_message_sent_says_so_and_the_form_is_empty_again(client, login, csrf, pair):
    login(pair.facilitator)
    response = client.post(f"/transferts/{pair.pairing.id}/messages", follow_redirects=True, data={
        "csrf_token": csrf(f"/transferts/{pair.pairing.id}"), "body": "Bonjour Mireille", "idempotency_key": "k" * 24})
    page = html.unescape(response.get_data(as_text=True))
    assert "Votre message est envoyé." in page
    form, _ = _form_and_reason(page)
    assert "></textarea>" in form and 'aria-invalid' not in form
