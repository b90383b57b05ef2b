"""Where an agreed transfer stands, as its need page and its completion button say it: which transfer serves the
need, with whom, at which step, its next day; that no day took place yet before it is marked finished."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.templating import format_datetime
from app.transfers import services
from app.transfers.pages import completion_consequence
from app.poles.need_state import need_state, need_states
from models import Need, NeedStatus, Pairing, PairingStatus, Role, utcnow

pytestmark = pytest.mark.web
S = PairingStatus
NO_DAY_YET = "Aucune journée n'a encore eu lieu\u00a0: si vous marquez ce transfert comme terminé maintenant"


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _accepted(scene) -> Pairing:
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    return pairing


def _plan(pairing: Pairing, scene, *, days: int = 10, **where: str) -> None:
    start = (utcnow() + timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
    services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=3), timezone="Europe/Paris", label="Diagnostic",
        already_held=days < 0, **where))


def _when(pairing: Pairing, stage: int = 1) -> str:
    return format_datetime(pairing.days[stage - 1].session.starts_at, "Europe/Paris")


def test_the_need_page_says_which_transfer_serves_it_and_links_it(client, login, db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, location="Maison de l'ESS, Angers")
    login(scene.facilitator)
    page = _text(client.get(f"/besoins/{scene.finance_need.id}"))
    assert f'<a href="/transferts/{pairing.id}">Transfert avec {scene.finance.user.display_name}</a>' in page
    assert (f"— planifié, première journée le {_when(pairing)} (Maison de l'ESS, Angers).") in page


def test_the_person_the_region_s_cra_and_avise_see_it_too_and_no_one_else(client, csrf, login, db, scene, make_user,
                                                                          make_resource_person):
    pairing = _accepted(scene)
    _plan(pairing, scene, video_url="https://visio.exemple.org/coteaux")
    link = f'href="/transferts/{pairing.id}"'
    need_page = f"/besoins/{scene.finance_need.id}"
    def login_as(user) -> None:
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
        login(user)

    login(scene.finance.user)
    page = _text(client.get(need_page))
    assert f"Transfert avec le {scene.pole.name}</a> — planifié, première journée le {_when(pairing)} " \
           "(en visioconférence)." in page
    for organiser in (make_user(Role.ORGANISER, region_code=scene.pole.region_code), scene.organiser):
        login_as(organiser)
        assert link in _text(client.get(need_page))
    for outsider in (make_user(Role.ORGANISER, region_code=scene.other_pole.region_code), scene.other_facilitator,
                     make_resource_person().user):
        login_as(outsider)
        page = _text(client.get(need_page))
        assert link not in page and "Transfert avec" not in page


def test_an_accepted_transfer_with_no_day_says_what_to_do(client, login, db, scene):
    pairing = _accepted(scene)
    login(scene.facilitator)
    page = _text(client.get(f"/besoins/{scene.finance_need.id}"))
    assert f"Transfert avec {scene.finance.user.display_name}</a> — accepté, aucune journée prévue. Prochaine " \
           "étape\u00a0: convenir d'une date avec" in page
    assert f'href="/transferts/{pairing.id}"' in page


def test_a_day_moved_is_read_afresh_on_the_need_page(client, login, db, scene):
    """The need page is kept while the need's pairs do not change; a day moved changes none of them."""
    pairing = _accepted(scene)
    _plan(pairing, scene)
    login(scene.facilitator)
    client.get(f"/besoins/{scene.finance_need.id}")  # the welcome message: never kept
    assert _when(pairing) in _text(client.get(f"/besoins/{scene.finance_need.id}"))
    session = pairing.days[0].session
    session.starts_at += timedelta(days=2)
    session.ends_at += timedelta(days=2)
    db.commit()
    assert _when(pairing) in _text(client.get(f"/besoins/{scene.finance_need.id}"))


def test_ending_a_transfer_before_any_day_says_so_beside_the_button(client, login, db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene)
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    login(scene.facilitator)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    hint = page.split('id="suite-completed"', 1)[1].split("</p>", 1)[0]
    assert NO_DAY_YET in hint and "dites-le dans le commentaire" in hint
    assert f"La journée encore prévue ({_when(pairing)}) sera alors annulée" in hint
    assert "Marquer le transfert comme terminé" in page  # still offered: ending it stays allowed


def test_once_a_day_was_held_nothing_is_said_of_days(db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, days=-3)  # a day held: the transfer is in progress (``plan_day``)
    assert pairing.status is S.IN_PROGRESS and completion_consequence(pairing) == ""
    _plan(pairing, scene, days=5)
    assert completion_consequence(pairing).startswith("La journée encore prévue")


def test_a_completed_transfer_stays_on_its_need_page_with_what_is_left_to_decide(client, login, db, scene):
    """Walk of 6 December 2026: once its transfer was completed, the need read « Statut : En cours » and nothing
    else — no transfer, no suggestion, no next step."""
    pairing = _accepted(scene)
    _plan(pairing, scene, days=-3)  # held: in progress
    services.transition(pairing, S.COMPLETED, actor=scene.finance.user)
    login(scene.facilitator)
    page = _text(client.get(f"/besoins/{scene.finance_need.id}"))
    assert f'<a href="/transferts/{pairing.id}">Transfert avec {scene.finance.user.display_name}</a> — terminé.</li>' in page
    assert "closez-le" not in page  # what is left to decide is the need's: asked once, above (``need_state``)


def test_a_need_whose_transfer_is_completed_reads_so_and_is_closed_in_one_click(client, login, csrf, db, scene):
    """Walk: a completed transfer's need read « En cours » until its pole closed it, with nothing going on."""
    pairing = _accepted(scene)
    _plan(pairing, scene, days=-3)
    services.transition(pairing, S.COMPLETED, actor=scene.finance.user)
    assert scene.finance_need.status is NeedStatus.IN_PROGRESS  # never closed behind its pole's back
    login(scene.facilitator)
    need_page = f"/besoins/{scene.finance_need.id}"
    page = _text(client.get(need_page))
    assert "Statut\u00a0: Transfert terminé" in page and "Statut\u00a0: En cours" not in page
    assert "Le transfert de ce besoin est terminé" in page and "Ce besoin est-il couvert\u00a0?" in page
    assert page.count(">Clore ce besoin<") == 1  # the notice's, in one click: not the danger button below too
    pole_page = _text(client.get(f"/poles/{scene.pole.id}"))
    assert "· Transfert terminé</p>" in pole_page
    assert "Son transfert est terminé\u00a0: ce besoin est-il couvert\u00a0?" in pole_page
    space = _text(client.get("/mon-espace"))
    assert "— Transfert terminé" in space and "Vous pouvez le clore depuis sa page." in space
    closed = client.post(f"/besoins/{scene.finance_need.id}/statut",
                         data={"csrf_token": csrf(need_page), "status": "closed"}, follow_redirects=True)
    assert "Statut\u00a0: Clos" in _text(closed)
    db.expire_all()
    assert db.get(Need, scene.finance_need.id).status is NeedStatus.CLOSED


def test_a_need_with_another_transfer_going_or_waiting_is_not_offered_to_close(client, login, db, scene):
    pairing = _accepted(scene)
    _plan(pairing, scene, days=-3)
    services.transition(pairing, S.COMPLETED, actor=scene.finance.user)
    waiting = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    state = need_state(scene.finance_need)
    assert (state.label, state.to_close, state.waiting) == ("Transfert terminé", False, "1\u00a0autre transfert en attente")
    login(scene.facilitator)
    page = _text(client.get(f"/besoins/{scene.finance_need.id}"))
    assert "mais 1\u00a0autre transfert en attente sur ce besoin" in page and "Ce besoin est-il couvert\u00a0?" not in page
    services.transition(waiting, S.ACCEPTED, actor=scene.food.user)  # under way again: « En cours », nothing asked
    assert need_states([scene.finance_need])[scene.finance_need.id].label == "En cours"
    assert "Statut\u00a0: En cours" in _text(client.get(f"/besoins/{scene.finance_need.id}"))


@pytest.mark.parametrize("hostile", ["//ailleurs.example/x", "https://ailleurs.example/", "/\\ailleurs.example"])
def test_closing_from_the_pole_page_comes_back_to_it_and_nowhere_else(client, login, csrf, db, scene, hostile):
    """Walk: « Clore ce besoin » under « Son transfert est terminé » on the pole page landed on the need page."""
    import re

    pairing = _accepted(scene)
    _plan(pairing, scene, days=-3)
    services.transition(pairing, S.COMPLETED, actor=scene.finance.user)
    login(scene.facilitator)
    pole_page = f"/poles/{scene.pole.id}"
    form = re.search(rf'<form method="post" action="/besoins/{scene.finance_need.id}/statut".*?</form>',
                     _text(client.get(pole_page)), re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert fields["next"] == pole_page
    closed = client.post(f"/besoins/{scene.finance_need.id}/statut", data=fields)
    assert closed.status_code == 302 and closed.headers["Location"] == pole_page
    said = _text(client.get(pole_page))
    assert f"Statut du besoin «\u00a0{scene.finance_need.title}\u00a0»\u00a0: clos." in said
    assert db.get(Need, scene.finance_need.id).status is NeedStatus.CLOSED
    # A next that is not a local path is not followed: the need page, as before.
    again = client.post(f"/besoins/{scene.finance_need.id}/statut",
                        data={**fields, "status": "open", "next": hostile})
    assert again.headers["Location"] == f"/besoins/{scene.finance_need.id}"
