"""A transfer the resource person offered herself (« Je peux aider ») is not said « demandé par le pôle »:
its status, its history and its pole's « Mon espace » say who proposed it (walk 3)."""

from __future__ import annotations

import pytest

from app.pair_space.initiative import offer_help
from app.transfers import services as transfers
from models import Need, NeedKind, Offer, Role

pytestmark = pytest.mark.web


@pytest.fixture
def setting(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Camille Animatrice")
    person = make_resource_person()
    person.user.display_name = "Sophie Lemaire"
    need = Need(pole=pole, author=facilitator, title="Pérenniser l'animation", kind=NeedKind.TRANSFER,
                text="Notre poste d'animation dépend d'une subvention qui s'arrête à la fin de l'année.")
    db.add_all([need, Offer(resource_person=person, title="Financer l'animation d'un pôle",
                            text="Montages de financement de postes d'animation, subventions et mécénat. " * 3)])
    db.commit()
    return facilitator, person, need


def test_an_offer_of_help_reads_as_proposed_by_the_person(client, csrf, login, db, setting):
    facilitator, person, need = setting
    pairing = offer_help(need=need, person=person, message="J'ai monté ce financement deux fois.",
                         idempotency_key="k" * 24)
    db.commit()
    for reader in (person.user, facilitator):
        if reader is facilitator:
            client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
        login(reader)
        page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
        assert "Demandé par le pôle" not in page, reader.display_name
        # Her own offer reads as hers to her (« Proposé par vous »), as the person's to the others.
        words = "Proposé par vous" if reader is person.user else "Proposé par la personne ressource"
        assert f'<span class="status status-requested">{words}</span>' in page
        said = "Vous avez proposé votre aide" if reader is person.user else "Sophie Lemaire a proposé son aide"
        assert f"{said} — «\u00a0J&#39;ai monté" in page
        assert f"{words}</span>" in client.get("/transferts/").get_data(as_text=True)
        if reader is person.user:
            assert "Proposé par la personne ressource" not in page
            assert f"{words}</span>" in client.get("/mon-espace").get_data(as_text=True)
    space = client.get("/mon-espace").get_data(as_text=True)  # the facilitator's
    assert "Aide proposée par Sophie Lemaire, en attente de validation par" in space
    assert "Transfert demandé à" not in space


def test_a_request_of_the_pole_still_reads_as_demanded(client, login, db, setting):
    facilitator, person, need = setting
    pairing = transfers.request_transfer(need=need, person=person, requester=facilitator)
    db.commit()
    login(facilitator)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert '<span class="status status-requested">Demandé par le pôle</span>' in page
    assert "Proposé par la personne ressource" not in page
    assert "Transfert demandé à Sophie Lemaire, en attente de validation" in client.get("/mon-espace").get_data(
        as_text=True)
