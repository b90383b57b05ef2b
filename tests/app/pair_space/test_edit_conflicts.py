"""Two facilitators of a pole write the experience sheet at once: the second save does not overwrite the first."""

from __future__ import annotations

import html

import pytest

from app.pair_space.experiences import sheet_of
from models import PairingStatus, Role
from tests.app.edit_forms import duplicate_ids, open_form, signed_in

pytestmark = pytest.mark.web


def test_a_sheet_first_written_by_two_facilitators_keeps_the_first(app, client, login, db, pair, make_user):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    colleague = make_user(Role.FACILITATOR, pole=pair.pairing.need.pole, name="Dominique Collègue")
    login(pair.facilitator)
    other = signed_in(app, colleague)
    url = f"/transferts/{pair.pairing.id}/fiche"
    mine, theirs = open_form(client, url), open_form(other, url)  # no sheet yet: both start from nothing
    assert duplicate_ids(client.get(url).get_data(as_text=True)) == []
    filled = {"title": ["Pérenniser l'animation"], "situation": ["Un poste financé par une seule subvention."],
              "transferred": ["La méthode du plan de financement à trois ans."]}
    assert other.post(url, data=theirs | filled).status_code == 302
    page = html.unescape(client.post(url, data=mine | filled | {"title": ["Une autre fiche"]}).get_data(as_text=True))
    assert "Cette fiche a été modifiée par Dominique Collègue le " in page
    assert "<dt>La situation de départ</dt>" in page and 'value="Une autre fiche"' in page
    db.expire_all()
    assert sheet_of(pair.pairing).title == "Pérenniser l'animation"
