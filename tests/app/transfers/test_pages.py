"""What people read: a full resource person's page, a planned day's mail and calendar file, a refused
request's reason, exclusions chosen by names, the follow-up's filters."""

from __future__ import annotations

import html
import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.transfers import services
from models import ForbiddenPair, OutboxMessage, Pairing, PairingStatus, utcnow

pytestmark = pytest.mark.web
S = PairingStatus


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_full_resource_person_reads_why_and_still_sees_the_needs(client, login, db, scene):
    finance = scene.finance  # capacity 1
    services.propose_pairing(need=scene.food_need, person=finance, organiser=scene.organiser)
    login(finance.user)
    page = _text(client.get(f"/personnes-ressources/{finance.id}"))
    assert "Votre transfert de l'année est engagé" in page
    assert scene.finance_need.title in page and "Aucun besoin ouvert ne correspond" not in page
    assert "Encore 0\u00a0transfert" not in page
    # shown for information: no message box nor button that would then be refused, and the why once
    assert "Je peux aider" not in page and "Votre message au pôle" not in page
    assert page.count("vous ne pouvez pas proposer votre aide cette année") == 1


def test_the_note_says_plural_for_a_capacity_of_two(db, scene):
    food = scene.food  # capacity 2
    assert services.capacity_note(food) is None
    services.propose_pairing(need=scene.finance_need, person=food, organiser=scene.organiser)
    assert services.capacity_note(food) is None
    db.add(Pairing(need=scene.food_need, resource_person=food, status=S.ACCEPTED))  # another transfer
    db.commit()
    # the statuses counted, in the words of the transfer pages (an accepted transfer reads « accepté »)
    assert services.capacity_note(food).startswith(
        "Vos 2\u00a0transferts de l'année sont engagés (proposés, validés, acceptés, planifiés, en cours ou terminés)")
    assert services.capacity_note(food, reader_is_person=False).startswith(
        f"Les 2\u00a0transferts de l'année de {food.user.display_name} sont engagés")


def test_a_capacity_lowered_below_the_transfers_engaged_says_how_many_are(db, scene):
    """Walk 5: two transfers engaged, the capacity set to 1 — the page said « Votre transfert de l'année est
    engagé »."""
    food = scene.food
    services.propose_pairing(need=scene.finance_need, person=food, organiser=scene.organiser)
    db.add(Pairing(need=scene.food_need, resource_person=food, status=S.ACCEPTED))
    food.yearly_capacity = 1
    db.commit()
    assert services.capacity_note(food).startswith(
        "Vos 2\u00a0transferts de l'année sont engagés (proposés, validés, acceptés, planifiés, en cours ou terminés), "
        "pour 1 par an : vous ne pouvez pas")


def _planned(scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    start = (utcnow() + timedelta(days=10)).replace(hour=8, minute=30, second=0, microsecond=0)
    services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=7), timezone="Europe/Paris",
        location="Maison de l'ESS, Angers", label="Diagnostic"))
    return pairing


def test_the_planned_mail_gives_date_time_place_and_an_ics(db, scene):
    pairing = _planned(scene)
    facilitator = scene.facilitator
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.key == f"pairing:{pairing.id}:planned:user:{facilitator.id}"))
    assert "Lieu : Maison de l'ESS, Angers" in mail.body and "(heure de Paris)" in mail.body
    start = pairing.days[0].session.starts_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris"))
    assert f"de\u00a0{start.hour}\u00a0h\u00a030 à\u00a0{start.hour + 7}\u00a0h\u00a030 (heure de Paris)" in mail.body, mail.body
    assert mail.attachment_type == "text/calendar" and mail.attachment_name.endswith(".ics")
    calendar = Calendar.from_ical(mail.attachment_data)
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    assert calendar["method"] == "REQUEST" and "organizer" in event
    attendees = event.get("attendee")
    assert {str(a) for a in attendees} == {f"mailto:{facilitator.email}", f"mailto:{scene.finance.user.email}"}


def test_a_second_day_is_told_with_its_own_ics(db, scene):
    pairing = _planned(scene)
    start = utcnow().replace(microsecond=0) + timedelta(days=20)
    services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=3), timezone="Europe/Paris",
        video_url="https://visio.example.org/tsf"))
    day = pairing.days[1]
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:day:{day.session_id}:user:{scene.finance.user.id}"))
    assert "Journée 2" in mail.body and "Visioconférence : https://visio.example.org/tsf" in mail.body
    assert mail.attachment_data and b"METHOD:REQUEST" in mail.attachment_data


def test_the_transfer_page_links_each_day_to_the_calendar(client, login, db, scene, make_user):
    pairing = _planned(scene)
    url = f"/transferts/{pairing.id}/journees/1.ics"
    for who in (scene.facilitator, scene.organiser):
        login(who)
        assert f'href="{url}"' in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert b"Maison de l'ESS" in response.data
        client.post("/compte/deconnexion", data={"csrf_token": re.search(
            r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', client.get("/transferts/").get_data(
                as_text=True)).group(1)})
    login(scene.other_facilitator)
    assert client.get(url).status_code == 404
    assert client.get(f"/transferts/{pairing.id}/journees/2.ics").status_code == 404


def test_refusing_a_request_asks_the_reason_the_pole_reads(client, login, csrf, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                        requester=scene.facilitator)
    login(scene.organiser)
    console = client.get("/organisation/tsf/").get_data(as_text=True)
    assert f'<label for="refus-{pairing.id}">Raison du refus, que le pôle lira (obligatoire)</label>' in console
    token = csrf("/organisation/tsf/")
    data = {"csrf_token": token, "to": "cancelled", "next": "/organisation/tsf/"}
    client.post(f"/transferts/{pairing.id}/etape", data=data)
    assert "Indiquez la raison du refus" in _text(client.get("/organisation/tsf/"))
    db.expire_all()
    assert db.get(Pairing, pairing.id).status is S.REQUESTED
    client.post(f"/transferts/{pairing.id}/etape", data={**data, "note": "Cette personne n'intervient pas en Bretagne."})
    assert "Demande refusée\u00a0: le pôle en est prévenu avec votre motif." in _text(client.get("/organisation/tsf/"))
    db.expire_all()
    refused = db.get(Pairing, pairing.id)
    assert refused.status is S.CANCELLED and refused.decision_note == "Cette personne n'intervient pas en Bretagne."
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:cancelled:user:{scene.facilitator.id}"))
    assert "Motif :\nCette personne n'intervient pas en Bretagne." in mail.body
    client.post("/compte/deconnexion", data={"csrf_token": token})
    login(scene.facilitator)
    assert "Cette personne n'intervient pas en Bretagne." in _text(client.get(f"/transferts/{pairing.id}"))


def test_validating_then_accepting_say_to_whom_it_goes_and_what_comes_next(client, login, csrf, db, scene):
    """Walk 5: both answers read « Transfert : Validé par l'équipe d'animation. », « Transfert : Accepté par la
    personne ressource. »; who hears of it and what to do next were not said."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.organiser)
    token = csrf(f"/transferts/{pairing.id}")
    client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "validated"})
    name = scene.finance.user.display_name
    assert (f"Demande validée\u00a0: elle est transmise à {name}, qui peut l'accepter ou la décliner."
            in _text(client.get(f"/transferts/{pairing.id}")))
    client.post("/compte/deconnexion", data={"csrf_token": token})
    login(scene.finance.user)
    token = csrf(f"/transferts/{pairing.id}")
    client.post(f"/transferts/{pairing.id}/etape", data={"csrf_token": token, "to": "accepted"})
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "Vous avez accepté ce transfert\u00a0: le pôle en est prévenu. Planifiez une première journée" in page


def test_the_pole_itself_withdraws_its_request_without_a_reason(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                        requester=scene.facilitator)
    services.transition(pairing, S.CANCELLED, actor=scene.facilitator)
    assert pairing.status is S.CANCELLED


def test_organisers_exclude_a_pair_need_and_person_typed(client, login, csrf, db, scene):
    need, person = scene.finance_need, scene.food
    login(scene.organiser)
    console = _text(client.get("/organisation/tsf/"))
    assert f"<option value=\"{need.id}\">{need.title}" not in console  # the needs are typed, not listed
    assert "<option" not in console  # nor the people
    token = csrf("/organisation/tsf/")
    blank = client.post("/organisation/tsf/interdire", data={"csrf_token": token, "need_id": "",
                                                             "resource_person_id": str(person.id)})
    assert blank.status_code == 400
    assert re.search(r'id="need_id-erreur">Indiquez le numéro du besoin', blank.get_data(as_text=True))
    unknown = client.post("/organisation/tsf/interdire", data={"csrf_token": token, "need_id": "999999",
                                                               "resource_person_id": str(person.id)})
    assert unknown.status_code == 400 and db.scalar(select(ForbiddenPair)) is None
    done = client.post("/organisation/tsf/interdire", data={"csrf_token": token, "need_id": str(need.id),
                                                            "resource_person_id": str(person.id), "reason": "Conflit"})
    assert done.status_code == 302
    pair = db.scalar(select(ForbiddenPair))
    assert (pair.need_id, pair.resource_person_id, pair.reason) == (need.id, person.id, "Conflit")


def test_an_invalid_month_keeps_the_other_filters_and_shows_its_error(client, login, db, scene, make_user):
    services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.request_transfer(need=scene.finance_need, person=scene.food, requester=scene.facilitator)
    login(scene.organiser)
    page = _text(client.get("/organisation/suivi", query_string={"status": "proposed", "month": "2026-13"}))
    assert "Répartition (1\u00a0transfert)" in page
    assert re.search(r'<p class="error-text" id="month-erreur">Indiquez le mois au format AAAA-MM', page)
    assert 'aria-describedby="month-erreur"' in page
    assert 'value="proposed" selected' in page or 'selected value="proposed"' in page
    assert "Répartition (2\u00a0transferts" in _text(client.get("/organisation/suivi", query_string={"month": "bad"}))
    csv = client.get("/organisation/suivi/appariements.csv", query_string={"status": "proposed", "month": "x"})
    assert csv.get_data(as_text=True).count("\r\n") == 2  # header and the one proposal



def test_cancelling_a_planned_transfer_sends_the_ics_that_removes_its_day(db, scene):
    pairing = _planned(scene)
    services.transition(pairing, S.CANCELLED, actor=scene.finance.user, note="Indisponible")
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:cancelled:user:{scene.facilitator.id}"))
    assert "Cette journée n'aura pas lieu" in mail.body and "Motif :\nIndisponible" in mail.body
    calendar = Calendar.from_ical(mail.attachment_data)
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert event["uid"] == pairing.days[0].session.ical_uid and int(event["sequence"]) >= 1


def test_completing_with_a_day_still_planned_takes_it_out_of_every_calendar(client, login, db, scene):
    pairing = _planned(scene)
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    login(scene.facilitator)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True))
    assert "La journée encore prévue (" in page and ") sera alors annulée et retirée des agendas." in page

    services.transition(pairing, S.COMPLETED, actor=scene.facilitator, note="Objectifs atteints plus tôt")

    day = pairing.days[0]
    assert day.session.status.value == "cancelled"  # it used to stay planned, reminders and all
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:completed:user:{scene.finance.user.id}"))
    assert "Cette journée n'aura pas lieu" in mail.body
    calendar = Calendar.from_ical(mail.attachment_data)
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    assert calendar["method"] == "CANCEL" and event["uid"] == day.session.ical_uid
    assert pairing.status is S.COMPLETED


def test_completing_after_the_last_day_cancels_nothing_and_says_nothing_of_days(db, scene):
    from app.transfers.pages import completion_consequence

    pairing = _planned(scene)
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    day = pairing.days[0]
    day.session.starts_at -= timedelta(days=20)
    day.session.ends_at -= timedelta(days=20)
    db.commit()
    assert completion_consequence(pairing) == ""
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    assert day.session.status.value != "cancelled"
    mail = db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"pairing:{pairing.id}:completed:user:{scene.finance.user.id}"))
    assert mail.attachment_data is None and "Cette journée" not in mail.body


def test_the_pole_reads_how_close_the_pair_is_and_only_organisers_read_the_score(client, login, db, scene):
    from matching.explain import closeness

    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator,
                                        message="Bonjour")
    pairing.score = 4.68
    db.commit()
    login(scene.facilitator)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True))
    assert closeness(4.68) in page and "4,68" not in page
    client.post("/compte/deconnexion", data={"csrf_token": re.search(
        r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)})
    login(scene.organiser)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True))
    assert f"{closeness(4.68)} (4,68)" in page


def test_the_pair_keeps_the_reasons_the_pole_read_when_it_asked(client, login, db, scene):
    from matching.types import Explanation

    said = Explanation(shared_themes=[], need_phrases=[], offer_phrases=[], components={},
                       reasons=["Vocabulaire en commun : coordination, mutualisé", "Classée 4e sur 40 offres possibles"])
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator,
                                        message="Bonjour", explanation=said.to_dict())  # as the request page stores it
    db.commit()
    login(scene.facilitator)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    # what was read then, not a new reading of the engine (its words change as offers come and go) …
    assert "Vocabulaire en commun\u00a0: coordination, mutualisé" in page
    # … without the rank of that moment
    assert "Classée 4e sur 40" not in page


def test_a_cancelled_day_offers_to_remove_it_from_the_calendar_not_to_add_it(client, login, db, scene):
    pairing = _planned(scene)
    services.transition(pairing, S.CANCELLED, actor=scene.finance.user, note="Indisponible")
    login(scene.facilitator)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "(annulée)" in page
    assert "Ajouter à mon agenda" not in page
    assert "Retirer de mon agenda" in page and "fichier .ics d'annulation" in page
    # the file behind it cancels the day: never a fresh REQUEST that would put it back
    calendar = Calendar.from_ical(client.get(f"/transferts/{pairing.id}/journees/1.ics").data)
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
