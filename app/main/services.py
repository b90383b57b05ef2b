"""Figures for the home page and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from models import Need, NeedStatus, Offer, Pole, ResourcePerson


@dataclass(frozen=True)
class NetworkFigures:
    poles: int
    open_needs: int
    resource_persons: int
    offers: int


def network_figures() -> NetworkFigures:
    count = lambda query: db.session.scalar(query) or 0  # noqa: E731
    return NetworkFigures(
        poles=count(select(func.count(Pole.id))),
        open_needs=count(select(func.count(Need.id)).where(Need.status == NeedStatus.OPEN)),
        resource_persons=count(select(func.count(ResourcePerson.id))),
        offers=count(select(func.count(Offer.id)).where(Offer.active.is_(True))),
    )
