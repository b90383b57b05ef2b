"""Plain matching profiles built from models (the boundary between the app and ``matching/``)."""

from __future__ import annotations

from matching.types import LawyerProfile as LawyerMatchProfile
from matching.types import NeedProfile, OfferProfile
from models import LawyerProfile, Need, Offer, Pole


def need_profile(need: Need) -> NeedProfile:
    return NeedProfile(
        id=str(need.id), text=need.text, title=need.title,
        themes=tuple(t.code for t in need.themes), pole=str(need.pole_id),
        region=need.pole.region.name, maturity=need.pole.maturity.value,
    )


def offer_profile(offer: Offer, *, capacity_left: int) -> OfferProfile:
    person = offer.resource_person
    return OfferProfile(
        id=str(offer.id), text=offer.text, title=offer.title,
        themes=tuple(t.code for t in offer.themes),
        pole=str(person.pole_id) if person.pole_id is not None else None,
        region=person.region.name,
        # A person with no pole has no pole's maturity: unknown, so no signal and no « pôle plus avancé » reason.
        maturity=person.pole.maturity.value if person.pole is not None else None,
        capacity_left=capacity_left,
    )


def pole_strength_profile(pole: Pole) -> OfferProfile | None:
    """What a pole can teach (its "strengths"), as an "offer" for peer-pole suggestions; None if it
    says nothing. The general description is left out: it says what the pole is, not what it can pass on."""
    text = (pole.strengths or "").strip()
    if len(text) < 30:
        return None
    return OfferProfile(
        id=f"pole-{pole.id}", text=text, title=pole.name, themes=tuple(t.code for t in pole.themes),
        pole=str(pole.id), region=pole.region.name, maturity=pole.maturity.value, capacity_left=1,
    )


def lawyer_profile(lawyer: LawyerProfile) -> LawyerMatchProfile:
    return LawyerMatchProfile(id=str(lawyer.id), name=lawyer.user.display_name, text=lawyer.specialties)
