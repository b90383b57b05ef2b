"""Where a resource person finds the needs she could help with, and what the section says while it is empty
for a reason of her own: no offer yet, a profile awaiting validation (walk 3)."""

from __future__ import annotations

import pytest

from models import Offer, Role, ValidationStatus
from tests.app.texts import FINANCE_OFFER

pytestmark = pytest.mark.web


def _section(client, person) -> str:
    page = client.get(f"/personnes-ressources/{person.id}").get_data(as_text=True)
    return page[page.index('id="besoins-titre"'):]


def test_without_an_offer_she_is_told_to_publish_one(client, login, make_resource_person):
    person = make_resource_person()
    login(person.user)
    section = _section(client, person)
    assert "Publiez une offre\u00a0: les besoins ouverts qui lui correspondent apparaîtront ici." in section
    assert "ne correspond pour l'instant" not in section


def test_awaiting_validation_she_is_told_the_needs_come_once_validated(client, login, db, make_resource_person):
    person = make_resource_person(status=ValidationStatus.PENDING)
    db.add(Offer(resource_person=person, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1]))
    db.commit()
    login(person.user)
    section = _section(client, person)
    assert "apparaîtront ici une fois votre profil validé" in section
    assert "ne correspond pour l'instant" not in section


def test_an_organiser_reads_of_her_offers_not_of_his(client, login, db, make_user, make_resource_person):
    person = make_resource_person()
    db.add(Offer(resource_person=person, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1]))
    db.commit()
    login(make_user(Role.ORGANISER))
    section = _section(client, person)
    assert "à ses offres" in section and "vos offres" not in section


def test_her_space_leads_to_the_needs_once_validated(client, login, make_resource_person):
    person = make_resource_person()
    login(person.user)
    space = client.get("/mon-espace").get_data(as_text=True)
    assert f'href="/personnes-ressources/{person.id}#besoins-titre">Besoins ouverts auxquels vous pourriez répondre</a>' \
        in space


def test_her_space_has_no_such_link_while_pending(client, login, make_resource_person):
    person = make_resource_person(status=ValidationStatus.PENDING)
    login(person.user)
    assert "#besoins-titre" not in client.get("/mon-espace").get_data(as_text=True)


def test_a_pole_off_the_directory_is_named_to_her_in_no_suggestion(app, client, login, db, make_user, make_pole,
                                                                   make_resource_person):
    """A pole that chose not to be listed is named to a resource person by no list, search or suggestion
    (``policy.pole_sight``): its open need, however close to her offer, is not put forward on her page; a national
    organiser reading her page still sees it (he sees every pole)."""
    from models import Need, NeedKind
    from tests.app.security.routes import log_in
    from tests.app.texts import FINANCE_NEED

    hidden = make_pole("Pôle Hors Annuaire", public=False)
    author = make_user(Role.FACILITATOR, pole=hidden)
    person = make_resource_person()
    need = Need(pole=hidden, author=author, title=FINANCE_NEED[0], text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add_all([need, Offer(resource_person=person, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1])])
    db.commit()
    national = app.test_client()
    log_in(national, make_user(Role.ORGANISER, email="avise@exemple.fr"))
    assert "Pôle Hors Annuaire" in _section(national, person)  # the need is her match: the section would show it
    login(person.user)
    section = _section(client, person)
    assert "Pôle Hors Annuaire" not in section and FINANCE_NEED[0] not in section
    assert f"/besoins/{need.id}" not in section
