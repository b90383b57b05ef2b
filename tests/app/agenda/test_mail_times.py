"""The agenda's mails say in which zone their times are, and for a session held in person in another zone (a CRA's
day in Martinique read by a pole in Auvergne), the time on site too; a cancellation says which date it cancels
(mail audit: « mercredi 16 décembre de 11 h à 13 h » read in Lyon for a day in Fort-de-France, five hours off);
a deactivated account is mailed none of it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.agenda import services
from app.agenda.cancellation import cancel
from models import CollectiveKind, OutboxMessage
from tests.app.far_dates import next_january_tuesday

NBSP = "\u00a0"


def _body(db, event: str) -> str:
    body = db.scalar(select(OutboxMessage.body).where(OutboxMessage.key.endswith(f":{event}")))
    return body.replace(NBSP, " ")


#: A fixed date once made these tests fail from the day it passed.
_tuesday = next_january_tuesday


#: « mardi 5 janvier 2027 », as the mails write that Tuesday.
DAY = f"mardi {_tuesday().day} janvier {_tuesday().year}"


def _at(hour: int) -> services.SlotTimes:
    start = datetime.combine(_tuesday(), datetime.min.time()).replace(hour=hour)  # UTC
    return services.SlotTimes(start, start + timedelta(hours=2))


def test_an_online_session_says_the_readers_zone(db, publish, facilitator):
    session = publish(slots=[_at(13)])
    services.register(session_id=session.id, user=facilitator)
    assert f"- {DAY} de 14 h à 16 h (heure de Paris)\n" in _body(db, "registered")


def test_a_day_in_martinique_read_in_auvergne_says_both_times(db, publish, facilitator):
    session = publish(slots=[_at(13)], online=False, video_url=None, place="Fort-de-France",
                      timezone="America/Martinique")
    services.register(session_id=session.id, user=facilitator)
    assert (f"- {DAY} de 14 h à 16 h (heure de Paris ; sur place, heure de la Martinique : "
            f"{DAY} de 9 h à 11 h)\n") in _body(db, "registered")


def test_a_cancellation_says_which_day_it_cancels(db, publish, facilitator, organiser):
    session = publish(slots=[_at(13)])
    services.register(session_id=session.id, user=facilitator)
    cancel(session=session, organiser=organiser)
    body = _body(db, "cancelled")
    assert f"est annulée.\n\n- {DAY} de 14 h à 16 h (heure de Paris)\n" in body
    assert "Le fichier joint retire la session de votre agenda." in body


def test_a_deactivated_account_is_not_mailed_the_cancellation_nor_counted_as_told(db, publish, facilitator, organiser):
    session = publish(slots=[_at(13)])
    services.register(session_id=session.id, user=facilitator)
    facilitator.is_active = False
    db.commit()
    assert cancel(session=session, organiser=organiser, message="Intervenante souffrante.") == 0
    assert db.scalar(select(OutboxMessage.id).where(OutboxMessage.key.endswith(":cancelled"))) is None


def test_the_kind_is_not_said_twice_when_the_title_says_it(db, publish, facilitator):
    """« Votre inscription à « Journée nationale des PTCE » (journée nationale des PTCE) » (mail audit, demo)."""
    session = publish(kind=CollectiveKind.NATIONAL_DAY, title="Journée nationale des PTCE", slots=[_at(13)])
    services.register(session_id=session.id, user=facilitator)
    assert "Votre inscription à « Journée nationale des PTCE » est confirmée." in _body(db, "registered")
    webinar = publish(slots=[_at(15)])
    services.register(session_id=webinar.id, user=facilitator)
    bodies = db.scalars(select(OutboxMessage.body).where(OutboxMessage.key.endswith(":registered")))
    assert any("« Modèles socio-économiques des PTCE » (webinaire thématique) est confirmée." in b.replace(NBSP, " ")
               for b in bodies)
