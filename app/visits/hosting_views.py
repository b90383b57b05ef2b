"""Pages of a pole's proposals to host a learning visit: the pole proposes, the organisers read and decide.

Who may: ``app.access.policy`` (``may_propose_hosting``, ``may_see_host_proposals``, ``may_decide_host_proposal``);
what happens: ``app.visits.hosting``. Turning a proposal into a visit is the visit creation form, prefilled
(``visits.create`` with ``?proposition=N``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.access import national_organiser_required, not_found_in_scope, policy, refuse_saying, roles_required
from app.typography import of_pole
from app.visits import hosting
from app.visits.forms import MONTH_HINT, DeclineProposalForm, HostProposalForm
from app.visits.views import bp
from models import Pole, Role, VisitHostProposal


def _own_pole() -> Pole:
    """The pole the signed-in facilitator speaks for; a refusal that says why for anyone else."""
    if current_user.role is not Role.FACILITATOR:
        refuse_saying("Réservé aux pôles", "Ce sont les animateur·rices d'un pôle qui proposent de l'accueillir : "
                      "l'équipe nationale organise les visites depuis «\u00a0Visites apprenantes\u00a0».")
    pole = current_user.pole
    if pole is None or not policy.may_propose_hosting(current_user, pole.id):
        refuse_saying("Aucun pôle", "Rattachez d'abord votre compte à votre pôle (depuis sa fiche : «\u00a0C'est mon "
                      "pôle\u00a0») pour proposer qu'il accueille une visite.")
    if (refusal := hosting.hosting_refusal(current_user, pole)) is not None:
        refuse_saying("Pôle pas encore confirmé", refusal)
    return pole


@bp.route("/visites/proposer-un-accueil", methods=["GET", "POST"])
@login_required
def propose_hosting() -> str | Response:
    pole = _own_pole()
    form = HostProposalForm()
    if form.validate_on_submit():
        try:
            hosting.propose_hosting(pole=pole, author=current_user._get_current_object(), data=form.proposal_data(),
                                    idempotency_key=form.idempotency_key.data)
        except hosting.HostProposalRefused as error:
            form.show_problems(error.problems)
        else:
            flash("Votre proposition est envoyée à l'équipe nationale des visites apprenantes et à la CRA de votre "
                  "région. Vous suivrez sa réponse ici.", "success")
            return redirect(url_for("poles.show", pole_id=pole.id, _anchor="propositions-accueil"))
    return render_template("visits/host_proposal_form.html", form=form, pole=pole, month_hint=MONTH_HINT)


@bp.route("/organisation/visites/propositions")
@roles_required(Role.ORGANISER)
def proposals() -> str:
    """Every proposal for national organisers, a CRA's region's only (``hosting.proposals_for``)."""
    return render_template("visits/proposals.html", proposals=hosting.proposals_for(current_user),
                           may_decide=policy.may_decide_host_proposal(current_user),
                           region_code=policy.organiser_region(current_user), months_in_words=hosting.months_in_words)


def _proposal(proposal_id: int) -> VisitHostProposal:
    proposal = hosting.proposal_for(current_user, proposal_id)
    if proposal is None:
        not_found_in_scope("Cette proposition")
    return proposal


@bp.route("/organisation/visites/propositions/<int:proposal_id>/decliner", methods=["GET", "POST"])
@national_organiser_required  # the national organisers organise the visits
def decline_proposal(proposal_id: int) -> str | Response:
    proposal = _proposal(proposal_id)
    if not proposal.is_open:
        flash(f"Cette proposition a déjà reçu une réponse\u00a0: {proposal.status.label.lower()}.", "info")
        return redirect(url_for("visits.proposals", _anchor=f"proposition-{proposal.id}"))
    form = DeclineProposalForm()
    if form.validate_on_submit():
        try:
            hosting.decline_proposal(proposal_id=proposal.id, user=current_user._get_current_object(),
                                     message=form.message.data)
        except hosting.HostProposalRefused as error:
            form.show_problems(error.problems)
        else:
            flash(f"La proposition {of_pole(proposal.pole.name)} est déclinée ; ses animateur·rices ont reçu "
                  "votre message.", "success")
            return redirect(url_for("visits.proposals"))
    return render_template("visits/decline_proposal.html", form=form, proposal=proposal,
                           months=hosting.months_in_words(proposal))
