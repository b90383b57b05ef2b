"""A pole whose people registered is not offered again as a walk-in (walk 5: the organiser ticked « Collectif
Coopér'Acteurs du Livradois » among the poles « venus sans inscription » while its registered facilitator was
marked present; the page then said « 3 présences » for two poles and the bilan counted the pole twice)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from app.agenda import services
from tests.app.agenda.held import set_slots_at
from models import utcnow


def _started(db, session) -> None:
    set_slots_at(db, session, utcnow() - timedelta(hours=2), hours=1)


def test_a_registered_pole_is_not_added_again_as_a_walk_in(db, publish, organiser, facilitator, make_pole):
    session = publish()
    mine = services.register(session_id=session.id, user=facilitator)
    _started(db, session)
    other = make_pole("Pôle venu sans inscription")
    present = services.record_attendance(session=session, organiser=organiser, attended_ids={mine.id},
                                         walk_in_pole_ids=[facilitator.pole_id, other.id])
    assert present == 2
    assert sorted(r.pole_id for r in session.registrations if r.walk_in) == [other.id]


def test_the_walk_in_list_leaves_out_the_registered_poles(client, db, login, publish, organiser, facilitator,
                                                           make_pole):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    _started(db, session)
    make_pole("Pôle de Passage")
    login(organiser)
    page = html.unescape(client.get(f"/organisation/agenda/{session.id}/presences").get_data(as_text=True))
    walk_ins = page[page.index("venus sans inscription"):]
    assert "Pôle de Passage" in walk_ins
    assert facilitator.pole.name not in walk_ins


def test_a_walk_in_noted_by_mistake_can_be_taken_away(client, db, login, csrf, publish, organiser, facilitator,
                                                     make_pole):
    """Once noted, a walk-in stayed for good: the form offered no way to take it back, and the bilan counted it."""
    session = publish()
    mine = services.register(session_id=session.id, user=facilitator)
    _started(db, session)
    wrong, right = make_pole("Pôle noté par erreur"), make_pole("Pôle bien venu")
    services.record_attendance(session=session, organiser=organiser, attended_ids={mine.id},
                               walk_in_pole_ids=[wrong.id, right.id])
    mistake = next(r for r in session.registrations if r.pole_id == wrong.id)
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "cochez ceux notés par erreur pour les retirer" in page
    shown = re.search(r'name="shown_present" type="hidden" value="([^"]*)"', page).group(1)
    response = client.post(url, data={"csrf_token": csrf(url), "present": [str(mine.id)],
                                      "removed_walk_ins": [str(mistake.id)],
                                      "shown_present": shown})
    assert response.status_code == 302
    db.expire_all()
    assert sorted(r.pole_id for r in session.registrations if r.walk_in) == [right.id]
