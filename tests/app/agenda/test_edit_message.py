"""« Message aux inscrit·es » typed in « Modifier la session »: it reaches the registered and waitlisted people
with the new details, or on its own when the edit changes nothing they are mailed (before, it was dropped
unsaid); with nobody to write to, the form says so and keeps it."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.agenda import edits, services
from app.agenda.services import AgendaRefused
from models import CollectiveSession, Notification, OutboxMessage
from tests.app.agenda.slot_helpers import mails_of
from tests.app.agenda.test_edit_session import _changes, _people
from tests.app.edit_forms import open_form
from tests.app.html_parts import page_html

WORD = "Pensez à apporter vos statuts : nous les relirons ensemble."


def _signed_up(db, publish, make_user, make_pole) -> tuple[CollectiveSession, object, object]:
    """A session with one seat taken and one person waiting."""
    session = publish(capacity=1)
    seated, waiting = _people(make_user, make_pole, 2)
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    return session, seated, waiting


@pytest.mark.parametrize("changed", [{}, {"description": "Une présentation revue et complétée."}], ids=["nothing", "not-mailed"])
def test_a_message_with_an_edit_that_mails_nothing_is_sent_on_its_own(db, publish, organiser, make_user, make_pole,
                                                                      changed):
    session, seated, waiting = _signed_up(db, publish, make_user, make_pole)

    edited = edits.edit_session(session_id=session.id, organiser=organiser, changes=_changes(session, **changed),
                                message=f"  {WORD}\n")

    mails = mails_of(db, "message")
    assert set(mails) == {seated.id, waiting.id} and not mails_of(db, "changed")
    assert all(f"« {WORD} »" in mail.body.replace("\u00a0", " ") for mail in mails.values())
    assert "(vous êtes en liste d'attente)" in mails[waiting.id].body
    assert mails[seated.id].subject == f"Message de l'équipe qui organise «\u00a0{session.title}\u00a0»"
    bell = db.scalars(select(Notification).where(Notification.user_id == seated.id)
                      .order_by(Notification.id.desc())).first()
    assert bell.text.endswith(f"«\u00a0{WORD}\u00a0»")
    assert (edited.saved, edited.written, edited.told) == (bool(changed), 2, 0)
    notice, category = edits.edited_notice(edited)
    first = "La session est modifiée" if changed else "Rien n'a changé dans la session"
    assert (notice, category) == (
        f"{first} ; votre message est envoyé par e-mail à 2\u00a0personnes inscrites ou en attente.", "success")


def test_a_message_travels_with_the_new_title_and_is_not_sent_twice(db, publish, organiser, make_user, make_pole):
    session, seated, waiting = _signed_up(db, publish, make_user, make_pole)

    edited = edits.edit_session(session_id=session.id, organiser=organiser,
                                changes=_changes(session, title="Statuts de SCIC : atelier"), message=WORD)

    changed = mails_of(db, "changed")
    assert set(changed) == {seated.id, waiting.id} and not mails_of(db, "message")
    assert all(f"Le mot de l'équipe qui organise la session :\n« {WORD} »" in m.body.replace("\u00a0", " ")
               for m in changed.values())
    assert edits.edited_notice(edited)[0] == ("La session est modifiée ; 2\u00a0personnes inscrites ou en attente sont "
                                              "prévenues par e-mail, avec votre message.")


def test_the_person_promoted_by_more_seats_gets_the_message_too(db, publish, organiser, make_user, make_pole):
    session, seated, waiting = _signed_up(db, publish, make_user, make_pole)

    edited = edits.edit_session(session_id=session.id, organiser=organiser,
                                changes=_changes(session, capacity=2, place="Clermont-Ferrand", online=False),
                                message=WORD)

    assert set(mails_of(db, "changed")) == {seated.id} and set(mails_of(db, "message")) == {waiting.id}
    assert edits.edited_notice(edited)[0] == (
        "La session est modifiée ; 1\u00a0personne inscrite ou en attente est prévenue par e-mail, avec votre message ; "
        "1\u00a0personne passe de la liste d'attente aux inscrit·es et en est prévenue, avec votre message.")


def test_a_message_with_nobody_signed_up_is_refused_on_its_field_and_nothing_is_saved(db, publish, organiser):
    session = publish()
    with pytest.raises(AgendaRefused) as refused:
        edits.edit_session(session_id=session.id, organiser=organiser,
                           changes=_changes(session, description="Nouvelle présentation."), message=WORD)
    assert [problem.field for problem in refused.value.problems] == ["message"]
    assert "Personne n'est inscrit ni en liste d'attente" in refused.value.problems[0].message
    db.expire_all()
    assert db.get(CollectiveSession, session.id).description != "Nouvelle présentation."
    assert not db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":message"))).all()


@pytest.mark.web
def test_the_edit_form_sends_the_message_once_and_says_so(client, login, db, publish, organiser, make_user, make_pole):
    session, seated, waiting = _signed_up(db, publish, make_user, make_pole)
    login(organiser)
    url = f"/organisation/agenda/{session.id}/modifier"
    form = open_form(client, url)
    assert form["message"][0].strip() == ""
    form["message"] = [WORD]
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 302  # the same form sent twice: one mail each
    shown = html.unescape(page_html(client.get(f"/agenda/{session.id}"))).replace("\u00a0", " ")
    assert "Rien n'a changé dans la session ; votre message est envoyé par e-mail à 2 personnes inscrites" in shown
    assert len(db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":message"))).all()) == 2
    said = db.scalars(select(Notification.text).where(Notification.user_id == seated.id)).all()
    assert sum(WORD in text for text in said) == 1  # under the bell once too


@pytest.mark.web
def test_the_edit_form_keeps_a_message_nobody_would_read(client, login, db, publish, organiser):
    session = publish()
    login(organiser)
    url = f"/organisation/agenda/{session.id}/modifier"
    form = open_form(client, url)
    form["message"] = [WORD]
    page = client.post(url, data=form)
    text = html.unescape(page_html(page))
    assert page.status_code == 200 and "Personne n'est inscrit ni en liste d'attente" in text
    assert f">\r\n{WORD}</textarea>" in text


def test_the_message_link_s_fragment_does_not_follow_the_form_to_the_session_page(client, login, db, publish,
                                                                                   organiser, make_user, make_pole):
    """« Écrire aux inscrit·es » opens the form at #message. A form with no action posts to that address, fragment
    included, and a redirection without a fragment keeps it: the session's page opened at its own #message, the
    cancel form's field, unfolding « Annuler la session » with the notice drawn inside it."""
    session, _seated, _waiting = _signed_up(db, publish, make_user, make_pole)
    login(organiser)
    shown = page_html(client.get(f"/agenda/{session.id}"))
    link = f'href="/organisation/agenda/{session.id}/modifier#message"'
    assert link in shown and 'id="message"' in shown  # the link, and the cancel form's field the fragment would reach
    edit_page = page_html(client.get(f"/organisation/agenda/{session.id}/modifier"))
    forms = re.findall(r"<form\b[^>]*>", edit_page)
    edit_form = next(tag for tag in forms if 'class="form"' in tag)
    assert f'action="/organisation/agenda/{session.id}/modifier"' in edit_form
