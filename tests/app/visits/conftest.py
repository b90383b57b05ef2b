"""A small network for the learning-visit tests: three poles share a need, a consolidated host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.visits import themes
from models import Departement, Maturity, Need, Pole, Role, Theme, User

TIERS_LIEU = [
    ("Ouvrir un tiers-lieu dans une friche",
     "Nous voulons ouvrir un tiers-lieu dans une friche industrielle et cherchons comment financer "
     "les travaux et gérer le tiers-lieu avec les associations du territoire."),
    ("Créer un tiers-lieu dans une ancienne friche",
     "Nous voulons créer un tiers-lieu dans une ancienne friche industrielle et cherchons comment "
     "financer les travaux et animer le tiers-lieu avec les associations du territoire."),
    ("Lancer un tiers-lieu sur une friche",
     "Nous voulons lancer un tiers-lieu sur une friche industrielle et cherchons comment financer "
     "les travaux et faire vivre le tiers-lieu avec les associations du territoire."),
]
OTHER_NEEDS = [
    ("Recruter des bénévoles", "Comment fidéliser les bénévoles de notre épicerie solidaire en zone rurale ?"),
    ("Marchés publics", "Répondre à un marché public de restauration collective avec des producteurs bio."),
]
HOST_STRENGTHS = ("Nous avons ouvert un tiers-lieu dans une friche industrielle : financement des travaux, "
                  "gestion du tiers-lieu avec les associations, modèle économique du lieu.")


@pytest.fixture(autouse=True)
def _fresh_theme_cache():
    themes.clear_cache()
    yield
    themes.clear_cache()


@dataclass
class VisitNetwork:
    """The visiting poles (with their facilitator and shared need, same order), the host, an organiser."""

    poles: list[Pole]
    facilitators: list[User]
    needs: list[Need]
    host: Pole
    host_facilitator: User
    organiser: User


@pytest.fixture
def network(db, make_pole, make_user) -> VisitNetwork:
    """Three visiting poles in three regions sharing a need, two others, a consolidated host."""
    regions = [("53", "35"), ("52", "44"), ("84", "69")]
    poles, facilitators, needs = [], [], []
    for (region, dep), (title, text) in zip(regions, TIERS_LIEU):
        pole = make_pole(region_code=region, maturity=Maturity.EMERGENT)
        pole.departements = [db.get(Departement, dep)]
        facilitator = make_user(Role.FACILITATOR, pole=pole)
        need = Need(pole=pole, author=facilitator, title=title, text=text, urgency=3,
                    themes=[db.get(Theme, "modele_economique")])
        db.add(need)
        poles.append(pole)
        facilitators.append(facilitator)
        needs.append(need)
    for region, (title, text) in zip(("11", "93"), OTHER_NEEDS):
        pole = make_pole(region_code=region)
        db.add(Need(pole=pole, title=title, text=text))
    host = make_pole("Pôle de la Friche", region_code="76", maturity=Maturity.CONSOLIDE, strengths=HOST_STRENGTHS)
    host.departements = [db.get(Departement, "31")]
    host_facilitator = make_user(Role.FACILITATOR, pole=host)
    db.commit()
    organiser = make_user(Role.ORGANISER)
    return VisitNetwork(poles=poles, facilitators=facilitators, needs=needs, host=host,
                        host_facilitator=host_facilitator, organiser=organiser)


@pytest.fixture
def make_visit(db, network):
    from app.visits import services

    def make(*, capacity: int = 2, invited=None, start: date | None = None):
        return services.create_visit(
            organiser=network.organiser, host=network.host, title="Ouvrir un tiers-lieu dans une friche",
            theme_text="tiers-lieu, friche. " + "; ".join(t for t, _ in TIERS_LIEU),
            start_date=start or date.today() + timedelta(days=30), capacity=capacity,
            programme="Jour 1 : visite du lieu. Jour 2 : ateliers.", place="12 rue de la Friche, Toulouse",
            invited=invited if invited is not None else network.poles,
        )

    return make


from tests.app.visits.hosting_world import hosting_world  # noqa: E402,F401  (the proposals to host a visit)
