"""The need page's fragments declare their versions: a kept page never hides a new session or sheet.

Each fragment of ``NEED_PAGE_FRAGMENTS`` has a change below that moves it. The page must be kept
before the change (the first page after signing in shows the welcome message and is never kept:
a test that looked only at that page passed whatever the fragments declared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.agenda import services as agenda
from app.poles.views import NEED_PAGE_FRAGMENTS
from models import (
    CollectiveKind, ExperienceSheet, LearningVisit, Need, NeedKind, Offer, Pairing, PairingStatus, Role, Theme,
    utcnow,
)
from tests.app.agenda.conftest import draft

pytestmark = pytest.mark.web


@pytest.fixture
def facilitator_need(db, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux")
    user = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=user, kind=NeedKind.TRANSFER, title="Pérenniser le poste d'animation",
                text="La subvention qui paie l'animation du pôle s'arrête : comment construire un modèle "
                     "économique qui tienne avec les cotisations des membres ?",
                themes=[db.get(Theme, "modele_economique")])
    db.add(need)
    db.commit()
    return user, need


def test_a_session_published_after_the_page_was_kept_appears(client, login, make_user, facilitator_need):
    user, need = facilitator_need
    login(user)
    client.get(f"/besoins/{need.id}")  # the welcome message: not kept
    first = client.get(f"/besoins/{need.id}").get_data(as_text=True)  # kept
    assert "Sessions collectives à venir" not in first
    agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft(title="Financer l'animation d'un pôle"))
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Financer l&#39;animation d&#39;un pôle" in page or "Financer l'animation d'un pôle" in page
    assert "Thème du besoin\u00a0: Modèle socio-économique et pérennisation" in page


def test_a_need_telling_of_eu_funds_meets_the_eu_funds_session(db, client, login, make_user, facilitator_need):
    user, need = facilitator_need
    need.themes = []
    need.title = "Monter notre premier dossier européen"
    need.text = ("Nous voulons déposer un dossier FEDER avec le GAL pour un programme LEADER, mais l'avance "
                 "de trésorerie et le montage des fonds européens nous font peur.")
    db.commit()
    agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft(
        title="Session fonds européens pour les PTCE", kind=CollectiveKind.EU_FUNDS,
        theme_codes=["financements_europeens"]))
    login(user)
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Session fonds européens pour les PTCE" in page
    assert "déduit du texte du besoin" in page


@dataclass
class World:
    """What a change needs to add something to the network."""

    db: object
    make_user: Callable
    make_pole: Callable
    make_resource_person: Callable


def _new_offer(world: World) -> None:
    person = world.make_resource_person()
    world.db.add(Offer(resource_person=person, title="Construire un modèle économique avec les cotisations",
                       text="J'ai accompagné trois pôles dans la refonte de leur modèle économique."))
    world.db.commit()


def _new_visit(world: World) -> None:
    world.db.add(LearningVisit(
        title="Pérenniser l'animation d'un pôle", theme_text="modèle économique, cotisations, animation",
        host_pole=world.make_pole("Pôle hôte", region_code="76"), organiser=world.make_user(Role.ORGANISER),
        start_date=date.today() + timedelta(days=30), capacity=5))
    world.db.commit()


def _new_session(world: World) -> None:
    agenda.publish(organiser=world.make_user(Role.ORGANISER), draft=draft(title="Financer l'animation d'un pôle"))


def _unpublished_sheet(world: World) -> None:
    """A sheet written before the page is kept (its resource person would move the mentors' version)."""
    other = world.make_pole("Pôle du Littoral", region_code="52")
    person = world.make_resource_person()
    need = Need(pole=other, title="Mutualiser un poste", text="Comment mutualiser un poste entre structures ?")
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.COMPLETED)
    world.db.add_all([need, pairing, ExperienceSheet(
        pairing=pairing, title="Un poste mutualisé", situation="Deux structures.",
        transferred="La convention de mise à disposition.")])
    world.db.commit()


def _publish_sheet(world: World) -> None:
    world.db.scalars(select(ExperienceSheet)).one().published_at = utcnow()
    world.db.commit()


def _new_themed_need(world: World) -> None:
    other = world.make_pole("Pôle du Littoral", region_code="52")
    world.db.add(Need(pole=other, title="Répondre aux marchés publics", text="Un premier marché public.",
                      themes=[world.db.get(Theme, "modele_economique")]))
    world.db.commit()


def _nothing(world: World) -> None:
    pass


#: For each declared fragment, what to prepare before the page is kept, and a change of what it reads.
CHANGES: dict[str, tuple[Callable[[World], None], Callable[[World], None]]] = {
    "mentors": (_nothing, _new_offer),
    "visits": (_nothing, _new_visit),
    "sessions": (_nothing, _new_session),
    "experiences": (_unpublished_sheet, _publish_sheet),
    "themes": (_nothing, _new_themed_need),
}


def test_every_declared_fragment_has_a_change_here():
    assert [name for name, _ in NEED_PAGE_FRAGMENTS] == list(CHANGES)


@pytest.mark.parametrize("fragment", list(CHANGES))
def test_a_change_of_each_fragment_renders_the_kept_page_again(
        fragment, client, login, db, make_user, make_pole, make_resource_person, renders, facilitator_need):
    """Removing a fragment from ``NEED_PAGE_FRAGMENTS`` makes its case fail: the kept page is served
    stale ("themes" only fails its lookup: the mentors' version carries the theme model's too)."""
    user, need = facilitator_need
    world = World(db, make_user, make_pole, make_resource_person)
    prepare, change = CHANGES[fragment]
    prepare(world)
    url = f"/besoins/{need.id}"
    login(user)
    client.get(url)  # the welcome message: not kept
    client.get(url)
    renders.clear()
    client.get(url)
    assert renders == [], "the page is kept before the change"
    version = dict(NEED_PAGE_FRAGMENTS)[fragment]
    before = version()
    change(world)
    assert version() != before, f"the change meant for {fragment!r} does not move its version"
    assert client.get(url).status_code == 200
    assert "poles/need.html" in renders, f"a change of {fragment!r} left the kept page served"
