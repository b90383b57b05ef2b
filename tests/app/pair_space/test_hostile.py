"""Hostile input on the pair's space: huge texts, HTML, NUL and other control characters are refused in
French by the services (whatever the caller) or shown escaped on the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.pair_space import experiences, objectives
from app.pair_space.conversation import ConversationRefused, post_message
from app.pair_space.experiences import SheetRefused
from app.pair_space.objectives import AgreementRefused
from app.typography import number
from tests.app.pair_space.days import day_begun
from models import (
    ExperienceSheet, PairingDay, PairingStatus, TransferMessage, TransferObjective,
)

HTML = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
CONTROLS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"]


def _completed(db, pair) -> None:
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()


@pytest.mark.parametrize("control", CONTROLS)
def test_control_characters_are_refused_everywhere(db, pair, control):
    with pytest.raises(ConversationRefused, match="contrôle"):
        post_message(pairing=pair.pairing, author=pair.person, body=f"Bon{control}jour", idempotency_key="k" * 24)
    with pytest.raises(AgreementRefused, match="contrôle"):
        objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=[f"U{control}n", "Deux"])
    day = day_begun(db, pair, ago=timedelta(days=1), in_progress=False)
    with pytest.raises(AgreementRefused, match="contrôle"):
        objectives.report_day(day=day, user=pair.person, done=f"Fa{control}it", next_step="")
    with pytest.raises(AgreementRefused, match="contrôle"):
        objectives.report_day(day=day, user=pair.person, done="Fait", next_step=f"Su{control}ite")
    _completed(db, pair)
    values = {"title": "Titre", "situation": "Situation", "transferred": f"Trans{control}mis"}
    with pytest.raises(SheetRefused, match="contrôle"):
        experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=values)
    assert db.scalar(select(func.count(TransferMessage.id))) == 0
    assert db.scalar(select(func.count(TransferObjective.id))) == 0
    assert db.get(PairingDay, day.id).reported_at is None
    assert db.scalar(select(func.count(ExperienceSheet.id))) == 0


def test_huge_texts_are_refused_in_french_never_cut_silently(db, pair):
    with pytest.raises(ConversationRefused, match="au plus"):
        post_message(pairing=pair.pairing, author=pair.person, body="x" * 100_000, idempotency_key="k" * 24)
    # Said as every form says it (``length_message``), the figure held to its word: not « 300 caractères au plus
    # (301 écrits) » with a plain space.
    with pytest.raises(AgreementRefused) as refused:
        objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=["a" * 301, "Deux"])
    assert refused.value.message == "Objectif 1 : 300\u00a0caractères au plus (ce texte en compte 301)."
    day = day_begun(db, pair, ago=timedelta(days=1), in_progress=False)
    with pytest.raises(AgreementRefused) as refused:
        objectives.report_day(day=day, user=pair.person, done="a" * 3001, next_step="")
    assert refused.value.message == ("« Ce qui a été fait » : 3\u202f000\u00a0caractères au plus "
                                     "(ce texte en compte 3\u202f001).")
    with pytest.raises(AgreementRefused, match="^« Prochaine étape » : 1\u202f000\u00a0caractères au plus"):
        objectives.report_day(day=day, user=pair.person, done="Fait", next_step="a" * 1001)
    _completed(db, pair)
    for name, limit in (("title", 200), ("situation", 5000), ("contacts", 5000)):
        values = {"title": "Titre", "situation": "Situation", "transferred": "Transmis", name: "a" * (limit + 1)}
        with pytest.raises(SheetRefused, match=f"^« [^»]+ » : {number(limit)}\u00a0caractères au plus"):
            experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=values)
    assert db.scalar(select(func.count(ExperienceSheet.id))) == 0


def test_html_is_shown_escaped_on_the_transfer_page_and_the_sheet(client, login, csrf, db, pair):
    post_message(pairing=pair.pairing, author=pair.person, body=f"Bonjour {HTML}", idempotency_key="k" * 24)
    objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=[f"Objectif {HTML}", "Deux"])
    day = day_begun(db, pair, ago=timedelta(days=1), in_progress=False)
    objectives.report_day(day=day, user=pair.person, done=f"Fait {HTML}", next_step=f"Suite {HTML}")
    _completed(db, pair)
    login(pair.facilitator)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(2)&lt;/script&gt;") >= 4  # message, objective, report done and next
    form = client.get(f"/transferts/{pair.pairing.id}/fiche").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', form)
    data = {"csrf_token": next(g for g in token.groups() if g), "title": f"Titre {HTML}",
            "situation": f"Situation {HTML}", "transferred": f"Transmis {HTML}", "worked": HTML, "avoid": HTML,
            "contacts": HTML}
    assert client.post(f"/transferts/{pair.pairing.id}/fiche", data=data).status_code == 302
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    sheet = db.scalars(select(ExperienceSheet)).one()
    assert sheet.published_at is not None
    for url in (f"/experiences/{sheet.id}", "/experiences", f"/transferts/{pair.pairing.id}"):
        shown = client.get(url).get_data(as_text=True)
        assert "<script>alert(2)" not in shown and "<img src=x" not in shown, url
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in shown, url


def test_the_sheet_form_refuses_control_characters_and_huge_texts_in_french(client, login, csrf, db, pair):
    _completed(db, pair)
    login(pair.facilitator)
    token = csrf(f"/transferts/{pair.pairing.id}/fiche")
    base = {"csrf_token": token, "title": "Titre", "situation": "Situation", "transferred": "Transmis"}
    for hostile in ({"title": "Titre\x00"}, {"situation": "S" * 5001}, {"title": "T" * 201}):
        response = client.post(f"/transferts/{pair.pairing.id}/fiche", data={**base, **hostile})
        assert response.status_code == 200  # the form again, with the error beside its field
        page = response.get_data(as_text=True)
        assert "caractères de contrôle" in page or "caractères au plus" in page, hostile
    assert db.scalar(select(func.count(ExperienceSheet.id))) == 0


def test_a_message_with_a_nul_byte_posted_on_the_page_is_refused_in_french(client, login, csrf, db, pair):
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    response = client.post(f"/transferts/{pair.pairing.id}/messages", follow_redirects=True, data={
        "csrf_token": csrf(f"/transferts/{pair.pairing.id}"), "idempotency_key": key, "body": "Bonjour\x00"})
    assert response.status_code in (200, 400)
    assert "contrôle" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(TransferMessage.id))) == 0


def test_a_message_pasted_from_word_keeps_its_line_breaks(db, pair):
    """Walk 6: Word's manual line break (a vertical tab) and page break, pasted into the conversation, a report or
    the experience sheet, are line breaks, not « caractères de contrôle : retirez-les »."""
    message = post_message(pairing=pair.pairing, author=pair.person, idempotency_key="w" * 24,
                           body="Bonjour Claire,\vvoici la grille.\fÀ bientôt")
    assert message.body == "Bonjour Claire,\nvoici la grille.\nÀ bientôt"
    day = day_begun(db, pair, ago=timedelta(days=1), in_progress=False)
    objectives.report_day(day=day, user=pair.person, done="Tour des\vressources", next_step="")
    assert db.get(PairingDay, day.id).report_done == "Tour des\nressources"
    _completed(db, pair)
    sheet = experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values={
        "title": "Titre", "situation": "Un collectif\vde bénévoles", "transferred": "La grille"})
    assert sheet.situation == "Un collectif\nde bénévoles"


def test_the_marks_forcing_a_direction_are_dropped_from_messages_and_objectives(db, pair):
    """A message « Bonjour \\u202eà demain » showed « nimed à » and everything after it on its line backwards."""
    message = post_message(pairing=pair.pairing, author=pair.person, body="Bonjour \u202eà demain\u202c",
                           idempotency_key="k" * 24)
    assert message.body == "Bonjour à demain"
    objectives.set_objectives(pairing=pair.pairing, user=pair.person, texts=["\u2067Un\u2069", "Deux\u202e"])
    assert [o.text for o in objectives.objectives_of(pair.pairing)] == ["Un", "Deux"]
