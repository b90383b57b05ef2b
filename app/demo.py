"""Demo data: the 40 charter signatories plus fictional people, needs and offers.

The fictional part comes from ``data/demo/dev.json`` (the labelled evaluation set's format):
each offer becomes a resource person, each need a need of its pole, each lawyer a lawyer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.passwords import hash_password
from app.typography import of_pole
from app.poles.importer import import_poles
from app.refdata import DATA_DIR
from models import (
    Departement, LawyerProfile, Maturity, Need, NeedKind, Offer, Organisation, OrganisationKind, Pole, Region,
    ResourcePerson, Role, Theme, User, ValidationStatus, utcnow,
)

DEMO_PASSWORD = "entrepairs-demo-2026"
DEMO_DATASET = DATA_DIR / "demo" / "dev.json"
CHARTER_FILE = DATA_DIR / "ptce_signataires_2014.csv"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    description: str


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", ".", plain).strip(".")


def _user(session: Session, *, email: str, name: str, role: Role) -> User:
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name, role=role,
                    password_hash=hash_password(DEMO_PASSWORD), email_confirmed_at=utcnow())
        session.add(user)
    return user


#: Fictional facilitators of the demo poles: people with names, since « équipe d'animation » is the
#: site's word for the network staff (Avise, Coorace, RTES, the CRA).
_FIRST_NAMES = ("Claire", "Julien", "Amandine", "Yves", "Sarah", "Thomas", "Nathalie", "Mehdi", "Pauline", "Luc")
_LAST_NAMES = ("Dumas", "Roussel", "Lefèvre", "Barbier", "Carpentier", "Moulin", "Giraud", "Perrin", "Hamon",
               "Boyer")


def facilitator_name(index: int) -> str:
    """The ``index``-th demo pole's facilitator: the first 50 names are all different."""
    first, row = index % len(_FIRST_NAMES), index // len(_FIRST_NAMES)
    return f"{_FIRST_NAMES[first]} {_LAST_NAMES[(first + row) % len(_LAST_NAMES)]}"


def _pole(session: Session, *, name: str, region_name: str, departement_name: str | None,
          maturity: str | None = None) -> Pole:
    pole = session.scalar(select(Pole).where(Pole.name == name))
    if pole is None:
        region = session.scalar(select(Region).where(Region.name == region_name))
        if region is None:
            raise ValueError(f"Région inconnue dans le jeu de démonstration : {region_name}")
        pole = Pole(name=name, region_code=region.code, source="demo", confirmed_at=utcnow(), confirmed_by="démo",
                    maturity=Maturity(maturity) if maturity else Maturity.EMERGENT,
                    description="Pôle fictif du jeu de démonstration.")
        if departement_name:
            dep = session.scalar(select(Departement).where(Departement.name == departement_name))
            if dep is not None and dep.region_code == region.code:
                pole.departements = [dep]
        session.add(pole)
        session.flush()
    elif maturity:
        pole.maturity = Maturity(maturity)
    return pole


def _themes(session: Session, codes: list[str]) -> list[Theme]:
    if not codes:
        return []
    return list(session.scalars(select(Theme).where(Theme.code.in_(codes))))


#: The organisations of the demo: national ones, and two regional cells (CRA) with their region.
DEMO_ORGANISATIONS: tuple[tuple[OrganisationKind, str, str | None], ...] = (
    (OrganisationKind.AVISE, "Avise", None),
    (OrganisationKind.COORACE, "Coorace", None),
    (OrganisationKind.RTES, "RTES", None),
    (OrganisationKind.LABO_ESS, "Labo de l'ESS", None),
    (OrganisationKind.CRA, "CRA Auvergne-Rhône-Alpes", "84"),
    (OrganisationKind.CRA, "CRA Occitanie", "76"),
)
#: (e-mail, name, role, organisation, what the login shows).
DEMO_ORGANISERS: tuple[tuple[str, str, Role, str, str], ...] = (
    ("avise@demo.entrepairs.fr", "Chargée de programme Avise", Role.ORGANISER, "Avise", "Avise (toutes les régions)"),
    ("coorace@demo.entrepairs.fr", "Animation nationale Coorace", Role.ORGANISER, "Coorace",
     "Coorace (agenda national, toutes les régions)"),
    ("cra.aura@demo.entrepairs.fr", "Animatrice CRA Auvergne-Rhône-Alpes", Role.ORGANISER,
     "CRA Auvergne-Rhône-Alpes", "CRA Auvergne-Rhône-Alpes (sa région seulement)"),
    ("cra.occitanie@demo.entrepairs.fr", "Animateur CRA Occitanie", Role.ORGANISER, "CRA Occitanie",
     "CRA Occitanie (sa région seulement)"),
    ("admin@demo.entrepairs.fr", "Administratrice du site", Role.ADMIN, "Avise", "administration des comptes"),
)


def _organisers(session: Session) -> list[DemoLogin]:
    """The demo organisations and their people: Avise sees every region, each CRA its own."""
    by_name = {}
    for kind, name, region_code in DEMO_ORGANISATIONS:
        organisation = session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = Organisation(kind=kind, name=name, region_code=region_code)
            session.add(organisation)
        by_name[name] = organisation
    logins = []
    for email, name, role, organisation_name, shown in DEMO_ORGANISERS:
        user = _user(session, email=email, name=name, role=role)
        user.organisation = by_name[organisation_name]
        user.region_code = by_name[organisation_name].region_code
        logins.append(DemoLogin("administrateur·rice" if role is Role.ADMIN else "organisateur·rice", email, shown))
    return logins


def load_demo(session: Session, dataset: Path = DEMO_DATASET, *, today: datetime | None = None) -> list[DemoLogin]:
    """Load (idempotently) the demo data, its story counted from ``today``'s day in Paris (now by default); returns the logins
    to print."""
    import_poles(CHARTER_FILE, session, charter_signatories=True)
    data = json.loads(dataset.read_text(encoding="utf-8"))
    logins: list[DemoLogin] = []

    for offer_data in data["offers"]:
        pole = None
        if offer_data.get("pole"):
            pole = _pole(session, name=offer_data["pole"], region_name=offer_data["region"],
                         departement_name=offer_data.get("departement"), maturity="consolide")
            if not pole.strengths:  # what this pole's people have done is what it can show others
                pole.strengths = f"{offer_data['title']}. {offer_data['text']}"
        region = session.scalar(select(Region).where(Region.name == offer_data["region"]))
        if region is None:
            raise ValueError(f"Région inconnue dans le jeu de démonstration : {offer_data['region']}")
        email = f"{_slug(offer_data['name'])}@demo.entrepairs.fr"
        user = _user(session, email=email, name=offer_data["name"], role=Role.RESOURCE_PERSON)
        session.flush()
        profile = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
        if profile is None:
            dep = session.scalar(select(Departement).where(Departement.name == offer_data.get("departement")))
            profile = ResourcePerson(
                user=user, pole=pole, region_code=region.code,
                departement_code=dep.code if dep is not None and dep.region_code == region.code else None,
                headline=(f"Expérience acquise au sein {of_pole(offer_data['pole'])}" if pole is not None
                          else "Consultant·e indépendant·e, ancien·ne salarié·e de structures de l'ESS"),
                yearly_capacity=int(offer_data.get("capacity", 2)),
                validation_status=ValidationStatus.VALIDATED, validated_at=utcnow(),
            )
            session.add(profile)
            session.add(Offer(resource_person=profile, title=offer_data["title"], text=offer_data["text"],
                              themes=_themes(session, offer_data.get("themes", []))))
        if not logins or logins[-1].role != "personne ressource":
            logins.append(DemoLogin("personne ressource", email, offer_data["name"]))

    first_facilitator: DemoLogin | None = None
    facilitators: list[str] = []  # one facilitator per pole, named by the pole's rank
    for need_data in data["needs"]:
        pole = _pole(session, name=need_data["pole"], region_name=need_data["region"],
                     departement_name=need_data.get("departement"), maturity=need_data.get("maturity"))
        email = f"animation.{_slug(pole.name)}@demo.entrepairs.fr"[:254]
        if email not in facilitators:
            facilitators.append(email)
        user = _user(session, email=email, name=facilitator_name(facilitators.index(email)), role=Role.FACILITATOR)
        if user.pole_id is None:
            user.pole = pole
        exists = session.scalar(select(Need).where(Need.pole_id == pole.id, Need.title == need_data["title"]))
        if exists is None:
            session.add(Need(pole=pole, author=user, title=need_data["title"], text=need_data["text"],
                             kind=NeedKind.TRANSFER, themes=_themes(session, need_data.get("themes", []))))
        if first_facilitator is None:
            first_facilitator = DemoLogin("animateur·rice", email, pole.name)
    if first_facilitator:
        logins.insert(0, first_facilitator)

    for lawyer_data in data.get("lawyers", []):
        email = f"{_slug(lawyer_data['name'])}@demo.entrepairs.fr"
        user = _user(session, email=email, name=lawyer_data["name"], role=Role.LAWYER)
        session.flush()
        if session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id)) is None:
            session.add(LawyerProfile(user=user, specialties=lawyer_data["text"]))
        logins.append(DemoLogin("avocat·e", email, lawyer_data["name"]))

    logins += _organisers(session)
    session.flush()
    from app.agenda.demo import load_demo_calendar

    load_demo_calendar(session, organiser=session.scalar(select(User).where(User.email == "coorace@demo.entrepairs.fr")),
                       today=today)
    session.commit()
    from app.transfers.demo import load_demo_transfers

    load_demo_transfers(session, today=today)
    from app.visits.demo import load_demo_proposals

    load_demo_proposals(session, today=today)
    from app.visits.demo_visits import load_demo_visits

    load_demo_visits(session, today=today)
    from app.legal.services import generate_slots

    generate_slots()
    return logins
