"""« Annuler l'inscription » on the page of those registered: a confirmation naming the person, a French flash, the
row then « Désinscrit·e par l'organisation »; gone once the session has begun; a CRA of another region never
reaches it."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from app.agenda import services
from models import RegistrationStatus, Role, utcnow
from tests.app.agenda.held import set_slots_at


def _page(client, session_id: int) -> str:
    return html.unescape(client.get(f"/organisation/agenda/{session_id}/presences").get_data(as_text=True))


def test_the_organiser_cancels_a_registration_from_the_page(client, db, login, csrf, publish, organiser, make_user,
                                                            make_pole):
    session = publish(capacity=1)
    seated = make_user(Role.FACILITATOR, pole=make_pole(), name="Aline Assise")
    waiting = make_user(Role.FACILITATOR, pole=make_pole(), name="Bruno Attend")
    registration = services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    login(organiser)
    page = _page(client, session.id)
    action = f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation"
    assert f'action="{action}"' in page
    # French elides « de » before a vowel: « d'Aline », never « de Aline » (confirmation, button and flash)
    assert "Annuler l'inscription d'Aline Assise à «\u00a0Modèles socio-économiques des PTCE\u00a0»\u00a0?" in page
    assert "Annuler l'inscription<span class=\"visually-hidden\"> d'Aline Assise</span>" in page
    assert "de Aline" not in page
    assert "Annuler la place en liste d'attente de Bruno Attend" in page

    token = csrf(f"/organisation/agenda/{session.id}/presences")
    response = client.post(action, data={"csrf_token": token, "reason": "Malade, a appelé ce matin."},
                           follow_redirects=True)

    page = re.sub(r"<[^>]+>", "", html.unescape(response.get_data(as_text=True)))  # « e-mail » kept on one line
    assert "L'inscription d'Aline Assise est annulée et sa place libérée\u00a0: un e-mail l'en informe." in page
    assert "Désinscrit·e par l'organisation" in page
    csv = client.get(f"/organisation/agenda/{session.id}/inscriptions.csv").get_data(as_text=True)
    assert "Désinscrit·e par l'organisation" in csv  # the spreadsheet says it as the page does
    db.expire_all()
    assert registration.status is RegistrationStatus.CANCELLED
    assert services.registered_count(session.id) == 1  # Bruno took the seat

    again = client.post(action, data={"csrf_token": token}, follow_redirects=True)
    assert "Cette inscription est déjà annulée." in html.unescape(again.get_data(as_text=True))
    waiting_row = services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole(),
                                                                         name="Chloé Après"))
    response = client.post(f"/organisation/agenda/{session.id}/inscriptions/{waiting_row.id}/annulation",
                           data={"csrf_token": token}, follow_redirects=True)
    page = re.sub(r"<[^>]+>", "", html.unescape(response.get_data(as_text=True)))
    assert "Chloé Après ne figure plus sur la liste d'attente\u00a0: un e-mail l'en informe." in page


def test_once_the_session_has_begun_nothing_is_offered_and_a_post_is_refused(client, db, login, csrf, publish,
                                                                             organiser, facilitator):
    session = publish()
    registration = services.register(session_id=session.id, user=facilitator)
    login(organiser)
    token = csrf(f"/organisation/agenda/{session.id}/presences")
    set_slots_at(db, session, utcnow() - timedelta(minutes=10))

    assert "Annuler l'inscription" not in _page(client, session.id)
    response = client.post(f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "La session a commencé\u00a0: l'inscription ne peut plus être annulée." in html.unescape(
        response.get_data(as_text=True))
    db.expire_all()
    assert registration.status is RegistrationStatus.REGISTERED


def test_a_cra_of_another_region_is_refused(client, db, login, csrf, make_user, publish, facilitator):
    cra = make_user(Role.ORGANISER, region_code="84")
    session = publish(by=cra)
    registration = services.register(session_id=session.id, user=facilitator)
    other = make_user(Role.ORGANISER, region_code="76")
    login(other)
    token = csrf("/organisation/agenda/nouvelle")

    response = client.post(f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation",
                           data={"csrf_token": token})

    assert response.status_code in (403, 404)
    db.expire_all()
    assert registration.status is RegistrationStatus.REGISTERED


def test_a_reason_too_long_comes_back_beside_its_field_with_what_was_typed(client, db, login, csrf, publish,
                                                                          organiser, facilitator):
    """Walk of the organisers: a reason over 400 characters was refused by a banner after a redirect, and the text
    typed was lost. The page comes back with that person's form open, the error beside the reason, the text kept."""
    session = publish()
    registration = services.register(session_id=session.id, user=facilitator)
    login(organiser)
    url = f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation"
    typed = "Malade <depuis> lundi, a appelé ce matin. " * 10  # 420 characters, 419 once stripped
    response = client.post(url, data={"csrf_token": csrf(f"/organisation/agenda/{session.id}/presences"),
                                      "reason": typed})

    assert response.status_code == 200  # not a redirect: the page again
    page = html.unescape(response.get_data(as_text=True))
    said = "400\u00a0caractères au plus (ce texte en compte 419)."
    assert f'<a href="#motif-{registration.id}">Motif\u00a0: {said}</a>' in page  # the summary leads to the field
    beside = page[page.index(f'id="motif-{registration.id}-erreur"'):]
    assert beside.startswith(f'id="motif-{registration.id}-erreur">{said}</p>')
    textarea = re.search(rf'<textarea id="motif-{registration.id}"[^>]*>([^<]*)</textarea>',
                         response.get_data(as_text=True))
    assert textarea and html.unescape(textarea.group(1)) == typed.strip()
    assert f'aria-describedby="motif-{registration.id}-aide motif-{registration.id}-erreur"' in textarea.group(0)
    assert 'aria-invalid="true"' in textarea.group(0)
    assert "<details open><summary>Annuler l'inscription" in page
    db.expire_all()
    assert registration.status is RegistrationStatus.REGISTERED


def test_a_reason_with_a_control_character_comes_back_too(client, db, login, csrf, publish, organiser, facilitator):
    session = publish()
    registration = services.register(session_id=session.id, user=facilitator)
    login(organiser)
    response = client.post(f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation",
                           data={"csrf_token": csrf(f"/organisation/agenda/{session.id}/presences"),
                                 "reason": "a\x00b"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and "Le formulaire contient une erreur" in page
    assert f'id="motif-{registration.id}-erreur"' in page
    db.expire_all()
    assert registration.status is RegistrationStatus.REGISTERED


def test_once_begun_a_reason_refused_is_said_by_a_banner(client, db, login, csrf, publish, organiser, facilitator):
    """The session began meanwhile: no form to show again, the page says why (as any refusal of a begun session)."""
    session = publish()
    registration = services.register(session_id=session.id, user=facilitator)
    login(organiser)
    token = csrf(f"/organisation/agenda/{session.id}/presences")
    set_slots_at(db, session, utcnow() - timedelta(minutes=10))
    response = client.post(f"/organisation/agenda/{session.id}/inscriptions/{registration.id}/annulation",
                           data={"csrf_token": token, "reason": "é" * 500}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert "flash-error" in page and "Motif" in page
    db.expire_all()
    assert registration.status is RegistrationStatus.REGISTERED
