"""A small world for the proposals to host a visit: an AURA pole and its facilitator, another pole with a visiting
need, Coorace, Avise and RTES organisers, the CRA of AURA and of Occitanie."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from app.visits.hosting import HostProposalData
from models import Maturity, Need, Organisation, OrganisationKind, Pole, Role, Theme, User

AURA, OCCITANIE = "84", "76"
WHAT_TO_SEE = ("Notre épicerie solidaire itinérante, la cuisine partagée et la légumerie montée avec les "
               "producteurs du Livradois : comment nous avons réuni les financements et les bénévoles.")


@dataclass
class HostingWorld:
    pole: Pole
    facilitator: User
    other_pole: Pole
    other_facilitator: User
    coorace: User
    avise: User
    rtes: User
    cra_aura: User
    cra_occitanie: User


def next_month(months: int = 1) -> date:
    today = date.today()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def proposal_data(**changes: object) -> HostProposalData:
    fields: dict[str, object] = dict(theme_codes=["alimentation", "tiers_lieux"], what_to_see=WHAT_TO_SEE,
                                     periods="Au printemps, hors vacances scolaires", first_month=next_month(2),
                                     last_month=next_month(4), visitors=12)
    fields.update(changes)
    return HostProposalData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def hosting_world(db, make_pole, make_user) -> HostingWorld:
    pole = make_pole("Collectif du Livradois", region_code=AURA, maturity=Maturity.CONSOLIDE)
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Camille Livradois")
    other_pole = make_pole("Pôle des Garrigues", region_code=OCCITANIE)
    other_facilitator = make_user(Role.FACILITATOR, pole=other_pole)
    db.add(Need(pole=other_pole, author=other_facilitator, title="Monter une épicerie solidaire",
                text="Nous voulons monter une épicerie solidaire avec des producteurs locaux en circuits courts.",
                themes=[db.get(Theme, "alimentation")]))
    organisations = {}
    for kind, name, region in [(OrganisationKind.COORACE, "Coorace", None), (OrganisationKind.AVISE, "Avise", None),
                               (OrganisationKind.RTES, "RTES", None), (OrganisationKind.CRA, "CRA AURA", AURA),
                               (OrganisationKind.CRA, "CRA Occitanie", OCCITANIE)]:
        organisations[name] = Organisation(kind=kind, name=name, region_code=region)
        db.add(organisations[name])
    db.commit()

    def organiser(name: str, region: str | None = None) -> User:
        user = make_user(Role.ORGANISER, name=f"Équipe {name}", region_code=region)
        user.organisation = organisations[name]
        db.commit()
        return user

    return HostingWorld(pole=pole, facilitator=facilitator, other_pole=other_pole, other_facilitator=other_facilitator,
                        coorace=organiser("Coorace"), avise=organiser("Avise"), rtes=organiser("RTES"),
                        cra_aura=organiser("CRA AURA", AURA), cra_occitanie=organiser("CRA Occitanie", OCCITANIE))
