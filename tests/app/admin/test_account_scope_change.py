"""An administrator moves a CRA member to another region, out of the CRA, or out of the organisers: what the person's
bell, daily digest and mails waiting to leave held about the region they followed goes with it (it named that region's
poles); the account's own mails (a password link) stay. A move to every region (national organiser) drops nothing."""

from __future__ import annotations

import pytest

from app.admin.accounts import change_account
from app.notifications.inbox import notice_beside_mail, notify, send_digests
from app.notifications.outbox import enqueue
from models import (
    Notification, NotificationPreferences, Organisation, OrganisationKind, OutboxMessage, Role, User, utcnow,
)
from models.notification import DIGEST
from tests.app.html_parts import page_text


@pytest.fixture
def cra_occitanie(db) -> Organisation:
    organisation = Organisation(kind=OrganisationKind.CRA, name="CRA Occitanie", region_code="76")
    db.add(organisation)
    db.commit()
    return organisation


@pytest.fixture
def member(db, make_user, cra_occitanie) -> User:
    """A CRA Occitanie member who reads transfer messages in the daily digest, with one waiting for tomorrow's, a
    notice mailed at once whose mail has not left yet, and a password link on its way."""
    user = make_user(Role.ORGANISER, region_code="76")
    user.organisation = cra_occitanie
    db.add(NotificationPreferences(user_id=user.id, messages=DIGEST, reminders="immediate", seats="immediate",
                                   share_contact=True, phone=""))
    db.commit()
    notify(user=user, category="message", text="Nouveau message du Pôle des Cévennes", url="/transferts/1",
           key="transfer:1:message:1", subject="Message", template="unused: the digest carries it")
    notice_beside_mail(user=user, category="seat", text="Une place pour le Pôle des Cévennes", url="/agenda/1")
    enqueue(db, key="agenda:seat:1", to=user, subject="Une place", body="Une place pour le Pôle des Cévennes.")
    enqueue(db, key=f"auth:reset:user:{user.id}:1", to=user, subject="Mot de passe", body="Votre lien.")
    db.commit()
    return user


def _unsent(db, user: User) -> list[str]:
    return sorted(m.key for m in db.query(OutboxMessage).filter_by(recipient_id=user.id, sent_at=None, cancelled_at=None))


@pytest.mark.parametrize("change", ["another CRA", "out of the CRA"])
def test_a_member_moved_keeps_nothing_of_the_region_left(db, admin, cra_bretagne, member, change):
    assert db.query(Notification).filter_by(user_id=member.id).count() == 2
    if change == "another CRA":
        change_account(admin=admin, user=member, role=Role.ORGANISER, organisation_id=cra_bretagne.id)
    else:
        change_account(admin=admin, user=member, role=Role.FACILITATOR, organisation_id=None)
    db.refresh(member)
    assert db.query(Notification).filter_by(user_id=member.id).count() == 0
    assert member.unread_notifications == 0
    assert _unsent(db, member) == [f"auth:reset:user:{member.id}:1"]  # its own password link still leaves
    assert send_digests(now=utcnow()) == 0  # tomorrow's digest names nothing of Occitanie


def test_a_member_made_national_or_renamed_keeps_its_notices(db, admin, avise, member, cra_occitanie):
    change_account(admin=admin, user=member, role=Role.ORGANISER, organisation_id=cra_occitanie.id)  # nothing changes
    assert db.query(Notification).filter_by(user_id=member.id).count() == 2
    change_account(admin=admin, user=member, role=Role.ORGANISER, organisation_id=avise.id)  # every region now
    assert db.query(Notification).filter_by(user_id=member.id).count() == 2
    assert len(_unsent(db, member)) == 2


def test_a_member_moved_to_another_cra_opens_no_bookmarked_page_of_the_region_left(db, client, login, admin,
                                                                                  cra_bretagne, member):
    """Its session stays open, its bookmarks too: each page reads the account's region of now (the region asked in a
    saved address is refused with the reason), nothing of Occitanie is kept for it."""
    login(member)
    assert client.get("/organisation/bilan.csv?region=76&annee=2026").status_code == 200
    change_account(admin=admin, user=member, role=Role.ORGANISER, organisation_id=cra_bretagne.id)
    for path in ("/organisation/bilan.csv?region=76&annee=2026", "/organisation/suivi/appariements.csv?region=76",
                 "/organisation/bilan?region=76"):
        response = client.get(path)
        assert response.status_code == 403, path
    assert "vous suivez la région Bretagne" in client.get("/organisation/bilan?region=76").get_data(as_text=True)


def test_the_administrator_is_told_what_went_with_the_region_left(db, client, login, csrf, admin, cra_bretagne, member):
    login(admin)
    url = f"/admin/comptes/{member.id}"
    response = client.post(url, data={"csrf_token": csrf(url), "role": "organiser",
                                      "organisation": str(cra_bretagne.id), "region": ""}, follow_redirects=True)
    text = " ".join(page_text(response).split()).replace("\u00a0", " ")
    assert ("est mis à jour. La personne ne suit plus la même région : sa cloche est vidée (2 notifications) "
            "et 1 e-mail pas encore parti ne partira pas.") in text
