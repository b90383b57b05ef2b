"""The two sides of a pair (and two facilitators of a pole) write the same forms at once: a second save made
from an older page does not overwrite the first one; the page comes back with the notice and what was typed."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.pair_space.experiences import sheet_of
from app.edit_stamps import opened_token
from app.pair_space.objectives import (OBJECTIVE_STATUS_EDIT, FormThingGone, objectives_of, set_objective_status,
                                       set_objectives)
from models import Meeting, MeetingKind, Pairing, PairingDay, PairingStatus, Role, TransferObjective, utcnow
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, form_in, open_form, signed_in

pytestmark = pytest.mark.web

def test_a_sheet_first_written_by_two_facilitators_keeps_the_first(app, client, login, db, pair, make_user):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    colleague = make_user(Role.FACILITATOR, pole=pair.pairing.need.pole, name="Dominique Collègue")
    login(pair.facilitator)
    other = signed_in(app, colleague)
    url = f"/transferts/{pair.pairing.id}/fiche"
    mine, theirs = open_form(client, url), open_form(other, url)  # no sheet yet: both start from nothing
    assert duplicate_ids(client.get(url).get_data(as_text=True)) == []
    filled = {"title": ["Pérenniser l'animation"], "situation": ["Un poste financé par une seule subvention."],
              "transferred": ["La méthode du plan de financement à trois ans."]}
    assert other.post(url, data=theirs | filled).status_code == 302
    page = html.unescape(client.post(url, data=mine | filled | {"title": ["Une autre fiche"]}).get_data(as_text=True))
    assert "Cette fiche a été modifiée par Dominique Collègue le " in page
    assert "<dt>La situation de départ</dt>" in page and 'value="Une autre fiche"' in page
    db.expire_all()
    assert sheet_of(pair.pairing).title == "Pérenniser l'animation"


def _past_day(db, pair, stage: int, done: str = "") -> PairingDay:
    start = utcnow() - timedelta(days=10 - stage)
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title=f"Journée {stage}", starts_at=start,
                      ends_at=start + timedelta(hours=6))
    day = PairingDay(pairing=pair.pairing, session=meeting, stage=stage, report_done=done,
                     reported_at=utcnow() if done else None)
    db.add(day)
    db.commit()
    return day


def _both_open(app, client, login, pair, action: str):
    """The facilitator (``client``) and the resource person (a second browser) open the transfer page."""
    login(pair.facilitator)
    other = signed_in(app, pair.person)
    url = f"/transferts/{pair.pairing.id}"
    return other, open_form(client, url, action), open_form(other, url, action)


def _sent_back(response) -> str:
    assert response.status_code == 200  # the transfer page again, not a redirection that would lose the text
    page = html.unescape(response.get_data(as_text=True))
    assert NOT_SAVED in page and duplicate_ids(page) == []
    return page


def test_objectives_saved_by_both_sides_keep_the_first(app, client, login, db, pair):
    set_objectives(pairing=pair.pairing, user=pair.facilitator,
                   texts=["Construire la grille de cotisations", "La présenter en AG"])
    post = f"/transferts/{pair.pairing.id}/objectifs"
    other, mine, theirs = _both_open(app, client, login, pair, post)
    assert mine["objective"][:3] == ["Construire la grille de cotisations", "La présenter en AG", ""]

    theirs["objective"] = ["Construire la grille de cotisations", "La faire voter en AG", "", "", ""]
    assert other.post(post, data=theirs).status_code == 302

    mine["objective"] = ["Construire la grille de cotisations", "La présenter en AG", "Former le bureau", "", ""]
    page = _sent_back(client.post(post, data=mine))
    assert f"Les objectifs du transfert ont été modifiés par {pair.person.display_name} le " in page
    assert "<dt>Objectif 2</dt>" in page and "<dd>La faire voter en AG</dd>" in page
    assert "<dt>Objectif 1</dt>" not in page  # only what changed is listed
    assert "Les objectifs du transfert sont enregistrés." not in page
    # The notice stands in the objectives' section, just before their form, which keeps what he typed.
    notice = page.index('id="conflit-edition"')
    assert page.index('id="objectifs"') < notice < page.index(f'action="{post}"')
    kept = form_in(page, post)
    assert kept["objective"][:3] == mine["objective"][:3]
    db.expire_all()
    assert [o.text for o in objectives_of(pair.pairing)] == ["Construire la grille de cotisations",
                                                             "La faire voter en AG"]

    # Sending again after reading the current version is a choice: it saves his.
    assert client.post(post, data=kept).status_code == 302
    db.expire_all()
    assert [o.text for o in objectives_of(pair.pairing)][2] == "Former le bureau"


def test_a_day_report_saved_by_both_sides_keeps_the_first(app, client, login, db, pair):
    first, second = _past_day(db, pair, 1), _past_day(db, pair, 2, done="Visite des locaux du pôle.")
    post, post_second = (f"/transferts/{pair.pairing.id}/journees/{d.id}/compte-rendu" for d in (first, second))
    other, mine, theirs = _both_open(app, client, login, pair, post)
    mine_second = open_form(client, f"/transferts/{pair.pairing.id}", post_second)

    theirs |= {"done": ["Atelier sur la grille de cotisations."], "next_step": ["Présentation en AG en mars."]}
    assert other.post(post, data=theirs).status_code == 302

    mine |= {"done": ["Nous avons relu les statuts."], "next_step": ["Envoyer le modèle de statuts."]}
    page = _sent_back(client.post(post, data=mine))
    assert f"Ce compte rendu a été modifié par {pair.person.display_name} le " in page
    assert "<dt>Ce qui a été fait</dt>" in page and "<dd>Atelier sur la grille de cotisations.</dd>" in page
    assert "<dt>Prochaine étape</dt>" in page and "<dd>Présentation en AG en mars.</dd>" in page
    notice = page.index('id="conflit-edition"')
    assert page.index("Journée") < notice < page.index(f'action="{post}"') < page.index(f'action="{post_second}"')
    kept = form_in(page, post)
    assert kept["done"] == ["Nous avons relu les statuts."] and kept["next_step"] == ["Envoyer le modèle de statuts."]
    # The other day's form shows its own report, not what was posted for the first day.
    assert form_in(page, post_second)["done"] == ["Visite des locaux du pôle."]
    db.expire_all()
    assert db.get(PairingDay, first.id).report_done == "Atelier sur la grille de cotisations."

    # The other day's report, opened before, is not blocked by a save of the first one.
    mine_second["done"] = ["Visite des locaux et des jardins."]
    assert client.post(post_second, data=mine_second).status_code == 302
    assert client.post(post, data=kept).status_code == 302
    db.expire_all()
    assert db.get(PairingDay, first.id).report_done == "Nous avons relu les statuts."
    assert db.get(PairingDay, second.id).report_done == "Visite des locaux et des jardins."


def test_an_objective_status_set_by_both_sides_keeps_the_first(app, client, login, db, pair):
    grid, meeting = set_objectives(pairing=pair.pairing, user=pair.facilitator,
                                   texts=["Construire la grille de cotisations", "La présenter en AG"])
    post, post_other = (f"/transferts/{pair.pairing.id}/objectifs/{o.id}" for o in (grid, meeting))
    other, mine, theirs = _both_open(app, client, login, pair, post)

    assert other.post(post, data=theirs | {"status": ["reached"]}).status_code == 302
    page = _sent_back(client.post(post, data=mine | {"status": ["dropped"]}))
    assert f"Le statut de cet objectif a été modifié par {pair.person.display_name} le " in page
    assert "<dt>Statut de l'objectif</dt>" in page and "<dd>Atteint</dd>" in page
    notice = page.index('id="conflit-edition"')
    assert page.index(f'action="{post}"') < notice < page.index(f'action="{post_other}"')
    assert form_in(page, post)["status"] == ["dropped"]  # his choice is kept in the list
    assert form_in(page, post_other)["status"] == ["open"]
    db.expire_all()
    assert objectives_of(pair.pairing)[0].status == "reached"


GONE_OBJECTIVE = "Cet objectif a été modifié entre-temps\u00a0: voici la liste à jour."


def _gone(response, message: str = GONE_OBJECTIVE) -> str:
    """The transfer page again (not a redirection: a message at the top of the page would be out of sight), the
    notice in the form's section: nothing was written."""
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert f"<strong>Rien n'a été enregistré.</strong> {message}" in page and duplicate_ids(page) == []
    return page


def test_a_status_form_of_an_objective_rewritten_meanwhile_comes_back_to_the_list(app, client, login, db, pair):
    """The other side rewrites the objectives (their rows are replaced): the status form opened before in
    another tab names an objective that is gone. The transfer page again with a message, nothing written."""
    grid, _ = set_objectives(pairing=pair.pairing, user=pair.facilitator,
                             texts=["Construire la grille de cotisations", "La présenter en AG"])
    post = f"/transferts/{pair.pairing.id}/objectifs/{grid.id}"
    other, mine, theirs = _both_open(app, client, login, pair, f"/transferts/{pair.pairing.id}/objectifs")
    status_form = open_form(client, f"/transferts/{pair.pairing.id}", post)

    theirs["objective"] = ["Écrire la grille de cotisations", "La présenter en AG", "", "", ""]
    assert other.post(f"/transferts/{pair.pairing.id}/objectifs", data=theirs).status_code == 302

    page = _gone(client.post(post, data=status_form | {"status": ["reached"]}))
    # The notice heads the objectives' section, just above the list as it now stands (in sight, and focused).
    notice = page.index('id="objectif-retire"')
    assert page.index('id="objectifs"') < notice < page.index("Écrire la grille de cotisations")
    assert "Le statut de l'objectif est enregistré." not in page
    db.expire_all()
    assert [(o.text, o.status) for o in objectives_of(pair.pairing)] == [
        ("Écrire la grille de cotisations", "open"), ("La présenter en AG", "open")]


def test_a_status_form_naming_an_objective_of_another_transfer_writes_nothing(app, client, login, db, pair,
                                                                              make_resource_person):
    """An objective id of another transfer gets the same answer as one that is gone: nothing is told of it."""
    mine = set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Un", "Deux"])
    elsewhere = Pairing(need=pair.pairing.need, resource_person=make_resource_person(), status=PairingStatus.ACCEPTED)
    db.add(elsewhere)
    db.flush()
    foreign = TransferObjective(pairing_id=elsewhere.id, position=1, text="Ailleurs", status="open")
    db.add(foreign)
    db.commit()
    login(pair.facilitator)
    form = open_form(client, f"/transferts/{pair.pairing.id}", f"/transferts/{pair.pairing.id}/objectifs/{mine[0].id}")
    _gone(client.post(f"/transferts/{pair.pairing.id}/objectifs/{foreign.id}", data=form | {"status": ["reached"]}))
    db.expire_all()
    assert db.get(TransferObjective, foreign.id).status == "open"


def test_a_status_saved_while_the_objectives_are_rewritten_says_the_list_changed(db, pair):
    """The view found the objective, the other side's rewrite committed before the save: the service refuses."""
    grid, _ = set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Un", "Deux"])
    opened = opened_token(OBJECTIVE_STATUS_EDIT, grid)
    set_objectives(pairing=pair.pairing, user=pair.person, texts=["Un bis", "Deux"])
    with pytest.raises(FormThingGone, match="Cet objectif a été modifié entre-temps"):
        set_objective_status(objective=grid, user=pair.facilitator, status="reached", opened=opened)
    db.expire_all()
    assert [o.status for o in objectives_of(pair.pairing)] == ["open", "open"]


def test_a_day_report_form_of_a_day_that_is_gone_comes_back_to_the_reports(app, client, login, db, pair):
    day = _past_day(db, pair, 1)
    post = f"/transferts/{pair.pairing.id}/journees/{day.id}/compte-rendu"
    login(pair.facilitator)
    form = open_form(client, f"/transferts/{pair.pairing.id}", post)
    db.delete(day)
    db.commit()
    page = _gone(client.post(post, data=form | {"done": ["Atelier sur les cotisations."]}),
                 "Cette journée a été modifiée entre-temps\u00a0: voici les journées à jour.")
    # The reports' section stays to say it, even with no day left to report on.
    assert page.index('id="comptes-rendus"') < page.index('id="journee-retiree"')
    assert "Le compte rendu de la journée est enregistré." not in page
