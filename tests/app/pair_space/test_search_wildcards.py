"""The experience sheets' search looks for the words typed: « ___ » (a word for the search, since ``\\w`` holds the
underscore) is three underscores to find, not LIKE's « any three characters » that listed every sheet."""

from __future__ import annotations

import pytest

from app.pair_space import experiences
from models import PairingStatus

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala.", "contacts": "Mireille, avec son accord."}


@pytest.mark.parametrize(("typed", "found"), [("___", False), ("a_s", False), ("cotisations", True),
                                              ("grille_de", False)])
def test_underscores_are_searched_as_typed(db, pair, typed, found):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert bool(experiences.published(query=typed)) is found
