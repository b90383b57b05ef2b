"""Poles and needs through the web: create, claim, edit, access checks, directory filters."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.poles import services
from app.poles.services import PoleError
from models import Maturity, Need, NeedStatus, OutboxMessage, Pairing, PairingStatus, Pole, Role
from tests.app.html_parts import form_errors

pytestmark = pytest.mark.web


def _pole_form(csrf, url, **overrides):
    data = {"csrf_token": csrf(url), "name": "Pôle des Coteaux", "carrier_structure": "SCIC Coteaux",
            "region_code": "76", "departements": ["31", "81"], "maturity": "en_creation",
            "themes": ["culture", "animation_cooperation"], "description": "Un jeune pôle culturel.",
            "strengths": "", "website": "https://coteaux.example.org", "public_listing": "y"}
    data.update(overrides)
    return data


def test_facilitator_creates_pole_and_need(client, csrf, login, make_user, db):
    user = make_user(Role.FACILITATOR)
    login(user)
    response = client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau"))
    assert response.status_code == 302
    pole = db.scalars(select(Pole)).one()
    db.refresh(user)
    assert user.pole_id == pole.id
    assert [d.code for d in pole.departements] == ["31", "81"]
    assert pole.maturity is Maturity.EN_CREATION
    url = f"/poles/{pole.id}/besoins/nouveau"
    response = client.post(url, data={
        "csrf_token": csrf(url), "title": "Financer le poste de coordination",
        "text": "Nous avançons à tâtons et le poste de coordination dépend d'une seule subvention.",
        "kind": "transfer", "urgency": "3", "themes": ["modele_economique"]})
    assert response.status_code == 302
    need = db.scalars(select(Need)).one()
    assert need.author_id == user.id and need.urgency == 3 and need.status is NeedStatus.OPEN
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Financer le poste de coordination" in page


def test_pole_departement_outside_region_refused(client, csrf, login, make_user, db):
    login(make_user(Role.FACILITATOR))
    page = client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau", departements=["29"]))
    assert "Ce département n'est pas dans la région choisie\u00a0: Finistère." in html.unescape(page.get_data(as_text=True))
    assert db.scalar(select(func.count()).select_from(Pole)) == 0


def test_need_text_too_short_french_error(client, csrf, login, make_user, make_pole):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    page = client.post(url, data={"csrf_token": csrf(url), "title": "Aide", "text": "court",
                                  "kind": "transfer", "urgency": "2"}).get_data(as_text=True)
    assert "Le titre doit faire au moins 5 caractères." in page
    assert "au moins 30 caractères" in page
    assert 'aria-invalid="true"' in page


def test_a_need_too_long_is_refused_with_its_length_never_cut(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    long_text = "Nous cherchons à financer la coordination du pôle. " * 430
    page = html.unescape(client.post(url, data={
        "csrf_token": csrf(url), "title": "Financer la coordination", "text": long_text, "kind": "transfer",
        "urgency": "2"}).get_data(as_text=True))
    assert "5\u202f000\u00a0caractères au plus (ce texte en compte 21\u202f929)." in page
    assert long_text.strip() in page  # the whole text is given back, for the person to shorten
    assert 'maxlength="5000"' in page and "De 30 à 5\u202f000\u00a0caractères." in page  # the hint says the limit
    assert db.scalar(select(func.count()).select_from(Need)) == 0


def test_the_need_service_refuses_a_text_too_long_rather_than_cutting_it(make_user, make_pole):
    pole = make_pole()
    with pytest.raises(PoleError, match="5\u202f000\u00a0caractères au plus"):
        services.save_need(None, pole=pole, author=make_user(Role.FACILITATOR, pole=pole), data={
            "title": "Financer la coordination", "text": "x" * 5001, "kind": "transfer", "urgency": 2})


@pytest.mark.parametrize("path", ["/poles/{pole}/modifier", "/poles/{pole}/besoins/nouveau",
                                  "/besoins/{need}/modifier"])
def test_other_pole_cannot_edit(client, login, make_user, make_pole, db, path):
    pole, other = make_pole(), make_pole()
    need = Need(pole=pole, title="Un besoin", text="x" * 40)
    db.add(need)
    db.commit()
    login(make_user(Role.FACILITATOR, pole=other))
    assert client.get(path.format(pole=pole.id, need=need.id)).status_code == 403


def test_other_pole_cannot_change_need_status(client, csrf, login, make_user, make_pole, db):
    pole, other = make_pole(), make_pole()
    need = Need(pole=pole, title="Un besoin", text="x" * 40)
    db.add(need)
    db.commit()
    login(make_user(Role.FACILITATOR, pole=other))
    response = client.post(f"/besoins/{need.id}/statut", data={"csrf_token": csrf("/poles/"), "status": "closed"})
    assert response.status_code == 403
    db.refresh(need)
    assert need.status is NeedStatus.OPEN


def test_private_pole_hidden_from_anonymous_and_directory(client, make_pole):
    hidden = make_pole("Pôle discret", public=False)
    make_pole("Pôle visible")
    assert client.get(f"/poles/{hidden.id}").status_code == 404
    page = client.get("/poles/").get_data(as_text=True)
    assert "Pôle visible" in page and "Pôle discret" not in page


def test_directory_sorts_names_as_a_reader_does_case_and_accents_ignored(client, make_pole):
    for name in ("PTCE Sud", "Paris Mix", "CIS-DT52", "Cergy", "Écopôle", "Est Ensemble"):
        make_pole(name)
    page = client.get("/poles/").get_data(as_text=True)
    listed = sorted(("PTCE Sud", "Paris Mix", "CIS-DT52", "Cergy", "Écopôle", "Est Ensemble"), key=page.index)
    assert listed == ["Cergy", "CIS-DT52", "Écopôle", "Est Ensemble", "Paris Mix", "PTCE Sud"]


def test_directory_filters_by_region_theme_maturity_and_search(client, make_pole, db):
    from models import Theme

    culture = db.get(Theme, "culture")
    make_pole("Pôle breton culturel", region_code="53", maturity=Maturity.CONSOLIDE, themes=[culture])
    make_pole("Pôle occitan", region_code="76", maturity=Maturity.EMERGENT)
    assert "Pôle occitan" not in client.get("/poles/?region=53").get_data(as_text=True)
    page = client.get("/poles/?theme=culture&maturity=consolide").get_data(as_text=True)
    assert "Pôle breton culturel" in page and "Pôle occitan" not in page
    assert "Pôle breton" not in client.get("/poles/?q=occitan").get_data(as_text=True)
    assert client.get("/poles/?region=%3Cscript%3E").status_code == 200


@pytest.mark.parametrize("query", ["cooperative", "COOPÉRATIVE", "Coopérative lauragais", "l'ecole", "ÉCOLE"])
def test_the_pole_search_ignores_accents_and_case(client, make_pole, query):
    make_pole("Pôle Territoire Solidaire du Lauragais", carrier_structure="Société coopérative d’intérêt collectif",
              description="Une épicerie, L’École des transitions et un tiers-lieu.")
    make_pole("Pôle des Coteaux", description="Un jeune pôle culturel.")
    page = html.unescape(client.get("/poles/", query_string={"q": query}).get_data(as_text=True))
    assert "Pôle Territoire Solidaire du Lauragais" in page and "Pôle des Coteaux" not in page, query


def test_search_wildcards_are_letters(client, make_pole):
    make_pole("Pôle des Coteaux")
    page = html.unescape(client.get("/poles/?q=%25").get_data(as_text=True))
    assert "Pôle des Coteaux" not in page and "0\u00a0pôle" not in page  # said once, not « 0 pôle trouvé. » above it
    assert page.count("Aucun pôle ne correspond à ces critères.") == 1


def test_a_search_too_long_says_why_instead_of_showing_every_pole(client, make_pole):
    make_pole("Pôle des Coteaux")
    page = html.unescape(client.get("/poles/", query_string={"q": "coopérative " * 42}).get_data(as_text=True))
    beside, _ = form_errors(page)
    assert beside == {"q-erreur": "100 caractères au plus (ce texte en compte 503)."}
    assert "Recherche non faite\u00a0: corrigez le critère signalé." in page and "Pôle des Coteaux" not in page


def test_need_page_requires_login(client, make_pole, db):
    need = Need(pole=make_pole(), title="Un besoin", text="x" * 40)
    db.add(need)
    db.commit()
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_unknown_ids_are_404(client, login, make_user):
    login(make_user(Role.ORGANISER))
    for path in ("/poles/999999", "/besoins/999999", "/poles/999999/modifier"):
        assert client.get(path).status_code == 404


def test_unlisted_pole_and_its_needs_hidden_from_other_facilitators(client, login, make_user, make_pole, db):
    hidden = make_pole("Pôle discret", public=False)
    need = Need(pole=hidden, title="Besoin confidentiel", text="x" * 40)
    db.add(need)
    db.commit()
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    assert client.get(f"/poles/{hidden.id}").status_code == 404
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 404 and "Besoin confidentiel" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.RESOURCE_PERSON])
def test_unlisted_pole_visible_to_those_who_serve_it(client, login, make_user, make_pole, make_resource_person, db,
                                                     role):
    hidden = make_pole("Pôle discret", public=False)
    viewer = make_user(role)
    need = Need(pole=hidden, title="Besoin confidentiel", text="x" * 40)
    db.add(need)
    if role is Role.RESOURCE_PERSON:  # she serves it: she accepted a transfer of its need (``transfer_serves_pole``)
        db.add(Pairing(need=need, resource_person=make_resource_person(user=viewer), status=PairingStatus.ACCEPTED))
    db.commit()
    login(viewer)
    assert client.get(f"/besoins/{need.id}").status_code == 200


def test_a_pole_created_by_a_facilitator_is_announced_to_those_who_may_confirm_it(client, csrf, login, make_user, db):
    national = make_user(Role.ORGANISER, email="avise@exemple.fr")
    regional = make_user(Role.ORGANISER, email="cra.occitanie@exemple.fr", region_code="76")
    make_user(Role.ORGANISER, email="cra.bretagne@exemple.fr", region_code="53")
    login(make_user(Role.FACILITATOR, name="Inès Garcia", email="ines@coteaux.fr"))
    assert client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau")).status_code == 302
    sent = {m.to_email: m for m in db.scalars(select(OutboxMessage))}
    assert set(sent) == {national.email, regional.email}
    mail = sent[regional.email]
    assert mail.subject == "Nouveau pôle à confirmer\u00a0: «\u00a0Pôle des Coteaux\u00a0»"
    assert "Inès Garcia (ines@coteaux.fr) vient d'inscrire le pôle « Pôle des Coteaux » (Occitanie)" in mail.body
    assert "/poles/demandes" in mail.body


def test_a_pole_created_by_an_organiser_is_confirmed_and_announced_to_no_one(client, csrf, login, make_user, db):
    make_user(Role.ORGANISER, email="cra.occitanie@exemple.fr", region_code="76")
    login(make_user(Role.ORGANISER, email="avise@exemple.fr"))
    assert client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau")).status_code == 302
    assert db.scalars(select(Pole)).one().confirmed_at is not None
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_each_need_form_has_its_own_title(client, login, make_user, make_pole, db):
    """The crawl: every « Publier un besoin » page, every « Modifier le besoin » page, shared one title."""
    first, second = make_pole("Pôle des Coteaux"), make_pole("Pôle du Littoral")
    needs = [Need(pole=first, title=title, text="x" * 40) for title in ("Financer la coordination", "Un local")]
    db.add_all(needs)
    db.commit()
    login(make_user(Role.ADMIN))

    def title(path: str) -> str:
        return html.unescape(re.search(r"<title>(.*?)</title>", client.get(path).get_data(as_text=True)).group(1))

    assert title(f"/poles/{first.id}/besoins/nouveau") == "Publier un besoin — Pôle des Coteaux — Entrepairs"
    assert title(f"/poles/{second.id}/besoins/nouveau") == "Publier un besoin — Pôle du Littoral — Entrepairs"
    assert title(f"/besoins/{needs[0].id}/modifier") == "Modifier le besoin «\u00a0Financer la coordination\u00a0» — Entrepairs"
    assert title(f"/besoins/{needs[1].id}/modifier") == "Modifier le besoin «\u00a0Un local\u00a0» — Entrepairs"


def test_a_facilitator_who_does_not_find_her_pole_is_shown_how_to_create_it(client, csrf, login, make_user, make_pole):
    """« Chercher mon pôle » led a new facilitator to « Aucun pôle ne correspond à ces critères. » and nothing more:
    the way to create her pole's page, and back to every pole, are now beside it."""
    make_pole("Pôle des Coteaux")
    login(make_user(Role.FACILITATOR))
    page = client.get("/poles/?q=Pôle+du+Lauragais+introuvable").get_data(as_text=True)
    assert "Aucun pôle ne correspond" in page
    assert 'href="/poles/nouveau">Créez sa fiche</a>' in page and 'href="/poles/">Voir tous les pôles</a>' in page
    assert 'href="/poles/">Voir tous les pôles</a>' not in client.get("/poles/").get_data(as_text=True)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(make_user(Role.FACILITATOR, pole=make_pole("Pôle du Forez")))  # she has her pole: nothing to create
    assert "Créez sa fiche" not in client.get("/poles/?q=introuvable").get_data(as_text=True)
