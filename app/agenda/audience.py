"""Who may register for a collective session, and who may run it (one function per question), which is the team of
the session's region (``session_region``)."""

from __future__ import annotations

from sqlalchemy import select

from app.access import policy
from app.extensions import db
from app.templating import region_name
from app.refused import Problem
from models import Audience, CollectiveKind, CollectiveSession, Region, ResourcePerson, Role, User

#: Said to the national team that gives the national day a region.
NATIONAL_DAY_HAS_NO_REGION = "La Journée nationale des PTCE est nationale\u00a0: laissez la région vide."


def _region_of(user: User) -> str | None:
    if user.role is Role.FACILITATOR and user.pole is not None:
        return user.pole.region_code
    if user.role is Role.RESOURCE_PERSON:
        return db.session.scalar(select(ResourcePerson.region_code).where(ResourcePerson.user_id == user.id))
    return user.region_code


def refusal_for(session: CollectiveSession, user: User) -> str | None:
    """Why ``user`` may not register (a French sentence), or None when they may."""
    if user.role not in (Role.FACILITATOR, Role.RESOURCE_PERSON):
        return "Les inscriptions sont ouvertes aux animateur·rices de pôles et aux personnes ressources."
    if user.role is Role.FACILITATOR and user.pole is None:
        return "Rattachez d'abord votre compte à votre pôle pour vous inscrire."
    audience = session.audience
    if audience is Audience.REGION and _region_of(user) != session.audience_region_code:
        return f"Cette session est réservée aux pôles de la région {region_name(session.audience_region_code)}."
    if audience is Audience.MATURITY and (user.pole is None or user.pole.maturity is not session.audience_maturity):
        label = session.audience_maturity.label.lower() if session.audience_maturity else ""
        return f"Cette session est réservée aux pôles au stade « {label} »."
    if audience is Audience.INVITED and (user.pole is None or user.pole not in session.invited_poles):
        return "Cette session est réservée aux pôles invités."
    return None


def may_run(session: CollectiveSession, user: User) -> bool:
    """National organisers run every session; a CRA only the sessions of its region (app.access.policy)."""
    if policy.is_national(user):
        return True
    return session.region_code is not None and policy.may_see_region(user, session.region_code)


def session_region(organiser: User | None, chosen: str | None) -> str | None:
    """The region a session belongs to: whose CRA runs and follows it (``may_run``: registrations, presences) and
    under which the bilan counts it. A CRA's own region, whatever was chosen; for the national team, the region it
    chose (a regional event it publishes for one region's poles), else none: a national session."""
    return policy.organiser_region(organiser) or chosen or None


def region_problem(kind: CollectiveKind, chosen: str | None) -> Problem | None:
    """What is wrong with the region the national team chose for a session (``region_code``): the national day has
    none, and a region is one of the list."""
    if chosen is None:
        return None
    if kind is CollectiveKind.NATIONAL_DAY:
        return Problem(NATIONAL_DAY_HAS_NO_REGION, "region_code")
    if db.session.get(Region, chosen) is None:
        return Problem("Choisissez la région dans la liste.", "region_code")
    return None
