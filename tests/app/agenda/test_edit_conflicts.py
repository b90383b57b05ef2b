"""Two organisers of a collective session edit it at once: the second save does not silently overwrite the first.
(Its attendance sheet records each phone's own ticks instead of refusing the second: test_attendance_two_phones.)"""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.agenda import services
from models import CollectiveRegistration, CollectiveSession, Role, utcnow
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, open_form, renewed, signed_in

pytestmark = pytest.mark.web


@pytest.fixture
def cra(make_user):
    return make_user(Role.ORGANISER, region_code="84", name="Claire Cra")


def test_two_organisers_setting_the_materials_link_keep_the_first_save(app, client, login, organiser, cra, publish,
                                                                       db):
    session = publish(by=cra)  # a session of the CRA's region: the CRA and the national organisers run it
    login(organiser)
    other = signed_in(app, cra)
    url = f"/agenda/{session.id}"
    mine, theirs = open_form(client, url), open_form(other, url)
    post = f"/organisation/agenda/{session.id}/supports"

    theirs["materials_url"] = ["https://replay.example.org/cra"]
    assert other.post(post, data=theirs).status_code == 302

    mine["materials_url"] = ["https://supports.example.org/coorace"]
    response = client.post(post, data=mine)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200  # the session's page again, not a redirection that would lose her link
    assert "Le lien des supports a été modifié par Claire Cra le " in page
    assert NOT_SAVED in page
    assert "<dt>Lien du replay ou des supports</dt>" in page and "<dd>https://replay.example.org/cra</dd>" in page
    assert 'value="https://supports.example.org/coorace"' in page  # what she typed is kept in the form
    assert "Le lien des supports est enregistré." not in page
    assert duplicate_ids(page) == []
    db.expire_all()
    assert db.get(CollectiveSession, session.id).materials_url == "https://replay.example.org/cra"

    mine["opened_on"] = [renewed(page)]  # sending again after reading the current version saves hers
    assert client.post(post, data=mine).status_code == 302
    db.expire_all()
    assert db.get(CollectiveSession, session.id).materials_url == "https://supports.example.org/coorace"


def test_a_walk_in_added_meanwhile_blocks_no_one(app, client, login, organiser, cra, publish, make_user, make_pole,
                                                 db):
    session = publish(by=cra)
    anne = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts", region_code="84"), name="Anne Anim")
    anne_seat = services.register(session_id=session.id, user=anne)
    walk_in = make_pole("Pôle venu sans inscription", region_code="84")
    _move_to_past(db, session)
    login(organiser)
    other = signed_in(app, cra)
    url = f"/organisation/agenda/{session.id}/presences"
    mine, theirs = open_form(client, url, marker="shown_present"), open_form(other, url, marker="shown_present")
    theirs["walk_ins"] = [str(walk_in.id)]
    assert other.post(url, data=theirs).status_code == 302
    mine["present"] = [str(anne_seat.id)]
    assert client.post(url, data=mine).status_code == 302  # a save only adds walk-ins: nothing of hers is lost
    db.expire_all()
    stored = db.get(CollectiveSession, session.id)
    assert db.get(CollectiveRegistration, anne_seat.id).attended is True
    assert [r.pole_id for r in stored.registrations if r.walk_in] == [walk_in.id]


def _move_to_past(db, session: CollectiveSession) -> None:
    for slot in session.slots:
        length = slot.ends_at - slot.starts_at
        slot.starts_at = utcnow() - timedelta(days=2)
        slot.ends_at = slot.starts_at + length
    db.commit()

