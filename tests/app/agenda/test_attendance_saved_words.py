"""The save of a session's presences says who was noted absent too (walk 19: « Présences enregistrées : 1 présence. »
said nothing of the two others), people counted as people and the poles come without registering apart."""

from __future__ import annotations

import html
from datetime import timedelta

from app.agenda.attendance_sheet import Tally
from models import Role, utcnow
from app.agenda import services
from tests.app.agenda.held import set_slots_at


def test_the_words_agree_with_each_count():
    assert Tally(1, 2, 0, 0).in_words == "1\u00a0personne présente, 2\u00a0absentes"
    assert Tally(3, 1, 0, 0).in_words == "3\u00a0personnes présentes, 1\u00a0absente"
    assert Tally(0, 3, 0, 0).in_words == "aucune personne présente, 3\u00a0absentes"
    assert Tally(2, 0, 0, 0).in_words == "2\u00a0personnes présentes"
    assert Tally(1, 0, 2, 0).in_words == "1\u00a0personne présente, 2\u00a0pas encore notées"  # at the door
    assert Tally(1, 1, 0, 2).in_words == ("1\u00a0personne présente, 1\u00a0absente ; "
                                          "2\u00a0pôles venus sans inscription")


def test_a_save_after_the_session_says_the_present_and_the_absent(client, db, login, csrf, publish, organiser,
                                                                  make_user, make_pole):
    session = publish(capacity=5)
    people = [services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
              for _ in range(3)]
    set_slots_at(db, session, utcnow() - timedelta(days=1))
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    response = client.post(url, data={"csrf_token": csrf(url), "present": [str(people[0].id)]},
                           follow_redirects=True)
    said = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert "Présences enregistrées : 1 personne présente, 2 absentes." in said
