"""A person's registrations are in their data export; deleting the account frees their upcoming seat."""

from __future__ import annotations

from sqlalchemy import select

from app.agenda import services
from app.privacy.services import delete_account, export_user_data
from models import CollectiveRegistration, OutboxMessage, RegistrationStatus, Role


def test_registrations_are_exported(db, publish, facilitator):
    session = publish(title="Webinaire exporté")
    services.register(session_id=session.id, user=facilitator)
    exported = export_user_data(db, user=facilitator)["inscriptions_aux_sessions"]
    assert [(row["session"], row["statut"]) for row in exported] == [("Webinaire exporté", "Inscrit·e")]


def test_deleting_an_account_frees_its_seat_for_the_first_waiting(db, publish, make_user, make_pole):
    session = publish(capacity=1)
    leaver = make_user(Role.FACILITATOR, pole=make_pole())
    waiting = make_user(Role.FACILITATOR, pole=make_pole())
    services.register(session_id=session.id, user=leaver)
    services.register(session_id=session.id, user=waiting)
    delete_account(db, user=leaver)
    # The registration loses its person in the database (ON DELETE SET NULL), which the session's copies do not
    # know of: read the rows afresh (whether they were still in the session depended on the tests run before).
    db.expire_all()
    rows = db.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id)).all()
    assert {(r.user_id, r.status) for r in rows} == {(None, RegistrationStatus.CANCELLED),
                                                    (waiting.id, RegistrationStatus.REGISTERED)}
    assert db.scalar(select(OutboxMessage.id).where(OutboxMessage.key.endswith(":promoted"),
                                                    OutboxMessage.recipient_id == waiting.id)) is not None
    # The seat moved on the scheduling backbone too: the promoted person is now the slot's participant.
    db.expire_all()
    assert [{p.user_id for p in slot.participants} for slot in session.slots] == [{waiting.id}] * len(session.slots)


def test_an_organisers_departure_leaves_their_sessions_and_registrations_in_place(db, client, login, publish,
                                                                                organiser, facilitator):
    session = publish(title="Webinaire qui reste")
    services.register(session_id=session.id, user=facilitator)
    session_id = session.id
    delete_account(db, user=organiser)
    db.expire_all()
    kept = db.get(type(session), session_id)
    assert kept is not None and kept.cancelled_at is None and kept.organiser_id is None
    assert [r.status for r in kept.registrations] == [RegistrationStatus.REGISTERED]
    login(facilitator)
    page = client.get(f"/agenda/{session_id}")
    assert page.status_code == 200 and "Webinaire qui reste" in page.get_data(as_text=True)
