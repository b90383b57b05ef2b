"""The agenda's mail subjects put the session's title in « » (walk 19: « Horaire modifié : Rencontre régionale
des PTCE d'Occitanie : coopérer avec les collectivités » read as two labels, the title having a colon of its
own), as the learning visits' mails do."""

from __future__ import annotations

from datetime import timedelta

from app.agenda import services, slot_times
from models import RegistrationStatus, Role
from tests.app.agenda.slot_helpers import mails_of, two_slots

TITLE = "Rencontre régionale : coopérer avec les collectivités"
#: As a subject reads it: its colon after a no-break space, the whole in « ».
QUOTED = "«\u00a0" + TITLE.replace(" :", "\u00a0:") + "\u00a0»"


def test_each_subject_quotes_the_title(db, publish, organiser, make_user, make_pole):
    session = publish(title=TITLE, capacity=1, slots=two_slots())
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    assert services.register(session_id=session.id, user=waiting).status is RegistrationStatus.WAITLISTED
    first = session.slots[0]
    slot_times.move_slot(session_id=session.id, slot_id=first.id, organiser=organiser,
                         starts_at=first.starts_at + timedelta(hours=1), ends_at=first.ends_at + timedelta(hours=1))

    assert mails_of(db, "registered")[seated.id].subject == f"Inscription confirmée\u00a0: {QUOTED}"
    assert mails_of(db, "waitlisted")[waiting.id].subject == f"Liste d'attente\u00a0: {QUOTED}"
    assert {m.subject for m in mails_of(db, "moved").values()} == {f"Horaire modifié\u00a0: {QUOTED}"}
