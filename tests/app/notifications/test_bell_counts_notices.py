"""The bell counts the unread notices (``User.unread_notifications``), in the statement that loads the signed-in user:
ringing someone writes no account row (bookings and deactivations lock that row first), and no counter drifts from
the notices."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.notifications import inbox
from app.notifications.retention import purge_old_notices
from models import Notification, Role, User, utcnow
from tests.sql_statements import statements


def _badge(client) -> str | None:
    page = client.get("/mon-espace").get_data(as_text=True)
    start = page.find('<span class="badge badge-count">')
    return None if start < 0 else page[start:page.find("<span class=\"visually-hidden\">", start)].rsplit(">", 1)[1]


def test_ringing_someone_inserts_a_notice_and_writes_no_account_row(app, db, make_user):
    user = make_user(Role.FACILITATOR)
    with app.test_request_context(), statements() as sent:
        inbox.notice_beside_mail(user=user, category="seat", text="Une place s'est libérée", url="/agenda/1")
        inbox.notice_beside_mail(user=user, category="booking", text="Rendez-vous annulé", url="/juri-ptce")
        db.commit()
    writes = [s for s in sent if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert not [s for s in writes if "users" in s.split("(")[0].lower()], writes
    db.expire_all()
    assert db.get(User, user.id).unread_notifications == 2


def test_the_page_reads_the_bell_with_the_user_and_a_visit_to_the_notices_clears_it(client, login, db, make_user):
    user = make_user(Role.FACILITATOR)
    db.add_all(Notification(user_id=user.id, category="step", text=f"Étape {n}", url="/mon-espace") for n in range(3))
    db.commit()
    login(user)
    client.get("/mon-espace")
    with statements() as sent:
        assert _badge(client) == "3"
    counting = [s for s in sent if "notifications.read_at IS NULL" in s]
    assert len(counting) == 1 and "FROM users" in counting[0], counting  # the user's own statement: no round trip
    listed = client.get("/notifications").get_data(as_text=True)
    assert "Étape 2" in listed and "badge-count" not in listed  # the list just read shows the bell cleared
    assert _badge(client) is None


def test_old_unread_notices_purged_leave_the_bell(app, client, login, db, make_user):
    """The purge deletes unread notices after twice the retention: the bell stops counting them (a stored counter
    kept saying « 3 non lues » over a list of one)."""
    user = make_user(Role.FACILITATOR)
    with app.test_request_context():
        rung = [inbox.notice_beside_mail(user=user, category="seat", text=f"Place {n}", url="/agenda/1").id
                for n in range(3)]
        db.commit()
    db.execute(update(Notification).where(Notification.id.in_(rung[:2]))
               .values(created_at=utcnow() - timedelta(days=400)))
    db.commit()
    login(user)
    assert _badge(client) == "3"
    assert purge_old_notices(days=90) == 2
    assert _badge(client) == "1"


def test_past_99_the_bell_shows_99_plus_and_says_the_exact_count(client, login, db, make_user):
    """A badge of four digits pushed the menu's words on a phone: « 99+ » is seen, the count is heard."""
    user = make_user(Role.FACILITATOR)
    db.add_all(Notification(user_id=user.id, category="step", text=f"Étape {n}", url="/mon-espace")
               for n in range(1_234))
    db.commit()
    login(user)
    page = client.get("/mon-espace").get_data(as_text=True)
    assert ('Notifications <span class="badge badge-count" data-count="1234"><span aria-hidden="true">99+</span>'
            '<span class="visually-hidden">1\u202f234 non lues</span></span>') in page
