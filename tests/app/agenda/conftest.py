"""A published webinar and helpers to publish more (times in UTC, a few days ahead)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from app.agenda import services
from models import Audience, CollectiveKind, CollectiveSession, Role, utcnow


def draft(**changes: object) -> services.SessionDraft:
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    values: dict[str, object] = dict(
        kind=CollectiveKind.WEBINAR, title="Modèles socio-économiques des PTCE", description="Avec France Active.",
        theme_codes=["modele_economique"], speakers="France Active", online=True,
        video_url="https://visio.example.org/ptce", place="", departement_code=None,
        slots=[services.SlotTimes(start, start + timedelta(hours=2))], timezone="Europe/Paris", capacity=30,
        registration_deadline=None, audience=Audience.ALL,
    )
    values.update(changes)
    return services.SessionDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def organiser(make_user):
    return make_user(Role.ORGANISER, name="Coorace")


@pytest.fixture
def publish(organiser) -> Callable[..., CollectiveSession]:
    def make(*, by=None, **changes: object) -> CollectiveSession:
        return services.publish(organiser=by or organiser, draft=draft(**changes))

    return make


@pytest.fixture
def facilitator(make_user, make_pole):
    return make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts", region_code="84"))
