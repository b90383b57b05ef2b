"""A replay link given after the thanks: the people noted present hear of it once (mail and bell), not those absent,
and not again when the link is only corrected."""

from __future__ import annotations

from datetime import timedelta

from app.agenda import services
from models import CollectiveSession, Notification, OutboxMessage, Role, utcnow
from tests.app.agenda.held import set_slots_at


def _replays(db) -> dict[int | None, OutboxMessage]:
    return {m.recipient_id: m for m in db.query(OutboxMessage).filter(OutboxMessage.key.endswith(":replay"))}


def test_a_replay_added_after_the_thanks_reaches_those_who_came_once(db, publish, organiser, make_user, make_pole):
    session = publish()
    came, absent = (make_user(Role.FACILITATOR, name=name, pole=make_pole(f"Pôle de {name}"))
                    for name in ("Anne Venue", "Bruno Absent"))
    registrations = [services.register(session_id=session.id, user=person) for person in (came, absent)]
    set_slots_at(db, session, utcnow() - timedelta(days=2))
    services.record_attendance(session=session, organiser=organiser, attended_ids={registrations[0].id})
    thanks = db.query(OutboxMessage).filter(OutboxMessage.key.endswith(":thanks")).one()
    assert "replay" not in thanks.body  # no link yet when she was thanked

    assert services.set_materials(session=db.get(CollectiveSession, session.id), organiser=organiser,
                                  url="https://replay.example.org/session-1") == 1
    mails = _replays(db)
    assert list(mails) == [came.id]  # absent people were not thanked: nor are they told
    assert "https://replay.example.org/session-1" in mails[came.id].body
    assert mails[came.id].subject == f"Replay et supports de «\u00a0{session.title}\u00a0»"
    [notice] = db.query(Notification).filter(Notification.user_id == came.id).all()
    assert notice.url == f"/agenda/{session.id}" and "sont en ligne" in notice.text

    # The link corrected, then taken away and given again: nobody is told twice.
    for url in ("https://replay.example.org/session-1-corrige", None, "https://replay.example.org/autre"):
        services.set_materials(session=db.get(CollectiveSession, session.id), organiser=organiser, url=url)
    assert list(_replays(db)) == [came.id]
    assert db.query(Notification).filter(Notification.user_id == came.id).count() == 1


def test_a_link_given_before_the_thanks_is_in_the_thanks_alone(db, publish, organiser, make_user, make_pole):
    session = publish()
    person = make_user(Role.FACILITATOR, name="Anne Venue", pole=make_pole("Pôle d'Anne"))
    registration = services.register(session_id=session.id, user=person)
    set_slots_at(db, session, utcnow() - timedelta(days=2))
    services.set_materials(session=db.get(CollectiveSession, session.id), organiser=organiser,
                           url="https://replay.example.org/session-2")
    services.record_attendance(session=session, organiser=organiser, attended_ids={registration.id})
    thanks = db.query(OutboxMessage).filter(OutboxMessage.key.endswith(":thanks")).one()
    assert "le replay et les supports" in thanks.body and _replays(db) == {}


def test_the_organiser_reads_how_many_were_told(client, db, login, publish, organiser, make_user, make_pole):
    from tests.app.edit_forms import open_form
    from tests.app.html_parts import page_text

    session = publish()
    people = [make_user(Role.FACILITATOR, name=name, pole=make_pole(f"Pôle de {name}"))
              for name in ("Anne Venue", "Bruno Venu")]
    registrations = [services.register(session_id=session.id, user=person) for person in people]
    set_slots_at(db, session, utcnow() - timedelta(days=2))
    services.record_attendance(session=session, organiser=organiser, attended_ids={r.id for r in registrations})
    login(organiser)
    data = open_form(client, f"/agenda/{session.id}")
    data["materials_url"] = ["https://replay.example.org/session-3"]
    page = client.post(f"/organisation/agenda/{session.id}/supports", data=data, follow_redirects=True)
    assert "Le lien des supports est enregistré. 2 personnes venues en sont prévenues." in page_text(page)
