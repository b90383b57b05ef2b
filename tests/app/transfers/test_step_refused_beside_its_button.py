"""A step refused for its missing reason (walk of the pair's space, keyboard only at 375 px): « Décliner » without a
reason answered at the top of the page, after a redirection, eight Tab stops from the field to fill in; now the
reason is asked beside the button, linked from the error that takes the focus, the field marked invalid."""

from __future__ import annotations

import html

import pytest

from app.transfers import services
from models import PairingStatus

pytestmark = pytest.mark.web


def test_declining_without_a_reason_says_so_beside_the_reason_field(client, login, csrf, db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.finance.user)
    url = f"/transferts/{pairing.id}"
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "declined", "note": "  "})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    why = "Indiquez la raison du refus : le pôle et l'équipe d'animation la liront avec votre réponse."
    assert f'<div class="error-summary" role="alert" tabindex="-1"><p><a href="#note-declined">{why}</a></p></div>' in page
    assert f'<p class="error-text" id="note-declined-erreur">{why}</p>' in page
    assert 'id="note-declined" name="note" rows="2" required aria-required="true" aria-invalid="true" ' \
           'aria-describedby="note-declined-erreur">' in page
    assert 'id="note-accepted" name="note" rows="2"></textarea>' in page  # the other step: untouched
    assert "Raison du refus, que le pôle et l'équipe d'animation liront (obligatoire)</label>" in page
    db.refresh(pairing)
    assert pairing.status is not PairingStatus.DECLINED


def test_a_step_refused_for_another_reason_keeps_the_note_typed(client, login, csrf, db, scene, monkeypatch):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.finance.user)
    url = f"/transferts/{pairing.id}"

    def full(*args, **kwargs):
        raise services.TransferError("Vos 2 transferts de l'année sont engagés.")

    monkeypatch.setattr(services, "transition", full)
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "accepted", "note": "Avec plaisir"})
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert response.status_code == 400
    assert "<p>Vos 2 transferts de l'année sont engagés.</p>" in page  # not a link: no field is at fault
    assert 'id="note-accepted" name="note" rows="2">Avec plaisir</textarea>' in page



@pytest.mark.parametrize(("note", "why"), [
    ("Nous avons déjà une personne pour ce besoin. " * 50, "2\u202f000 caractères au plus"),
    ("Voir la note jointe\x02: nous préférons attendre.", "caractères invisibles"),  # a hyphen pasted from a PDF
])
def test_a_reason_too_long_or_pasted_with_a_control_character_is_said_beside_it(client, login, csrf, db, offered,
                                                                                 scene, note, why):
    """The pole declining the help offered with a reason the form refuses: said beside the reason, kept as typed — not
    « Le formulaire a expiré : rechargez la page et réessayez. » after a redirection, the reason lost (and refused
    again after every reload)."""
    services.transition(offered, PairingStatus.VALIDATED, actor=scene.organiser)
    db.commit()
    login(scene.facilitator)
    url = f"/transferts/{offered.id}"
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "declined", "note": note})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert "Le formulaire a expiré" not in page
    error = page.split('<p class="error-text" id="note-declined-erreur">', 1)[1].split("</p>", 1)[0]
    assert why in error
    assert f'aria-describedby="note-declined-erreur">{note.strip()}</textarea>' in page  # kept as typed
    db.refresh(offered)
    assert offered.status is PairingStatus.VALIDATED
