"""Feedback saved on a transfer: the reader lands under « Retours », where the confirmation is, and reads her
feedback once; its form waits folded, for a change (walk of 6 December 2026: the page came back at its top, the
notice out of sight, and the form stood filled in below the saved feedback as if nothing had been saved)."""

from __future__ import annotations

import html
import re

import pytest

from models import Pairing, PairingStatus
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

SAID = "Une grille de cotisations par taille de structure, et comment la présenter en assemblée."


def _section(page: str) -> str:
    page = html.unescape(page).replace("\u00a0", " ")
    return page[page.index('id="retours-titre"'):page.index("</section>", page.index('id="retours-titre"'))]


def test_saved_feedback_lands_under_retours_and_shows_once(client, db, login, scene):
    pairing = Pairing(need=scene.finance_need, resource_person=scene.finance, status=PairingStatus.COMPLETED)
    db.add(pairing)
    db.commit()
    login(scene.finance.user)
    url = f"/transferts/{pairing.id}"
    first = client.get(url).get_data(as_text=True)
    assert "Modifier mon retour" not in _section(first)  # not given yet: the form is open
    response = client.post(f"{url}/retour", data={"csrf_token": extract_csrf(first), "rating": "4",
                                                  "transferred": SAID, "comment": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#retours-titre")
    after = client.get(url).get_data(as_text=True)
    assert "Merci : votre retour est enregistré." in html.unescape(after).replace("\u00a0", " ")
    section = _section(after)
    read, form = section.split("<details>", 1)
    assert f"Transmis : {SAID}" in read and "<form" not in read  # the saved feedback, read once
    # hers, to her: « Votre retour », not « Personne ressource — » her own name
    assert "<strong>Votre retour</strong> : " in read and scene.finance.user.display_name not in read
    assert form.startswith("<summary>Modifier mon retour</summary>")  # folded: editing, when she wants it
    assert re.search(r'<button type="submit" class="button">Enregistrer les modifications</button>', form)
