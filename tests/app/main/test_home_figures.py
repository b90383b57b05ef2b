"""The home page's figures count what the directory can show."""

from __future__ import annotations

import html

from models import Offer, ValidationStatus


def test_home_counts_validated_resource_persons_and_their_active_offers_only(client, db, make_resource_person):
    shown = make_resource_person()
    pending = make_resource_person(status=ValidationStatus.PENDING)
    refused = make_resource_person(status=ValidationStatus.REFUSED)
    for person in (shown, pending, refused):
        db.add(Offer(resource_person=person, title="Montage d'une SCIC", text="Statuts, collèges, capital."))
    db.add(Offer(resource_person=shown, title="Ancienne offre", text="Retirée.", active=False))
    db.commit()
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert "<strong>1</strong> personne ressource<" in page
    assert "<strong>1</strong> offre de transfert<" in page


def test_home_says_a_zero_in_words_and_one_in_the_singular(client, db, make_resource_person):
    make_resource_person()
    db.commit()
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert "<strong>Aucun</strong> pôle<" in page
    assert "<strong>Aucun</strong> besoin ouvert<" in page
    assert "<strong>1</strong> personne ressource<" in page
    assert "<strong>Aucune</strong> offre de transfert<" in page
    assert "<strong>0</strong>" not in page


def test_home_leads_a_signed_in_person_back_to_their_space(client, db, make_resource_person, login):
    # The logo leads home; a signed-in person found only the network's figures there, no way back but the menu.
    assert 'href="/mon-espace"' not in client.get("/").get_data(as_text=True)
    login(make_resource_person().user)
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert '<a class="button" href="/mon-espace">Aller à mon espace</a>' in page
    assert "Créer un compte" not in page
