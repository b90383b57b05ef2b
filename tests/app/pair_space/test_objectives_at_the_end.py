"""The objectives once the transfer ended (walk 6: they stayed « En cours » on a completed transfer, and « Modifier
les objectifs » was still offered). The end names those still open before it is taken; afterwards they read « Non
terminé à la fin du transfert » — never turned into « Atteint » — and no longer change."""

from __future__ import annotations

import html
import re

import pytest

from app.pair_space import objectives
from app.pair_space.objectives import AgreementRefused
from app.transfers import services
from models import PairingStatus as S


def _text(response) -> str:
    """The page's text, tags left out (« <strong> » around a status)."""
    page = re.sub(r"<(strong|/strong|span[^>]*|/span)>", "", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page)).replace("\u00a0", " ")


def _started_with_objectives(pair):
    done, pending = objectives.set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=[
        "Lire les comptes de trois exercices", "Chiffrer trois scénarios de financement"])
    objectives.set_objective_status(objective=done, user=pair.person, status="reached")
    services.transition(pair.pairing, S.PLANNED, actor=pair.facilitator)
    services.transition(pair.pairing, S.IN_PROGRESS, actor=pair.facilitator)
    return done, pending


@pytest.mark.web
def test_the_end_names_the_objectives_still_open_before_it_is_taken(client, login, pair):
    _started_with_objectives(pair)
    login(pair.facilitator)
    page = _text(client.get(f"/transferts/{pair.pairing.id}"))
    assert ("Un objectif est encore « en cours » : il restera « non terminé à la fin du transfert ». S'il est "
            "atteint ou abandonné, dites-le d'abord dans « Objectifs du transfert »." in page)


@pytest.mark.web
def test_after_the_end_an_open_objective_reads_unfinished_and_nothing_changes(client, login, csrf, pair, db):
    done, pending = _started_with_objectives(pair)
    services.transition(pair.pairing, S.COMPLETED, actor=pair.facilitator)
    login(pair.person)
    url = f"/transferts/{pair.pairing.id}"
    page = _text(client.get(url))
    assert "Chiffrer trois scénarios de financement — Non terminé à la fin du transfert" in page
    assert "Lire les comptes de trois exercices — Atteint" in page
    assert "« Non terminé à la fin du transfert » : l'objectif était encore en cours" in page
    assert "Modifier les objectifs" not in page and 'name="status"' not in page
    db.refresh(pending)
    assert pending.status == "open"  # said as it is, not marked reached
    with pytest.raises(AgreementRefused, match="Le transfert est terminé : ses objectifs ne changent plus."):
        objectives.set_objective_status(objective=pending, user=pair.person, status="reached")
    with pytest.raises(AgreementRefused, match="ne changent plus"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Un", "Deux"])


def test_while_the_transfer_runs_an_open_objective_is_en_cours(pair):
    _, pending = _started_with_objectives(pair)
    assert objectives.status_label(pending, ended=False) == "En cours"
