"""A pole closes or reopens its need; « En cours » is the transfers' word, never set by hand."""

from __future__ import annotations

import html

import pytest

from models import Need, NeedStatus, Pairing, PairingStatus, Role

pytestmark = pytest.mark.web


@pytest.fixture
def closed_need(db, make_pole, make_user, make_resource_person):
    """A closed need of a pole, with its facilitator, and a transfer of it accepted before the closing."""
    pole = make_pole()
    facilitator, person = make_user(Role.FACILITATOR, pole=pole), make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", text="x" * 40,
                status=NeedStatus.CLOSED)
    db.add_all([need, Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED)])
    db.commit()
    return need, facilitator


def _post(client, csrf, need, status):
    return client.post(f"/besoins/{need.id}/statut", data={"csrf_token": csrf("/poles/"), "status": status},
                       follow_redirects=True)


def test_a_need_reopened_with_a_transfer_under_way_reads_in_progress(client, csrf, login, db, closed_need):
    need, facilitator = closed_need
    login(facilitator)
    page = html.unescape(_post(client, csrf, need, "open").get_data(as_text=True))
    db.refresh(need)
    assert need.status is NeedStatus.IN_PROGRESS, "a need with an accepted transfer reopened as « Ouvert »"
    assert "Statut du besoin : En cours." in page.replace("\u00a0", " ")


def test_a_need_reopened_with_no_transfer_under_way_is_open(client, csrf, login, db, closed_need):
    need, facilitator = closed_need
    db.query(Pairing).filter_by(need_id=need.id).one().status = PairingStatus.DECLINED
    db.commit()
    login(facilitator)
    _post(client, csrf, need, "open")
    db.refresh(need)
    assert need.status is NeedStatus.OPEN


def test_in_progress_is_not_set_by_hand(client, csrf, login, db, closed_need):
    need, facilitator = closed_need
    login(facilitator)
    page = html.unescape(_post(client, csrf, need, "in_progress").get_data(as_text=True)).replace("\u00a0", " ")
    db.refresh(need)
    assert need.status is NeedStatus.CLOSED
    assert "passe « En cours » de lui-même" in page


def test_closing_twice_closes_once_without_an_error(client, csrf, login, db, closed_need):
    need, facilitator = closed_need
    login(facilitator)
    for _ in range(2):
        assert "Statut du besoin : Clos." in _post(client, csrf, need, "closed").get_data(as_text=True).replace(
            "\u00a0", " ")
    db.refresh(need)
    assert need.status is NeedStatus.CLOSED
