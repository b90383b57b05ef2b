"""A transfer day that cannot be planned comes back as typed, its errors in French beside the fields (walk of 6
December 2026: « La journée n'est pas planifiée : Lieu : Ce texte contient… » in a notice at the top of the page,
and the form emptied by the redirection)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from app.transfers import services
from models import PairingStatus

pytestmark = pytest.mark.web


def test_a_day_refused_comes_back_as_typed_with_its_errors_in_french(client, login, csrf, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    day = (date.today() + timedelta(days=20)).isoformat()
    response = client.post(f"{url}/journees", data={
        "csrf_token": csrf(url), "day": day, "start": "09:30", "end": "16:00", "label": "Visite du chantier",
        "location": "Salle\x1bdes fêtes"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert "Lieu\u00a0: ce texte contient des caractères invisibles" in page
    assert "Lieu\u00a0: Ce texte" not in page
    assert 'value="Visite du chantier"' in page and f'value="{day}"' in page  # what was typed is kept


def test_an_end_before_the_start_is_said_with_the_other_errors(client, login, csrf, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    page = html.unescape(client.post(f"{url}/journees", data={
        "csrf_token": csrf(url), "day": (date.today() + timedelta(days=20)).isoformat(), "start": "09:30",
        "end": "08:00", "location": "Salle\x1bdes fêtes"}).get_data(as_text=True))
    assert page.count('<li><a href="#') == 2  # both in the summary, at once
    assert "Fin\u00a0: la fin de la journée doit suivre son début." in page


def _accepted_page(services_, scene, login, csrf):
    pairing = services_.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services_.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    return pairing, url, csrf(url)


def test_a_past_date_is_said_beside_the_date_unless_the_day_was_held(client, login, csrf, scene, db):
    """« 2025 » typed for « 2026 » planned a day nobody would be reminded of, without a word (walk of 6 December
    2026); a pair recording a day already held ticks « Cette journée a déjà eu lieu »."""
    pairing, url, token = _accepted_page(services, scene, login, csrf)
    past = (date.today() - timedelta(days=300)).isoformat()
    response = client.post(f"{url}/journees", data={"csrf_token": token, "day": past, "start": "09:30", "end": "16:00"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Date\u00a0: cette date est passée" in page
    assert f'value="{past}"' in page
    assert not pairing.days
    response = client.post(f"{url}/journees", data={
        "csrf_token": token, "day": past, "start": "09:30", "end": "16:00", "already_held": "y"})
    assert response.status_code == 302
    shown = html.unescape(client.get(url).get_data(as_text=True))
    assert "La journée déjà tenue est enregistrée" in shown
    assert "(passée)" in shown and "Ajouter à mon agenda" not in shown  # a day over goes in no calendar
    db.expire_all()
    assert len(pairing.days) == 1


def test_a_date_years_away_or_a_day_to_come_said_held_is_refused(client, login, csrf, scene):
    pairing, url, token = _accepted_page(services, scene, login, csrf)
    far = date.today().replace(year=date.today().year + 3).isoformat()
    page = html.unescape(client.post(f"{url}/journees", data={
        "csrf_token": token, "day": far, "start": "09:30", "end": "16:00"}).get_data(as_text=True))
    assert "Date\u00a0: cette date est dans plus de deux ans\u00a0: vérifiez l'année." in page
    soon = (date.today() + timedelta(days=10)).isoformat()
    page = html.unescape(client.post(f"{url}/journees", data={
        "csrf_token": token, "day": soon, "start": "09:30", "end": "16:00", "already_held": "y"}).get_data(as_text=True))
    assert "cette journée n'a pas encore eu lieu" in page
    assert not pairing.days



def test_a_date_that_does_not_exist_is_said_so_and_shown_back(client, login, csrf, scene):
    """« 31/02/2027 » typed in Chromium's date boxes reached the server empty: « Indiquez la date », the box
    emptied (walk of 6 December 2026). The date is typed in a text box the server reads."""
    pairing, url, token = _accepted_page(services, scene, login, csrf)
    box = re.search(r'<input[^>]*id="day"[^>]*>', client.get(url).get_data(as_text=True)).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box
    response = client.post(f"{url}/journees", data={"csrf_token": token, "day": "31/02/2027", "start": "09:30",
                                                      "end": "16:00"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Date\u00a0: le 31\u00a0février 2027 n'existe pas\u00a0: vérifiez le jour et le mois." in page
    assert 'value="31/02/2027"' in page
    assert not pairing.days


def test_a_day_typed_as_french_writes_it_is_planned(client, login, csrf, scene, db):
    pairing, url, token = _accepted_page(services, scene, login, csrf)
    day = date.today() + timedelta(days=20)
    response = client.post(f"{url}/journees", data={"csrf_token": token, "day": day.strftime("%d/%m/%Y"),
                                                      "start": "09:30", "end": "16:00"})
    assert response.status_code == 302
    db.expire_all()
    assert len(pairing.days) == 1
