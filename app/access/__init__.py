"""Access checks in one place: load the object, check access, then act.

Who sees which region's named data is decided in ``app.access.policy`` (pure decisions) and
applied inside the queries through ``app.access.scopes`` (SQL conditions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, make_response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import Select, exists, or_, select

from app.access import policy
from app.extensions import db
from models import (
    Booking, LawyerProfile, LegalSlot, Need, Pairing, PairingEvent, PairingStatus, Pole, ResourcePerson, Role,
)

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Logged in, confirmed, and one of ``roles`` (admins pass everywhere)."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def allowed_by(decision: Callable[[Any], bool]) -> Callable[[F], F]:
    """Logged in and let in by ``decision`` (one of ``app.access.policy``), else a 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not decision(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def national_organiser_required(view: F) -> F:
    """Organisers of every region only (administrators, Avise, Coorace...): a CRA gets a 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not policy.is_national(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def refuse_out_of_scope(region_code: str) -> None:
    """Stop with a 403 page that says why: a region outside the viewer's scope (a CRA asking another
    region's named data). Nothing of that region is shown, not even zeros that would read as data."""
    own = policy.organiser_region(current_user)
    message = f"{_region_name(region_code)} est hors de votre périmètre"
    message += f" : {_you_follow(own)}." if own else "."
    refuse_saying("Hors de votre périmètre", message)


def _region_name(code: str) -> str:
    from app.network.regions import region_names

    return region_names().get(code, code)


def _you_follow(own: str) -> str:
    return f"vous suivez la région {_region_name(own)}"


def refuse_saying(title: str, message: str) -> None:
    """Stop with a 403 page that says why (« Accès refusé » alone leaves a newcomer with no way forward)."""
    page = render_template("errors/error.html", code=403, title=title, message=message)
    abort(make_response(page, 403))


def not_found_in_scope(what: str) -> NoReturn:
    """Stop with the 404 of a missing object. To a CRA it says that ``what`` (« Ce transfert ») may belong to
    another region, in the same words whether it exists or not: the object's existence stays hidden
    (``policy`` module docstring)."""
    own = policy.organiser_region(current_user)
    if own is None:
        abort(404)
    message = f"{what} n'existe pas ou ne relève pas de votre région : {_you_follow(own)}."
    abort(make_response(render_template("errors/error.html", code=404, title="Page introuvable", message=message),
                        404))


def _sees_region_of(user: Any, pole: Pole) -> bool:
    return policy.may_see_region(user, pole.region_code)


def pole_of_my_region(pole_id: int, *, may: Callable[[Any, Pole], bool] = _sees_region_of) -> Pole:
    """The pole ``pole_id`` if the viewer ``may`` act on it (by default: sees its region's named data,
    ``policy.may_see_region``). Otherwise the reasoned 403 for a pole the viewer may know of, the 404 of a missing
    pole for one it may not (``policy.out_of_scope_is_told``): a missing pole and a hidden one read the same."""
    pole = db.session.get(Pole, pole_id)
    if pole is not None and may(current_user._get_current_object(), pole):
        return pole
    if pole is not None and policy.out_of_scope_is_told(current_user, pole_id=pole.id, region_code=pole.region_code,
                                                         listed=pole.listed):
        refuse_out_of_scope(pole.region_code)
    not_found_in_scope("Ce pôle")


def check_region(region_code: str) -> None:
    """Refuse (``refuse_out_of_scope``) a region whose named data the viewer may not see."""
    if not policy.may_see_region(current_user, region_code):
        refuse_out_of_scope(region_code)


def region_asked(arg: str = "region") -> str | None:
    """The region an organiser page is filtered by (``?region=``), as the policy allows: a CRA's own
    region (another one asked in the URL is refused), the region a national organiser asks, or None."""
    requested = (request.args.get(arg) or "").strip() or None
    if requested is not None:
        from app.network.regions import region_names

        if requested not in region_names():  # « ?region=abc »: no such page, not « abc est hors de… »
            abort(404)
        check_region(requested)
    return policy.region_shown(current_user, requested)


def one_or_404(statement: Select, **params: Any) -> Any:
    """The single object a prepared ``statement`` finds with ``params``, or a 404.

    For hot pages: a statement built once at import is not rebuilt (nor its cache key
    recomputed) on every request, as ``session.get(…, options=…)`` does.
    """
    obj = db.session.execute(statement, params).unique().scalar_one_or_none()
    if obj is None:
        abort(404)
    return obj


def get_or_404(model: type[M], object_id: int, *, options: Sequence[Any] = ()) -> M:
    obj = db.session.get(model, object_id, options=options)
    if obj is None:
        abort(404)
    return obj


def is_organiser() -> bool:
    return bool(current_user.is_authenticated and current_user.has_role(Role.ORGANISER))


def _pole_in_my_region(pole_id: int) -> bool:
    """For an organiser: is the pole in a region whose named data they see (one read for a CRA only)?"""
    if policy.organiser_region(current_user) is None:
        return True
    return policy.may_see_region(current_user, db.session.scalar(select(Pole.region_code).where(Pole.id == pole_id)))


def can_edit_pole(pole_id: int) -> bool:
    """Facilitators of the pole, and organisers of its region (every region for national ones)."""
    if not current_user.is_authenticated:
        return False
    if current_user.has_role(Role.ORGANISER):
        return _pole_in_my_region(pole_id)
    return current_user.role is Role.FACILITATOR and current_user.pole_id == pole_id


def can_edit_resource_profile(profile: ResourcePerson) -> bool:
    """A resource person's profile and offers: the person themself and the organisers; a profile not validated (pending
    or refused), the organisers of its region only (``policy.may_see_unvalidated_person``)."""
    if not current_user.is_authenticated:
        return False
    if profile.user_id == current_user.id:
        return True
    return current_user.has_role(Role.ORGANISER) and policy.may_see_resource_person(
        current_user, person_user_id=profile.user_id, region_code=profile.region_code, validated=profile.is_validated)


#: A transfer in these states was accepted by its resource person (``policy.transfer_serves_pole``).
_ACCEPTED = (PairingStatus.ACCEPTED, PairingStatus.PLANNED, PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED)


def _serves_pole(user_id: int, pole_id: int) -> bool:
    """Does this resource person or lawyer serve the pole: a transfer of one of its needs with the person that the
    pole asked for or she accepted (``policy.transfer_serves_pole``: not a mere proposal, a batch run's for one),
    the person's own pole, a Juri-PTCE booking of the pole with the lawyer?"""
    person = select(ResourcePerson.id).where(ResourcePerson.user_id == user_id)
    asked_by_pole = Pairing.requested_by_id.is_not(None) & (Pairing.requested_by_id != user_id)  # not her offer
    accepted = Pairing.status.in_(_ACCEPTED) | exists().where(  # accepted, even if cancelled since
        PairingEvent.pairing_id == Pairing.id, PairingEvent.to_status == PairingStatus.ACCEPTED)
    transfer = select(Pairing.id).join(Need, Need.id == Pairing.need_id).where(
        Need.pole_id == pole_id, Pairing.resource_person_id.in_(person), asked_by_pole | accepted)
    own = select(ResourcePerson.id).where(ResourcePerson.user_id == user_id, ResourcePerson.pole_id == pole_id)
    booking = (select(Booking.id).join(LegalSlot, LegalSlot.id == Booking.slot_id)
               .join(LawyerProfile, LawyerProfile.id == LegalSlot.lawyer_profile_id)
               .where(Booking.pole_id == pole_id, LawyerProfile.user_id == user_id))
    return bool(db.session.scalar(select(or_(exists(transfer), exists(own), exists(booking)))))


def can_view_pole(pole_id: int, listed: bool) -> bool:
    """May the viewer open the pole's page (``policy.may_open_pole``)? A listed pole is public; an unlisted
    one (not confirmed, or not agreeing to be listed) is opened by its facilitators, the organisers of its
    region, and the resource persons and lawyers who serve it, never by other poles' facilitators.
    The pole's region, and what the viewer serves, are read only when the decision needs them."""
    if listed:
        return True
    sight = policy.pole_sight(current_user)
    region = (db.session.scalar(select(Pole.region_code).where(Pole.id == pole_id))
              if sight.region is not None else None)
    serves = sight.page_on_request and _serves_pole(current_user.id, pole_id)
    return policy.may_open_pole(current_user, pole_id=pole_id, region_code=region, listed=False, serves=serves)
