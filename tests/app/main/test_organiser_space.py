"""« Mon espace » of an organiser says what waits for it, as the pages that handle it count (a CRA: its region),
each count leading there; zero said plainly, one and several agreeing."""

from __future__ import annotations

import html
import re

import pytest

from app.pair_space.initiative import offer_help
from app.poles import claims
from app.transfers import services as transfers
from models import Maturity, Need, NeedKind, Offer, Organisation, OrganisationKind, Role, ValidationStatus
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER

pytestmark = pytest.mark.web

NBSP = "\u00a0"


def _organiser(db, make_user, kind: OrganisationKind, *, region_code: str | None = None, role: Role = Role.ORGANISER):
    user = make_user(role, region_code=region_code, name=f"Équipe {kind.label}")
    user.organisation = Organisation(kind=kind, name=f"{kind.label} {region_code or ''}".strip(),
                                     region_code=region_code)
    db.commit()
    return user


def _waiting(client) -> str:
    """The « À traiter » section of « Mon espace », unescaped ('' when there is none)."""
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True))
    found = re.search(r'<section aria-labelledby="a-traiter".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _need(db, make_user, make_pole, *, region_code: str = "53", name: str = "Pôle des Coteaux",
          maturity: Maturity = Maturity.CONSOLIDE) -> Need:
    pole = make_pole(name, region_code=region_code, maturity=maturity)
    need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=FINANCE_NEED[0],
                text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    return need


def test_avise_reads_the_transfer_requests_and_help_offers_to_validate(db, client, login, make_user, make_pole,
                                                                       make_resource_person):
    avise = _organiser(db, make_user, OrganisationKind.AVISE)
    login(avise)
    section = _waiting(client)
    assert "Aucune demande de transfert à valider" in section
    assert f"Aucune proposition «{NBSP}Je peux aider{NBSP}» à valider" in section
    assert "Aucune personne ressource à valider" in section
    assert "Aucune demande pour animer un pôle" in section and "Aucun pôle inscrit en attente de confirmation" in section
    assert "<a " not in section  # nothing to open when nothing waits

    need = _need(db, make_user, make_pole)
    transfers.request_transfer(need=need, person=make_resource_person(), requester=need.author)
    helper = make_resource_person()
    db.add(Offer(resource_person=helper, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1]))
    db.commit()
    offer_help(need=need, person=helper, message="J'ai monté ce financement deux fois.", idempotency_key="k" * 24)
    make_resource_person(status=ValidationStatus.PENDING)
    section = _waiting(client)
    assert f'<a href="/organisation/tsf/#demandes-titre">1{NBSP}demande de transfert à valider</a>' in section
    assert (f'<a href="/organisation/tsf/#demandes-titre">1{NBSP}proposition «{NBSP}Je peux aider{NBSP}» à valider</a>'
            in section)
    assert f'<a href="/personnes-ressources/a-valider">1{NBSP}personne ressource à valider</a>' in section

    transfers.request_transfer(need=need, person=make_resource_person(), requester=need.author)
    assert f"2{NBSP}demandes de transfert à valider" in _waiting(client)
    # The console lists the « Je peux aider » one as such, and the pole's as a request.
    console = html.unescape(client.get("/organisation/tsf/").get_data(as_text=True))
    assert console.count("propose son aide") == 1


def test_a_cra_counts_its_own_region_only(db, client, login, make_user, make_pole, make_resource_person):
    cra = _organiser(db, make_user, OrganisationKind.CRA, region_code="76")
    for region in ("76", "53"):  # one of each, in its region and in another
        need = _need(db, make_user, make_pole, region_code=region, name=f"Pôle {region}")
        transfers.request_transfer(need=need, person=make_resource_person(), requester=need.author)
        claims.request_claim(need.pole, user=make_user(Role.FACILITATOR), message="Je coordonne ce pôle.")
        make_pole(f"Pôle inscrit {region}", region_code=region, confirmed=False)
        _need(db, make_user, make_pole, region_code=region, name=f"Pôle émergent {region}", maturity=Maturity.EMERGENT)
        make_resource_person(region_code=region, status=ValidationStatus.PENDING)  # a CRA validates its region's
    login(cra)
    section = _waiting(client)
    assert "À traiter dans votre région (Occitanie)" in section
    assert f'<a href="/poles/demandes">1{NBSP}demande pour animer un pôle à examiner</a>' in section
    assert f'<a href="/poles/demandes#poles-a-confirmer">1{NBSP}pôle inscrit à confirmer</a>' in section
    assert (f'<a href="/organisation/appui-renforce">1{NBSP}pôle à accompagner en priorité (appui renforcé)</a>'
            in section)
    assert f"1{NBSP}demande de transfert à valider" in section
    assert f'<a href="/personnes-ressources/a-valider">1{NBSP}personne ressource à valider</a>' in section
    assert "avocat" not in section
    # The pages behind the links count the same.
    claims_page = client.get("/poles/demandes").get_data(as_text=True)
    assert "Pôle inscrit 76" in claims_page and "Pôle inscrit 53" not in claims_page
    assert "1\u00a0profil en attente dans votre région" in html.unescape(
        client.get("/personnes-ressources/a-valider").get_data(as_text=True))


def test_coorace_reads_the_lawyers_without_specialties_first(db, client, login, make_user, make_lawyer):
    coorace = _organiser(db, make_user, OrganisationKind.COORACE)
    login(coorace)
    make_lawyer()
    section = _waiting(client)
    assert "Aucun·e avocat·e sans spécialités" in section
    make_lawyer("")
    section = _waiting(client)
    assert (f'<a href="/organisation/avocats">1{NBSP}avocat·e sans spécialités' in section
            and "aucune question ne peut lui être adressée" in section)
    assert section.index("avocat") < section.index("demande de transfert")  # its own work comes first
    make_lawyer("")
    assert f"2{NBSP}avocat·es sans spécialités{NBSP}: aucune question ne peut leur être adressée" in _waiting(client)


def test_an_avise_organiser_is_not_shown_the_juri_ptce_line_and_others_no_section(db, client, csrf, login,
                                                                                  make_user, make_lawyer):
    make_lawyer("")
    login(_organiser(db, make_user, OrganisationKind.AVISE))
    assert "avocat" not in _waiting(client)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(make_user(Role.FACILITATOR))
    assert _waiting(client) == ""


def test_an_administrator_sees_every_task(db, client, login, make_user):
    login(_organiser(db, make_user, OrganisationKind.AVISE, role=Role.ADMIN))
    section = _waiting(client)
    for text in ("demande de transfert", "Je peux aider", "personne ressource", "animer un pôle", "pôle inscrit",
                 "appui renforcé", "avocat", "présences"):
        assert text in section, text
