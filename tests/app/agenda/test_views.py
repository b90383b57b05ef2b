"""The agenda's pages: the calendar and its filters, registering in one click, the public feed, the bilan."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta

from icalendar import Calendar

from app.agenda import services
from app.months import shift_month
from charts import month_label
from tests.app.agenda.held import set_slots_at
from models import Audience, CollectiveKind, Role, utcnow
from tests.app.html_parts import form_errors


def test_agenda_lists_and_filters_sessions(client, publish):
    publish(title="Webinaire sur les modèles économiques")
    publish(title="Session Europe et territoires", kind=CollectiveKind.EU_FUNDS, theme_codes=["financements_europeens"])
    page = client.get("/agenda").get_data(as_text=True)
    assert "Webinaire sur les modèles économiques" in page and "Europe et territoires" in page
    filtered = client.get("/agenda?type=eu_funds").get_data(as_text=True)
    assert "Europe et territoires" in filtered and "modèles économiques" not in filtered
    by_theme = client.get("/agenda?theme=modele_economique").get_data(as_text=True)
    assert "modèles économiques" in by_theme and "Europe et territoires" not in by_theme


def test_an_invalid_month_keeps_the_other_filters_and_says_why(client, publish):
    publish(title="Session Europe du mardi", kind=CollectiveKind.EU_FUNDS)
    publish(title="Webinaire économie")
    page = client.get("/agenda?type=eu_funds&mois=2026-13").get_data(as_text=True)
    ahead = shift_month(date.today(), 3)  # the example is a month to come, whatever the day the test runs
    example = month_label(f"{ahead:%Y-%m}")
    assert f"Indiquez un mois, par exemple {example} ou {ahead:%Y-%m}." in page
    assert f'placeholder="{example}"' in page
    assert "Session Europe du mardi" in page and "Webinaire économie" not in page


def test_the_month_filter_reads_a_french_month_name(client, publish):
    start = (utcnow() + timedelta(days=40)).replace(microsecond=0)
    publish(title="Session du mois choisi", slots=[services.SlotTimes(start, start + timedelta(hours=1))])
    later = start + timedelta(days=62)
    publish(title="Session plus tard", slots=[services.SlotTimes(later, later + timedelta(hours=1))])
    names = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
    for typed in (f"{names[start.month - 1]} {start.year}", f"{names[start.month - 1].upper()} {start.year}",
                  f"{start.month:02d}/{start.year}"):
        page = client.get("/agenda", query_string={"mois": typed}).get_data(as_text=True)
        assert "Session du mois choisi" in page and "Session plus tard" not in page, typed
        assert "Indiquez un mois" not in page


def test_register_and_unregister_in_one_click(client, login, csrf, publish, facilitator):
    session = publish(capacity=1)
    login(facilitator)
    token = csrf(f"/agenda/{session.id}")
    response = client.post(f"/agenda/{session.id}/inscription", data={"csrf_token": token}, follow_redirects=True)
    assert "Votre inscription est enregistrée" in response.get_data(as_text=True)
    response = client.post(f"/agenda/{session.id}/desinscription", data={"csrf_token": token}, follow_redirects=True)
    assert "désinscription est enregistrée" in response.get_data(as_text=True)


def test_a_registered_persons_calendar_file_says_its_charset_once(client, login, publish, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    response = client.get(f"/agenda/{session.id}/session.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="session-{session.id}.ics"'


def test_the_link_is_not_on_the_page_of_unregistered_people(client, login, publish, facilitator):
    session = publish()
    login(facilitator)
    assert "visio.example.org" not in client.get(f"/agenda/{session.id}").get_data(as_text=True)


def test_public_feed_is_valid_icalendar_with_upcoming_open_sessions(client, publish):
    open_session = publish(title="Ouvert à tous")
    publish(title="Réservé à une région", audience=Audience.REGION, audience_region_code="84")
    response = client.get("/agenda.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Ouvert à tous"]
    assert str(events[0]["UID"]) == open_session.slots[0].ical_uid
    assert b"visio.example.org" not in response.data


def test_organiser_publishes_through_the_form(client, login, csrf, organiser):
    login(organiser)
    token = csrf("/organisation/agenda/nouvelle")
    day = (utcnow() + timedelta(days=20)).date()
    response = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": token, "kind": "webinar", "title": "Scic et PTCE", "description": "Avec la CGScop.",
        "themes": ["statuts_cooperatifs"], "speakers": "CGScop", "online": "1",
        "video_url": "https://visio.example.org/scic", "timezone_region": "11", "capacity": "40",
        "audience": "all", "slots-0-day": day.isoformat(), "slots-0-start": "10:00", "slots-0-end": "11:30",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Scic et PTCE" in page and "CGScop" in page


def test_bilan_page_and_csv(client, login, organiser):
    login(organiser)
    assert "Bilan" in client.get("/organisation/bilan?annee=2026").get_data(as_text=True)
    response = client.get("/organisation/bilan.csv?annee=2026")
    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())
    assert b"Participations" in response.data


def test_a_cra_reads_only_its_regions_bilan(client, login, make_user, publish):
    cra = make_user(Role.ORGANISER, region_code="84")
    publish()
    login(cra)
    assert "Bilan 2026 des actions collectives — Auvergne-Rhône-Alpes" in client.get(
        "/organisation/bilan?annee=2026").get_data(as_text=True)
    for url in ("/organisation/bilan?annee=2026&region=53", "/organisation/bilan.csv?annee=2026&region=53"):
        response = client.get(url)  # another region: refused and said so, not shown as its own nor as zeros
        assert response.status_code == 403, url
        assert "Bretagne est hors de votre périmètre" in response.get_data(as_text=True)


def test_facilitators_cannot_mark_attendance(client, login, publish, facilitator):
    session = publish()
    login(facilitator)
    assert client.get(f"/organisation/agenda/{session.id}/presences").status_code == 403
    services.register(session_id=session.id, user=facilitator)


def test_the_session_form_says_every_error_at_once_each_beside_its_field(client, login, csrf, organiser):
    login(organiser)
    token = csrf("/organisation/agenda/nouvelle")
    page = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": token, "kind": "webinar", "title": "Coopérer avec les SCIC", "description": "Un échange.",
        "online": "1", "video_url": "", "timezone_region": "11", "capacity": "0", "audience": "all",
        "deadline": "2027-06-01", "slots-0-day": "2025-01-15", "slots-0-start": "14:00", "slots-0-end": "12:00",
    }).get_data(as_text=True)
    beside, summary = form_errors(html.unescape(page))
    assert beside == {
        "video_url-erreur": "Une session en ligne a besoin de son lien de connexion.",
        "slots-0-day-erreur": "La date et l'heure doivent être à venir.",
        "slots-0-end-erreur": "La fin doit suivre le début.",
        "capacity-erreur": "De 1 à 5 000 places.",
        "deadline-erreur": "La date limite d'inscription doit précéder le premier créneau.",
    }
    assert "Créneau 1 : la fin doit suivre le début." in summary
    assert "Créneau 1 : la date et l'heure doivent être à venir." in summary
    assert len(summary) == 5 and not any("{" in line for line in summary), summary
    assert 'value="Coopérer avec les SCIC"' in page and 'value="2025-01-15"' in page  # what was typed stays


def test_a_slot_with_times_but_no_date_is_not_dropped_silently(client, login, csrf, organiser):
    login(organiser)
    token = csrf("/organisation/agenda/nouvelle")
    page = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": token, "kind": "webinar", "title": "Coopérer avec les SCIC", "online": "1",
        "video_url": "https://visio.example.org/scic", "timezone_region": "11", "capacity": "30", "audience": "all",
        "slots-0-day": (utcnow() + timedelta(days=20)).date().isoformat(), "slots-0-start": "10:00",
        "slots-0-end": "11:00", "slots-1-start": "10:00", "slots-1-end": "11:00",
    }).get_data(as_text=True)
    beside, summary = form_errors(html.unescape(page))
    assert beside == {"slots-1-day-erreur": "Indiquez la date du créneau."}
    assert summary == ["Créneau 2 : indiquez la date du créneau."]


def _selected(page: str, select_id: str) -> str | None:
    """The value of the chosen option of the select ``select_id``."""
    body = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    chosen = re.search(r'<option (?:selected value="([^"]*)"|value="([^"]*)" selected)', body)
    return next(v for v in chosen.groups() if v is not None) if chosen else None


def test_a_cra_s_new_session_starts_in_her_region_for_audience_and_time_zone(client, login, make_user):
    """A regional cell publishes for its region's poles: the new form starts at « Les pôles d'une région », her
    region, and her region's time zone — not « Tous les pôles » nor the first region of the list."""
    login(make_user(Role.ORGANISER, region_code="76"))
    page = client.get("/organisation/agenda/nouvelle").get_data(as_text=True)
    assert _selected(page, "timezone_region") == "76"
    assert _selected(page, "audience") == Audience.REGION.value and _selected(page, "audience_region") == "76"


def test_a_national_organiser_s_new_session_starts_open_to_all_poles(client, login, make_user):
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/agenda/nouvelle").get_data(as_text=True)
    assert _selected(page, "audience") == Audience.ALL.value and _selected(page, "audience_region") in (None, "")


def test_one_slot_reads_as_a_sentence_several_as_a_numbered_list(client, publish):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    single = publish(title="Webinaire d'un après-midi")
    double = publish(title="Rencontre en deux temps", slots=[
        services.SlotTimes(start, start + timedelta(hours=2)),
        services.SlotTimes(start + timedelta(days=1), start + timedelta(days=1, hours=2))])
    one = client.get(f"/agenda/{single.id}").get_data(as_text=True)
    assert '<p class="slots">' in one and '<ul class="slots">' not in one and "Créneau 1" not in one
    two = client.get(f"/agenda/{double.id}").get_data(as_text=True)
    assert '<ul class="slots">' in two and "Créneau 1\u00a0: " in two and "Créneau 2\u00a0: " in two


def test_a_national_organisers_regional_bilan_downloads_that_region(client, login, organiser, publish):
    """The CSV link and the year form of a region's bilan keep the region: the file holds what the page shows."""
    publish()
    login(organiser)
    page = client.get("/organisation/bilan?annee=2026&region=84").get_data(as_text=True)
    assert "Bilan 2026 des actions collectives — Auvergne-Rhône-Alpes" in page
    assert "/organisation/bilan.csv?annee=2026&amp;region=84" in page
    assert '<option value="84" selected>Auvergne-Rhône-Alpes</option>' in page  # the region choice keeps it
    response = client.get("/organisation/bilan.csv?annee=2026&region=84")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, not two
    assert 'filename="bilan-2026-84.csv"' in response.headers["Content-Disposition"]


def test_the_bilan_csv_holds_the_individual_accompaniments_the_page_shows(client, login, organiser):
    """The page's « Accompagnements individuels » are in the file too, one figure a row; a zero is said « aucun »."""
    login(organiser)
    page = client.get("/organisation/bilan?annee=2026").get_data(as_text=True)
    assert "Nouveaux transferts de savoir-faire dans l'année\u00a0: aucun\u00a0; terminés\u00a0: aucun" in page
    assert "Visites apprenantes réalisées\u00a0: aucune" in page and "Fiches d'expérience publiées\u00a0: aucune" in page
    lines = client.get("/organisation/bilan.csv?annee=2026").data.decode("utf-8-sig").split("\r\n")
    assert "Accompagnements individuels;Périmètre;Nombre" in lines
    assert "Nouveaux transferts de savoir-faire dans l'année;Tout le réseau;0" in lines
    assert "Fiches d'expérience publiées;Tout le réseau;0" in lines


def test_the_bilan_adds_up_every_kind_and_repeats_no_single_row_as_its_total(
        client, login, db, organiser, publish, make_user, make_pole):
    """A kind held in one scope only has no « Total » row repeating it; the kinds together have theirs."""
    year = utcnow().year - 1
    person = make_user(Role.FACILITATOR, pole=make_pole(region_code="84"))
    webinar = publish()
    regional = publish(kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None)
    for session, month in ((webinar, 3), (regional, 5)):
        services.register(session_id=session.id, user=person)
        set_slots_at(db, session, datetime(year, month, 10, 9))  # held last year
        services.record_attendance(session=session, organiser=organiser,
                                 attended_ids={r.id for r in session.registrations})
    login(organiser)
    page = client.get(f"/organisation/bilan?annee={year}").get_data(as_text=True)
    foot = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert "Toutes les sessions" in foot and "Webinaire" not in foot
    # One person at both: two participations, one person.
    assert re.search(r"Toutes les sessions</th><td>Total</td><td>2</td><td>2</td><td>1</td><td>1</td>", foot), foot
    csv_lines = client.get(f"/organisation/bilan.csv?annee={year}").get_data(as_text=True).splitlines()
    assert any(line.startswith("Toutes les sessions") for line in csv_lines)


def test_the_bilan_shows_a_whole_average_as_the_csv_does_and_a_real_one_with_a_comma(
        client, login, db, organiser, publish, make_user, make_pole):
    """Walk of the bilan: four participants at one regional event read « 4,0 » per session where the CSV says 4;
    a whole average is « 4 », one of 4.5 stays « 4,5 », one of 13 / 3 is « 4,3 », on the page as in the file."""
    year = utcnow().year - 1
    people = [make_user(Role.FACILITATOR, pole=make_pole(region_code="84")) for _ in range(5)]
    webinars = [publish(), publish()]
    regional = publish(kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None)
    for session, attendees, month in ((webinars[0], people[:5], 3), (webinars[1], people[:4], 4),
                                      (regional, people[:4], 5)):
        for person in attendees:
            services.register(session_id=session.id, user=person)
        set_slots_at(db, session, datetime(year, month, 10, 9))  # held last year
        services.record_attendance(session=session, organiser=organiser,
                                   attended_ids={r.id for r in session.registrations})
    login(organiser)
    page = client.get(f"/organisation/bilan?annee={year}").get_data(as_text=True)
    figures = {re.sub(r"<[^>]+>", "", row).split("\n")[0]: re.findall(r"<td>([^<]*)</td>", row)[-2:]
               for row in re.findall(r"<tr>(.*?)</tr>", page)}
    regional_row = next(cells for label, cells in figures.items() if label.startswith("Rencontre régionale"))
    webinar_row = next(cells for label, cells in figures.items() if label.startswith("Webinaire"))
    overall_row = next(cells for label, cells in figures.items() if label.startswith("Toutes les sessions"))
    assert regional_row == ["4", "4"] and webinar_row == ["4,5", "4,5"] and overall_row == ["4,3", "4,3"]
    csv_lines = client.get(f"/organisation/bilan.csv?annee={year}").data.decode("utf-8-sig").split("\r\n")
    assert any(line.startswith("Rencontre régionale") and line.endswith(";4;4") for line in csv_lines), csv_lines
    assert any(line.startswith("Webinaire") and line.endswith(";4,5;4,5") for line in csv_lines), csv_lines
