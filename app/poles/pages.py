"""The pole's page rendered: its own view answers with it, and so does « Proposer un échange » refused, with the
message as typed in its form (``app.pair_space.views.propose_exchange``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from werkzeug.wrappers import Response

from app.access import can_edit_pole, can_view_pole, is_organiser, not_found_in_scope
from app.access.policy import may_propose_hosting, may_see_pole_participation
from app.accompaniments import history
from app.accompaniments import services as accompaniments
from app.agenda import queries as agenda_queries
from app.eligibility import services as eligibility
from app.extensions import db
from app.pair_space import peer_exchange
from app.pair_space.initiative import TypedBack
from app.poles import claims, services
from app.poles.need_state import need_states
from app.suggestions import services as suggestions
from app.visits import hosting
from app.visits import services as visits
from models import Pole, Role


def check_can_view(pole: Pole) -> None:
    """404 for whoever may not see the pole (``app.access.can_view_pole``): its page, its needs, its forms. To a CRA
    it says the pole may be another region's (one that moved away since a notice or a mail named it, say), in the
    words of a pole that does not exist (``not_found_in_scope``)."""
    if not can_view_pole(pole.id, pole.listed):
        not_found_in_scope("Ce pôle")


def merged_or_missing(pole_id: int) -> Response:
    """No pole ``pole_id``: merged into another since (a link in an older mail or notice), the page of the pole it
    lives on in, said, for whoever may open that one; otherwise the 404 of a missing pole."""
    from app.admin.poles import merge_done

    done = merge_done(pole_id)
    kept = db.session.get(Pole, done.kept_id) if done is not None else None
    if kept is None or not can_view_pole(kept.id, kept.listed):
        not_found_in_scope("Ce pôle")
    flash(f"Le pôle «\u00a0{done.duplicate_name}\u00a0» a été fondu dans «\u00a0{kept.name}\u00a0», "
          "dont voici la fiche.", "info")
    return redirect(url_for("poles.show", pole_id=kept.id))


def show_page(pole: Pole, typed_back: TypedBack | None = None) -> str:
    """The pole's page (404 for whoever may not see it); ``typed_back``: a message to a peer pole that was not sent,
    kept in its form with the reason beside it."""
    check_can_view(pole)
    can_edit, can_accompany = can_edit_pole(pole.id), accompaniments.may_accompany(current_user, pole)
    needs = services.open_needs_of(pole)
    peers = suggestions.peer_poles(pole, needs) if current_user.is_authenticated else None
    # What the pole took part in (visits it was invited to, sessions its people attended): its region's data.
    participation = may_see_pole_participation(current_user, pole_id=pole.id, region_code=pole.region_code)
    return render_template(
        "poles/show.html", pole=pole, can_edit=can_edit,
        eligibility=eligibility.status_of(pole, current_user._get_current_object()) if can_edit else None,
        # The history (with the organisers' notes) is read by those who may accompany the pole.
        pole_history=history.pole_history(pole) if can_accompany else None, can_accompany=can_accompany,
        peer_suggestions=peers,
        # Walk 6: a message written to a peer pole nobody animates on the site was refused once written.
        peers_reachable=peer_exchange.reachable([p.pole for p in peers or []]), typed_back=typed_back,
        needs=needs, need_states=need_states(needs),
        visit_record=visits.pole_visit_record(pole, invitations=participation)
        if current_user.is_authenticated else None, visit_invitations=participation,
        host_proposals=hosting.proposals_of_pole(current_user, pole), proposal_months=hosting.months_in_words,
        can_propose_hosting=may_propose_hosting(current_user, pole.id) and pole.is_confirmed,
        attended_sessions=agenda_queries.attended_by_pole(pole.id) if participation else None,
        can_claim=(current_user.is_authenticated and current_user.role is Role.FACILITATOR
                   and current_user.pole_id is None),
        my_claim=(claims.pending_claim_of(current_user._get_current_object())
                  if current_user.is_authenticated and current_user.role is Role.FACILITATOR else None),
        can_confirm=is_organiser() and not pole.is_confirmed,
    )
