"""``updated_at`` follows content changes, including many-to-many sets (models.timestamps)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Base, Need, Pairing, PairingStatus, Pole, Region, ResourcePerson, Theme, User
from models.forbidden_pair import ForbiddenPair
from models.engine import make_engine

OLD = datetime(2020, 1, 1)


@pytest.fixture()
def session() -> Session:
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Region(code="84", name="Auvergne-Rhône-Alpes", timezone="Europe/Paris"),
                         Theme(code="mobilite", family="Transitions", label="Mobilité"),
                         Theme(code="alimentation", family="Transitions", label="Alimentation")])
        pole = Pole(name="Pôle test", region_code="84")
        need = Need(pole=pole, title="Un besoin", text="Un texte de besoin assez long.", updated_at=OLD)
        session.add_all([pole, need])
        session.commit()
        need.updated_at = pole.updated_at = OLD
        session.commit()
        yield session


def _need(session: Session) -> Need:
    return session.scalars(select(Need)).one()


def test_changing_only_the_themes_bumps_updated_at(session: Session) -> None:
    need = _need(session)
    need.themes = [session.get(Theme, "mobilite")]
    session.commit()
    assert _need(session).updated_at > OLD + timedelta(days=365)


def test_changing_a_column_bumps_updated_at(session: Session) -> None:
    _need(session).title = "Un autre titre"
    session.commit()
    assert _need(session).updated_at > OLD + timedelta(days=365)


def test_a_new_back_reference_is_not_a_content_change(session: Session) -> None:
    need = _need(session)
    session.add(User(email="a@example.org", display_name="A", pole=need.pole))  # joins pole.facilitators
    session.commit()
    assert _need(session).pole.updated_at == OLD
    assert _need(session).updated_at == OLD


def test_an_explicit_timestamp_is_kept(session: Session) -> None:
    need = _need(session)
    need.updated_at = OLD - timedelta(days=1)
    session.commit()
    assert _need(session).updated_at == OLD - timedelta(days=1)


def _stored(session: Session) -> tuple:
    """The need's timestamps as stored (not as the session remembers them)."""
    session.expire_all()
    need = _need(session)
    return need.updated_at, need.pairs_changed_at


@pytest.fixture()
def person(session: Session) -> ResourcePerson:
    user = User(email="rp@example.org", display_name="Personne ressource")
    person = ResourcePerson(user=user, region_code="84")
    session.add(person)
    session.commit()
    return person


def test_a_pairing_moves_pairs_changed_at_not_updated_at(session: Session, person: ResourcePerson) -> None:
    assert _stored(session) == (OLD, None)
    pairing = Pairing(need=_need(session), resource_person=person, status=PairingStatus.REQUESTED)
    session.add(pairing)
    session.commit()
    updated_at, created = _stored(session)
    assert updated_at == OLD and created is not None
    assert _need(session).pairs_changed_at == created  # the loaded need follows without a reload
    pairing.status = PairingStatus.DECLINED
    session.commit()
    updated_at, declined = _stored(session)
    assert updated_at == OLD and declined > created


def test_an_exclusion_moves_pairs_changed_at(session: Session, person: ResourcePerson) -> None:
    session.add(ForbiddenPair(need_id=_need(session).id, resource_person_id=person.id))
    session.commit()
    updated_at, excluded = _stored(session)
    assert updated_at == OLD and excluded is not None


def test_a_pairing_edit_that_keeps_its_status_leaves_the_need_alone(session: Session, person: ResourcePerson) -> None:
    pairing = Pairing(need=_need(session), resource_person=person, status=PairingStatus.REQUESTED)
    session.add(pairing)
    session.commit()
    before = _stored(session)
    pairing.message = "Merci de votre aide"
    session.commit()
    assert _stored(session) == before
