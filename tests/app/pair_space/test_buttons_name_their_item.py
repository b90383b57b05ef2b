"""Each button of the pair's lists names its item: two objectives gave two « Changer » and two held days two
« Enregistrer », which a screen reader's list of buttons could not tell apart (walk of the pair's space)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.pair_space import objectives
from models import Meeting, MeetingKind, PairingDay, PairingStatus, utcnow

pytestmark = pytest.mark.web

HIDDEN = '<span class="visually-hidden">'


def test_status_and_report_buttons_name_their_objective_and_day(client, db, login, pair):
    pair.pairing.status = PairingStatus.IN_PROGRESS
    start = utcnow() - timedelta(days=3)
    for stage in (1, 2):
        db.add(PairingDay(pairing=pair.pairing, stage=stage, session=Meeting(
            kind=MeetingKind.TRANSFER_DAY, title="Journée", starts_at=start + timedelta(days=stage - 1),
            ends_at=start + timedelta(days=stage - 1, hours=6))))
    db.commit()
    objectives.set_objectives(pairing=pair.pairing, user=pair.facilitator,
                              texts=["Une convention d'occupation écrite", "Un argumentaire chiffré"])
    login(pair.person)
    page = html.unescape(client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True))
    for n in (1, 2):
        assert f"Changer{HIDDEN} le statut de l'objectif {n}</span></button>" in page
        assert f"Enregistrer{HIDDEN} le compte rendu de l'étape {n}</span></button>" in page
