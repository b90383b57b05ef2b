"""Resource persons: profile, offers, directory, ownership."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.refused import Refused
from app.resources import services, validation
from models import Offer, ResourcePerson, Role, ValidationStatus
from tests.app.html_parts import form_errors

pytestmark = pytest.mark.web


def _profile_data(token: str, **overrides) -> dict:
    data = {"csrf_token": token, "headline": "Ancienne directrice d'un pôle consolidé",
            "employer": "Coopérative Oxalis", "bio": "", "region_code": "53", "departement_code": "29",
            "pole_id": "", "yearly_capacity": "2", "mobility": "both", "availability": "Les jeudis"}
    data.update(overrides)
    return data


def test_resource_person_publishes_profile_and_offer(client, csrf, login, make_user, db):
    user = make_user(Role.RESOURCE_PERSON)
    login(user)
    assert client.get("/personnes-ressources/offres/nouvelle").status_code == 302  # profile first
    response = client.post("/personnes-ressources/mon-profil",
                           data=_profile_data(csrf("/personnes-ressources/mon-profil")))
    assert response.status_code == 302
    profile = db.scalars(select(ResourcePerson)).one()
    assert profile.user_id == user.id and profile.yearly_capacity == 2
    url = "/personnes-ressources/offres/nouvelle"
    response = client.post(url, data={
        "csrf_token": csrf(url), "title": "Structurer une SCIC multi-acteurs",
        "text": "J'ai accompagné la transformation de notre association en SCIC avec des collectivités.",
        "themes": ["statuts_cooperatifs", "gouvernance_cooperative"]})
    assert response.status_code == 302
    offer = db.scalars(select(Offer)).one()
    assert sorted(t.code for t in offer.themes) == ["gouvernance_cooperative", "statuts_cooperatifs"]
    page = client.get("/personnes-ressources/?theme=statuts_cooperatifs").get_data(as_text=True)
    # A new profile waits for an organiser before it is listed (see test_validation.py).
    assert "Structurer une SCIC multi-acteurs" not in page
    assert "attend la validation" in client.get(f"/personnes-ressources/{profile.id}").get_data(as_text=True)


def test_a_new_profile_is_said_to_await_validation_once(client, csrf, login, make_user):
    """The page says it awaits validation; the saved notice above it does not say it again."""
    login(make_user(Role.RESOURCE_PERSON))
    page = client.post("/personnes-ressources/mon-profil", data=_profile_data(csrf("/personnes-ressources/mon-profil")),
                       follow_redirects=True).get_data(as_text=True)
    assert "Votre profil est enregistré." in page
    assert page.count("attend la validation") == 1 and "le valide avant" not in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("yearly_capacity", "13", "de 0 à 12 par an"),
    ("yearly_capacity", "deux", "Not a valid integer"),
    ("departement_code", "75", "pas dans la région"),
    ("region_code", "99", "Not a valid choice"),
])
def test_profile_bad_input_french_message(client, csrf, login, make_user, db, field, value, message):
    login(make_user(Role.RESOURCE_PERSON))
    page = client.post("/personnes-ressources/mon-profil",
                       data=_profile_data(csrf("/personnes-ressources/mon-profil"), **{field: value}))
    text = page.get_data(as_text=True)
    assert "Not a valid" not in text
    assert db.scalar(select(func.count()).select_from(ResourcePerson)) == 0
    if "Not a valid" not in message:
        assert message in text


def test_profile_says_every_error_at_once_each_beside_its_field(client, csrf, login, make_user, db):
    login(make_user(Role.RESOURCE_PERSON))
    page = client.post("/personnes-ressources/mon-profil", data=_profile_data(
        csrf("/personnes-ressources/mon-profil"), region_code="76", departement_code="69", yearly_capacity="-3",
        availability="Les mardis.")).get_data(as_text=True)
    beside, summary = form_errors(html.unescape(page))
    assert beside == {
        "departement_code-erreur": "Ce département n'est pas dans la région choisie : choisissez-en un de la région, "
                                   "ou aucun.",
        "yearly_capacity-erreur": "Indiquez un nombre de transferts de 0 à 12 par an.",
    }
    assert len(summary) == 2
    assert "Les mardis." in page and 'value="Ancienne directrice d\'un pôle consolidé"' in html.unescape(page)
    assert db.scalar(select(func.count()).select_from(ResourcePerson)) == 0


def test_capacity_hint_and_rule_agree(client, csrf, login, make_user, db):
    """The box is a text box (no ``min``/``max`` the browser would enforce): the hint tied to it says the range
    once, and the rule refuses what is outside it and takes both ends."""
    login(make_user(Role.RESOURCE_PERSON))
    page = html.unescape(client.get("/personnes-ressources/mon-profil").get_data(as_text=True))
    assert ("De 0 à 12 par année civile (2 par défaut)\u00a0: ce nombre engagé, votre profil n'est plus proposé "
            "avant le 1er janvier." in page) and "Avise" not in page  # no source has Avise recommend a number
    assert "au plus deux" not in page and "Un nombre entier" not in page  # the range is not said twice
    box = re.search(r'<input[^>]*id="yearly_capacity"[^>]*>', page).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box and "max=" not in box
    assert 'aria-describedby="yearly_capacity-aide"' in box and 'id="yearly_capacity-aide"' in page
    url = "/personnes-ressources/mon-profil"
    refused = client.post(url, data=_profile_data(csrf(url), yearly_capacity="13")).get_data(as_text=True)
    assert "Indiquez un nombre de transferts de 0 à 12 par an." in refused
    for most_or_least in ("12", "0"):
        assert client.post(url, data=_profile_data(csrf(url), yearly_capacity=most_or_least)).status_code == 302
        assert db.scalars(select(ResourcePerson)).one().yearly_capacity == int(most_or_least)


def test_departements_are_grouped_by_region_the_chosen_one_first(client, login, make_user, make_resource_person):
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON), region_code="76")
    login(person.user)
    page = html.unescape(client.get("/personnes-ressources/mon-profil").get_data(as_text=True))
    select = page[page.index('<select data-region-field="region_code"'):]
    select = select[:select.index("</select>")]
    assert select.index('<optgroup label="Occitanie">') < select.index('<optgroup label="Auvergne-Rhône-Alpes">')
    assert '<option data-region="76" value="31">Haute-Garonne (31)</option>' in select


def test_an_offer_too_long_is_refused_with_its_length_never_cut(client, csrf, login, make_user, make_resource_person,
                                                                 db):
    profile = make_resource_person(user=make_user(Role.RESOURCE_PERSON))
    login(profile.user)
    url = "/personnes-ressources/offres/nouvelle"
    long_text = "Nous avons créé en 2019 une légumerie en SCIC avec 12 maraîchers et trois cantines. " * 260
    page = html.unescape(client.post(url, data={"csrf_token": csrf(url), "title": "Stabiliser une légumerie",
                                                "text": long_text}).get_data(as_text=True))
    beside, _ = form_errors(page)
    count = f"{len(long_text.strip()):,}".replace(",", " ")  # the reader folds the narrow no-break spaces
    assert beside == {"text-erreur": f"5 000 caractères au plus (ce texte en compte {count})."}
    assert long_text.strip() in page and "De 30 à 5\u202f000\u00a0caractères." in page
    assert db.scalar(select(func.count()).select_from(Offer)) == 0


def test_services_refuse_texts_too_long_rather_than_cutting_them(make_user, make_resource_person):
    profile = make_resource_person(user=make_user(Role.RESOURCE_PERSON), status=ValidationStatus.PENDING)
    with pytest.raises(services.ProfileError, match="« Description de l'offre » : 5\u202f000\u00a0caractères au plus"):
        services.save_offer(None, profile=profile, data={"title": "Une offre", "text": "y" * 5001})
    with pytest.raises(services.ProfileError, match="5\u202f000\u00a0caractères au plus"):
        services.save_profile(profile.user, data={
            "headline": "Ancienne directrice", "bio": "b" * 5001, "region_code": "53", "yearly_capacity": 2,
            "mobility": "both"})
    with pytest.raises(Refused, match="« Motif du refus » : 2\u202f000\u00a0caractères au plus"):
        validation.refuse(profile, organiser=make_user(Role.ORGANISER), reason="r" * 2001)


def test_the_directory_search_ignores_accents_and_case(client, make_user, make_resource_person, db):
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Hélène Dupré"))
    db.add(Offer(resource_person=person, title="Créer une coopérative", text="Une SCIC d'intérêt collectif " * 3))
    db.commit()
    for query in ("helene", "COOPERATIVE", "interet scic"):
        page = html.unescape(client.get("/personnes-ressources/", query_string={"q": query}).get_data(as_text=True))
        assert "Hélène Dupré" in page, query
    assert "1\u00a0personne trouvée." in page
    page = client.get("/personnes-ressources/?q=lauragais").get_data(as_text=True)
    assert "Hélène Dupré" not in page and "0\u00a0personne" not in page  # said once
    assert page.count("Aucune personne ressource ne correspond à ces critères.") == 1


def test_offer_edit_by_someone_else_forbidden(client, login, make_user, make_resource_person, db):
    owner = make_resource_person()
    offer = Offer(resource_person=owner, title="Offre de test", text="y" * 40)
    db.add(offer)
    db.commit()
    login(make_user(Role.RESOURCE_PERSON))
    assert client.get(f"/personnes-ressources/offres/{offer.id}/modifier").status_code == 403


def test_withdrawn_offer_hidden_from_others(client, make_resource_person, db):
    offer = Offer(resource_person=make_resource_person(), title="Offre retirée", text="y" * 40, active=False)
    db.add(offer)
    db.commit()
    assert client.get(f"/personnes-ressources/offres/{offer.id}").status_code == 404


def test_facilitator_cannot_create_resource_profile(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    assert client.get("/personnes-ressources/mon-profil").status_code == 403


def test_a_withdrawn_offer_does_not_bring_its_author_up_in_a_search(client, make_user, make_resource_person, db):
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Marc Oudin"))
    db.add(Offer(resource_person=person, title="Monnaie locale", text="Lancer une monnaie locale complémentaire. " * 2,
                 active=False))
    db.commit()
    page = html.unescape(client.get("/personnes-ressources/", query_string={"q": "monnaie"}).get_data(as_text=True))
    assert "Marc Oudin" not in page


def test_a_person_with_no_transfer_left_this_year_reads_aucun_not_zero(client, login, make_user, make_resource_person):
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Odile Vernet"), capacity=0)
    login(make_user(Role.ORGANISER))
    for url in (f"/personnes-ressources/{person.id}", "/personnes-ressources/?q=vernet"):
        page = html.unescape(client.get(url).get_data(as_text=True))
        assert "aucun transfert par an" in page and "0\u00a0transfert" not in page, url


def test_an_offer_withdrawn_then_put_back_is_written_by_its_owner_only(client, csrf, login, make_user,
                                                                         make_resource_person, db):
    """« Retirer de l'annuaire » goes through the service's unit of work (``set_offer_active``): committed, and
    refused to anyone but the offer's owner."""
    person = make_resource_person()
    offer = Offer(resource_person=person, title="Financer la coordination", text="Cotisations et conventions.")
    db.add(offer)
    db.commit()
    url, page = f"/personnes-ressources/offres/{offer.id}/activation", f"/personnes-ressources/offres/{offer.id}"

    login(make_user(Role.RESOURCE_PERSON))
    assert client.post(url, data={"csrf_token": csrf(page), "active": "0"}).status_code == 403
    db.expire_all()
    assert db.get(Offer, offer.id).active
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})

    login(person.user)
    withdrawn = client.post(url, data={"csrf_token": csrf(page), "active": "0"}, follow_redirects=True)
    assert "Offre retirée de l'annuaire." in html.unescape(withdrawn.get_data(as_text=True))
    db.expire_all()
    assert not db.get(Offer, offer.id).active
    client.post(url, data={"csrf_token": csrf(page), "active": "1"})
    db.expire_all()
    assert db.get(Offer, offer.id).active
