"""The demo network (``app.demo``) as a world for the leak crawl (``test_region_leak_crawl``), with the private rows
the demo lacks: a Juri-PTCE question, an accompaniment, a claim on a pole, a visit's feedback, a pole that is not
listed (with its need), a pole not yet confirmed, a shared phone number — in Auvergne-Rhône-Alpes (the crawling CRA's
region, so that the crawl can show it reads them) and in two other regions (Occitanie, which has its own CRA, and
Nouvelle-Aquitaine, which has none).

The texts are plain French sentences made of letters and spaces: ``leak_crawl.fragment`` finds them whole in a page.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from flask import Flask

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.extensions import db
from config import TestConfig
from models import (
    Accompaniment, AccompanimentKind, Booking, BookingStatus, LearningVisit, LegalSlot, Need,
    NotificationPreferences, Pole, PoleClaim, Role, User, VisitFeedback, VisitRegistration, VisitRegistrationStatus,
    utcnow,
)

#: The regions given extra private rows: the crawling CRA's, one with a CRA of its own, one without.
REGIONS = {"84": "Rhône", "76": "Occitanie", "75": "Aquitaine"}
#: Names of the demo accounts the crawl signs in with (password: ``app.demo.DEMO_PASSWORD``).
CRA_AURA = "cra.aura@demo.entrepairs.fr"
CRA_OCCITANIE = "cra.occitanie@demo.entrepairs.fr"
LAWYER = "helene.marquet.riviere@demo.entrepairs.fr"
FACILITATOR_LIVRADOIS = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
MENTOR = "mireille.castagne@demo.entrepairs.fr"
#: A light Argon2id cost for the demo's hundred accounts (the site's takes 0,6 s each: a minute here).
_LIGHT = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def build_demo_app(root: Path) -> Flask:
    """A fresh application on its own SQLite file holding the demo and ``add_private_rows``."""
    import pytest
    from argon2 import PasswordHasher

    import app.demo as demo

    app = create_app(TestConfig, DATABASE_URL=f"sqlite:///{root / 'demo.sqlite'}", SERVER_NAME="entrepairs.test",
                     MAIL_BACKEND="file", MAIL_FILE_DIR=root / "mail", JOBS_RUNNER="inline")
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "hash_password", PasswordHasher(**_LIGHT).hash)
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        demo.load_demo(db.session)
        add_private_rows(db.session, PasswordHasher(**_LIGHT).hash(demo.DEMO_PASSWORD))
        db.session.close()
    return app


def _person(session: Session, email: str, name: str, password_hash: str, *, pole: Pole | None = None) -> User:
    user = User(email=email, display_name=name, role=Role.FACILITATOR, password_hash=password_hash,
                email_confirmed_at=utcnow(), pole=pole)
    session.add(user)
    session.flush()
    return user


def _first_pole(session: Session, region: str) -> Pole:
    """The region's demo pole with a facilitator (the first by name): the one given private rows."""
    return session.scalar(select(Pole).join(User, User.pole_id == Pole.id)
                          .where(Pole.region_code == region).order_by(Pole.name).limit(1))


def add_private_rows(session: Session, password_hash: str) -> None:
    """For each of ``REGIONS``: an unlisted pole and a pole not yet confirmed (each with a named facilitator and a
    need), and, on the region's first demo pole, a Juri-PTCE booking, an accompaniment, a claim, a shared phone,
    a feedback on the demo's learning visit."""
    lawyer_slots = list(session.scalars(select(LegalSlot).order_by(LegalSlot.starts_at, LegalSlot.id)))
    visit = session.scalar(select(LearningVisit).order_by(LearningVisit.id).limit(1))
    cra = {code: session.scalar(select(User).where(User.region_code == code, User.role == Role.ORGANISER))
           for code in REGIONS}
    for index, (code, label) in enumerate(REGIONS.items()):
        hidden = Pole(name=f"Pole discret {label}", region_code=code, source="test", public_listing=False,
                      confirmed_at=utcnow(), confirmed_by="test", description="Un pole qui ne veut pas de carte.")
        new = Pole(name=f"Pole naissant {label}", region_code=code, source="test", description="Pas encore confirme.")
        session.add_all([hidden, new])
        session.flush()
        if visit is not None:  # which poles answered an invitation is named data of their region
            session.add_all([VisitRegistration(visit_id=visit.id, pole_id=hidden.id, requested_at=utcnow(),
                                               status=VisitRegistrationStatus.REGISTERED),
                             VisitRegistration(visit_id=visit.id, pole_id=new.id, requested_at=utcnow(),
                                               status=VisitRegistrationStatus.WAITLISTED)])
        for pole, who in ((hidden, "Discret"), (new, "Naissant")):
            author = _person(session, f"animation.{who.lower()}.{code}@exemple.fr", f"Gaspard {who}{label}",
                             password_hash, pole=pole)
            session.add(Need(pole=pole, author=author, title=f"Besoin confidentiel du pole {who.lower()} {label}",
                             text=f"{label} notre tresorerie est fragile depuis le depart du directeur"))
        pole = _first_pole(session, code)
        facilitator = session.scalar(select(User).where(User.pole_id == pole.id).order_by(User.id).limit(1))
        session.add(NotificationPreferences(user_id=facilitator.id, share_contact=True, phone=f"06 12 34 56 {code}"))
        slot = lawyer_slots[index]
        session.add(Booking(slot_id=slot.id, booker_id=facilitator.id, pole_id=pole.id, status=BookingStatus.CONFIRMED,
                            question=f"{label} question juridique sur le bail commercial du pole",
                            question_key=f"crawl-question-{code}", idempotency_key=f"crawl-booking-{code}",
                            confirmed_at=utcnow()))
        if cra[code] is not None:  # a region without a CRA has no accompaniment written
            session.add(Accompaniment(pole_id=pole.id, author_id=cra[code].id, kind=AccompanimentKind.FOLLOW_UP,
                                      happened_on=date.today() - timedelta(days=4),
                                      notes=f"{label} tensions au conseil d administration du pole",
                                      next_step=f"{label} rappeler la presidente du pole"))
        claimant = _person(session, f"revendication.{code}@exemple.fr", f"Ursule Revendique{label}", password_hash)
        session.add(PoleClaim(pole_id=pole.id, claimant_id=claimant.id,
                              message=f"{label} je suis la nouvelle coordinatrice arrivee en septembre"))
        if visit is not None:
            registration = session.scalar(select(VisitRegistration).where(
                VisitRegistration.visit_id == visit.id, VisitRegistration.pole_id == pole.id))
            if registration is None:
                session.add(VisitRegistration(visit_id=visit.id, pole_id=pole.id, requested_at=utcnow(),
                                              status=VisitRegistrationStatus.REGISTERED,
                                              responded_by_id=facilitator.id))
            session.add(VisitFeedback(visit_id=visit.id, pole_id=pole.id, author_id=facilitator.id, rating=3,
                                      text=f"{label} nous attendions davantage sur le financement"))
    session.commit()
