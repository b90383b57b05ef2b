"""The pages of a lawyer's afternoons: close, cancel with a reason, reopen; the pole's notice; who may."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.legal import closing, services
from app.templating import format_time
from app.typography import french_spacing
from tests.app.html_parts import buttons, page_html
from models import Booking, BookingStatus, Meeting, MeetingStatus, Organisation, OrganisationKind, Role, utcnow

pytestmark = pytest.mark.web
QUESTION = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"
REASON = "Audience imprévue au tribunal ce jour-là."


@pytest.fixture
def afternoon(make_user, make_pole, make_lawyer, make_slot):
    """A lawyer's afternoon of three slots, the second booked by a pole's facilitator."""
    lawyer = make_lawyer()
    start = (utcnow() + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0)
    slots = [make_slot(lawyer, starts_at=start + timedelta(minutes=45 * i)) for i in range(3)]
    facilitator = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"))
    booking = services.book_slot(slot_id=slots[1].id, booker=facilitator, question=QUESTION,
                                 idempotency_key=services.new_idempotency_key()).booking
    return lawyer, slots, facilitator, booking


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_the_lawyer_closes_a_free_slot_from_her_page(client, login, db, afternoon):
    lawyer, slots, _, _ = afternoon
    login(lawyer.user)
    html = page_html(client.get("/juri-ptce/mes-creneaux"))
    assert "Fermer tout l'après-midi" in html and "Annuler ce rendez-vous" in html
    assert f'action="/juri-ptce/creneaux/{slots[0].id}/fermer"' in html
    response = client.post(f"/juri-ptce/creneaux/{slots[0].id}/fermer", data={"csrf_token": _token(html)},
                           follow_redirects=True)
    page = page_html(response)
    assert "Créneau fermé\u00a0: il n&#39;est plus proposé aux pôles." in page
    assert "Rouvrir ce créneau" in page
    assert db.get(Meeting, slots[0].session_id).status is MeetingStatus.CANCELLED


def test_cancelling_a_booked_slot_asks_the_reason_then_tells_the_pole(client, login, db, afternoon):
    lawyer, slots, facilitator, booking = afternoon
    login(lawyer.user)
    url = f"/juri-ptce/creneaux/{slots[1].id}/fermer"
    form = page_html(client.get(url))
    assert "Annuler ce rendez-vous\u00a0?" in form and french_spacing(QUESTION) in form and "Motif, transmis au pôle" in form
    refused = client.post(url, data={"csrf_token": _token(form), "reason": ""})
    assert refused.status_code == 200
    assert "Écrivez le motif de l&#39;annulation" in page_html(refused)
    assert db.get(Booking, booking.id).status is BookingStatus.CONFIRMED
    done = client.post(url, data={"csrf_token": _token(form), "reason": REASON}, follow_redirects=True)
    assert "1\u00a0rendez-vous annulé\u00a0: le pôle concerné est prévenu par e-mail." in page_html(done)
    db.expire_all()
    assert db.get(Booking, booking.id).closing_reason == REASON


def test_the_pole_reads_the_reason_and_books_again_with_its_question(client, login, db, afternoon):
    lawyer, slots, facilitator, booking = afternoon
    closing.close_afternoon(lawyer=lawyer, day=closing.local_day(slots[0]), by=lawyer.user, reason=REASON)
    login(facilitator)
    html = page_html(client.get("/juri-ptce/mes-rendez-vous"))
    assert "Annulé (créneau fermé)" in html
    assert f"{lawyer.user.display_name} ne pourra pas assurer ce créneau\u00a0: votre rendez-vous est annulé." in html
    assert f"Motif\u00a0: {REASON}" in html
    assert f'href="/juri-ptce/rendez-vous/{booking.id}/reprendre"' in html
    again = client.get(f"/juri-ptce/rendez-vous/{booking.id}/reprendre")
    assert again.status_code == 302 and "/juri-ptce/?question=" in again.headers["Location"]
    proposal = page_html(client.get(again.headers["Location"]))
    assert "Avocat·es et créneaux libres" in proposal and QUESTION in proposal


def test_closing_the_afternoon_page_lists_what_it_will_do(client, login, afternoon):
    lawyer, slots, _, _ = afternoon
    login(lawyer.user)
    day = closing.local_day(slots[0]).isoformat()
    html = page_html(client.get(f"/juri-ptce/avocats/{lawyer.id}/apres-midi/{day}/fermer"))
    assert "3\u00a0créneaux à venir seront fermés" in html and "Pôle des Coteaux" in html
    assert "Obligatoire\u00a0: un pôle a réservé." in html


def test_someone_else_may_not_close_the_slot_nor_take_the_pole_question(client, login, make_user, make_lawyer,
                                                                         afternoon):
    lawyer, slots, facilitator, booking = afternoon
    login(make_lawyer("travail").user)
    assert client.get(f"/juri-ptce/creneaux/{slots[1].id}/fermer").status_code == 403
    assert client.get(f"/juri-ptce/avocats/{lawyer.id}/creneaux").status_code == 403
    assert client.get(f"/juri-ptce/rendez-vous/{booking.id}/reprendre").status_code == 404


def test_the_organisers_who_run_juri_ptce_manage_any_lawyer(client, login, db, make_user, afternoon):
    lawyer, slots, _, booking = afternoon
    cra, coorace = Organisation(kind=OrganisationKind.CRA, name="CRA", region_code="84"), \
        Organisation(kind=OrganisationKind.COORACE, name="Coorace")
    regional, national = make_user(Role.ORGANISER, region_code="84"), make_user(Role.ORGANISER)
    regional.organisation, national.organisation = cra, coorace
    db.commit()
    login(regional)
    assert client.get(f"/juri-ptce/avocats/{lawyer.id}/creneaux").status_code == 403
    overview = page_html(client.get("/organisation/avocats"))
    assert lawyer.user.display_name in overview and "/creneaux\"" not in overview
    client.post("/compte/deconnexion", data={"csrf_token": _token(overview)})
    login(national)
    overview = page_html(client.get("/organisation/avocats"))
    assert f'href="/juri-ptce/avocats/{lawyer.id}/creneaux"' in overview
    page = page_html(client.get(f"/juri-ptce/avocats/{lawyer.id}/creneaux"))
    assert f"Créneaux Juri-PTCE de {lawyer.user.display_name}" in page and "Fermer tout l'après-midi" in page
    url = f"/juri-ptce/creneaux/{slots[1].id}/fermer"
    form = page_html(client.get(url))
    # The lawyer is a known person: named, not « l'avocat·e l'est aussi ».
    assert f"{lawyer.user.display_name} l'est aussi" in form and "avocat·e l'est" not in form
    done = client.post(url, data={"csrf_token": _token(form), "reason": REASON})
    assert done.headers["Location"] == f"/juri-ptce/avocats/{lawyer.id}/creneaux"
    reopen = client.post(f"/juri-ptce/creneaux/{slots[1].id}/rouvrir", data={"csrf_token": _token(page)},
                         follow_redirects=True)
    assert "Créneau rouvert" in page_html(reopen)
    db.expire_all()
    assert db.get(Meeting, slots[1].session_id).status is MeetingStatus.SCHEDULED
    assert db.get(Booking, booking.id).status is BookingStatus.CANCELLED



def test_each_slot_button_says_which_slot_it_acts_on(client, login, afternoon):
    """Listed out of their cards (a screen reader's list of buttons), the buttons are not all « Fermer ce
    créneau »: each one's name, and the question asked before closing, says the slot's day and hour."""
    lawyer, slots, _, _ = afternoon
    login(lawyer.user)
    html = page_html(client.get("/juri-ptce/mes-creneaux"))
    closers = [b for b in buttons(html) if b.text.startswith("Fermer ce créneau")]
    assert len(closers) == 2
    for found, slot in zip(closers, (slots[0], slots[2]), strict=True):
        hour = format_time(slot.starts_at, "Europe/Paris")
        assert found.text.startswith("Fermer ce créneau du ") and found.text.endswith(f" à {' '.join(hour.split())}")
        assert found.attrs["data-confirm"].startswith("Fermer le créneau du ")
        assert found.attrs["data-confirm-label"] == "Fermer ce créneau"  # the dialog's button: short, the question says which
        assert f" à {hour}\u00a0? Il ne sera plus proposé" in found.attrs["data-confirm"]
    booked = re.search(r'>Annuler ce rendez-vous<span class="visually-hidden"> ([^<]+)</span>', html).group(1)
    assert booked.endswith(f" à {format_time(slots[1].starts_at, 'Europe/Paris')}")


def test_the_slots_page_of_a_lawyer_named_with_a_vowel_or_mute_h_elides_de(client, login, db, make_user,
                                                                          make_lawyer, make_slot):
    """« Créneaux Juri-PTCE d'Hélène Marquet-Rivière », never « de Hélène »."""
    lawyer = make_lawyer(user=make_user(Role.LAWYER, name="Hélène Marquet-Rivière"))
    make_slot(lawyer)
    national = make_user(Role.ORGANISER)
    national.organisation = Organisation(kind=OrganisationKind.COORACE, name="Coorace")
    db.commit()
    login(national)
    page = page_html(client.get(f"/juri-ptce/avocats/{lawyer.id}/creneaux"))
    assert "Créneaux Juri-PTCE d&#39;Hélène Marquet-Rivière" in page and "de Hélène" not in page
    overview = page_html(client.get("/organisation/avocats"))
    assert "d&#39;Hélène Marquet-Rivière</span>" in overview


def test_the_closing_message_agrees_with_how_many_poles_are_told():
    """Walk 3: « chaque pôle concerné » was said when one pole had booked."""
    from app.legal.closing import ClosingReport
    from app.legal.closing_views import _closed_message

    assert _closed_message(ClosingReport(closed=4, appointments=1, waitlisted=0)).endswith(
        "1\u00a0rendez-vous annulé : le pôle concerné est prévenu par e-mail.")
    assert _closed_message(ClosingReport(closed=4, appointments=2, waitlisted=1)).endswith(
        "et 1\u00a0place en liste d'attente annulée : chaque pôle concerné est prévenu par e-mail.")


def test_the_lawyer_reopens_a_whole_afternoon_from_her_page(client, login, db, afternoon):
    lawyer, slots, _, _ = afternoon
    closing.close_afternoon(lawyer=lawyer, day=closing.local_day(slots[0]), by=lawyer.user, reason=REASON)
    login(lawyer.user)
    html = page_html(client.get("/juri-ptce/mes-creneaux"))
    day = closing.local_day(slots[0]).isoformat()
    assert f'action="/juri-ptce/avocats/{lawyer.id}/apres-midi/{day}/rouvrir"' in html
    assert "Rouvrir tout l&#39;après-midi" in html or "Rouvrir tout l'après-midi" in html
    done = page_html(client.post(f"/juri-ptce/avocats/{lawyer.id}/apres-midi/{day}/rouvrir", data={"csrf_token": _token(html)},
                       follow_redirects=True))
    assert "3\u00a0créneaux rouverts\u00a0: ils sont de nouveau proposés aux pôles." in done
    db.expire_all()
    assert all(db.get(Meeting, s.session_id).status is MeetingStatus.SCHEDULED for s in slots)
    assert "Rouvrir tout l" not in done


# The close form's « Motif »: marked required, with ``aria-required``, exactly when a pole booked.

def _reason_field(page: str) -> tuple[str, str] | None:
    """The reason's label and textarea tags, or None when the page does not ask it."""
    label = re.search(r'<label class="label" for="reason">.*?</label>', page, re.S)
    textarea = re.search(r'<textarea[^>]*name="reason"[^>]*>', page)
    if label is None and textarea is None:
        return None
    return label.group(0), textarea.group(0)


def test_booked_slot_marks_the_reason_required(client, login, afternoon):
    lawyer, slots, _, _ = afternoon
    login(lawyer.user)
    url = f"/juri-ptce/creneaux/{slots[1].id}/fermer"
    page = page_html(client.get(url))
    label, textarea = _reason_field(page)
    assert '<span class="required" aria-hidden="true">*</span>' in label
    assert 'aria-required="true"' in textarea
    # Sent without it: refused, and the field still says it is required.
    label, textarea = _reason_field(client.post(url, data={"csrf_token": _token(page), "reason": ""})
                                    .get_data(as_text=True))
    assert 'class="required"' in label and 'aria-required="true"' in textarea


def test_afternoon_with_a_booking_marks_it_required_a_free_slot_does_not_ask(client, login, afternoon):
    lawyer, slots, _, _ = afternoon
    login(lawyer.user)
    day = slots[0].starts_at.date().isoformat()
    label, textarea = _reason_field(client.get(f"/juri-ptce/avocats/{lawyer.id}/apres-midi/{day}/fermer")
                                    .get_data(as_text=True))
    assert 'class="required"' in label and 'aria-required="true"' in textarea
    free = page_html(client.get(f"/juri-ptce/creneaux/{slots[0].id}/fermer"))
    assert _reason_field(free) is None and "aria-required" not in free


def _title(page: str) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))


def test_each_closing_page_has_its_own_title(client, login, db, make_user, make_lawyer, make_slot, afternoon):
    """The crawl: two lawyers' same afternoon, or two slots, shared one title (« Fermer ce créneau »), so a screen
    reader's tabs and the history could not tell them apart."""
    lawyer, slots, _, _ = afternoon
    other = make_lawyer("fiscalite")
    make_slot(other, starts_at=slots[0].starts_at)
    national = make_user(Role.ORGANISER)
    national.organisation = Organisation(kind=OrganisationKind.COORACE, name="Coorace")
    db.commit()
    login(national)
    day = closing.local_day(slots[0]).isoformat()
    titles = {_title(page_html(client.get(f"/juri-ptce/avocats/{who.id}/apres-midi/{day}/fermer")))
              for who in (lawyer, other)}
    assert len(titles) == 2 and all(f" — {who.user.display_name} — Entrepairs" in " ".join(titles)
                                    for who in (lawyer, other))
    client.post("/compte/deconnexion", data={"csrf_token": _token(page_html(client.get("/mon-espace")))})
    login(lawyer.user)
    own = [_title(page_html(client.get(f"/juri-ptce/creneaux/{slot.id}/fermer"))) for slot in slots[:2]]
    assert own[0] != own[1] and not any(lawyer.user.display_name in title for title in own)
