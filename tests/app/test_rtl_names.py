"""A right-to-left name (an Arabic first name, a pole named in Hebrew) is isolated in <bdi> wherever a page shows it
(the page pass, ``typography.french_spacing_html``): the figures and signs after it no longer join its run."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.legal import services
from app.pair_space import conversation
from app.typography import french_spacing_html
from models import Pairing, PairingStatus, Role, User

ARABIC = "مريم حداد"


@pytest.mark.parametrize("html, expected", [
    ("<p>Rendez-vous avec أحمد بن علي le 3 mars</p>", "<p>Rendez-vous avec <bdi>أحمد بن علي</bdi> le 3 mars</p>"),
    ("<li>Aïcha بنعلي : 3 transferts</li>", "<li>Aïcha <bdi>بنعلي</bdi>\u00a0: 3 transferts</li>"),
    ("<p>محمد, أحمد (2)</p>", "<p><bdi>محمد</bdi>, <bdi>أحمد</bdi> (2)</p>"),  # two names of a list, each in its place
    ("<p>Pôle עין גדי-2</p>", "<p>Pôle <bdi>עין גדי</bdi>-2</p>"),
])
def test_a_right_to_left_run_is_isolated_in_a_page_s_text(html, expected):
    assert french_spacing_html(html) == expected


@pytest.mark.parametrize("html", [
    '<input name="n" value="أحمد" title="أحمد">', "<textarea>أحمد : 3</textarea>", "<option>أحمد</option>",
    "<title>أحمد — Entrepairs</title>", "<script>const n = 'أحمد';</script>", "<!-- أحمد -->",
])
def test_no_bdi_where_a_page_takes_no_markup(html):
    assert "<bdi>" not in french_spacing_html(html)


def test_rendez_vous_avec_an_arabic_name_le_3_mars(client, db, login, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    db.get(User, lawyer.user_id).display_name = ARABIC
    db.commit()
    booker = make_user(Role.FACILITATOR)
    booking = services.book_slot(slot_id=make_slot(lawyer).id, booker=booker, question="Comment rédiger nos statuts ?",
                                 idempotency_key=services.new_idempotency_key()).booking
    login(booker)
    page = client.get(f"/juri-ptce/rendez-vous/{booking.id}/annuler").get_data(as_text=True)
    assert f" avec <bdi>{ARABIC}</bdi>." in page
    assert f"Motif, transmis à <bdi>{ARABIC}</bdi> (facultatif)" in page  # a label written by a view: isolated too


def test_a_sentence_of_the_services_under_the_bell_isolates_the_name(client, db, login, make_pairings,
                                                                      make_resource_person):
    person = make_resource_person()
    make_pairings(person, PairingStatus.ACCEPTED, 1)
    pairing = db.scalar(select(Pairing))
    author = pairing.need.author
    author.display_name = "عائشة"
    db.commit()
    conversation.post_message(pairing=pairing, author=author, body="Bonjour, à jeudi ?",
                              idempotency_key=conversation.new_key())
    login(person.user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Nouveau message de <bdi>عائشة</bdi> sur le transfert" in page
