"""Fixtures shared by the app tests: lawyers and Juri-PTCE slots (legal, scheduling, privacy), a pole's need,
rendered templates; every test's outgoing e-mails checked for typography."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from flask import template_rendered
from sqlalchemy import event

from app.mail import build_message
from models import (
    LawyerProfile, LegalSlot, Meeting, MeetingKind, Need, NeedKind, OutboxMessage, Pairing, Role, User, utcnow,
)
from tests.app.mail_texts import mail_text_faults

SPECIALTIES = {
    "statuts": "Droit des sociétés coopératives : statuts de SCIC et de SCOP, gouvernance, assemblées générales, "
               "collèges de vote, transformation d'association en SCIC.",
    "travail": "Droit du travail et de l'emploi : contrats de travail, mise à disposition de personnel, "
               "groupements d'employeurs, temps partagé, insertion par l'activité économique.",
    "public": "Commande publique et aides d'État : marchés publics, clauses sociales, subventions, "
              "conventions avec les collectivités, SIEG et règlement de minimis.",
}


@pytest.fixture
def make_lawyer(db, make_user) -> Callable[..., LawyerProfile]:
    def make(specialty: str = "statuts", *, user: User | None = None) -> LawyerProfile:
        lawyer = LawyerProfile(user=user or make_user(Role.LAWYER, name=f"Maître {specialty.title()}"),
                               specialties=SPECIALTIES.get(specialty, specialty))
        db.add(lawyer)
        db.commit()
        return lawyer

    return make


@pytest.fixture
def coordination_need(db, make_user, make_pole) -> Need:
    """A transfer need of the "Pôle des Coteaux", written by its facilitator (``need.author``)."""
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer le poste de coordination",
                text="Le poste de coordination dépend d'une seule subvention annuelle.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    return need


@pytest.fixture
def make_pairings(db, make_user, make_pole) -> Callable[..., None]:
    """``make(person, status, count, start)``: ``count`` pairings of ``person`` at ``status``, each with a pole of its
    own (« Pôle numéro N », its facilitator) and that pole's transfer need (« Besoin numéro N »), N from ``start``."""
    def make(person, status, count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            pole = make_pole(f"Pôle numéro {n}")
            need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=f"Besoin numéro {n}",
                        text="Un besoin du pôle.", kind=NeedKind.TRANSFER)
            db.add(Pairing(need=need, resource_person=person, status=status))
        db.commit()
    return make


@pytest.fixture
def make_slot(db) -> Callable[..., LegalSlot]:
    def make(lawyer: LawyerProfile, *, starts_at: datetime | None = None, days: float = 10) -> LegalSlot:
        start = starts_at or (utcnow() + timedelta(days=days)).replace(second=0, microsecond=0)
        meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau Juri-PTCE", starts_at=start,
                          ends_at=start + timedelta(minutes=45))
        slot = LegalSlot(lawyer=lawyer, session=meeting, starts_at=start)
        db.add(slot)
        db.commit()
        return slot

    return make


@pytest.fixture
def renders(app):
    """Names of the templates rendered, as they are."""
    names: list[str] = []

    def record(_sender, template, context, **_extra) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.fixture(autouse=True)
def outgoing_mail_reads_well(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every e-mail a test puts in the outbox reads well once received (``tests/app/mail_texts.py``).

    A test that mails a text typed by a person as it is (spaces included) opts out with
    ``@pytest.mark.typed_mail_text``.
    """
    if request.node.get_closest_marker("typed_mail_text"):
        yield
        return
    queued: list[EmailMessage] = []

    def record(_mapper, _connection, message: OutboxMessage) -> None:
        queued.append(build_message(to=message.to_email, subject=message.subject, body=message.body,
                                    sender="Entrepairs <ne-pas-repondre@entrepairs.localhost>"))

    event.listen(OutboxMessage, "before_insert", record)
    try:
        yield
    finally:
        event.remove(OutboxMessage, "before_insert", record)
    faults = [fault for message in queued for fault in mail_text_faults(message)]
    assert faults == [], "E-mails mal typographiés :\n" + "\n".join(faults)
