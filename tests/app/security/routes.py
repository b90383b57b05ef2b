"""What the route crawler and the CSRF sweep need: a small world, users of every role, URL values.

Every rule of ``app.url_map`` is visited, so routes added by other areas are covered
without touching this file. A URL parameter gets its value this way:

1. ``PARAM_VALUES[name](world)`` when the name is listed there;
2. else, for ``<something>_id``: the smallest id of the model whose class name (snake case)
   or table name matches ``something`` (``booking_id`` → ``Booking`` / ``bookings``), so a
   new area only has to create rows in its own fixtures or in ``World``;
3. else ``1`` for int converters and ``"x"`` for strings.

To cover a new parameter whose name does not follow ``<model>_id`` (say ``<int:slot>``), add
one line to ``PARAM_VALUES``: ``"slot": lambda w: w.first_id(LawyerSlot)``. To give the
crawler objects of a new model, add them in ``build_world`` (or register a builder with
``WORLD_BUILDERS.append(fn)`` where ``fn(session, world)`` adds rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from models import (
    Base, LawyerProfile, Need, Offer, OutboxMessage, ParticipantRole, Role, Meeting,
    MeetingKind, MeetingParticipant, User, utcnow,
)
from tests.conftest import PASSWORD, extract_csrf

ROLES: tuple[Role | None, ...] = (None, Role.FACILITATOR, Role.RESOURCE_PERSON, Role.LAWYER, Role.ORGANISER,
                                  Role.ADMIN)
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class World:
    session: Session
    users: dict[Role, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None

    def first_id(self, model: type) -> int:
        found = self.session.scalar(select(model.id).order_by(model.id).limit(1))
        return found if found is not None else 1


#: URL parameter name → its value for the crawler (see the module docstring).
PARAM_VALUES: dict[str, Callable[[World], Any]] = {
    "pole_id": lambda w: w.pole.id,
    "need_id": lambda w: w.need.id,
    "offer_id": lambda w: w.offer.id,
    "profile_id": lambda w: w.person.id,
    "token": lambda w: "jeton-invalide",
    "filename": lambda w: "css/site.css",
}

#: Extra builders ``fn(session, world)`` that add objects of other areas to the world.
WORLD_BUILDERS: list[Callable[[Session, World], None]] = []


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def default_value(world: World, name: str, converter: str) -> Any:
    if name.endswith("_id"):
        stem = name[:-3]
        for mapper in Base.registry.mappers:
            cls = mapper.class_
            if stem in (_snake(cls.__name__), cls.__tablename__, cls.__tablename__.rstrip("s")) and hasattr(cls, "id"):
                return world.first_id(cls)
    return 1 if converter in ("IntegerConverter", "BoundedIntConverter", "int") else "x"


def url_for_rule(rule: Rule, world: World) -> str:
    values = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        values[name] = PARAM_VALUES[name](world) if name in PARAM_VALUES else default_value(world, name, converter)
    return rule.build(values, append_unknown=False)[1]


def rules(app: Flask, methods: set[str]) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules() if r.methods & methods), key=lambda r: (r.rule, r.endpoint))


def build_world(session: Session, make_user, make_pole, make_resource_person) -> World:
    """The facilitator's own pole with a need, another pole, a resource person with an offer, a lawyer, a meeting."""
    world = World(session)
    pole = make_pole("Pôle du facilitateur")
    other_pole = make_pole("Autre pôle", public=False)
    world.users[Role.FACILITATOR] = make_user(Role.FACILITATOR, pole=pole, email="anim@exemple.fr")
    other_facilitator = make_user(Role.FACILITATOR, pole=other_pole, email="autre-anim@exemple.fr")
    person = make_resource_person()
    world.users[Role.RESOURCE_PERSON] = person.user
    world.users[Role.LAWYER] = make_user(Role.LAWYER, email="avocate@exemple.fr")
    world.users[Role.ORGANISER] = make_user(Role.ORGANISER, email="orga@exemple.fr")
    world.users[Role.ADMIN] = make_user(Role.ADMIN, email="admin@exemple.fr")
    session.add(LawyerProfile(user=world.users[Role.LAWYER], specialties="Statuts de SCIC et gouvernance"))
    need = Need(pole=pole, author=world.users[Role.FACILITATOR], title="Modèle économique",
                text="Nous cherchons à consolider notre modèle économique avec les collectivités.")
    other_need = Need(pole=other_pole, author=other_facilitator, title="Besoin privé de l'autre pôle",
                      text="Texte confidentiel : difficultés de trésorerie du pôle voisin.")
    offer = Offer(resource_person=person, title="Modèle économique des PTCE",
                  text="J'ai accompagné trois pôles vers un modèle économique hybride.")
    hidden_offer = Offer(resource_person=person, title="Offre retirée", text="Brouillon non publié", active=False)
    start = utcnow() + timedelta(days=7)
    meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau Juri-PTCE", starts_at=start,
                      ends_at=start + timedelta(minutes=45))
    meeting.participants += [MeetingParticipant(user=world.users[Role.LAWYER], role=ParticipantRole.HOST),
                             MeetingParticipant(user=world.users[Role.FACILITATOR])]
    session.add_all([need, other_need, offer, hidden_offer, meeting,
                     OutboxMessage(key="essai:1", to_email="anim@exemple.fr", subject="Essai", body="Corps")])
    session.commit()
    world.objects.update(pole=pole, other_pole=other_pole, other_facilitator=other_facilitator, person=person,
                         need=need, other_need=other_need, offer=offer, hidden_offer=hidden_offer, meeting=meeting)
    for builder in WORLD_BUILDERS:
        builder(session, world)
    return world


def log_in(client: FlaskClient, user: User) -> None:
    token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
    response = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def client_as(app: Flask, world: World, role: Role | None) -> FlaskClient:
    client = app.test_client()
    if role is not None:
        log_in(client, world.users[role])
    return client


def role_id(role: Role | None) -> str:
    return role.value if role else "anonyme"


# --------------------------------------------------------------------------- #
# Two regions, two regional cells (CRA): who sees which region's named rows
# --------------------------------------------------------------------------- #

#: The two regions of the regional pass: Bretagne and Auvergne-Rhône-Alpes.
REGION_A, REGION_B = "53", "84"


@dataclass
class RegionalRows:
    """One region's named rows, and the texts that must never reach a CRA of another region."""

    cra: User
    pole: Any
    need: Any
    pairing: Any
    run: Any
    secrets: tuple[str, ...]


def regional_rows(session: Session, *, region: str, label: str, make_user, make_pole,
                  make_resource_person) -> RegionalRows:
    """An unlisted pole of ``region`` with a completed transfer (feedback), a request, a batch run; its CRA."""
    from models import (
        BatchRun, BatchRunPair, BatchRunStatus, FeedbackSide, Organisation, OrganisationKind, Pairing,
        PairingFeedback, PairingStatus,
    )

    organisation = Organisation(kind=OrganisationKind.CRA, name=f"CRA {label}", region_code=region)
    session.add(organisation)
    session.flush()
    cra = make_user(Role.ORGANISER, email=f"cra-{label.lower()}@exemple.fr", region_code=region)
    cra.organisation_id = organisation.id
    pole = make_pole(f"Pôle discret {label}", region_code=region, public=False)
    facilitator = make_user(Role.FACILITATOR, pole=pole, email=f"anim-{label.lower()}@exemple.fr")
    person = make_resource_person(region_code=region)
    secrets = (f"Besoin achevé {label}", f"Besoin demandé {label}", f"Besoin du calcul {label}",
               f"Message de demande {label}", f"Commentaire de retour {label}", f"Pôle discret {label}")
    done_need = Need(pole=pole, author=facilitator, title=secrets[0], text="Un transfert terminé et commenté.")
    asked_need = Need(pole=pole, author=facilitator, title=secrets[1], text="Une demande à valider.")
    run_need = Need(pole=pole, author=facilitator, title=secrets[2], text="Un besoin apparié par le calcul.")
    done = Pairing(need=done_need, resource_person=person, status=PairingStatus.COMPLETED, completed_at=utcnow(),
                   message="Transfert terminé.")
    asked = Pairing(need=asked_need, resource_person=person, status=PairingStatus.REQUESTED, message=secrets[3],
                    requested_by=facilitator)
    feedback = PairingFeedback(pairing=done, author=facilitator, side=FeedbackSide.POLE, rating=4,
                               comment=secrets[4], transferred="Des outils de gouvernance.")
    run = BatchRun(status=BatchRunStatus.DONE, stage="Terminé", progress=1.0, params={"min_score": 0.0},
                   snapshot={"need_ids": [run_need.id], "person_ids": [person.id]},
                   result={"exact": {"total": 0.8, "covered": 1, "seconds": 0.01},
                           "greedy": {"total": 0.8, "covered": 1, "seconds": 0.01},
                           "n_needs": 1, "n_people": 1, "shared_pairs": 1, "unmatched": []})
    session.add_all([done_need, asked_need, run_need, done, asked, feedback, run])
    session.flush()
    run.snapshot = {"need_ids": [run_need.id], "person_ids": [person.id], "capacities": [1],
                    "need_regions": [region], "forbidden": [],
                    "entries": {"rows": [0], "cols": [0], "scores": [0.8]}}
    run.result = dict(run.result, unmatched=[{"need_id": asked_need.id, "code": "seuil",
                                              "text": "Aucune personne au-dessus du seuil."}])
    session.add(BatchRunPair(run_id=run.id, need_id=run_need.id, resource_person_id=person.id, score=0.8))
    session.commit()
    return RegionalRows(cra=cra, pole=pole, need=asked_need, pairing=asked, run=run, secrets=secrets)


def regional_url(rule: Rule, world: World, rows: RegionalRows) -> str:
    """The rule's URL with its object parameters pointing at ``rows`` (another region's, in the pass)."""
    own = {"pole_id": rows.pole.id, "need_id": rows.need.id, "pairing_id": rows.pairing.id, "run_id": rows.run.id,
           "code": rows.pole.region_code}
    values = {}
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        values[name] = own[name] if name in own else (
            PARAM_VALUES[name](world) if name in PARAM_VALUES else default_value(world, name, converter))
    return rule.build(values, append_unknown=False)[1]


def _agenda_and_conversation(session: Session, world: World) -> None:
    """A collective session the facilitator registered to, and an accepted transfer of the facilitator's pole."""
    from models import (
        Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, Pairing, PairingStatus,
        RegistrationStatus, TransferMessage,
    )

    start = utcnow() + timedelta(days=9)
    collective = CollectiveSession(kind=CollectiveKind.WEBINAR, title="Webinaire", capacity=10, audience=Audience.ALL,
                                   online=True, video_url="https://visio.exemple.org/secret")
    collective.slots.append(Meeting(kind=MeetingKind.COLLECTIVE, title="Webinaire", starts_at=start,
                                    ends_at=start + timedelta(hours=1)))
    collective.registrations.append(CollectiveRegistration(user=world.users[Role.FACILITATOR],
                                                           status=RegistrationStatus.REGISTERED))
    pairing = Pairing(need=world.need, resource_person=world.person, status=PairingStatus.ACCEPTED)
    session.add_all([collective, pairing])
    session.flush()
    session.add(TransferMessage(pairing_id=pairing.id, author_id=world.users[Role.FACILITATOR].id,
                                body="Message privé du binôme", idempotency_key="cle-de-test-du-crawler"))
    session.commit()
    world.objects.update(collective=collective, pairing=pairing)


WORLD_BUILDERS.append(_agenda_and_conversation)
