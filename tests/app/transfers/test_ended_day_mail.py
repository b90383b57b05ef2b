"""A transfer ended while its days are still to come: the mail that takes each day out of the calendar says so in
its subject — which day, and that it is cancelled — and why in its body (mail audit: « Transfert terminé — … » alone
hid that a day of the calendar was going)."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from app.templating import french_day, local_day
from app.transfers import services
from models import OutboxMessage, PairingStatus, utcnow

S = PairingStatus


def _two_days_to_come(scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    for days, label in ((10, "Diagnostic"), (17, "Plan d'action")):
        start = (utcnow() + timedelta(days=days)).replace(hour=8, minute=30, second=0, microsecond=0)
        services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
            starts_at_utc=start, ends_at_utc=start + timedelta(hours=7), timezone="Europe/Paris",
            location="Maison de l'ESS, Angers", label=label))
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    return pairing


def _date(day) -> str:
    return french_day(local_day(day.session.starts_at, "Europe/Paris"), with_weekday=True)


def _mails_to(db, user):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.to_email == user.email,
                                                  OutboxMessage.key.contains(":completed:")
                                                  | OutboxMessage.key.contains(":cancelled:"))
                      .order_by(OutboxMessage.id)).all()


def test_each_day_taken_out_by_the_end_is_named_cancelled_with_its_date_and_why(db, scene):
    pairing = _two_days_to_come(scene)
    first, second = pairing.days
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator, note="Objectifs atteints plus tôt")

    mails = _mails_to(db, scene.finance.user)
    assert len(mails) == 2
    for mail, day in zip(mails, (first, second), strict=True):
        assert mail.subject.startswith(f"Transfert terminé, journée du {_date(day)} annulée — ")
        assert f"Journée {day.stage} annulée — {day.label}" in mail.body
        assert ("Cette journée n'aura pas lieu : le transfert est terminé. Le fichier joint la retire de votre "
                "agenda.") in mail.body
        calendar = Calendar.from_ical(mail.attachment_data)
        event = next(c for c in calendar.walk() if c.name == "VEVENT")
        assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
        assert event["uid"] == day.session.ical_uid
    # What to do next is said once, in the step's own mail, not again with each further day.
    assert ["Et maintenant" in m.body for m in mails] == [True, False]


def test_a_cancelled_transfers_days_say_the_transfer_is_cancelled(db, scene):
    pairing = _two_days_to_come(scene)
    services.transition(pairing, S.CANCELLED, actor=scene.finance.user, note="Indisponible")
    mails = _mails_to(db, scene.facilitator)
    assert [m.subject.split(" — ")[0] for m in mails] == [
        f"Transfert annulé, journée du {_date(d)} annulée" for d in pairing.days]
    assert all("le transfert est annulé. Le fichier joint la retire" in m.body for m in mails)


def test_an_end_after_the_last_day_keeps_the_plain_subject(db, scene):
    pairing = _two_days_to_come(scene)
    for day in pairing.days:
        day.session.starts_at -= timedelta(days=30)
        day.session.ends_at -= timedelta(days=30)
    db.commit()
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    [mail] = _mails_to(db, scene.finance.user)
    assert mail.subject.startswith("Transfert terminé — ") and "annulée" not in mail.body
