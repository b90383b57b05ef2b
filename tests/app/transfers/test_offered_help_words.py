"""The last words of the help a resource person offered herself (« Je peux aider »), from each reader's side: the
refusal before validation read by her too, her own offer « Proposé par vous » on her own lists, acceptances counted
under words true of the pole's, and an offer nobody can answer on a pole without facilitator account."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.transfers import services
from app.transfers.reports import breakdown, pairings_csv
from models import OutboxMessage, Pairing, PairingStatus
from tests.app.html_parts import page_text, select_options

pytestmark = pytest.mark.web

S = PairingStatus
CONSOLE = "/organisation/tsf/"


def _logout(client, csrf) -> None:
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})


def test_refusing_her_offer_names_her_among_the_readers(client, csrf, login, db, offered, scene):
    """She is the one refused, and she reads the reason (``step_notices.reached_person``): « que le pôle lira » hid it."""
    login(scene.organiser)
    console = page_text(client.get(CONSOLE))
    assert "Raison du refus, que Sophie Lemaire et le pôle liront (obligatoire)" in console
    assert "que le pôle lira" not in console
    page = page_text(client.get(f"/transferts/{offered.id}"))
    assert "Raison du refus, que Sophie Lemaire et le pôle liront (obligatoire)" in page
    assert "que le pôle lira" not in page
    assert "Valider la proposition" in page and "Valider la demande" not in page  # beside « Refuser la proposition »
    data = {"csrf_token": csrf(CONSOLE), "to": "cancelled", "next": CONSOLE, "note": "Hors de votre région."}
    client.post(f"/transferts/{offered.id}/etape", data=data)
    assert "Proposition refusée : Sophie Lemaire et le pôle en sont prévenus avec votre motif." in page_text(
        client.get(CONSOLE))
    db.expire_all()
    assert db.get(Pairing, offered.id).status is S.CANCELLED


def test_refusing_a_pole_request_still_names_the_pole_alone(client, login, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    db.commit()
    login(scene.organiser)
    assert "Raison du refus, que le pôle lira (obligatoire)" in page_text(client.get(f"/transferts/{pairing.id}"))


def test_her_own_offer_reads_as_hers_on_her_lists_and_as_hers_to_the_others(client, csrf, login, offered, scene):
    login(scene.finance.user)
    for url in ("/mon-espace", "/transferts/", f"/transferts/{offered.id}"):
        page = client.get(url).get_data(as_text=True)
        assert '<span class="status status-requested">Proposé par vous</span>' in page, url
        assert "Proposé par la personne ressource" not in page, url
    _logout(client, csrf)
    login(scene.facilitator)
    page = client.get(f"/transferts/{offered.id}").get_data(as_text=True)
    assert '<span class="status status-requested">Proposé par la personne ressource</span>' in page
    assert "Proposé par vous" not in page


def test_an_acceptance_by_the_pole_is_not_counted_as_the_person_s(client, login, db, offered, scene):
    """One acceptance of each kind: counted together (the count stays), under words true of both."""
    services.transition(offered, S.VALIDATED, actor=scene.organiser)
    services.transition(offered, S.ACCEPTED, actor=scene.facilitator)
    db.add(Pairing(need=scene.food_need, resource_person=scene.food, status=S.ACCEPTED))
    db.commit()
    pairings = list(db.query(Pairing).order_by(Pairing.id))
    assert ("Accepté", 2) in breakdown(pairings).by_status
    assert all("personne ressource" not in label for label, _ in breakdown(pairings).by_status)
    rows = list(csv.reader(io.StringIO(pairings_csv(pairings).lstrip("\ufeff")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["Accepté", "Accepté par la personne ressource"]
    login(scene.organiser)
    by_status = page_text(client.get("/organisation/suivi")).split("<caption>Par statut</caption>")[1].split(
        "</table>")[0]
    assert '<th scope="row">Accepté</th><td>2</td>' in by_status
    assert "personne ressource" not in by_status
    assert "Accepté par la personne ressource" not in select_options(
        client.get("/organisation/suivi").get_data(as_text=True), "status")


def test_an_offer_on_a_pole_without_facilitator_says_it_will_only_expire(client, csrf, login, db, offered, scene):
    scene.facilitator.is_active = False
    db.commit()
    login(scene.finance.user)
    mine = page_text(client.get(f"/transferts/{offered.id}"))
    assert ("Aucun compte d'animation n'est plus rattaché au Pôle des Coteaux sur Entrepairs : personne ne peut y "
            "accepter ou décliner cette aide, et aucun e-mail ne parvient au pôle ; même validée, cette proposition "
            "expirera sans réponse. Vous pouvez contacter le pôle directement, ou retirer votre proposition.") in mine
    assert "Une fois validée, elle est transmise" not in mine  # the usual « what next » would deny it
    _logout(client, csrf)
    services.transition(offered, S.VALIDATED, actor=scene.organiser)
    db.commit()
    login(scene.organiser)
    theirs = page_text(client.get(f"/transferts/{offered.id}"))
    assert "personne ne peut y accepter ou décliner cette aide" in theirs
    assert "sans réponse, cette proposition expirera le " in theirs
    assert "L'administration peut rattacher un nouveau compte d'animation au pôle." in theirs
    assert "retirer votre proposition" not in theirs
    assert "En attente de la réponse du Pôle des Coteaux" not in theirs


def test_an_offer_on_a_pole_with_a_facilitator_says_nothing_of_it(client, login, offered, scene):
    login(scene.finance.user)
    assert "Aucun compte d'animation" not in page_text(client.get(f"/transferts/{offered.id}"))


def test_the_region_lists_her_offer_as_hers_and_counts_acceptances_in_words_true_of_both(client, login, db,
                                                                                         offered, scene):
    """The region's rows are read without loading pairings: her offer still reads as hers there, not « Demandé par
    le pôle »; its counts say neither « demandé par le pôle » of her offer nor « par la personne ressource » of the
    pole's acceptance."""
    login(scene.organiser)
    region = scene.pole.region_code
    page = page_text(client.get(f"/organisation/region/{region}"))
    assert 'data-label="Statut">Proposé par la personne ressource</td>' in page
    assert "<strong>1</strong> à valider par l'équipe d'animation<" in page
    assert "demandé par le pôle" not in page.lower()
    services.transition(offered, S.VALIDATED, actor=scene.organiser)
    services.transition(offered, S.ACCEPTED, actor=scene.facilitator)
    db.commit()
    page = page_text(client.get(f"/organisation/region/{region}"))
    assert "<strong>1</strong> accepté<" in page and "acceptée par la personne ressource" not in page
    assert 'data-label="Statut">Accepté</td>' in page


def test_the_console_s_count_of_requests_says_it_counts_her_offer(client, login, offered, scene):
    """Her offer is one of the rows the heading counts: « Demandes des pôles à valider (1) » said the pole asked, and
    the column « Personne demandée » that she was asked."""
    login(scene.organiser)
    console = page_text(client.get(CONSOLE))
    assert "Demandes des pôles et propositions d'aide à valider (1)" in console
    assert "Personne demandée" not in console


def test_the_reminder_of_her_offer_does_not_say_the_pole_asked(app, db, offered, scene):
    """The reminder of an offer waiting for its validation said « (étape : demandé par le pôle) » to the organisers:
    it says the step as the pages do (``status_words``)."""
    app.config.update(REQUEST_EXPIRY_DAYS=21, REQUEST_REMINDER_DAYS_BEFORE=7)
    assert services.remind_pending_requests(now=offered.status_changed_at + timedelta(days=15)) >= 1
    reminder = db.scalar(select(OutboxMessage.body).where(
        OutboxMessage.key.endswith(f":requested:reminder:user:{scene.organiser.id}")))
    assert "attend votre réponse (étape : proposé par la personne ressource)." in reminder
