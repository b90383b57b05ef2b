"""Before deactivating an account, the administrator reads which transfers, consultations and meetings still
count on it — named and linked, not only counted — to know whom to warn (walk 5)."""

from __future__ import annotations

from datetime import timedelta

from app.legal import services as legal
from app.transfers import services as transfers
from models import Need, NeedKind, PairingStatus, Role, utcnow
from tests.app.html_parts import page_html
from tests.app.page_walk import visible_text


def _read(response) -> tuple[str, str]:
    html = page_html(response)
    return html, " ".join(visible_text(html).replace("\u00a0", " ").split())


def test_a_resource_persons_open_transfer_and_its_days_are_named_with_their_pages(
        db, as_admin, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Awa Animatrice")
    organiser = make_user(Role.ORGANISER, name="Olivier Organisateur")
    person = make_resource_person(capacity=4)
    need = Need(pole=pole, author=facilitator, title="Mutualiser un poste de coordination",
                text="Structurer la coopération.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    pairing = transfers.propose_pairing(need=need, person=person, organiser=organiser)
    transfers.transition(pairing, PairingStatus.ACCEPTED, actor=person.user)
    start = (utcnow() + timedelta(days=10)).replace(hour=8, minute=30, second=0, microsecond=0)
    transfers.plan_day(pairing, actor=facilitator, day=transfers.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=7), timezone="Europe/Paris", location="Angers"))

    response = as_admin.get(f"/admin/comptes/{person.user.id}")
    html, text = _read(response)
    assert "1 transfert ouvert comme personne ressource" in text
    assert "Mutualiser un poste de coordination (Pôle des Coteaux) — Planifié" in text
    assert f'href="/transferts/{pairing.id}"' in html
    assert "Journée de transfert : Mutualiser un poste de coordination (Pôle des Coteaux)" in text


def test_a_lawyers_consultation_names_the_booker_and_leads_to_her_slots(
        db, as_admin, make_user, make_pole, make_lawyer, make_slot):
    facilitator = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"), name="Awa Animatrice")
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    legal.book_slot(slot_id=slot.id, booker=facilitator, question="Faut-il une convention d'occupation ?",
                    idempotency_key=legal.new_idempotency_key())

    html, text = _read(as_admin.get(f"/admin/comptes/{lawyer.user.id}"))
    assert "1 créneau Juri-PTCE à venir" in text and "Dont 1 consultation réservée" in text
    assert "Consultation Juri-PTCE (avec Awa Animatrice, Pôle des Coteaux)" in text
    assert f'href="/juri-ptce/avocats/{lawyer.id}/creneaux"' in html

    _, booker = _read(as_admin.get(f"/admin/comptes/{facilitator.id}"))
    assert f"Rendez-vous Juri-PTCE (avec {lawyer.user.display_name}, confirmé)" in booker
