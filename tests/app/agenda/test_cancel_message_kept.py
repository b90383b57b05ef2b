"""The organisers' message when they cancel a session is kept and said on its page and its agenda card (walk of the
organisers: it reached the registered people by mail only, and under the bell only when short; who followed a link
to the session later, or registered by the national day's page, read « Annulée » with no reason)."""

from __future__ import annotations

import html

from sqlalchemy import select

from app.agenda import cancellation, services
from app.agenda.mails import BELL_MAX
from app.templating import format_date
from models import Notification

NBSP = "\u00a0"
MESSAGE = ("L'intervenante est malade et nous préférons reporter plutôt que d'improviser.\n\n"
           "Une nouvelle date sera publiée dans l'agenda d'ici la fin du mois : <b>pas de panique</b>.")


def _text(client, url: str) -> tuple[str, str]:
    raw = client.get(url).get_data(as_text=True)
    return raw, html.unescape(raw).replace(NBSP, " ")


def test_the_message_is_kept_with_the_session_and_the_slots_keep_no_reason_of_their_own(db, publish, organiser):
    session = publish()
    cancellation.cancel(session=session, organiser=organiser, message=f"  {MESSAGE}\r\n")
    db.expire_all()
    assert session.cancel_message == MESSAGE  # stripped, its line breaks as typed
    assert all(slot.cancel_reason is None for slot in session.slots)  # no slot struck « (annulé) — motif » with it


def test_a_cancellation_without_message_keeps_none(db, publish, organiser):
    session = publish()
    cancellation.cancel(session=session, organiser=organiser, message="   ")
    db.expire_all()
    assert session.cancel_message is None


def test_the_page_and_the_card_say_it_escaped_with_its_paragraphs(client, login, db, publish, organiser, facilitator):
    session = publish(title="Webinaire fonds européens")
    services.register(session_id=session.id, user=facilitator)
    cancellation.cancel(session=session, organiser=organiser, message=MESSAGE)
    day = format_date(session.cancelled_at).replace(NBSP, " ")
    for viewer in (None, facilitator):
        if viewer is not None:
            login(viewer)
        raw, page = _text(client, f"/agenda/{session.id}")
        assert "Cette session est annulée." in page
        assert f"Message de l'équipe qui organise, le {day} :" in page
        assert '<blockquote class="prose">' in raw and MESSAGE in page  # pre-line: both paragraphs, as typed
        assert "<b>pas de panique</b>" not in raw and "&lt;b&gt;pas de panique&lt;/b&gt;" in raw
        raw, listing = _text(client, "/agenda")
        card = listing[listing.index("Webinaire fonds européens"):][:1500]
        assert f"Annulée le {day}" in card and f"Message de l'équipe qui organise : {MESSAGE}" in card
        assert "<b>pas de panique</b>" not in raw


def test_a_page_cancelled_without_message_says_no_date_line(client, publish, organiser):
    session = publish()
    cancellation.cancel(session=session, organiser=organiser)
    _, page = _text(client, f"/agenda/{session.id}")
    assert "Cette session est annulée." in page and "Message de l'équipe" not in page


def test_a_long_message_is_pointed_to_under_the_bell_not_dropped(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    long = ("Nous devons annuler. " * 18).strip()
    assert len(long) > BELL_MAX
    cancellation.cancel(session=session, organiser=organiser, message=long)
    notice = db.scalars(select(Notification).where(Notification.user_id == facilitator.id)
                        .order_by(Notification.id.desc())).first()
    assert notice.text == f"Session annulée{NBSP}: «{NBSP}{session.title}{NBSP}» — message de l'équipe sur la page de la session"
    assert notice.url == f"/agenda/{session.id}" and len(notice.text) <= BELL_MAX
