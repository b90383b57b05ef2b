"""A new lawyer looking for where to publish her slots reads that they open by themselves, when, and whom to ask
for other times (walk of 7 December 2026: « Mes créneaux » listed them and never said where they came from; nothing
on the site lets a lawyer add one)."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.web


def _words(response) -> str:
    text = re.sub(r"<[^>]+>", "", response.get_data(as_text=True))  # the text read, without its spans
    return re.sub(r"\s+", " ", html.unescape(text)).replace("\u00a0", " ")


def test_my_slots_says_they_open_by_themselves(app, client, login, make_lawyer, make_slot):
    app.config.update(LEGAL_SLOT_START="14:00", LEGAL_SLOT_END="17:30", LEGAL_SLOT_MINUTES=45,
                      LEGAL_SLOT_MONTHS_AHEAD=3)
    lawyer = make_lawyer()
    make_slot(lawyer)
    login(lawyer.user)
    page = _words(client.get("/juri-ptce/mes-creneaux"))
    assert ("Vos créneaux s'ouvrent d'eux-mêmes, vous n'avez rien à publier : chaque premier mardi du mois, de 14 h "
            "à 17 h (45 minutes chacun), 3 mois à l'avance. Pour un autre jour ou d'autres horaires, écrivez à "
            "l'équipe Juri-PTCE (RTES et Coorace).") in page
