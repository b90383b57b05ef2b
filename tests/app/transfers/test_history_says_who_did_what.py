"""A transfer's history says who did what, once: « Mireille Castagné : Proposé par vous » named her, then « vous »;
« Camille : Demandé par le pôle » named the facilitator, then the pole. Each line is a sentence, « Vous avez … » to
whoever took the step, whoever reads it (the person, the pole's facilitator, an organiser)."""

from __future__ import annotations

import html

import pytest

from app.transfers import services
from models import PairingStatus as S

pytestmark = pytest.mark.web


def _history(client, csrf, login, user, pairing_id: int) -> list[str]:
    """The history's lines as ``user`` reads them, without their dates."""
    if client.get("/mon-espace").status_code == 200:  # whoever read before logs out
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(user)
    page = html.unescape(client.get(f"/transferts/{pairing_id}").get_data(as_text=True)).replace("\u00a0", " ")
    history = page[page.index('id="historique-titre"'):]
    history = history[history.index("<ol"):history.index("</ol>")]
    return [item.split("</li>")[0].split(" — ", 1)[1] for item in history.split("<li>")[1:]]


def test_the_help_a_person_offered_reads_as_who_did_what(client, csrf, login, db, scene, offered):
    person, facilitator, organiser = scene.finance.user, scene.facilitator, scene.organiser
    services.transition(offered, S.VALIDATED, actor=organiser)
    services.transition(offered, S.ACCEPTED, actor=facilitator, note="Merci !")
    db.commit()
    o, f = organiser.display_name, facilitator.display_name
    assert _history(client, csrf, login, person, offered.id) == [
        "Vous avez proposé votre aide — « Je peux vous aider. »",
        f"{o} a validé la proposition d'aide", f"{f} a accepté cette aide — « Merci ! »"]
    for reader in (facilitator, organiser):
        lines = _history(client, csrf, login, reader, offered.id)
        assert lines[0] == "Sophie Lemaire a proposé son aide — « Je peux vous aider. »", reader.display_name
        assert ("Vous avez validé la proposition d'aide" in lines) is (reader is organiser)
        assert ("Vous avez accepté cette aide — « Merci ! »" in lines) is (reader is facilitator)
        assert not any("par vous" in line or "par la personne ressource" in line for line in lines)


def test_a_pole_request_refused_and_one_withdrawn_read_as_such(client, csrf, login, db, scene):
    facilitator, organiser = scene.facilitator, scene.organiser
    refused = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=facilitator)
    services.transition(refused, S.CANCELLED, actor=organiser, note="Elle n'a plus de place cette année.")
    withdrawn = services.request_transfer(need=scene.finance_need, person=scene.food, requester=facilitator)
    services.transition(withdrawn, S.CANCELLED, actor=facilitator)
    db.commit()
    f, o = facilitator.display_name, organiser.display_name
    assert _history(client, csrf, login, facilitator, refused.id) == [
        "Vous avez demandé ce transfert", f"{o} a refusé la demande — « Elle n'a plus de place cette année. »"]
    assert _history(client, csrf, login, organiser, withdrawn.id) == [
        f"{f} a demandé ce transfert", f"{f} a retiré sa demande"]


def test_a_request_left_unanswered_reads_as_closed_by_the_platform(client, csrf, login, db, scene):
    pairing = services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    services.transition(pairing, S.EXPIRED, actor=None, note="Sans réponse depuis 30 jours.")
    db.commit()
    assert _history(client, csrf, login, scene.other_facilitator, pairing.id) == [
        "Vous avez demandé ce transfert", "Entrepairs a clos la demande — « Sans réponse depuis 30 jours. »"]
