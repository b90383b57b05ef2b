"""A CRA's accompaniment form sent twice records it once (a double click on « Enregistrer l'accompagnement », or
Back then send again, recorded the same diagnostic twice: the pole's history showed it twice and the CRA's figures
counted two)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.accompaniments.services import AccompanimentData, record_accompaniment
from app.refused import Refused
from models import Accompaniment, AccompanimentKind, Role
from tests.races import on_postgres, together

pytestmark = pytest.mark.web


def _form(csrf, url, key):
    return {"csrf_token": csrf(url), "idempotency_key": key, "kind": "diagnostic",
            "happened_on": date.today().isoformat(), "notes": "Gouvernance fragile, à revoir en juin."}


def _count(db) -> int:
    return db.scalar(select(func.count()).select_from(Accompaniment))


def test_the_same_form_sent_again_records_once(client, csrf, login, db, make_pole, make_user):
    pole = make_pole(region_code="53")
    login(make_user(Role.ORGANISER, region_code="53"))
    url = f"/poles/{pole.id}/accompagnements/nouveau"
    key = re.search(r'name="idempotency_key" value="([\w-]+)"', client.get(url).get_data(as_text=True)).group(1)
    first = client.post(url, data=_form(csrf, url, key))
    again = client.post(url, data=_form(csrf, url, key))  # the double click's second request
    assert first.status_code == again.status_code == 302
    assert _count(db) == 1
    assert client.post(url, data=_form(csrf, url, key + "x")).status_code == 302  # a new form records anew
    assert _count(db) == 2


def test_a_form_key_of_another_organiser_is_refused(db, make_pole, make_user):
    pole = make_pole(region_code="53")
    first, second = make_user(Role.ORGANISER, region_code="53"), make_user(Role.ORGANISER)
    data = AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today())
    record_accompaniment(pole=pole, author=first, data=data, idempotency_key="k" * 32)
    with pytest.raises(Refused, match="Ce formulaire a déjà servi"):
        record_accompaniment(pole=pole, author=second, data=data, idempotency_key="k" * 32)
    assert _count(db) == 1


@on_postgres[0]
@on_postgres[1]
def test_the_form_sent_at_once_by_four_requests_records_once(app, db, make_pole, make_user):
    from app.extensions import db as db_ext
    from models import Pole, User

    pole_id, author_id = make_pole(region_code="53").id, make_user(Role.ORGANISER, region_code="53").id
    data = AccompanimentData(kind=AccompanimentKind.DIAGNOSTIC, happened_on=date.today())

    def send():
        return record_accompaniment(pole=db_ext.session.get(Pole, pole_id), author=db_ext.session.get(User, author_id),
                                    data=data, idempotency_key="cle-partagee").id

    outcomes = together(app, {f"clic {n}": send for n in range(4)})
    assert len(set(outcomes.values())) == 1 and all(isinstance(o, int) for o in outcomes.values()), outcomes
    db.expire_all()
    assert _count(db) == 1
