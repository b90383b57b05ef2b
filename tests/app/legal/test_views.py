"""Juri-PTCE pages: routed proposal, booking once, lost race message, lawyer's questions, calendars."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from app.legal import services
from app.typography import of_pole, french_spacing
from models import Booking, BookingStatus, CalendarFeed, Need, NeedKind, Role
from tests.app.html_parts import page_html, page_text

pytestmark = pytest.mark.web
QUESTION = "Nous voulons transformer notre association en SCIC : comment rédiger les statuts et les collèges de vote ?"


@pytest.fixture
def setup(make_user, make_pole, make_lawyer, make_slot):
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    lawyers = {name: make_lawyer(name) for name in ("statuts", "travail", "public")}
    slots = {name: [make_slot(law, days=10), make_slot(law, days=40)] for name, law in lawyers.items()}
    return facilitator, lawyers, slots


def _book_data(csrf, slot, key="a" * 32) -> dict[str, str]:
    return {"csrf_token": csrf("/juri-ptce/"), "slot_id": str(slot.id), "question": QUESTION,
            "idempotency_key": key}


def _ask(client, csrf, question: str = QUESTION):
    """Post the question; the answer sends the browser to the proposal (Post/Redirect/Get)."""
    return client.post("/juri-ptce/", data={"csrf_token": csrf("/juri-ptce/"), "question": question})


def _slot_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="slot_id" value="(\d+)"', html)]


def test_question_routes_to_lawyer_with_reasons_and_free_slots(client, login, csrf, setup):
    facilitator, lawyers, slots = setup
    login(facilitator)
    response = client.get(_ask(client, csrf).headers["Location"])
    html = page_html(response)
    assert response.status_code == 200
    suggested = html.index("notre suggestion pour votre question")
    assert lawyers["statuts"].user.display_name in html[suggested - 200:suggested]
    assert "Pourquoi" in html
    keys = re.findall(r'name="idempotency_key" value="([^"]+)"', html)
    assert len(keys) == 6 and len(set(keys)) == 6  # one key per form


def test_the_proposal_is_a_get_page_that_back_can_reload(client, login, csrf, setup):
    """Back after « Réserver » lands on a GET page (Chromium asks to resubmit a POST): the same proposal,
    now saying that this question is booked."""
    facilitator, _, slots = setup
    login(facilitator)
    posted = _ask(client, csrf)
    assert posted.status_code == 303 and posted.headers["Location"].startswith("/juri-ptce/?question=")
    proposal = page_html(client.get(posted.headers["Location"]))
    assert "Avocat·es et créneaux libres" in proposal and QUESTION.replace("'", "&#39;") in proposal
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["statuts"][0]))
    back = client.get(posted.headers["Location"])
    assert back.status_code == 200 and "Vous avez déjà un rendez-vous le" in page_html(back)


def test_a_replaced_or_unknown_question_link_shows_the_empty_form(client, login, csrf, setup):
    login(setup[0])
    first = _ask(client, csrf).headers["Location"]
    _ask(client, csrf, "Comment mettre à disposition un salarié auprès d'une autre structure du pôle ?")
    for url in (first, "/juri-ptce/?question=inconnu"):
        page = page_html(client.get(url))
        assert "Avocat·es et créneaux libres" not in page and "Trouver un créneau" in page


def test_a_question_too_long_for_the_cookie_is_answered_directly(client, login, csrf, setup, monkeypatch):
    monkeypatch.setattr("app.legal.views.COOKIE_BUDGET", 10)
    login(setup[0])
    response = _ask(client, csrf)
    assert response.status_code == 200 and "Avocat·es et créneaux libres" in page_html(response)


def test_booking_and_moving_offer_the_same_afternoons(client, login, csrf, setup, make_slot, db):
    """Both pages list every free slot of each lawyer's next two afternoons (``offered_slots``)."""
    facilitator, lawyers, slots = setup
    later = {name: make_slot(law, days=70) for name, law in lawyers.items()}
    login(facilitator)
    offered = _slot_ids(page_html(client.get(_ask(client, csrf).headers["Location"])))
    assert sorted(offered) == sorted(s.id for pair in slots.values() for s in pair)
    assert not {s.id for s in later.values()} & set(offered)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["statuts"][0]))
    booking = db.query(Booking).one()
    moving = _slot_ids(page_html(client.get(f"/juri-ptce/rendez-vous/{booking.id}/deplacer")))
    assert sorted(moving) == sorted({*offered, later["statuts"].id} - {slots["statuts"][0].id})


def test_a_moved_booking_reads_deplace_not_annule(client, login, csrf, setup, db):
    facilitator, _, slots = setup
    login(facilitator)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["statuts"][0]))
    booking = db.query(Booking).one()
    response = client.post(f"/juri-ptce/rendez-vous/{booking.id}/deplacer",
                           data={"csrf_token": csrf("/juri-ptce/mes-rendez-vous"), "slot_id": slots["statuts"][1].id})
    assert response.status_code == 302
    page = page_html(client.get("/juri-ptce/mes-rendez-vous"))
    assert re.findall(r"· (Déplacé|Annulé|Confirmé)</p>", page) == ["Déplacé", "Confirmé"]
    # walk 5: the moved booking's calendar file cancels the event, and says so; the new one adds it
    assert re.findall(r'\.ics">([^<]+)</a>', page) == [
        "Retirer de mon agenda (fichier .ics d'annulation)", "Fichier agenda (.ics)"]


@pytest.mark.parametrize("slot_id", ["", "abc", str(2**63)])
def test_a_move_to_no_slot_says_why_and_keeps_the_booking(client, login, csrf, setup, db, slot_id):
    """Found by tests/app/hostile: the page came back as it was, without a word."""
    facilitator, _, slots = setup
    login(facilitator)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["statuts"][0]))
    booking = db.query(Booking).one()
    url = f"/juri-ptce/rendez-vous/{booking.id}/deplacer"
    response = client.post(url, data={"csrf_token": csrf(url), "slot_id": slot_id})
    assert response.status_code == 200
    page = page_text(response)
    assert 'class="flash flash-error"' in page and "Choisissez l'un des créneaux proposés ci-dessous." in page
    db.expire_all()
    assert db.query(Booking).one().slot_id == slots["statuts"][0].id


def test_short_question_shows_french_error(client, login, csrf, setup):
    login(setup[0])
    response = client.post("/juri-ptce/", data={"csrf_token": csrf("/juri-ptce/"), "question": "statuts"})
    page = page_html(response)
    assert "La question doit faire au moins 15 caractères." in page and "De 15 à 4\u202f000\u00a0caractères." in page


def test_same_form_submitted_twice_books_once(client, login, csrf, setup, db):
    facilitator, _, slots = setup
    login(facilitator)
    data = _book_data(csrf, slots["statuts"][0])
    first = client.post("/juri-ptce/reserver", data=data)
    second = client.post("/juri-ptce/reserver", data=data)
    assert first.status_code == second.status_code == 302
    assert db.query(Booking).count() == 1
    page = page_html(client.get("/juri-ptce/mes-rendez-vous"))
    assert "rien n&#39;a été réservé deux fois" in page


def test_lost_race_shows_clear_french_message_and_waitlist(client, login, csrf, setup, make_user):
    facilitator, _, slots = setup
    slot = slots["statuts"][0]
    services.book_slot(slot_id=slot.id, booker=make_user(), question=QUESTION, idempotency_key="b" * 32)
    login(facilitator)
    response = client.post("/juri-ptce/reserver", data=_book_data(csrf, slot))
    html = page_html(response)
    assert response.status_code == 409
    assert 'role="alert"' in html and "vient d&#39;être réservé par quelqu&#39;un d&#39;autre" in html
    assert "Rejoindre la liste d&#39;attente" in html


def test_lawyer_sees_questions_of_own_slots_only(client, login, csrf, setup):
    facilitator, lawyers, slots = setup
    services.book_slot(slot_id=slots["statuts"][0].id, booker=facilitator, question=QUESTION,
                       idempotency_key="c" * 32)
    login(lawyers["statuts"].user)
    page = page_html(client.get("/juri-ptce/mes-creneaux"))
    assert french_spacing(QUESTION).replace("'", "&#39;") in page
    assert client.get(f"/juri-ptce/creneaux/{slots['statuts'][0].id}").status_code == 200
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/juri-ptce/mes-creneaux")})
    login(lawyers["travail"].user)
    assert client.get(f"/juri-ptce/creneaux/{slots['statuts'][0].id}").status_code == 403
    assert QUESTION[:30] not in page_html(client.get("/juri-ptce/mes-creneaux"))
    assert client.get("/juri-ptce/").status_code == 403


def test_booking_ics_has_stable_uid_sequence_and_cancel(client, login, csrf, setup, db):
    facilitator, _, slots = setup
    login(facilitator)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["statuts"][0]))
    booking = db.query(Booking).one()
    response = client.get(f"/juri-ptce/rendez-vous/{booking.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    first = Calendar.from_ical(response.data)
    event = first.walk("VEVENT")[0]
    assert first["METHOD"] == "REQUEST" and event["STATUS"] == "CONFIRMED"
    uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
    assert QUESTION[:20] in str(event["DESCRIPTION"])
    response = client.post(f"/juri-ptce/rendez-vous/{booking.id}/annuler",
                           data={"csrf_token": csrf("/juri-ptce/mes-rendez-vous")})
    assert response.status_code == 302
    cancelled = Calendar.from_ical(client.get(f"/juri-ptce/rendez-vous/{booking.id}.ics").data)
    event = cancelled.walk("VEVENT")[0]
    assert cancelled["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) > sequence


def test_other_users_booking_is_not_found(client, login, csrf, setup, make_user):
    facilitator, _, slots = setup
    booking = services.book_slot(slot_id=slots["statuts"][0].id, booker=facilitator, question=QUESTION,
                                 idempotency_key="d" * 32).booking
    login(make_user(Role.FACILITATOR))
    assert client.get(f"/juri-ptce/rendez-vous/{booking.id}.ics").status_code == 404
    token = csrf("/juri-ptce/mes-rendez-vous")
    assert client.post(f"/juri-ptce/rendez-vous/{booking.id}/annuler", data={"csrf_token": token}).status_code == 404


def test_waitlist_join_from_page(client, login, csrf, setup, make_user, db):
    facilitator, _, slots = setup
    slot = slots["statuts"][0]
    services.book_slot(slot_id=slot.id, booker=make_user(), question=QUESTION, idempotency_key="e" * 32)
    login(facilitator)
    response = client.post("/juri-ptce/liste-attente", data=_book_data(csrf, slot, key="f" * 32))
    assert response.status_code == 302
    mine = db.query(Booking).filter(Booking.booker_id == facilitator.id).one()
    assert mine.status is BookingStatus.WAITLISTED


def test_calendar_feed_secret_hashed_served_and_revocable(client, login, csrf, setup, db):
    facilitator, _, slots = setup
    services.book_slot(slot_id=slots["statuts"][0].id, booker=facilitator, question=QUESTION,
                       idempotency_key="g" * 32)
    login(facilitator)
    page = page_html(client.post("/calendrier/nouveau", data={"csrf_token": csrf("/calendrier/")},
                                 follow_redirects=True))
    url = re.search(r'value="(http[^"]+\.ics)"', page).group(1)
    token = url.rsplit("/", 1)[1][:-4]
    assert db.query(CalendarFeed).one().token_hash != token
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/calendrier/")})
    response = client.get(f"/calendrier/{token}.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 1 and "Juri-PTCE" in str(events[0]["SUMMARY"])
    login(facilitator)
    client.post("/calendrier/revoquer", data={"csrf_token": csrf("/calendrier/")})
    assert client.get(f"/calendrier/{token}.ics").status_code == 404
    assert client.get("/calendrier/pas-un-jeton.ics").status_code == 404


def test_legal_need_page_suggests_lawyer_and_slot(client, login, setup, db):
    facilitator, lawyers, slots = setup
    legal = Need(pole=facilitator.pole, author=facilitator, title="Statuts de notre future SCIC", text=QUESTION,
                 kind=NeedKind.LEGAL)
    transfer = Need(pole=facilitator.pole, author=facilitator, title="Animer un réseau d'entreprises",
                    text="Nous cherchons à animer le réseau des entreprises du territoire.", kind=NeedKind.TRANSFER)
    db.add_all([legal, transfer])
    db.commit()
    login(facilitator)
    html = page_html(client.get(f"/besoins/{legal.id}"))
    assert "Une question pour les avocat·es Juri-PTCE" in html
    assert lawyers["statuts"].user.display_name in html and "Prochain créneau libre" in html
    assert "Juri-PTCE</h2>" not in page_html(client.get(f"/besoins/{transfer.id}"))


def test_the_lawyer_reads_whether_a_freed_slot_was_moved_or_cancelled(client, login, csrf, setup, make_user, db):
    facilitator, lawyers, slots = setup
    moved, cancelled = slots["statuts"]
    first = services.book_slot(slot_id=moved.id, booker=facilitator, question=QUESTION, idempotency_key="m" * 32)
    services.reschedule_booking(booking_id=first.booking.id, new_slot_id=slots["travail"][0].id, by=facilitator)
    other = make_user(Role.FACILITATOR, pole=facilitator.pole)
    second = services.book_slot(slot_id=cancelled.id, booker=other, question=QUESTION, idempotency_key="n" * 32)
    services.cancel_booking(booking_id=second.booking.id, by=other)
    login(lawyers["statuts"].user)
    page = page_html(client.get("/juri-ptce/mes-creneaux"))
    pole = of_pole(facilitator.pole.name)  # « du Pôle 1 »
    assert re.findall(r"Libre — le rendez-vous (.+?) a été (\w+)</p>", page) == [(pole, "déplacé"), (pole, "annulé")]


def test_the_suggested_lawyer_and_the_cancel_page_need_no_gender_mark(client, login, csrf, setup):
    facilitator, lawyers, slots = setup
    login(facilitator)
    html = page_html(client.get(_ask(client, csrf).headers["Location"]))
    assert f"{lawyers['statuts'].user.display_name} — notre suggestion pour votre question" in html
    assert "suggéré·e" not in html
    booking = services.book_slot(slot_id=slots["statuts"][0].id, booker=facilitator, question=QUESTION,
                                 idempotency_key=services.new_idempotency_key()).booking
    cancel = page_html(client.get(f"/juri-ptce/rendez-vous/{booking.id}/annuler"))
    assert f"Un e-mail prévient {lawyers['statuts'].user.display_name}" in cancel and "prévenu·e" not in cancel


def test_a_booking_reads_its_time_range_the_french_way(client, login, csrf, setup, make_slot, db):
    """« mardi 5 janvier 2027 de 14 h à 14 h 45 », on « Mes rendez-vous » and in the mail — not « à 14 h 00 – 14 h 45 »."""
    from datetime import timedelta

    from app.templating import format_date, local_datetime
    from models import OutboxMessage, utcnow

    facilitator, lawyers, _ = setup
    start = (utcnow() + timedelta(days=12)).replace(hour=13, minute=0, second=0, microsecond=0)
    slot = make_slot(lawyers["statuts"], starts_at=start)
    hour = local_datetime(start, "Europe/Paris").hour
    expected = f"{format_date(start, 'Europe/Paris')} de {hour} h à {hour} h 45".replace("\u00a0", " ")  # as read
    login(facilitator)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slot))
    page = page_html(client.get("/juri-ptce/mes-rendez-vous")).replace("\u00a0", " ")
    assert re.search(rf'<h2 class="card-title">\w+ {expected}</h2>', page), page
    bodies = [m.body.replace("\u00a0", " ") for m in db.query(OutboxMessage).all()]
    assert any(f"{expected} (heure de Paris)" in body for body in bodies), bodies
    assert not any("h 00" in body or " – " in body for body in bodies)


def test_moving_offers_the_current_lawyer_first(client, login, csrf, setup, db):
    """« Déplacer » listed the lawyers in their order of creation, the one who had the question last (walk of
    6 December 2026)."""
    facilitator, _, slots = setup
    login(facilitator)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, slots["public"][0]))
    booking = db.query(Booking).one()
    page = page_html(client.get(f"/juri-ptce/rendez-vous/{booking.id}/deplacer"))
    assert _slot_ids(page)[0] == slots["public"][1].id
    name = slots["public"][0].lawyer_name
    assert f"Votre rendez-vous actuel est avec {name}, qui a déjà reçu votre question." in page


def test_the_address_of_a_question_replaced_since_says_so(client, login, csrf, setup):
    """Back to the proposal of a question another one replaced (another tab, a new sign-in) showed the empty form
    without a word (walk of 6 December 2026)."""
    login(setup[0])
    first = _ask(client, csrf).headers["Location"]
    _ask(client, csrf, question="Comment rédiger les statuts d'une SCIC avec des collectivités ?")
    page = page_html(client.get(first))
    assert "pour une question qu'une autre a remplacée depuis" in page and "data-takes-focus" in page
    assert "remplacée depuis" not in page_html(client.get("/juri-ptce/"))
