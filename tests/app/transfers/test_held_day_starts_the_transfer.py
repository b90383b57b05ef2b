"""A day already held starts the transfer: recording it (« Cette journée a déjà eu lieu ») moves a planned
transfer to « En cours » through the step itself (its history, its mails), and the page of a planned transfer
whose first day has passed asks for that step (walk of 6 December 2026: a transfer stayed « Planifié » after its
first day; nothing moves it by itself, there is no background job)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.templating import french_day, local_day
from app.transfers import services
from models import Meeting, OutboxMessage, Pairing, PairingStatus, utcnow

pytestmark = pytest.mark.web


def _accepted(scene) -> Pairing:
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    return services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)


def _plan(pairing: Pairing, scene, days: int) -> None:
    start = (utcnow() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=3), timezone="Europe/Paris", already_held=days < 0))


def _named(pairing: Pairing, stage: int) -> str:
    """« Journée du 16 mars 2027 »: the day of ``stage`` as the history names it."""
    session = next(d for d in pairing.days if d.stage == stage).session
    return f"Journée du {french_day(local_day(session.starts_at, session.timezone))}"


def _steps(pairing: Pairing) -> list[tuple[PairingStatus | None, PairingStatus, str]]:
    return [(e.from_status, e.to_status, e.note) for e in sorted(pairing.events, key=lambda e: e.id)]


def test_a_held_day_recorded_on_an_accepted_transfer_starts_it(db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, -10)
    db.expire_all()
    assert pairing.status is PairingStatus.IN_PROGRESS
    assert _steps(pairing)[-2:] == [(PairingStatus.ACCEPTED, PairingStatus.PLANNED, f"{_named(pairing, 1)} planifiée"),
                                    (PairingStatus.PLANNED, PairingStatus.IN_PROGRESS, f"{_named(pairing, 1)} déjà tenue")]
    told = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:in_progress:user:{scene.facilitator.id}"))
    assert told is not None and "Transfert commencé" in told.subject
    # the day is told once, not again as if someone had written « Message : Journée 1 déjà tenue »
    assert "Cette journée a déjà eu lieu" in told.body and "Message :" not in told.body


def test_a_held_day_recorded_on_a_planned_transfer_starts_it(db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, 20)
    assert pairing.status is PairingStatus.PLANNED
    _plan(pairing, scene, -3)
    db.expire_all()
    assert pairing.status is PairingStatus.IN_PROGRESS
    # the day to come is now the second: the history names each by its date, not by a number that changed
    # (walk of 6 December 2026: « Journée 1 planifiée » then « Journée 1 déjà tenue », two different days)
    assert [note for _, _, note in _steps(pairing)[-2:]] == [f"{_named(pairing, 2)} planifiée",
                                                             f"{_named(pairing, 1)} déjà tenue"]


def test_a_day_to_come_leaves_the_transfer_planned(db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, 20)
    _plan(pairing, scene, 30)
    db.expire_all()
    assert pairing.status is PairingStatus.PLANNED
    for key in (f"pairing:{pairing.id}:planned:user:{scene.facilitator.id}",
                f"pairing:{pairing.id}:day:{pairing.days[1].session_id}:user:{scene.facilitator.id}"):
        body = db.scalar(select(OutboxMessage.body).where(OutboxMessage.key == key))
        assert "Le fichier joint ajoute cette journée" in body and "Message :" not in body


def test_the_form_says_the_transfer_has_begun(client, login, csrf, scene):
    pairing = _accepted(scene)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    past = (utcnow() - timedelta(days=10)).date().isoformat()
    response = client.post(f"{url}/journees", data={
        "csrf_token": csrf(url), "day": past, "start": "09:30", "end": "16:00", "already_held": "y"})
    assert response.status_code == 302
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "Le transfert est maintenant «\u00a0En cours\u00a0»." in page


def test_a_planned_transfer_whose_first_day_passed_asks_for_the_step(db, client, login, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, 2)
    day = pairing.days[0].session
    held = (utcnow() - timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = _db.session.get(Meeting, day.id)
    meeting.starts_at, meeting.ends_at = held, held + timedelta(hours=3)
    db.commit()
    login(scene.facilitator)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True))
    notice = page[page.index("La première journée a eu lieu"):][:300]
    assert "passez le transfert «\u00a0En cours\u00a0» avec «\u00a0Commencer le transfert\u00a0» ci-dessous" in notice
    assert page.index("La première journée a eu lieu") < page.index("Commencer le transfert</button>")


def _mails_to(pairing: Pairing, user) -> list[OutboxMessage]:
    return list(_db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.key.startswith(f"pairing:{pairing.id}:"), OutboxMessage.recipient_id == user.id)
        .order_by(OutboxMessage.id)))


def test_a_held_first_day_on_an_accepted_transfer_sends_one_mail_saying_it_started(db, scene):
    """« Transfert planifié » then « Transfert commencé » in a row, for one form sent: one mail says it began."""
    pairing = _accepted(scene)
    before = {m.id for m in _mails_to(pairing, scene.facilitator)}
    _plan(pairing, scene, -10)
    mails = [m for m in _mails_to(pairing, scene.facilitator) if m.id not in before]
    assert [m.key for m in mails] == [f"pairing:{pairing.id}:in_progress:user:{scene.facilitator.id}"]
    mail = mails[0]
    assert mail.subject.startswith("Transfert commencé — ")
    assert "Journée 1" in mail.body and "Cette journée a déjà eu lieu : le transfert a commencé." in mail.body
    # A day held goes in no calendar and has no reminder the day before.
    assert not mail.attachment_name and "rappel" not in mail.body and "à convenir" not in mail.body


def test_a_held_first_day_rings_the_bell_once_saying_it_started(db, scene):
    from models import Notification
    pairing = _accepted(scene)
    before = {n.id for n in db.scalars(select(Notification).where(Notification.user_id == scene.facilitator.id))}
    _plan(pairing, scene, -10)
    notices = [n for n in db.scalars(select(Notification).where(Notification.user_id == scene.facilitator.id))
               if n.id not in before]
    assert [n.text.split(" — ")[0] for n in notices] == ["Transfert commencé"]


def test_a_held_day_before_a_planned_one_sends_one_mail_saying_it_started(db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, 20)
    before = {m.id for m in _mails_to(pairing, scene.facilitator)}
    _plan(pairing, scene, -3)
    mails = [m for m in _mails_to(pairing, scene.facilitator) if m.id not in before]
    assert [m.subject.split(" — ")[0] for m in mails] == ["Transfert commencé"]
