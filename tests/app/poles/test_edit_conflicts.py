"""Two people edit the same pole or need: the second save does not silently overwrite the first."""

from __future__ import annotations

import html

import pytest

from models import Need, Pole, Role
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, open_form, renewed, signed_in

pytestmark = pytest.mark.web


def test_a_pole_edited_by_its_facilitator_and_a_cra_keeps_both_versions(app, client, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Aurélie Anim")
    cra = make_user(Role.ORGANISER, region_code="76", name="Claire Cra")
    login(facilitator)
    other = signed_in(app, cra)
    url = f"/poles/{pole.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)

    theirs["description"] = ["Présentation revue par la cellule régionale."]
    assert other.post(url, data=theirs).status_code == 302

    mine["description"] = ["Présentation écrite par l'animatrice."]
    mine["website"] = ["https://coteaux.example.org"]
    response = client.post(url, data=mine)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Cette fiche a été modifiée par Claire Cra le " in page
    assert NOT_SAVED in page
    assert "<dt>Présentation du pôle</dt>" in page and "Présentation revue par la cellule régionale." in page
    assert "<dt>Site web</dt>" not in page  # only what changed meanwhile is listed
    assert "Présentation écrite par l'animatrice." in page  # what she typed is kept in the form
    db.expire_all()
    stored = db.get(Pole, pole.id)
    assert stored.description == "Présentation revue par la cellule régionale." and stored.website != mine["website"][0]

    again = open_form(client, url) | {"description": ["Présentation écrite par l'animatrice."]}
    again["opened_on"] = [renewed(page)]  # sending again after reading the current version saves hers
    assert client.post(url, data=again).status_code == 302
    db.expire_all()
    assert db.get(Pole, pole.id).description == "Présentation écrite par l'animatrice."



def test_the_notice_names_the_conflict_then_says_what_happened_and_what_to_do(app, client, login, make_user,
                                                                            make_pole):
    """Its heading is short and says something its sentences do not repeat; the body says who changed the fiche,
    when, that nothing is saved yet though the form kept it all, and how to save again."""
    pole = make_pole("Pôle des Coteaux", region_code="76")
    login(make_user(Role.FACILITATOR, pole=pole))
    other = signed_in(app, make_user(Role.ORGANISER, region_code="76", name="Claire Cra"))
    url = f"/poles/{pole.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    theirs["strengths"] = ["Une ressourcerie."]
    assert other.post(url, data=theirs).status_code == 302
    mine["strengths"] = ["Un tiers-lieu."]
    page = html.unescape(client.post(url, data=mine).get_data(as_text=True))
    notice = page[page.index('id="conflit-edition"'):page.index("</div>", page.index('id="conflit-edition"'))]
    heading = notice.split("<h2>", 1)[1].split("</h2>", 1)[0]
    assert heading == "Modification concurrente"
    body = " ".join(notice.split("</h2>", 1)[1].split())
    assert heading.lower() not in body.lower()
    assert "Cette fiche a été modifiée par Claire Cra le " in body
    assert body.count("pas encore enregistrées") == 1 and "pas enregistrées" not in body
    assert "enregistrez à nouveau" in body and "<dt>Ce que le pôle peut montrer ou transmettre</dt>" in notice


def test_the_kept_form_can_be_sent_again_as_it_is(app, client, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    login(make_user(Role.FACILITATOR, pole=pole))
    other = signed_in(app, make_user(Role.ORGANISER, name="Agnès Avise"))
    url = f"/poles/{pole.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    theirs["strengths"] = ["Une ressourcerie."]
    assert other.post(url, data=theirs).status_code == 302
    mine["strengths"] = ["Un tiers-lieu."]
    conflict = client.post(url, data=mine).get_data(as_text=True)
    assert "Vos modifications ne sont pas encore enregistrées" in html.unescape(conflict)
    mine["opened_on"] = [html.unescape(renewed(conflict))]
    assert client.post(url, data=mine).status_code == 302
    db.expire_all()
    assert db.get(Pole, pole.id).strengths == "Un tiers-lieu."


def test_a_save_that_changed_none_of_the_fields_blocks_no_one(app, client, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    login(make_user(Role.FACILITATOR, pole=pole))
    other = signed_in(app, make_user(Role.ORGANISER, name="Agnès Avise"))
    url = f"/poles/{pole.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    assert other.post(url, data=theirs).status_code == 302  # saved as it was
    mine["description"] = ["Une présentation neuve."]
    assert client.post(url, data=mine).status_code == 302
    db.expire_all()
    assert db.get(Pole, pole.id).description == "Une présentation neuve."


def test_a_need_edited_twice_at_once_keeps_the_first_save(app, client, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Aurélie Anim")
    need = Need(pole=pole, author=facilitator, title="Financer la coordination",
                text="Le poste de coordination dépend d'une seule subvention, qui finit en juin.")
    db.add(need)
    db.commit()
    login(facilitator)
    other = signed_in(app, make_user(Role.ORGANISER, region_code="76", name="Claire Cra"))
    url = f"/besoins/{need.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    theirs["urgency"], theirs["title"] = ["3"], ["Financer la coordination avant juin"]
    assert other.post(url, data=theirs).status_code == 302
    mine["text"] = ["Le poste de coordination dépend d'une seule subvention ; nous cherchons d'autres pistes."]
    page = html.unescape(client.post(url, data=mine).get_data(as_text=True))
    assert "Ce besoin a été modifié par Claire Cra le " in page
    assert "<dt>Titre du besoin</dt>" in page and "<dt>Échéance</dt>" in page and "<dd>Urgent</dd>" in page
    assert "nous cherchons d'autres pistes." in page
    db.expire_all()
    stored = db.get(Need, need.id)
    assert stored.title == "Financer la coordination avant juin" and "autres pistes" not in stored.text


def test_two_people_editing_the_same_thing_in_two_windows_is_said_plainly(app, client, login, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    login(facilitator)
    url = f"/poles/{pole.id}/modifier"
    first, second = open_form(client, url), open_form(client, url)
    first["description"] = ["Écrit dans la première fenêtre."]
    assert client.post(url, data=first).status_code == 302
    second["description"] = ["Écrit dans la seconde fenêtre."]
    page = html.unescape(client.post(url, data=second).get_data(as_text=True))
    assert "Cette fiche a été modifiée par vous-même, dans une autre fenêtre, le " in page


def test_the_edit_forms_add_no_id_twice(client, login, make_user, make_pole, db):
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer la coordination",
                text="Le poste de coordination dépend d'une seule subvention, qui finit en juin.")
    db.add(need)
    db.commit()
    login(facilitator)
    for url in (f"/poles/{pole.id}/modifier", f"/besoins/{need.id}/modifier"):
        page = client.get(url).get_data(as_text=True)
        assert 'name="opened_on"' in page and duplicate_ids(page) == [], url
