"""A pole whose only facilitator deletes their account keeps its planned transfer days (the pole may still come,
organised offline) but nobody on the pole's side reads the site any more: the resource person and the organisers
who follow the transfer are told by mail, and the transfer's page says so. The resource person used to get only
« X ne participera plus… Rien d'autre ne change », the organisers nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.privacy.services import delete_account
from app.transfers import services
from models import Meeting, MeetingStatus, OutboxMessage, Pairing, PairingStatus, Role, utcnow
from tests.app.html_parts import page_text

S = PairingStatus
LEFT_ALONE = "le pôle n'a plus de compte d'animation sur Entrepairs"


def _planned(scene) -> Pairing:
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    start = (utcnow() + timedelta(days=12)).replace(hour=8, minute=0, second=0, microsecond=0)
    services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=6), timezone="Europe/Paris", location="Ambert"))
    return pairing


def _mails_to(db, user) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == user.id)
                           .order_by(OutboxMessage.id)))


def test_the_last_facilitator_leaving_is_told_to_the_resource_person_and_the_organisers(app, db, scene, make_user):
    pairing = _planned(scene)
    other_cra = make_user(Role.ORGANISER, region_code="52")  # follows another region: not told
    before = {u.id: len(_mails_to(db, u)) for u in (scene.finance.user, scene.organiser, other_cra)}
    leaver = scene.facilitator.display_name
    delete_account(db, user=scene.facilitator)
    db.expire_all()

    person_mails = _mails_to(db, scene.finance.user)[before[scene.finance.user.id]:]
    assert len(person_mails) == 1, [m.subject for m in person_mails]  # not also « ne participera plus »
    assert LEFT_ALONE in person_mails[0].subject
    body = " ".join(person_mails[0].body.split()).replace("\u00a0", " ")
    assert f"{leaver}, qui était la seule personne à animer le Pôle des Coteaux sur Entrepairs" in body
    assert "Rien n'est annulé : le pôle peut encore venir" in body and "Journée 1 : " in body and "Ambert" in body
    assert "contactez le pôle directement" in body and f"/transferts/{pairing.id}" in body

    organiser_mails = _mails_to(db, scene.organiser)[before[scene.organiser.id]:]
    assert [m.subject for m in organiser_mails if LEFT_ALONE in m.subject] != []
    assert "L'administration du site peut rattacher un nouveau compte d'animation" in \
        " ".join(organiser_mails[-1].body.split())
    assert _mails_to(db, other_cra)[before[other_cra.id]:] == []

    assert db.get(Pairing, pairing.id).status is S.PLANNED  # nothing cancelled
    assert db.scalars(select(Meeting.status).where(Meeting.kind == pairing.days[0].session.kind)).all() == \
        [MeetingStatus.SCHEDULED]


def test_a_facilitator_leaving_a_pole_still_animated_tells_nothing_more(app, db, scene, make_user):
    _planned(scene)
    make_user(Role.FACILITATOR, pole=scene.pole)
    delete_account(db, user=scene.facilitator)
    db.expire_all()
    subjects = [m.subject for m in db.scalars(select(OutboxMessage))]
    assert not [s for s in subjects if LEFT_ALONE in s]
    assert [s for s in subjects if "ne participera plus" in s]  # the backbone's mail, as before


def _page_after_departure(db, scene, client, login, reader) -> str:
    pairing = _planned(scene)
    reader = reader(scene)
    delete_account(db, user=scene.facilitator)
    login(reader)
    return page_text(client.get(f"/transferts/{pairing.id}")).replace("\u00a0", " ")


def test_the_transfer_page_tells_the_resource_person_to_ask_the_pole(app, db, scene, client, login):
    words = _page_after_departure(db, scene, client, login, lambda scene: scene.finance.user)
    assert "Aucun compte d'animation n'est plus rattaché au Pôle des Coteaux sur Entrepairs" in words
    assert "La journée prévue reste planifiée, le pôle peut encore y venir." in words
    assert "Avant la prochaine journée, contactez le pôle directement pour savoir s'il vient." in words


def test_the_transfer_page_tells_the_organisers_a_facilitator_can_be_attached(app, db, scene, client, login):
    words = _page_after_departure(db, scene, client, login, lambda scene: scene.organiser)
    assert "Aucun compte d'animation n'est plus rattaché au Pôle des Coteaux sur Entrepairs" in words
    assert "L'administration peut rattacher un nouveau compte d'animation au pôle." in words


def test_an_agreed_transfer_without_days_says_none_is_planned(app, db, scene):
    from app.transfers.states import RESOURCE
    from app.transfers.unattended import page_notice

    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    assert page_notice(pairing, {RESOURCE}) is None  # the pole still has its facilitator
    scene.facilitator.is_active = False
    db.commit()
    said = page_notice(pairing, {RESOURCE}).replace("\u00a0", " ")
    assert "Aucune journée n'est prévue pour l'instant. Avant de planifier une journée, contactez le pôle" in said
