"""Feedback once presences are noted: a registered pole noted absent is not asked how the visit went (its page says
it is noted absent and whom to tell if it came); a pole present, or any registered pole before presences are noted,
gives its feedback as before."""

from __future__ import annotations

from sqlalchemy import select

from app.visits import attendance, services
from models import VisitFeedback
from tests.app.html_parts import page_text
from tests.app.visits.test_attendance import _marks, _registered_visit


def _noted(db, network, make_visit):
    """A past visit two poles registered to; the first noted present (3 people), the second absent."""
    visit = _registered_visit(db, network, make_visit, past=True)
    attendance.record_attendance(visit=visit, organiser=network.organiser,
                                 marks=_marks(visit, {network.poles[0].id: 3}))
    return visit


def test_before_presences_are_noted_every_registered_pole_gives_feedback(db, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    for user in network.facilitators[:2]:
        assert services.can_give_feedback(visit, user) and not services.noted_absent(visit, user)


def test_once_noted_the_absent_pole_is_not_asked_and_the_present_one_is(db, network, make_visit):
    visit = _noted(db, network, make_visit)
    present, absent = network.facilitators[:2]
    assert services.can_give_feedback(visit, present) and not services.noted_absent(visit, present)
    assert not services.can_give_feedback(visit, absent) and services.noted_absent(visit, absent)
    assert services.can_give_feedback(visit, network.host_facilitator)  # the host is on no sheet: it was there
    try:
        services.save_feedback(visit=visit, user=absent, rating=4, text="")
    except services.VisitError as refusal:
        assert str(refusal) == services.NOTED_ABSENT
    else:
        raise AssertionError("an absent pole's feedback was saved")


def test_the_absent_pole_reads_why_and_whom_to_tell(client, csrf, db, login, network, make_visit):
    visit = _noted(db, network, make_visit)
    login(network.facilitators[1])
    page = page_text(client.get(f"/visites/{visit.id}"))
    assert "Votre pôle est noté absent de cette visite" in page
    assert "Donner votre avis" not in page
    assert network.organiser.email in page and "corrigera les présences" in page
    response = client.get(f"/visites/{visit.id}/avis")  # a link from a mail or a bookmark: said, not a bare 403
    assert response.status_code == 200
    text = page_text(response)
    assert "Votre pôle est noté absent de cette visite" in text and "Enregistrer mon avis" not in text
    token = csrf(f"/visites/{visit.id}")
    client.post(f"/visites/{visit.id}/avis", data={"csrf_token": token, "rating": "4", "text": "Bien."})
    assert db.scalars(select(VisitFeedback)).all() == []


def test_the_present_pole_is_offered_the_form(client, db, login, network, make_visit):
    visit = _noted(db, network, make_visit)
    login(network.facilitators[0])
    page = page_text(client.get(f"/visites/{visit.id}"))
    assert "Donner votre avis sur la visite" in page and "noté absent" not in page
    assert "Enregistrer mon avis" in page_text(client.get(f"/visites/{visit.id}/avis"))
