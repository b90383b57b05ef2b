"""A visit's two days said once, as French does (walk 5: the invitation, registration, waitlist, promotion and
withdrawal mails read « les 9 décembre 2026 et 10 décembre 2026 », and the waitlist mail said « courriel »
where every other page and mail says « e-mail »)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.templating import two_days
from app.visits import services
from models import OutboxMessage
from tests.app.far_dates import next_january_tuesday

#: A Tuesday of next January (the visit's two days: Tuesday and Wednesday); a date written in full once passed.
TUESDAY = next_january_tuesday()
DAYS = f"les {TUESDAY.day} et {TUESDAY.day + 1} janvier {TUESDAY.year}"


@pytest.mark.parametrize("first, last, said", [
    (date(2026, 12, 9), date(2026, 12, 10), "9 et 10\u00a0décembre 2026"),
    (date(2026, 11, 30), date(2026, 12, 1), "30\u00a0novembre et 1er\u00a0décembre 2026"),
    (date(2027, 3, 1), date(2027, 3, 2), "1er et 2\u00a0mars 2027"),
    (date(2026, 12, 31), date(2027, 1, 1), "31\u00a0décembre 2026 et 1er\u00a0janvier 2027"),
])
def test_two_days(first, last, said):
    assert two_days(first, last) == said


def test_the_mails_of_a_visit_say_its_days_once(db, network, make_visit):
    visit = make_visit(capacity=1, start=TUESDAY)
    for facilitator in network.facilitators[:2]:
        services.register(visit_id=visit.id, pole_id=facilitator.pole_id, user=facilitator)
    bodies = list(db.scalars(select(OutboxMessage.body)))
    assert len(bodies) >= 4  # invitations, registered, waitlisted
    for body in bodies:
        assert DAYS in " ".join(body.split()), body
        assert "courriel" not in body


def test_the_subjects_quote_the_title_inside_a_sentence(db, network, make_visit):
    """« Une place s'est libérée : vous êtes inscrit·es à la visite Visite des friches » ran the title into the
    sentence; a title inside a sentence is quoted, as the sessions' subjects do."""
    visit = make_visit(capacity=1)
    first, second = network.facilitators[:2]
    for facilitator in (first, second):
        services.register(visit_id=visit.id, pole_id=facilitator.pole_id, user=facilitator)
    services.decline(visit_id=visit.id, pole_id=first.pole_id, user=first)
    subjects = list(db.scalars(select(OutboxMessage.subject)))
    quoted = f"«\u00a0{visit.title}\u00a0»"
    for start in ("Inscription confirmée", "Liste d'attente", "Désistement enregistré"):
        assert [s for s in subjects if s.startswith(start)] == [f"{start}\u00a0: visite apprenante {quoted}"]
    assert f"Une place est disponible\u00a0: votre pôle est inscrit à la visite {quoted}" in subjects
