"""« Mon espace » of a pole lists the help a resource person offered, once validated, as « à vous de répondre »; the
person's own space no longer asks her to answer it (new-user walk of 7 December 2026)."""

from __future__ import annotations

import re

import pytest

from app.pair_space.initiative import offer_help
from app.transfers import services
from models import PairingStatus, Role
from tests.app.html_parts import page_text
from tests.app.transfers.test_offered_by_person import setting  # noqa: F401 - the need and the person who offers

pytestmark = pytest.mark.web


@pytest.fixture
def offered(db, make_user, setting):  # noqa: F811 - the fixture imported above
    """``setting``'s resource person offered her help on its need, and an organiser validated it."""
    facilitator, person, need = setting
    pairing = offer_help(need=need, person=person, message="Je peux aider.", idempotency_key="m" * 24)
    services.transition(pairing, PairingStatus.VALIDATED, actor=make_user(Role.ORGANISER, name="Avise"))
    db.commit()
    return facilitator, person


def test_the_pole_space_asks_its_answer_and_the_person_space_does_not(client, csrf, login, offered):
    facilitator, person = offered
    login(facilitator)
    space = re.sub(r"<[^>]+>", "", page_text(client.get("/mon-espace")))
    assert "Un transfert attend votre réponse" in space
    assert ("aide proposée par Sophie Lemaire sur le besoin Pérenniser l'animation, validée par l'équipe d'animation. "
            "Acceptez-la ou déclinez-la sur sa page.") in space
    assert "Aide proposée par Sophie Lemaire, validée : à vous de l'accepter ou de la décliner" in space
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(person.user)
    space = page_text(client.get("/mon-espace"))
    assert "attend votre réponse" not in space and "À vous de répondre" not in space
