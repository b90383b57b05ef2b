"""« Modifier la session »: an organiser corrects a published session; registrants hear only of what their
calendar says (title, place), seats added serve the waitlist in order, seats taken are never taken back."""

from __future__ import annotations

import dataclasses
import html
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.agenda import edits, services
from app.agenda.services import AgendaRefused
from app.edit_stamps import EditConflict, opened_token
from models import (
    Audience, CollectiveRegistration, CollectiveSession, Meeting, Notification, OutboxMessage, RegistrationStatus, Role,
)
from tests.app.edit_forms import open_form, renewed, signed_in
from tests.app.html_parts import page_html
from tests.app.agenda.slot_helpers import mails_of


def _changes(session: CollectiveSession, **changed: object) -> edits.SessionChanges:
    """The session as stored, with ``changed`` fields."""
    stored = edits.SessionChanges(
        title=session.title, description=session.description, speakers=session.speakers,
        theme_codes=[theme.code for theme in session.themes], online=session.online, video_url=session.video_url,
        place=session.place, departement_code=session.departement_code, capacity=session.capacity,
        registration_deadline=session.registration_deadline)
    return dataclasses.replace(stored, **changed)


def _people(make_user, make_pole, n: int) -> list:
    return [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(n)]


def test_saving_the_session_unchanged_sends_nothing(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    sequence, outbox = session.slots[0].ical_sequence, len(db.scalars(select(OutboxMessage)).all())
    notices = len(db.scalars(select(Notification)).all())

    edited = edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(session))

    assert edited == edits.Edited(saved=False)
    assert len(db.scalars(select(OutboxMessage)).all()) == outbox
    assert len(db.scalars(select(Notification)).all()) == notices
    assert db.get(Meeting, session.slots[0].id).ical_sequence == sequence


def test_a_correction_registrants_cannot_see_in_their_calendar_is_saved_without_a_mail(
        db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    edited = edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(
        session, description="Avec France Active et l'Avise.", video_url="https://visio.example.org/autre"))
    assert edited == edits.Edited(saved=True, told=0)
    assert mails_of(db, "changed") == {}
    db.expire_all()
    assert db.get(CollectiveSession, session.id).description == "Avec France Active et l'Avise."


def test_a_new_place_mails_registrants_the_calendar_entry_with_a_higher_sequence(
        db, publish, organiser, make_user, make_pole):
    session = publish(online=False, video_url=None, place="Maison des associations, Lyon", capacity=1)
    seated, waiting = _people(make_user, make_pole, 2)
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    slot = session.slots[0]
    uid, sequence = slot.ical_uid, slot.ical_sequence

    edited = edits.edit_session(session_id=session.id, organiser=organiser,
                                changes=_changes(session, place="Hôtel de région, salle 4, Lyon"))

    assert edited == edits.Edited(saved=True, told=2)
    moved = db.get(Meeting, slot.id)
    assert moved.location == "Hôtel de région, salle 4, Lyon" and moved.ical_sequence == sequence + 1
    mails = mails_of(db, "changed")
    assert set(mails) == {seated.id, waiting.id}
    assert mails[seated.id].subject == f"Session modifiée\u00a0: «\u00a0{session.title}\u00a0»"
    assert "Nouveau lieu : Hôtel de région, salle 4, Lyon" in mails[seated.id].body.replace("\u00a0", " ")
    event = next(iter(Calendar.from_ical(mails[seated.id].attachment_data).walk("VEVENT")))
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, sequence + 1)
    assert str(event["LOCATION"]) == "Hôtel de région, salle 4, Lyon"
    assert mails[waiting.id].attachment_data is None and "liste d'attente" in mails[waiting.id].body
    notice = db.scalars(select(Notification).where(Notification.user_id == seated.id)
                        .order_by(Notification.id.desc())).first()
    assert notice.text == f"Session modifiée\u00a0: «\u00a0{session.title}\u00a0»"


def test_a_new_title_renames_every_slot_and_says_the_old_one(db, publish, organiser, facilitator):
    start = services.SlotTimes
    first = publish().slots[0]
    session = publish(slots=[start(first.starts_at, first.ends_at),
                             start(first.starts_at + timedelta(days=7), first.ends_at + timedelta(days=7))])
    services.register(session_id=session.id, user=facilitator)
    old = session.title
    edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(session, title="Les PTCE et FSE+"))
    assert [db.get(Meeting, s.id).title for s in session.slots] == ["Les PTCE et FSE+ (créneau 1)",
                                                                   "Les PTCE et FSE+ (créneau 2)"]
    body = mails_of(db, "changed")[facilitator.id].body.replace("\u00a0", " ")
    assert f"La session « {old} » change de titre : elle s'appelle désormais « Les PTCE et FSE+ »." in body


def test_more_seats_promote_the_waitlist_in_order(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1)
    seated, first, second, third = _people(make_user, make_pole, 4)
    for person in (seated, first, second, third):
        services.register(session_id=session.id, user=person)

    edited = edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(session, capacity=3))

    assert edited == edits.Edited(saved=True, told=0, promoted=2)
    status = {r.user_id: r.status for r in db.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id))}
    assert status == {seated.id: RegistrationStatus.REGISTERED, first.id: RegistrationStatus.REGISTERED,
                      second.id: RegistrationStatus.REGISTERED, third.id: RegistrationStatus.WAITLISTED}
    assert set(mails_of(db, "promoted")) == {first.id, second.id}
    # Nobody left: the places were added, so the mail does not say one « s'est libérée ».
    mail = mails_of(db, "promoted")[first.id]
    assert "libérée" not in mail.subject + mail.body and "Une place est disponible pour vous" in mail.subject
    assert {p.user_id for p in db.get(Meeting, session.slots[0].id).participants} == {seated.id, first.id, second.id}


def test_fewer_seats_than_people_registered_is_refused_and_nobody_leaves(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=5)
    people = _people(make_user, make_pole, 3)
    for person in people:
        services.register(session_id=session.id, user=person)
    with pytest.raises(AgendaRefused) as refused:
        edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(session, capacity=2))
    assert refused.value.problems[0].field == "capacity"
    assert refused.value.message.startswith("3\u00a0personnes sont déjà inscrites\u00a0: indiquez au moins 3\u00a0places.")
    db.expire_all()
    assert db.get(CollectiveSession, session.id).capacity == 5
    assert services.registered_count(session.id) == 3


def test_a_deadline_after_the_first_slot_is_refused(db, publish, organiser):
    session = publish()
    with pytest.raises(AgendaRefused, match="La date limite d'inscription doit précéder le premier créneau."):
        edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(
            session, registration_deadline=session.starts_at + timedelta(hours=1)))


def test_a_second_edit_from_a_form_opened_before_the_first_save_is_refused(db, publish, organiser, make_user):
    session = publish()
    other = make_user(Role.ORGANISER, name="Avise")
    opened = opened_token(edits.SESSION_EDIT, session)
    edits.edit_session(session_id=session.id, organiser=other, changes=_changes(session, capacity=40), opened=opened)
    db.expire_all()
    stale = _changes(db.get(CollectiveSession, session.id), capacity=20)
    with pytest.raises(EditConflict) as conflict:
        edits.edit_session(session_id=session.id, organiser=organiser, changes=stale, opened=opened)
    assert conflict.value.headline.startswith("La session a été modifiée par Avise")
    db.expire_all()
    assert db.get(CollectiveSession, session.id).capacity == 40


def test_a_cra_of_another_region_may_not_edit(client, login, db, publish, make_user):
    occitanie = make_user(Role.ORGANISER, region_code="76", name="CRA Occitanie")
    session = publish(by=occitanie, audience=Audience.REGION, audience_region_code="76")
    aura = make_user(Role.ORGANISER, region_code="84", name="CRA AURA")
    with pytest.raises(AgendaRefused, match="Seule l'équipe qui organise"):
        edits.edit_session(session_id=session.id, organiser=aura, changes=_changes(session, title="Autre titre"))
    login(aura)
    assert client.get(f"/organisation/agenda/{session.id}/modifier").status_code == 403
    assert "Modifier la session" not in page_html(client.get(f"/agenda/{session.id}"))


@pytest.mark.web
def test_the_organiser_edits_the_session_from_its_page(client, login, db, publish, organiser, facilitator):
    session = publish(online=False, video_url=None, place="Lyon")
    services.register(session_id=session.id, user=facilitator)
    login(organiser)
    page = html.unescape(page_html(client.get(f"/agenda/{session.id}")))
    url = f"/organisation/agenda/{session.id}/modifier"
    assert f'href="{url}">Modifier la session<' in page
    form = open_form(client, url)
    assert form["place"] == ["Lyon"] and form["capacity"] == ["30"] and form["online"] == ["0"]

    form["place"], form["capacity"] = ["Grenoble"], ["0"]
    refused = client.post(url, data=form)
    assert refused.status_code == 200 and "De 1 à 5\u00a0000 places." in html.unescape(page_html(refused))

    form["capacity"] = ["30"]
    assert client.post(url, data=form).status_code == 302
    shown = html.unescape(page_html(client.get(f"/agenda/{session.id}"))).replace("\u00a0", " ")
    assert "La session est modifiée ; 1 personne inscrite ou en attente est prévenue par e-mail." in shown
    assert set(mails_of(db, "changed")) == {facilitator.id}


@pytest.mark.web
def test_two_organisers_editing_at_once_keep_the_first_save(app, client, login, db, publish, organiser, make_user):
    cra = make_user(Role.ORGANISER, region_code="84", name="Claire Cra")
    session = publish(by=cra)
    login(organiser)
    other = signed_in(app, cra)
    url = f"/organisation/agenda/{session.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    theirs["title"] = ["Les fonds européens pour les PTCE"]
    assert other.post(url, data=theirs).status_code == 302

    mine["capacity"] = ["45"]
    response = client.post(url, data=mine)
    page = html.unescape(page_html(response))
    assert response.status_code == 200
    assert "Modification concurrente" in page and "La session a été modifiée par Claire Cra le " in page
    assert "<dt>Titre</dt>" in page and "<dd>Les fonds européens pour les PTCE</dd>" in page
    db.expire_all()
    assert db.get(CollectiveSession, session.id).capacity == 30

    mine["opened_on"] = [renewed(page)]  # sending again after reading the current version saves hers
    assert client.post(url, data=mine).status_code == 302
    db.expire_all()
    stored = db.get(CollectiveSession, session.id)
    assert (stored.capacity, stored.title) == (45, "Modèles socio-économiques des PTCE")  # her form kept her title
