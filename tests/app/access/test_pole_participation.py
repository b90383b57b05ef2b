"""What a pole took part in is named data of its region (``policy.may_see_pole_participation``): the collective
sessions its people attended are listed on its page to its facilitators and to the organisers who see its region
(its CRA, the national organisers), as the visits it was invited to are — not to anyone signed in. And a resource
person opens an unlisted pole's page when she serves it (``policy.transfer_serves_pole``): a transfer the pole asked
for, or one she accepted — not a proposal a batch run made, which the pole never chose."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.access import policy
from models import (
    BatchRun, CollectiveKind, CollectiveRegistration, CollectiveSession, Meeting, MeetingKind, Need, Pairing,
    PairingStatus, RegistrationStatus, Role, utcnow,
)
from tests.app.security.routes import log_in

pytestmark = pytest.mark.web

SEEN = "Sessions collectives suivies"


def test_who_reads_what_a_pole_took_part_in(make_user, make_pole):
    pole, other = make_pole(region_code="53"), make_pole(region_code="84")
    facts = dict(pole_id=pole.id, region_code="53")
    readers = [make_user(Role.FACILITATOR, pole=pole), make_user(Role.ORGANISER, region_code="53"),
               make_user(Role.ORGANISER), make_user(Role.ADMIN)]
    others = [None, make_user(Role.FACILITATOR, pole=other), make_user(Role.ORGANISER, region_code="84"),
              make_user(Role.RESOURCE_PERSON), make_user(Role.LAWYER)]
    assert all(policy.may_see_pole_participation(user, **facts) for user in readers)
    assert not any(policy.may_see_pole_participation(user, **facts) for user in others)


def test_the_sessions_a_pole_attended_are_read_in_its_region_only(app, db, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux", region_code="53")  # listed: its page is public
    person = make_user(Role.FACILITATOR, pole=pole)
    start = utcnow() - timedelta(days=10)
    session = CollectiveSession(kind=CollectiveKind.WEBINAR, title="Webinaire sur la gouvernance", capacity=20)
    session.slots.append(Meeting(kind=MeetingKind.COLLECTIVE, title=session.title, starts_at=start,
                                 ends_at=start + timedelta(hours=1)))
    session.registrations.append(CollectiveRegistration(user=person, pole_id=pole.id, attended=True,
                                                        status=RegistrationStatus.REGISTERED))
    db.add(session)
    db.commit()
    readers = [person, make_user(Role.ORGANISER, region_code="53"), make_user(Role.ORGANISER)]
    others = [make_user(Role.FACILITATOR, pole=make_pole(region_code="84")),
              make_user(Role.ORGANISER, region_code="84"), make_user(Role.RESOURCE_PERSON), make_user(Role.LAWYER)]
    for viewer in readers + others:
        client = app.test_client()
        log_in(client, viewer)
        page = client.get(f"/poles/{pole.id}")
        assert page.status_code == 200
        shown = SEEN in page.get_data(as_text=True)
        assert shown is (viewer in readers), viewer.role


@pytest.fixture
def unlisted_need(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle discret", region_code="84", public=False)
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Besoin confidentiel", text="x" * 40)
    db.add(need)
    db.commit()
    return need, facilitator, make_resource_person(region_code="53")


def _opens(app, user, need) -> tuple[int, int]:
    client = app.test_client()
    log_in(client, user)
    return client.get(f"/poles/{need.pole_id}").status_code, client.get(f"/besoins/{need.id}").status_code


def test_a_batch_proposal_does_not_open_an_unlisted_pole_until_she_accepts(app, db, make_user, unlisted_need):
    need, _, person = unlisted_need
    run = BatchRun(organiser_id=make_user(Role.ORGANISER).id)
    db.add(run)
    db.flush()
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.PROPOSED, batch_run_id=run.id)
    db.add(pairing)
    db.commit()
    assert _opens(app, person.user, need) == (404, 404)
    client = app.test_client()
    log_in(client, person.user)
    transfer = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)  # she answers from there
    assert "Pôle discret" in transfer and "x" * 40 in transfer
    assert f'href="/poles/{need.pole_id}"' not in transfer and f'href="/besoins/{need.id}"' not in transfer
    pairing.status = PairingStatus.ACCEPTED
    db.commit()
    assert _opens(app, person.user, need) == (200, 200)


def test_a_transfer_the_pole_asked_for_opens_its_page(app, db, unlisted_need):
    need, facilitator, person = unlisted_need
    db.add(Pairing(need=need, resource_person=person, status=PairingStatus.VALIDATED, requested_by_id=facilitator.id))
    db.commit()
    assert _opens(app, person.user, need) == (200, 200)


def test_which_transfers_serve_a_pole():
    assert policy.transfer_serves_pole(asked_by_pole=True, accepted=False)
    assert policy.transfer_serves_pole(asked_by_pole=False, accepted=True)
    assert not policy.transfer_serves_pole(asked_by_pole=False, accepted=False)
