"""A resource person's page rendered: its own view answers with it, and so does « Je peux aider » refused, with the
message as typed in its form (``app.pair_space.views.offer_help``)."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from app.access import not_found_in_scope
from app.access.policy import is_national
from app.pair_space.initiative import TypedBack
from app.resources import services, validation
from app.suggestions import services as suggestions
from app.transfers import services as transfers
from app.transfers.pair_rules import full_year_notice
from models import ResourcePerson


def show_page(profile: ResourcePerson, typed_back: TypedBack | None = None) -> str:
    """The person's page (404 for whoever may not see it); ``typed_back``: an offer of help that was not sent, kept
    in its form with the reason beside it."""
    if not profile.user.is_active:
        abort(404)
    if not validation.may_see(profile, current_user):  # another region's pending profile: as missing to a CRA
        not_found_in_scope("Ce profil")
    is_owner = current_user.is_authenticated and profile.user_id == current_user.id
    # The needs her offers meet, of every region: read by her (those of the poles she may see named) and by the
    # national organisers (every pole's), not by a CRA (they would name other regions' needs).
    can_see_matches = is_owner or is_national(current_user)
    return render_template(
        "resources/show.html", profile=profile, is_owner=is_owner,
        need_suggestions=suggestions.needs_for_person(profile, settled=transfers.needs_settled_for(profile.id),
                                                      viewer=current_user._get_current_object())
        if can_see_matches else None,
        capacity_note=transfers.capacity_note(profile, reader_is_person=is_owner) if can_see_matches else None,
        **ask_context(profile), offer=None, typed_back=typed_back,
    )


def ask_context(profile: ResourcePerson) -> dict:
    """The « Demander un transfert » section of a person's or offer's page: the reader's needs to ask for, and when
    the person's year is full, what the request would meet (said before the pole writes its message)."""
    ask_needs = services.needs_to_ask_from(profile, current_user)
    return {"ask_needs": ask_needs, "ask_full": full_year_notice(profile) if ask_needs else None}
