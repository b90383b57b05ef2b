"""Needs are read by a theme model that also learns what answered needs told alike: the shipped answered
needs, and the platform's agreed transfers with their offer's themes (``matching/asked_themes.py``)."""

from __future__ import annotations

import pytest

from app.suggestions.themes import suggest_themes
from models import Need, Offer, Pairing, PairingStatus, Role, Theme

pytestmark = pytest.mark.web

THEME = "emplois_partages"
PAST = ("Des saisonniers qui repartent", "Chaque automne nos saisonniers des gîtes quittent la vallée et au printemps "
        "les campings recommencent à recruter à zéro ; les mêmes métiers reviennent chaque année.")
STORY = ("Recruter à chaque printemps", "Au printemps les gîtes et les campings de la vallée recommencent à recruter "
         "à zéro, les saisonniers repartent chaque automne.")


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole, other = make_pole("Pôle des Coteaux"), make_pole("Pôle du Val")
    facilitator, other_facilitator = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=other)
    person = make_resource_person()
    offer = Offer(resource_person=person, title="Créer un groupement d'employeurs",
                  text="J'ai monté un groupement d'employeurs qui partage des salariés entre plusieurs structures.",
                  themes=[db.get(Theme, THEME)])
    past = Need(pole=other, author=other_facilitator, title=PAST[0], text=PAST[1])
    db.add_all([offer, past, Need(pole=pole, author=facilitator, title=STORY[0], text=STORY[1])])
    db.commit()
    return {"facilitator": facilitator, "pole": pole, "offer": offer, "past": past, "person": person}


def _probability(*, need: bool) -> float:
    found = suggest_themes(*STORY, limit=40, min_probability=0.0, need=need)
    return next(s.probability for s in found if s.code == THEME)


def _pair(db, scene, status: PairingStatus) -> None:
    db.add(Pairing(need=scene["past"], resource_person=scene["person"], offer=scene["offer"], status=status))
    db.commit()


def test_an_agreed_transfer_teaches_what_a_story_told_alike_asks_for(db, scene):
    before = _probability(need=True)
    offers_before = _probability(need=False)
    _pair(db, scene, PairingStatus.ACCEPTED)
    assert _probability(need=True) > before + 0.05
    assert _probability(need=False) == pytest.approx(offers_before)  # offers are read as before


def test_a_request_not_agreed_teaches_nothing(db, scene):
    before = _probability(need=True)
    _pair(db, scene, PairingStatus.REQUESTED)
    assert _probability(need=True) == pytest.approx(before)


def test_the_need_form_asks_the_need_model(client, login, csrf, db, scene):
    _pair(db, scene, PairingStatus.ACCEPTED)
    login(scene["facilitator"])
    form = client.get(f"/poles/{scene['pole'].id}/besoins/nouveau").get_data(as_text=True)
    assert "/themes/suggestions?pour=besoin" in form
    token = csrf(f"/poles/{scene['pole'].id}/besoins/nouveau")

    def shown(url: str) -> dict[str, float]:
        themes = client.post(url, json={"title": STORY[0], "text": STORY[1]}, headers={"X-CSRFToken": token})
        return {t["code"]: t["probability"] for t in themes.get_json()["themes"]}

    as_need = shown("/themes/suggestions?pour=besoin")
    assert as_need.get(THEME, 0.0) == pytest.approx(_probability(need=True), abs=1e-3)
    assert as_need != shown("/themes/suggestions")
