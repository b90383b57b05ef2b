"""Pages of the transfer programme: "Mes transferts", a transfer's page and its steps.

The organisers' console and follow-up live in ``console_views`` and ``follow_up_views``; importing this
module registers all three on the one blueprint (``app.transfers.blueprint``).
"""

from __future__ import annotations


from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.access import roles_required
from app.access.policy import is_organiser, organiser_region
from app.idempotency import key_or_new
from app.pagination import paginate
from app.resources.services import profile_of
from app.scheduling.ics import ics_response, meeting_ics
from app.transfers import pages, services
from app.transfers.pair_rules import pairs_for_need
from app.transfers.rendering import StepRefused, show_page
from app.transfers.forms import DayForm, FeedbackForm, RequestForm, StepForm
from app.transfers.pair_rules import full_year_notice
from app.transfers.services import TransferError
import app.transfers.console_views
import app.transfers.follow_up_views  # noqa: F401 - registers the follow-up's routes
from app.transfers.blueprint import _int_or_none, _me, _visible_pairing, bp, console_page
from models import PairingStatus, Role


# --------------------------------------------------------------------------- #
# Facilitators and resource persons
# --------------------------------------------------------------------------- #


@bp.route("/transferts/demander", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR)
def request_transfer() -> str | Response | tuple[str, int]:
    """GET (or the suggestion button's POST) shows the prefilled request; POST with confirm creates it.

    The form carries an idempotency key: posted twice (double click, retry), it makes one request.
    """
    form = RequestForm(request.form if request.method == "POST" else request.args)
    need, person = pages.find_pair(_int_or_none(form.need_id.data), _int_or_none(form.resource_person_id.data))
    if need is None or person is None:
        abort(404)
    if current_user.pole_id != need.pole_id:
        abort(403)
    key = key_or_new(form.idempotency_key.data)
    if request.method == "POST" and request.form.get("confirm") == "1":
        if not form.validate():
            return render_template("transfers/request.html", form=form, need=need, person=person, key=key), 400
        try:
            pairing = services.request_transfer(
                need=need, person=person, requester=_me(), message=form.message.data or "",
                offer_id=_int_or_none(form.offer_id.data), **pages.match_fields(need, person, form.offer_id.data),
                idempotency_key=form.idempotency_key.data)
        except TransferError as error:
            flash(str(error), "error")
        else:
            flash(f"Votre demande est envoyée à l'équipe d'animation, qui la validera avant de la transmettre à "
                  f"{person.user.display_name}.", "success")
            return redirect(url_for("transfers.show", pairing_id=pairing.id))
    # Back after sending, or the link opened again: the transfer already under way, not a form that can only fail.
    already = pairs_for_need(need.id).open_pairing(person.id)
    return render_template("transfers/request.html", form=form, need=need, person=person, key=key, already=already,
                           full=None if already else full_year_notice(person))


@bp.route("/transferts/")
@login_required
def mine() -> str:
    """What waits for the viewer's answer first (a request to validate, a proposal), then the rest."""
    me = _me()
    # Each list a page at a time, each keeping the other's page: what waits (four hundred requests for Avise),
    # and the rest, which grows with the years.
    awaiting_me, others = services.my_transfers_paged(
        me, lambda ids: paginate(ids, anchor="en-cours" if is_organiser(me) else "mes-transferts"),
        lambda ids: paginate(ids, arg="attente", anchor="a-traiter"))
    return render_template("transfers/mine.html", awaiting_me=awaiting_me, others=others,
                           region_code=organiser_region(me),
                           profile=profile_of(me) if me.role is Role.RESOURCE_PERSON else None)


@bp.route("/transferts/<int:pairing_id>")
@login_required
def show(pairing_id: int) -> str:
    return show_page(_visible_pairing(pairing_id))


@bp.route("/transferts/<int:pairing_id>/journees/<int:stage>.ics")
@login_required
def day_ics(pairing_id: int, stage: int) -> Response:
    """A planned day for the viewer's calendar (anyone who may see the transfer); a cancelled day's file is its
    METHOD:CANCEL (``meeting_ics`` reads the meeting's status), which takes it out of a calendar, never puts it back."""
    day = pages.day_of(_visible_pairing(pairing_id), stage)
    if day is None:
        abort(404)
    return ics_response(meeting_ics(day.session), filename=f"transfert-{pairing_id}-journee-{stage}.ics")


@bp.route("/transferts/<int:pairing_id>/etape", methods=["POST"])
@login_required
def step(pairing_id: int) -> str | Response | tuple[str, int]:
    pairing = _visible_pairing(pairing_id)
    form = StepForm()
    valid = form.validate()
    to_status = next((status for status in PairingStatus if status.value == form.to.data), None)
    offered = next((c for c in pages.step_choices(pairing, _me()) if c.to is to_status), None)
    back = console_page(request.form.get("next"))
    if not valid and form.note.errors and not (form.csrf_token.errors or form.to.errors) and offered is not None:
        # The reason refused (too long, a control character pasted from a PDF): said, beside it and kept as typed
        # on the transfer's page — « Le formulaire a expiré » lost it, and refused it again after every reload.
        if back is None:
            return show_page(pairing, step_refused=StepRefused(
                to_status.value, form.note.errors[0], form.note.data or "", True)), 400
        flash(form.note.errors[0], "error")
        return redirect(back)
    if not valid:
        flash("Le formulaire a expiré : rechargez la page et réessayez.", "error")
        return redirect(url_for("transfers.show", pairing_id=pairing.id))
    if to_status is None:
        abort(400)
    # Ending is final: asked first, in the dialog (static/js/confirm.js sets ``confirmed``) or, without JavaScript,
    # on a page of its own that nothing is done before (walk 6: it ended the transfer in one click).
    if offered is not None and offered.asks_on_a_page and request.form.get("confirmed") != "1":
        return render_template("transfers/confirm_step.html", pairing=pairing, step=offered, form=form)
    done = pages.step_done(pairing, to_status, _me())
    anchor = None
    try:
        services.transition(pairing, to_status, actor=_me(), note=form.note.data or "")
    except TransferError as error:
        if offered is not None and back is None:
            # Beside its button, the note kept and tied to the error when it is what was missing (« Décliner » without
            # its reason: the reason was asked at the top of the page, far from the field, after a redirection).
            return show_page(pairing, step_refused=StepRefused(
                to_status.value, error.message, form.note.data or "",
                offered.note_required and not (form.note.data or "").strip())), 400
        flash(str(error), "error")
    else:
        flash(done, "success")
        # Once over, the confirmation shows under « Retours », the form it asks to fill in next.
        anchor = "retours-titre" if to_status is PairingStatus.COMPLETED else None
    return redirect(back or url_for("transfers.show", pairing_id=pairing.id, _anchor=anchor))


@bp.route("/transferts/<int:pairing_id>/journees", methods=["POST"])
@login_required
def plan(pairing_id: int) -> str | Response | tuple[str, int]:
    pairing = _visible_pairing(pairing_id)
    form = DayForm(zone=pairing.need.pole.region.timezone)
    if form.validate():
        starts_at, ends_at = form.times()
        was = pairing.status
        try:
            services.plan_day(pairing, actor=_me(), day=services.DayPlan(
                starts_at_utc=starts_at, ends_at_utc=ends_at, timezone=form.zone,
                location=form.location.data or "", video_url=form.video_url.data or "",
                label=form.label.data or "", already_held=form.already_held.data))
        except TransferError as error:
            form.show_problems(error.problems)
        else:
            started = pairing.status is PairingStatus.IN_PROGRESS and was is not PairingStatus.IN_PROGRESS
            begun = " Le transfert est maintenant « En cours »." if started else ""
            flash(f"La journée déjà tenue est enregistrée ; les participant·es en sont informé·es.{begun}"
                  if form.already_held.data else "La journée de transfert est planifiée ; les participant·es sont prévenu·es.",
                  "success")
            return redirect(url_for("transfers.show", pairing_id=pairing.id))
    # The page again, what was typed kept and each error beside its field (a redirection emptied the form and
    # said everything in one notice at the top of the page).
    return show_page(pairing, day_form=form), 400


@bp.route("/transferts/<int:pairing_id>/retour", methods=["POST"])
@login_required
def feedback(pairing_id: int) -> Response | tuple[str, int]:
    """Saved: back under « Retours », where the notice is shown (static/js/error_summary.js). Not saved (no rating, a
    text too long, a rule): the page again, what was typed kept and each error beside its field (a redirection lost
    the texts typed and said « choisissez une note » whatever was wrong)."""
    pairing = _visible_pairing(pairing_id)
    form = FeedbackForm()
    if not form.validate():
        return show_page(pairing, feedback_form=form), 400
    try:
        services.give_feedback(pairing, author=_me(), rating=int(form.rating.data),
                               transferred=form.transferred.data or "", comment=form.comment.data or "")
    except TransferError as error:
        form.form_errors.append(str(error))
        return show_page(pairing, feedback_form=form), 400
    flash("Merci : votre retour est enregistré.", "success")
    return redirect(url_for("transfers.show", pairing_id=pairing.id, _anchor="retours-titre"))
