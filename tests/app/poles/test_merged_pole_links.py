"""A link to a pole merged into another since (an older mail, a notice under the bell) leads to the pole it lives on in,
said, for whoever may open that one; to anyone else it is the French 404 of a missing pole, never a 500 nor the other
pole's data."""

from __future__ import annotations

import pytest

from app.admin.poles import merge_poles
from models import Role
from tests.app.edit_forms import open_form
from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def _merged(make_pole, make_user, *, kept_public: bool):
    duplicate = make_pole("Pôle des Cévennes (doublon)", region_code="76")
    kept = make_pole("Pôle Insertion et Coopération des Cévennes", region_code="84", public=kept_public)
    duplicate_id = duplicate.id
    merge_poles(admin=make_user(Role.ADMIN), kept=kept, duplicate=duplicate)
    return duplicate_id, kept


def test_a_merged_pole_s_link_leads_to_the_kept_pole(client, make_pole, make_user):
    duplicate_id, kept = _merged(make_pole, make_user, kept_public=True)
    response = client.get(f"/poles/{duplicate_id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/poles/{kept.id}")
    text = " ".join(page_text(client.get(f"/poles/{kept.id}")).split()).replace("\u00a0", " ")
    assert ("Le pôle « Pôle des Cévennes (doublon) » a été fondu dans « Pôle Insertion et Coopération des Cévennes », "
            "dont voici la fiche.") in text


def test_a_cra_that_may_not_open_the_kept_pole_gets_the_404_of_its_region(client, login, make_pole, make_user):
    duplicate_id, kept = _merged(make_pole, make_user, kept_public=False)
    login(make_user(Role.ORGANISER, region_code="76"))
    response = client.get(f"/poles/{duplicate_id}")
    assert response.status_code == 404
    text = " ".join(page_text(response).split()).replace("\u00a0", " ")
    assert "Ce pôle n'existe pas ou ne relève pas de votre région : vous suivez la région Occitanie." in text
    assert kept.name not in text
    assert client.get("/poles/987654").status_code == 404  # never a pole: the same words


def test_the_form_of_a_pole_merged_since_leads_to_the_kept_pole_saving_nothing(client, login, make_pole, make_user):
    """The form opened before the merge, sent after it (a 404 before): the kept pole's page, saying what happened and
    that nothing was saved; the kept pole unchanged."""
    duplicate = make_pole("Pôle des Cévennes (doublon)", region_code="76")
    kept = make_pole("Pôle Insertion et Coopération des Cévennes", region_code="84", public=True)
    admin = make_user(Role.ADMIN)
    login(admin)
    url = f"/poles/{duplicate.id}/modifier"
    sent = open_form(client, url)
    sent["description"] = ["Présentation écrite avant la fusion."]
    duplicate_id = duplicate.id
    merge_poles(admin=admin, kept=kept, duplicate=duplicate)
    response = client.post(url, data=sent)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/poles/{kept.id}")
    text = " ".join(page_text(client.get(f"/poles/{kept.id}")).split()).replace("\u00a0", " ")
    assert "a été fondu dans « Pôle Insertion et Coopération des Cévennes », dont voici la fiche." in text
    assert ("Ce pôle n'existe plus : il a été fondu dans un autre pôle (ou supprimé) pendant que vous l'éditiez ; "
            "vos modifications ne sont pas enregistrées.") in text
    assert "Présentation écrite avant la fusion." not in text
    assert client.get(f"/poles/{duplicate_id}/modifier").status_code == 302  # the form's link itself
