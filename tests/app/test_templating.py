"""Date filters (app/templating.py): every date is the day where it is read, not the UTC day stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.templating import format_date, format_datetime, format_range, two_days
from models import Need, NeedKind

#: 23:30 UTC on Friday 4 December 2026: already Saturday 5 December, 00:30, in Paris.
LATE_UTC = datetime(2026, 12, 4, 23, 30)


def test_a_late_utc_datetime_is_the_next_day_in_paris():
    assert format_date(LATE_UTC, "Europe/Paris") == "5\u00a0décembre 2026"
    assert format_datetime(LATE_UTC, "Europe/Paris") == "samedi 5\u00a0décembre 2026 à\u00a00\u00a0h\u00a030"


def test_the_first_of_a_month_reads_1er():
    assert format_date(date(2027, 1, 1)) == "1er\u00a0janvier 2027"
    assert format_datetime(datetime(2026, 12, 31, 23, 0), "Europe/Paris") == "vendredi 1er\u00a0janvier 2027 à\u00a00\u00a0h"
    assert format_date(date(2027, 1, 11)) == "11\u00a0janvier 2027"  # only the first: « 11 », « 21 » stay numbers


def test_a_date_never_breaks_between_its_day_and_its_month():
    """« 6 décembre 2026 » with « 6 » at the end of a line and « décembre » on the next reads as a stray number:
    a no-break space holds them (the weekday before and the year after may still wrap)."""
    assert format_date(date(2026, 12, 6)) == "6\u00a0décembre 2026"
    assert format_datetime(datetime(2026, 12, 6, 13, 30), "Europe/Paris") == \
        "dimanche 6\u00a0décembre 2026 à\u00a014\u00a0h\u00a030"
    assert format_range(datetime(2026, 11, 30, 21, 0), datetime(2026, 12, 1, 1, 0), "Europe/Paris") == \
        "du lundi 30\u00a0novembre 2026 à\u00a022\u00a0h au mardi 1er\u00a0décembre 2026 à\u00a02\u00a0h"
    assert two_days(date(2026, 11, 30), date(2026, 12, 1)) == "30\u00a0novembre et 1er\u00a0décembre 2026"


def test_the_day_follows_the_zone_it_is_read_in():
    assert format_date(LATE_UTC, "America/Martinique") == "4\u00a0décembre 2026"  # 19:30 there
    assert format_date(datetime(2026, 12, 4, 20, 30), "Indian/Reunion") == "5\u00a0décembre 2026"  # 00:30 there


def test_an_aware_datetime_is_converted_and_a_date_kept(app):
    aware = datetime(2026, 12, 5, 0, 30, tzinfo=timezone(timedelta(hours=1)))  # = LATE_UTC
    assert format_date(aware, "Europe/Paris") == "5\u00a0décembre 2026"
    assert format_date(aware.astimezone(UTC), "Europe/Paris") == "5\u00a0décembre 2026"
    assert format_date(date(2026, 12, 4), "Indian/Reunion") == "4\u00a0décembre 2026"
    assert format_date(None) == ""


def test_without_a_signed_in_viewer_the_day_is_that_of_paris(app):
    with app.test_request_context("/"):
        assert format_date(LATE_UTC) == "5\u00a0décembre 2026"


@pytest.mark.web
def test_a_need_published_at_23_30_utc_reads_published_on_the_next_day(client, db, login, coordination_need):
    coordination_need.created_at = LATE_UTC
    db.commit()
    login(coordination_need.author)
    page = client.get(f"/besoins/{coordination_need.id}").get_data(as_text=True)
    assert "Publié le 5\u00a0décembre 2026" in page and "4\u00a0décembre" not in page


@pytest.mark.web
def test_the_transfer_list_dates_are_local_days_too(client, db, login, make_user, make_pole, make_resource_person):
    """« Depuis le » of « Mes transferts », for a pole in La Réunion (UTC+4)."""
    from app.transfers import services
    from models import Role

    pole = make_pole("Pôle de l'Océan", region_code="04")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Mutualiser un poste", text="Un poste à partager entre trois "
                "structures du territoire, à temps partiel.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    pairing = services.request_transfer(need=need, person=make_resource_person(region_code="04"),
                                        requester=facilitator)
    pairing.status_changed_at = datetime(2026, 12, 4, 20, 30)  # 00:30 on 5 December in La Réunion
    db.commit()
    login(facilitator)
    page = client.get("/transferts/").get_data(as_text=True)
    assert "5\u00a0décembre 2026" in page and "4\u00a0décembre 2026" not in page


def _said(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize(("start", "end", "expected"), [
    # UTC in winter: Paris is one hour ahead.
    ((2027, 1, 5, 13, 0), (2027, 1, 5, 13, 45), "mardi 5 janvier 2027 de 14 h à 14 h 45"),  # a whole hour: no « 00 »
    ((2027, 1, 5, 8, 30), (2027, 1, 5, 16, 0), "mardi 5 janvier 2027 de 9 h 30 à 17 h"),  # minutes kept
    ((2027, 1, 5, 13, 0), (2027, 1, 5, 15, 0), "mardi 5 janvier 2027 de 14 h à 16 h"),
    ((2027, 1, 5, 21, 0), (2027, 1, 5, 23, 0), "mardi 5 janvier 2027 de 22 h à minuit"),  # ends the same evening
    ((2027, 1, 5, 23, 0), (2027, 1, 6, 0, 30), "mercredi 6 janvier 2027 de minuit à 1 h 30"),
    ((2027, 1, 5, 21, 0), (2027, 1, 6, 0, 30),  # across two days: both dates
     "du mardi 5 janvier 2027 à 22 h au mercredi 6 janvier 2027 à 1 h 30"),
    ((2026, 12, 31, 8, 0), (2027, 1, 1, 16, 0), "du jeudi 31 décembre 2026 à 9 h au vendredi 1er janvier 2027 à 17 h"),
])
def test_a_time_range_reads_de_a(start, end, expected):
    assert _said(format_range(datetime(*start), datetime(*end), "Europe/Paris")) == expected


def test_a_time_range_never_breaks_inside_a_time_and_holds_its_words_to_them():
    said = format_range(datetime(2027, 1, 5, 13, 0), datetime(2027, 1, 5, 13, 45), "Europe/Paris")
    assert said.endswith("de\u00a014\u00a0h à\u00a014\u00a0h\u00a045")


def test_a_time_range_without_its_date_or_weekday():
    start, end = datetime(2027, 1, 5, 13, 0), datetime(2027, 1, 5, 13, 45)
    assert _said(format_range(start, end, "Europe/Paris", with_date=False)) == "de 14 h à 14 h 45"
    assert _said(format_range(start, end, "Europe/Paris", with_day=False)) == "5 janvier 2027 de 14 h à 14 h 45"
    late = datetime(2027, 1, 6, 1, 0)  # across days, the dates are said even when the card gives the day
    assert _said(format_range(datetime(2027, 1, 5, 21, 0), late, "Europe/Paris", with_date=False)) == \
        "du mardi 5 janvier 2027 à 22 h au mercredi 6 janvier 2027 à 2 h"


def test_a_time_range_follows_the_zone_it_is_read_in():
    start, end = datetime(2027, 1, 5, 13, 0), datetime(2027, 1, 5, 13, 45)
    assert _said(format_range(start, end, "America/Martinique")) == "mardi 5 janvier 2027 de 9 h à 9 h 45"
    assert _said(format_range(start, end, "Pacific/Noumea")) == "mercredi 6 janvier 2027 de minuit à 0 h 45"
