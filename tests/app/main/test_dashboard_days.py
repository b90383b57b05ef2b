"""« Mon espace » gives each agreed transfer's next day (date, time, place, link), or says that none is planned and
what to do, to the pole's facilitator and to the resource person."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.templating import format_date, format_datetime, local_datetime
from app.transfers import services as transfers
from models import Need, NeedKind, Pairing, Role, utcnow
from tests.app.texts import FINANCE_NEED

pytestmark = pytest.mark.web
S = transfers.S


@pytest.fixture
def pairing(db, make_user, make_pole, make_resource_person) -> Pairing:
    """An accepted transfer of the « Pôle des Coteaux » with Gilles Mazurier, no day planned yet."""
    pole = make_pole("Pôle des Coteaux")
    need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=FINANCE_NEED[0],
                text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Gilles Mazurier"))
    pairing = transfers.propose_pairing(need=need, person=person, organiser=make_user(Role.ORGANISER))
    transfers.transition(pairing, S.ACCEPTED, actor=person.user)
    return pairing


def _plan(pairing: Pairing, days: int, **where: str) -> None:
    start = (utcnow() + timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
    transfers.plan_day(pairing, actor=pairing.resource_person.user, day=transfers.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=3), timezone="Europe/Paris", already_held=days < 0,
        **where))


def _days_section(client) -> str:
    """The « Prochaine(s) journée(s) de transfert » list of « Mon espace » (empty when there is none)."""
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True))
    if 'id="prochaines-journees"' not in page:
        return ""
    return page.split('id="prochaines-journees"', 1)[1].split("</ul>", 1)[0]


def test_the_facilitator_and_the_person_read_the_next_day_with_its_place_and_link(client, csrf, login, pairing):
    _plan(pairing, 12, location="Ambert, maison des associations")
    _plan(pairing, 40, video_url="https://visio.exemple.org/coteaux")
    first = pairing.days[0].session
    weekday = format_datetime(first.starts_at, "Europe/Paris").split()[0]  # 13 h UTC: 14 h in Paris, in winter
    hours = "de 14 h à 17 h" if local_datetime(first.starts_at, "Europe/Paris").hour == 14 else "de 15 h à 18 h"
    when = (f"Première journée : <strong>{weekday} {format_date(first.starts_at, 'Europe/Paris')} {hours}</strong>"
            "<br>Ambert, maison des associations").replace("\u00a0", " ")  # compared with the section's spaces
    login(pairing.need.author)
    section = _days_section(client)
    assert f'href="/transferts/{pairing.id}"' in section and when in section.replace("\u00a0", " ")
    assert "Transfert planifié avec Gilles Mazurier" in section
    assert format_date(pairing.days[1].session.starts_at, "Europe/Paris") not in section  # the next one only
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(pairing.resource_person.user)
    section = _days_section(client)
    assert f'href="/transferts/{pairing.id}"' in section and when in section.replace("\u00a0", " ")
    assert "Transfert planifié avec le Pôle des Coteaux" in section


def test_no_day_planned_says_so_and_the_next_step(client, login, db, pairing):
    login(pairing.need.author)
    section = _days_section(client)
    assert "Transfert accepté avec Gilles Mazurier" in section
    assert ("Aucune journée prévue.</strong> Prochaine étape\u00a0: convenir d'une date avec Gilles Mazurier et "
            "planifier la première journée sur la page du transfert.") in section
    _plan(pairing, -5)  # held: the transfer is in progress (``plan_day``), with no day to come
    section = _days_section(client)
    assert "Transfert en cours avec Gilles Mazurier" in section
    assert "Aucune journée prévue.</strong> Prochaine étape\u00a0: planifier la journée suivante" in section


def test_nothing_is_said_of_days_without_an_agreed_transfer(client, login, db, pairing):
    transfers.transition(pairing, S.CANCELLED, actor=pairing.need.author)
    login(pairing.need.author)
    assert _days_section(client) == ""


def test_the_person_reads_where_their_yearly_capacity_stands(client, login, db, pairing):
    person = pairing.resource_person
    person.yearly_capacity = 3
    db.commit()
    login(person.user)
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Cette année : 1 transfert engagé sur 3 transferts par an ; encore 2 places." in page
    person.yearly_capacity = 1
    db.commit()
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Cette année : 1 transfert engagé sur 1 transfert par an ; plus aucune place." in page


def test_the_capacity_sentence_says_zero_in_words(db, make_resource_person):
    person = make_resource_person()
    person.yearly_capacity = 2
    db.commit()
    assert transfers.capacity_use(person) == (
        "Cette année\u00a0: aucun transfert engagé sur 2\u00a0transferts par an\u00a0; encore 2\u00a0places.")


def test_changer_ma_capacite_leads_to_the_capacity_field(client, login, db, pairing):
    """The link landed at the top of the long profile form: it names the capacity field, which its page holds."""
    person = pairing.resource_person
    login(person.user)
    page = client.get("/mon-espace").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Changer ma capacité</a>', page)
    assert link and link.group(1) == "/personnes-ressources/mon-profil#yearly_capacity"
    form = client.get("/personnes-ressources/mon-profil").get_data(as_text=True)
    assert re.search(r'<input[^>]* id="yearly_capacity"', form)
