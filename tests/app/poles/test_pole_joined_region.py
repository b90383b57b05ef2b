"""A pole moved into another region: the CRA it joins is told (bell and mail) what waits for it there — a request to
validate that the CRA it left was told of, the open needs, the transfers in flight; the CRA it left hears nothing more,
and later mails (the reminder of that request) go to the new one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.poles.services import update_pole
from app.transfers.reminders import _waiting_for
from models import Need, NeedKind, Notification, OutboxMessage, Pairing, PairingStatus, Role, utcnow

pytestmark = pytest.mark.web


@pytest.fixture
def pole_with_a_request(db, make_pole, make_user, make_resource_person):
    pole = make_pole("Pôle des Cévennes", region_code="76")
    author = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=author, title="Mutualiser un poste", text="Un besoin.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.add(Pairing(need=need, resource_person=make_resource_person(), status=PairingStatus.REQUESTED,
                   requested_by_id=author.id, created_at=utcnow() - timedelta(days=3)))
    db.commit()
    return pole


def test_the_cra_joined_is_told_what_waits_and_the_cra_left_hears_nothing(db, make_user, pole_with_a_request):
    left, joined = make_user(Role.ORGANISER, region_code="76"), make_user(Role.ORGANISER, region_code="84")
    mover = make_user(Role.ORGANISER, region_code="84")  # a member of the CRA joined who moved it: not told
    data = {"name": pole_with_a_request.name, "region_code": "84", "maturity": "emergent", "departements": ["07"],
            "themes": []}
    assert pole_with_a_request.region.name == "Occitanie"  # loaded before the move, as the form page does
    update_pole(pole_with_a_request, data=data, by=mover)
    mails = {m.recipient_id: m for m in db.query(OutboxMessage)}
    assert set(mails) == {joined.id}
    body = " ".join(mails[joined.id].body.split()).replace("\u00a0", " ")
    assert ("Le pôle « Pôle des Cévennes » relève désormais de la région Auvergne-Rhône-Alpes (il était rattaché à "
            "la région Occitanie)") in body
    assert "- 1 demande de transfert à valider - 1 besoin ouvert" in body
    assert "reste compté dans le bilan de la région Occitanie" in body
    notice = db.query(Notification).filter_by(user_id=joined.id).one()
    assert notice.text.replace("\u00a0", " ") == ("Le pôle « Pôle des Cévennes » rejoint votre région : "
                                                  "1 demande de transfert à valider, 1 besoin ouvert")
    assert notice.url == f"/poles/{pole_with_a_request.id}"
    assert db.query(Notification).filter_by(user_id=left.id).count() == 0
    # The reminders of the request go to the CRA the pole is in now.
    pairing = db.query(Pairing).one()
    told = {u.id for u in _waiting_for(pairing)}
    assert joined.id in told and left.id not in told


def test_the_cra_left_keeps_no_notice_about_the_pole_under_its_bell(db, make_user, make_pole, pole_with_a_request):
    """Its notices about the pole (a request to validate, a message of one of its transfers) are withdrawn: they name
    a pole of another region, their links lead to pages it may no longer open, and tomorrow's digest would carry them.
    Its notices about other poles stay, as do the national organisers'."""
    from app.notifications.inbox import notify, send_digests
    from models import NotificationPreferences
    from models.notification import DIGEST

    left, national = make_user(Role.ORGANISER, region_code="76"), make_user(Role.ORGANISER)
    for user in (left, national):  # both read messages in the daily digest
        db.add(NotificationPreferences(user_id=user.id, messages=DIGEST, reminders="immediate", seats="immediate",
                                       share_contact=True, phone=""))
    other = make_pole("Pôle du Couserans", region_code="76")
    pairing = db.query(Pairing).one()
    for user in (left, national):
        for url in (f"/transferts/{pairing.id}#conversation", f"/poles/{pole_with_a_request.id}",
                    f"/poles/{other.id}", f"/transferts/{pairing.id}9"):  # the last two: not about the pole moved
            notify(user=user, category="message", text=f"Au sujet de {url}", url=url, key=f"{user.id}:{url}",
                   subject="Message", template="unused: the digest carries it")
    db.commit()
    data = {"name": pole_with_a_request.name, "region_code": "84", "maturity": "emergent", "departements": ["07"],
            "themes": []}
    update_pole(pole_with_a_request, data=data, by=make_user(Role.ADMIN))
    db.expire_all()
    assert sorted(n.url for n in db.query(Notification).filter_by(user_id=left.id)) == [
        f"/poles/{other.id}", f"/transferts/{pairing.id}9"]
    assert left.unread_notifications == 2
    assert db.query(Notification).filter_by(user_id=national.id).count() == 4
    send_digests(now=utcnow())
    digest = db.query(OutboxMessage).filter(OutboxMessage.key.startswith(f"digest:{left.id}:")).one()
    assert f"/poles/{pole_with_a_request.id}\n" not in digest.body and f"/transferts/{pairing.id}#" not in digest.body
