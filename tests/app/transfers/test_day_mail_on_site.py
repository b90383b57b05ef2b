"""A transfer day held in another zone (a pole in Martinique, a resource person in Paris) says the time on site in its
mail as well as the reader's (mail audit: « de 14 h à 20 h (heure de Paris) » only, for a day from 9 h in Fort-de-France)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.templating import format_range
from app.transfers import services
from models import OutboxMessage, PairingStatus


def test_a_day_in_martinique_read_in_paris_says_the_time_on_site(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    start = datetime.now().replace(hour=13, minute=0, second=0, microsecond=0) + timedelta(days=20)
    end = start + timedelta(hours=6)
    services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=end, timezone="America/Martinique", location="Fort-de-France"))
    [body] = [b for b in db.scalars(select(OutboxMessage.body).where(OutboxMessage.recipient_id == scene.finance.user_id))
              if "Date : " in b]
    on_site = format_range(start, end, "America/Martinique")
    assert f" (heure de Paris)\nSur place (heure de la Martinique) : {on_site}\nLieu : Fort-de-France\n" in body
