"""« Message aux inscrit·es »: the organisers' short word travels with a cancellation and with a new time, in the
mails, and under the bell when the notice stays short (before, no reason travelled)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda import cancellation, services, slot_times
from app.agenda.services import AgendaRefused
from models import CollectiveSession, Notification, OutboxMessage, Role

WORD = "Notre intervenante est souffrante ; nous vous proposerons une nouvelle date."


def _mail(db, user, event: str) -> OutboxMessage:
    return db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == user.id,
                                                 OutboxMessage.key.contains(f":{event}")))


def _last_notice(db, user) -> Notification:
    return db.scalars(select(Notification).where(Notification.user_id == user.id)
                      .order_by(Notification.id.desc())).first()


def test_the_message_travels_with_the_cancellation(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)

    cancellation.cancel(session=session, organiser=organiser, message=f"  {WORD}\n")

    for person, event in ((seated, "cancelled"), (waiting, "cancelled_waitlisted")):
        body = _mail(db, person, event).body.replace("\u00a0", " ")
        assert f"Le mot de l'équipe qui organise la session :\n« {WORD} »" in body
        assert _last_notice(db, person).text.endswith(f" — «\u00a0{WORD}\u00a0»")


def test_the_message_travels_with_a_new_time_and_a_long_one_stays_out_of_the_bell(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = session.slots[0]
    later = slot.starts_at + timedelta(hours=2)
    long_word = "La salle change d'étage. " * 15  # 375 characters: the mail carries it, the bell only says the news
    slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                         starts_at=later, ends_at=later + timedelta(hours=1), message=long_word)
    assert long_word.strip() in _mail(db, facilitator, "moved").body
    assert _last_notice(db, facilitator).text.startswith(f"Nouvel horaire pour «\u00a0{session.title}\u00a0»\u00a0: ")
    assert "La salle" not in _last_notice(db, facilitator).text


def test_without_a_message_the_mails_say_no_word(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    cancellation.cancel(session=session, organiser=organiser)
    assert "Le mot de l'équipe" not in _mail(db, facilitator, "cancelled").body


def test_a_message_too_long_is_refused_and_nothing_is_cancelled_or_moved(db, publish, organiser):
    session = publish()
    slot = session.slots[0]
    later = slot.starts_at + timedelta(hours=2)
    with pytest.raises(AgendaRefused, match="400\u00a0caractères au plus") as refused:
        slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                             starts_at=later, ends_at=later + timedelta(hours=1), message="x" * 401)
    assert refused.value.problems[0].field == "message"
    with pytest.raises(AgendaRefused, match="Message aux inscrit·es"):
        cancellation.cancel(session=session, organiser=organiser, message="x" * 401)
    db.expire_all()
    assert db.get(CollectiveSession, session.id).cancelled_at is None


@pytest.mark.web
def test_the_session_page_cancels_with_a_message(client, login, csrf, db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    login(organiser)
    page = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))
    assert "<summary>Annuler la session</summary>" in page and 'name="message"' in page
    url = f"/organisation/agenda/{session.id}/annulation"
    too_long = client.post(url, data={"csrf_token": csrf(f"/agenda/{session.id}"), "message": "x" * 401},
                           follow_redirects=True)
    assert "400\u00a0caractères au plus" in html.unescape(too_long.get_data(as_text=True))
    db.expire_all()
    assert db.get(CollectiveSession, session.id).cancelled_at is None
    assert client.post(url, data={"csrf_token": csrf(f"/agenda/{session.id}"), "message": WORD}).status_code == 302
    assert WORD in _mail(db, facilitator, "cancelled").body


def test_a_message_with_the_same_time_still_leaves_on_its_own(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = session.slots[0]
    moved = slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                                 starts_at=slot.starts_at, ends_at=slot.ends_at, message=WORD)
    assert (moved.told, moved.written) == (None, 1)
    assert f"« {WORD} »" in _mail(db, facilitator, "message").body.replace("\u00a0", " ")
    assert _mail(db, facilitator, "moved") is None
    assert slot_times.moved_notice(moved) == (
        "L'horaire n'a pas changé ; votre message est envoyé par e-mail à 1\u00a0personne inscrite ou en attente.", "success")


def test_a_message_nobody_would_read_is_refused_and_the_slot_stays(db, publish, organiser):
    session = publish()
    slot = session.slots[0]
    start, later = slot.starts_at, slot.starts_at + timedelta(hours=2)
    with pytest.raises(AgendaRefused, match="Personne n'est inscrit ni en liste d'attente") as refused:
        slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                             starts_at=later, ends_at=later + timedelta(hours=1), message=WORD)
    assert refused.value.problems[0].field == "message"
    db.expire_all()
    assert db.get(CollectiveSession, session.id).slots[0].starts_at == start
