"""Juri-PTCE says nothing false and books once per question (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.legal import services
from models import Booking, BookingStatus, Need, NeedKind, Offer, OutboxMessage, Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web
QUESTION = "Nous voulons transformer notre association en SCIC : comment rédiger les statuts et les collèges de vote ?"
NOT_RECOGNISED = ("Nous n'avons pas reconnu de domaine du droit dans votre question\u00a0: "
                  "choisissez à qui la poser, elle sera lue avant le rendez-vous")


@pytest.fixture
def setup(make_user, make_pole, make_lawyer, make_slot):
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    lawyers = {name: make_lawyer(name) for name in ("statuts", "travail", "public")}
    slots = {name: [make_slot(law, days=10), make_slot(law, days=10.05), make_slot(law, days=40)]
             for name, law in lawyers.items()}
    return facilitator, lawyers, slots


def _ask(client, csrf, question):
    """The proposal page for ``question`` (the post redirects to it)."""
    return client.post("/juri-ptce/", data={"csrf_token": csrf("/juri-ptce/"), "question": question},
                       follow_redirects=True)


@pytest.mark.parametrize("question", ["?!?!?!?!?!?!?!?!?!?!", "… — … — … — … — …"])
def test_question_of_punctuation_only_is_refused_at_the_edge(client, login, csrf, setup, question):
    login(setup[0])
    html = page_html(_ask(client, csrf, question)).replace("&#39;", "'")
    assert "doit contenir des lettres ou des chiffres" in html
    assert "Réserver le" not in html


@pytest.mark.parametrize("question", ["0123456789 0123456789", "2024 2025 2026 2027 2028"])
def test_question_of_digits_says_nothing_was_recognised(client, login, csrf, setup, question):
    login(setup[0])
    response = _ask(client, csrf, question)
    html = page_html(response).replace("&#39;", "'")
    assert response.status_code == 200
    assert NOT_RECOGNISED in html
    assert "notre suggestion pour votre question" not in html
    assert html.count("Réserver le") >= 3  # every lawyer's slots: the person chooses


def test_question_without_legal_words_is_not_routed_with_confidence(client, login, csrf, setup):
    login(setup[0])
    html = _ask(client, csrf, "Comment rendre nos réunions de bureau plus conviviales et plus courtes ?").get_data(
        as_text=True).replace("&#39;", "'")
    assert NOT_RECOGNISED in html
    assert "notre suggestion pour votre question" not in html and "Écart" not in html


def test_an_unrecognised_question_lists_the_lawyers_in_the_routers_order(client, login, csrf, setup, make_lawyer):
    """No field of law named: no lawyer is put forward, but the list follows the router's relevance for the
    question (not the order the lawyers joined in); a lawyer it cannot route yet (no specialties) comes last."""
    from app.suggestions.services import rank_lawyers

    newcomer = make_lawyer("")  # no specialties yet: listed, not routed
    question = "Comment organiser une fête de quartier avec la mairie et les habitants du territoire ?"
    routed = [law.id for law, _ in rank_lawyers(question).ranking]
    assert routed != sorted(routed)  # the router's order differs from the lawyers' ids here
    proposal = services.propose(question)
    assert proposal.suggestion is None
    assert [choice.lawyer.id for choice in proposal.choices] == [*routed, newcomer.id]
    login(setup[0])
    html = page_html(_ask(client, csrf, question)).replace("&#39;", "'")
    assert NOT_RECOGNISED in html and "notre suggestion pour votre question" not in html
    assert "les plus proches de votre question viennent d'abord" in html
    first = next(law for law in setup[1].values() if law.id == routed[0])
    assert html.index(first.user.display_name) < min(html.index(law.user.display_name) for law in setup[1].values()
                                                     if law is not first)


def test_question_told_as_a_story_is_routed_by_its_situation(client, login, csrf, setup):
    """No law and no word of the specialties: the situation is recognised, the lawyer suggested."""
    login(setup[0])
    html = page_html(_ask(client, csrf, "Notre coordinatrice est épuisée depuis janvier ; on voudrait partager un poste avec "
                              "deux autres structures du territoire.")).replace("&#39;", "'")
    assert "Maître Travail — notre suggestion pour votre question" in html
    assert "Situation reconnue\u00a0: Droit du travail (" in html and NOT_RECOGNISED not in html


def test_routed_question_gives_no_meaningless_gap(client, login, csrf, setup):
    login(setup[0])
    html = page_html(_ask(client, csrf, QUESTION)).replace("&#39;", "'")
    assert "notre suggestion pour votre question" in html
    assert "Écart avec" not in html and NOT_RECOGNISED not in html


def test_second_booking_for_the_same_question_is_refused_with_a_clear_message(client, login, csrf, setup, db):
    facilitator, lawyers, slots = setup
    login(facilitator)
    first, second = slots["statuts"][0], slots["statuts"][1]
    for slot, key in ((first, "a" * 32), (second, "b" * 32)):
        response = client.post("/juri-ptce/reserver", data={
            "csrf_token": csrf("/juri-ptce/"), "slot_id": str(slot.id), "question": QUESTION, "idempotency_key": key})
    html = page_html(response).replace("&#39;", "'")
    assert response.status_code == 409
    assert "Vous avez déjà un rendez-vous le" in html and "Une seule réservation par question" in html
    assert [b.slot_id for b in db.scalars(select(Booking))] == [first.id]
    # The same question spelled with other spaces and case is the same question.
    with pytest.raises(services.BookingError, match="déjà un rendez-vous"):
        services.book_slot(slot_id=slots["travail"][0].id, booker=facilitator, question="  " + QUESTION.upper(),
                           idempotency_key="c" * 32)
    # Once cancelled, the question may be booked again.
    booking = db.scalars(select(Booking)).one()
    services.cancel_booking(booking_id=booking.id, by=facilitator)
    assert services.book_slot(slot_id=second.id, booker=facilitator, question=QUESTION,
                              idempotency_key="d" * 32).created


def test_database_refuses_two_open_bookings_for_one_question(setup, db):
    facilitator, _, slots = setup
    key = services.question_key(QUESTION)
    db.add_all([Booking(slot=slots["statuts"][0], booker=facilitator, question=QUESTION, question_key=key,
                        status=BookingStatus.CONFIRMED, idempotency_key="e" * 32),
                Booking(slot=slots["travail"][0], booker=facilitator, question=QUESTION, question_key=key,
                        status=BookingStatus.WAITLISTED, idempotency_key="f" * 32)])
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_own_held_slot_is_never_offered_as_a_waitlist_option(client, login, csrf, setup, make_user, db):
    facilitator, lawyers, slots = setup
    mine, theirs = slots["statuts"][0], slots["statuts"][1]
    services.book_slot(slot_id=mine.id, booker=facilitator, question=QUESTION, idempotency_key="g" * 32)
    services.book_slot(slot_id=theirs.id, booker=make_user(), question=QUESTION, idempotency_key="h" * 32)
    login(facilitator)
    other_question = QUESTION.replace("collèges de vote", "parts sociales des salariés")
    html = page_html(_ask(client, csrf, other_question)).replace("&#39;", "'")
    assert "notre suggestion pour votre question" in html
    waitlist_forms = html.split("Créneaux complets (liste d'attente)")[1].split("</ul>")[0]
    assert f'name="slot_id" value="{theirs.id}"' in waitlist_forms
    assert f'name="slot_id" value="{mine.id}"' not in waitlist_forms
    # Asking the same question again says where the booking stands.
    assert "pour cette question\u00a0: une seule réservation par question" in _ask(client, csrf, QUESTION).get_data(
        as_text=True).replace("&#39;", "'")


def test_joining_the_waitlist_of_ones_own_slot_says_why_not(setup):
    facilitator, _, slots = setup
    slot = slots["statuts"][0]
    services.book_slot(slot_id=slot.id, booker=facilitator, question=QUESTION, idempotency_key="i" * 32)
    with pytest.raises(services.BookingError, match="Ce créneau est déjà le vôtre"):
        services.join_waitlist(slot_id=slot.id, booker=facilitator, question="Une autre question sur les statuts",
                               idempotency_key="j" * 32)


def test_cancelling_asks_for_confirmation_and_tells_the_lawyer_the_reason(client, login, csrf, setup, db):
    facilitator, lawyers, slots = setup
    booking = services.book_slot(slot_id=slots["statuts"][0].id, booker=facilitator, question=QUESTION,
                                 idempotency_key="k" * 32).booking
    login(facilitator)
    listing = page_html(client.get("/juri-ptce/mes-rendez-vous")).replace("&#39;", "'")
    assert f'href="/juri-ptce/rendez-vous/{booking.id}/annuler"' in listing  # a link to a confirmation, not a POST
    url = f"/juri-ptce/rendez-vous/{booking.id}/annuler"
    page = page_html(client.get(url)).replace("&#39;", "'")
    lawyer = booking.slot.lawyer_name  # named, as on the line above the form (not « à l'avocat·e »)
    assert "Annuler ce rendez-vous\u00a0?" in page and f"Motif, transmis à {lawyer} (facultatif)" in page
    db.refresh(booking)
    assert booking.status is BookingStatus.CONFIRMED
    response = client.post(url, data={"csrf_token": csrf(url), "reason": "Le conseil d'administration a tranché."})
    assert response.status_code == 302
    db.refresh(booking)
    assert booking.status is BookingStatus.CANCELLED
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.to_email == lawyers["statuts"].user.email,
                                                  OutboxMessage.subject.startswith("Rendez-vous Juri-PTCE annulé"))).one()
    assert "Motif indiqué : Le conseil d'administration a tranché." in mail.body


def test_legal_need_shows_the_juri_ptce_route_and_no_transfer_button(client, login, setup, db, make_resource_person):
    facilitator, lawyers, _ = setup
    person = make_resource_person()
    db.add(Offer(resource_person=person, title="Rédiger les statuts d'une SCIC",
                 text="J'ai accompagné la transformation de trois associations en SCIC : statuts, collèges, parts."))
    need = Need(pole=facilitator.pole, author=facilitator, title="Statuts de notre future SCIC", text=QUESTION,
                kind=NeedKind.LEGAL)
    vague = Need(pole=facilitator.pole, author=facilitator, title="Nos réunions du jeudi",
                 text="Comment rendre nos réunions de bureau plus conviviales et plus courtes ?", kind=NeedKind.LEGAL)
    db.add_all([need, vague])
    db.commit()
    login(facilitator)
    html = page_html(client.get(f"/besoins/{need.id}")).replace("&#39;", "'")
    assert "Une question pour les avocat·es Juri-PTCE" in html
    assert "Demander un transfert" not in html and "Personnes ressources suggérées" not in html
    assert lawyers["statuts"].user.display_name in html and "Prochain créneau libre" in html
    html = page_html(client.get(f"/besoins/{vague.id}")).replace("&#39;", "'")
    assert NOT_RECOGNISED in html and "Choisir un·e avocat·e et un créneau" in html
    assert "Demander un transfert" not in html


def test_long_specialties_can_be_read_in_full(client, login, csrf, setup, db):
    """A card shortens long specialties, and a disclosure keeps the whole text one click away (it was cut off)."""
    lawyer = setup[1]["statuts"]
    ending = "et en dernier lieu les baux commerciaux des tiers-lieux coopératifs"
    lawyer.specialties = ("Droit des sociétés coopératives, statuts de SCIC et de SCOP, gouvernance associative, "
                          "collèges de vote, pactes d'associés, fondations, fonds de dotation, "
                          "reconnaissance d'utilité publique, transformation d'association en coopérative, " + ending)
    db.commit()
    login(setup[0])
    page = page_html(_ask(client, csrf, QUESTION)).replace("&#39;", "'")
    assert ending in page and "lire toutes les spécialités de Maître Statuts" in page


def _reasons(html: str) -> list[str]:
    """The reasons listed under the suggested lawyer (the first list after « Pourquoi » or « nous suggérons »)."""
    import re

    start = max(html.find("Pourquoi"), html.find("nous suggérons"))
    block = html[start:html.index("</ul>", start)]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def test_the_reasons_read_under_a_named_lawyer_carry_no_gender_mark(client, login, csrf, setup, db):
    """The lawyer is named just above the reasons: « ses spécialités » says whose, with no « de l'avocat·e »."""
    facilitator, _, _ = setup
    login(facilitator)
    html = page_html(_ask(client, csrf, QUESTION)).replace("&#39;", "'")
    assert "Maître Statuts — notre suggestion pour votre question" in html
    reasons = _reasons(html)
    assert "Proximité de sens élevée entre votre question et ses spécialités" in reasons
    assert not any("avocat" in reason for reason in reasons)

    need = Need(pole=facilitator.pole, author=facilitator, title="Statuts de notre future SCIC", text=QUESTION,
                kind=NeedKind.LEGAL)
    db.add(need)
    db.commit()
    html = page_html(client.get(f"/besoins/{need.id}")).replace("&#39;", "'")
    reasons = _reasons(html)
    assert "Proximité de sens élevée entre votre question et ses spécialités" in reasons
    assert not any("avocat" in reason for reason in reasons)


def test_a_question_about_a_field_no_lawyer_cites_says_which_field_it_heard(client, login, csrf, setup):
    """Money lent or invested by residents is citizen finance; none of these lawyers cites it: the page says what it
    heard and lets the person choose, instead of claiming it recognised nothing."""
    login(setup[0])
    html = page_html(_ask(client, csrf, (
        "Des habitants veulent prêter de l'argent à notre épicerie pour acheter la chambre froide, d'autres "
        "voudraient prendre des parts : comment les associer sans nous mettre hors la loi ?"))).replace("&#39;", "'")
    assert "Votre question relève sans doute du domaine «\u00a0Financement citoyen et finance solidaire\u00a0»" in html
    assert "qu'aucun·e des avocat·es ne cite parmi ses spécialités" in html
    assert NOT_RECOGNISED not in html and "notre suggestion pour votre question" not in html
    assert html.count("Réserver le") >= 3


def test_specialties_written_as_a_list_keep_their_lines(client, login, csrf, setup, db):
    """A lawyer who writes one specialty a line reads them so on the cards, not run together with « - » between."""
    lawyer = setup[1]["statuts"]
    lawyer.specialties = "Droit coopératif :\n- statuts de SCIC et de SCOP\n- collèges de vote"
    db.commit()
    login(setup[0])
    page = page_html(_ask(client, csrf, QUESTION))
    assert ('<p class="meta prose">Spécialités\xa0: Droit coopératif\xa0:\n- statuts de SCIC et de SCOP\n- collèges de vote</p>'
            in page)
