"""Two facilitators of one pole write its feedback on a visit at once: the second save does not silently overwrite
the first."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.visits import services
from models import Role, VisitFeedback
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, open_form, signed_in

pytestmark = pytest.mark.web


def test_two_facilitators_of_a_pole_writing_its_feedback_keep_the_first_save(app, client, login, db, network,
                                                                             make_visit, make_user):
    visit = make_visit(capacity=3)
    pole, first = network.poles[0], network.facilitators[0]
    second = make_user(Role.FACILITATOR, pole=pole, name="Bastien Second")
    services.register(visit_id=visit.id, pole_id=pole.id, user=first)
    for day in visit.sessions:  # the visit is over
        day.starts_at -= timedelta(days=60)
        day.ends_at -= timedelta(days=60)
    visit.start_date -= timedelta(days=60)
    db.commit()
    login(first)
    other = signed_in(app, second)
    url = f"/visites/{visit.id}/avis"
    mine, theirs = open_form(client, url), open_form(other, url)  # no feedback yet: its first writing is checked

    theirs["rating"], theirs["text"] = ["4"], ["Le plan de financement du lieu nous servira."]
    assert other.post(url, data=theirs).status_code == 302

    mine["rating"], mine["text"] = ["5"], ["Nous repartons avec une méthode de concertation."]
    response = client.post(url, data=mine)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "L'avis de votre pôle a été modifié par Bastien Second le " in page
    assert NOT_SAVED in page
    assert "<dd>4\u00a0sur\u00a05</dd>" in page and "<dd>Le plan de financement du lieu nous servira.</dd>" in page
    assert "Nous repartons avec une méthode de concertation." in page  # what she wrote is kept in the form
    assert '<input checked id="rating-0" name="rating" required type="radio" value="5">' in page
    assert duplicate_ids(page) == []
    db.expire_all()
    stored = db.scalars(db.query(VisitFeedback).statement).one()
    assert stored.rating == 4 and stored.author_id == second.id


def test_the_host_and_a_visiting_pole_do_not_block_each_other(app, client, login, db, network, make_visit):
    visit = make_visit(capacity=3)
    pole, facilitator = network.poles[0], network.facilitators[0]
    services.register(visit_id=visit.id, pole_id=pole.id, user=facilitator)
    for day in visit.sessions:
        day.starts_at -= timedelta(days=60)
        day.ends_at -= timedelta(days=60)
    visit.start_date -= timedelta(days=60)
    db.commit()
    login(facilitator)
    host = signed_in(app, network.host_facilitator)
    url = f"/visites/{visit.id}/avis"
    mine, theirs = open_form(client, url), open_form(host, url)
    theirs["rating"] = ["3"]
    assert host.post(url, data=theirs).status_code == 302
    mine["rating"] = ["5"]
    assert client.post(url, data=mine).status_code == 302  # each pole's feedback is its own
    db.expire_all()
    assert sorted(f.rating for f in db.scalars(db.query(VisitFeedback).statement)) == [3, 5]
