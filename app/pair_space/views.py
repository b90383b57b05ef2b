"""The pair's space: messages, objectives, day reports, the experience sheet, and ``/experiences``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from app.access import can_view_pole, get_or_404
from app.edit_stamps import EditConflict, StampedForm
from app.form_fields import FrenchForm, TextLength
from app.extensions import db
from app.pair_space import conversation, experiences, initiative, objectives, peer_exchange
from app.pair_space import privacy_hooks, step_bell  # noqa: F401 - register their hooks
from app.pair_space.forms import DayReportForm, MessageForm, ObjectivesForm, ObjectiveStatusForm
from app.pair_space.initiative import TypedBack
from app.pair_space.opened_forms import GoneNotice, SentBack
from app.poles import pages as pole_pages
from app.refused import Refused
from app.resources import pages as resource_pages
from app.transfers.services import can_see
from app.transfers.rendering import show_page
from app.typography import of_pole
from models import ExperienceSheet, Need, Pairing, Pole, ResourcePerson

bp = Blueprint("pair_space", __name__)


class SheetForm(StampedForm, FrenchForm):
    title = StringField("Titre de la fiche", validators=[InputRequired("Donnez un titre à la fiche."),
                                                         TextLength(200)])
    situation = TextAreaField("La situation de départ", validators=[InputRequired("Décrivez la situation de départ."),
                                                                   TextLength(5000)])
    transferred = TextAreaField("Ce qui a été transmis", validators=[InputRequired("Dites ce qui a été transmis."),
                                                                    TextLength(5000)])
    worked = TextAreaField("Ce qui a marché", validators=[Optional(), TextLength(5000)])
    avoid = TextAreaField("Ce qu'il vaut mieux éviter", validators=[Optional(), TextLength(5000)])
    contacts = TextAreaField("Contacts (avec leur accord)", validators=[Optional(), TextLength(5000)])


def _me():  # noqa: ANN202 - the current user object
    return current_user._get_current_object()


def _visible(pairing_id: int) -> Pairing:
    pairing = get_or_404(Pairing, pairing_id)
    if not can_see(pairing, _me()):
        abort(404)
    return pairing


def _back(pairing: Pairing, anchor: str) -> Response:
    return redirect(url_for("transfers.show", pairing_id=pairing.id, _anchor=anchor))


@bp.route("/transferts/<int:pairing_id>/messages", methods=["POST"])
@login_required
def post(pairing_id: int) -> Response | tuple[str, int]:
    """A refused message comes back in its form, the reason beside it (walk 6: a redirection emptied the form and
    said why at the top of a long page, out of sight)."""
    pairing = _visible(pairing_id)
    form = MessageForm()
    try:
        conversation.post_message(pairing=pairing, author=_me(), body=request.form.get("body", ""),
                                  idempotency_key=request.form.get("idempotency_key", ""))
    except Refused as refusal:
        return show_page(pairing, SentBack("message", form, None, refusal.message)), 400
    flash("Votre message est envoyé.", "success")
    return _back(pairing, "conversation")


def _gone(pairing: Pairing, gone: objectives.FormThingGone, anchor: str) -> str:
    """The transfer page again, its section ``anchor`` saying that the form's objective or day is gone (nothing
    written; what the section lists is current). Not a redirection: a message at the top of the page would be out
    of sight of the section the person was in."""
    return show_page(pairing, gone=GoneNotice(anchor, gone.message))


def _save(pairing: Pairing, key: str, form: StampedForm, save, success: str,  # noqa: ANN001
          anchor: str) -> str | Response | tuple[str, int]:
    """Run ``save`` (a service call given the form's ``opened_on``). On an edit conflict or a refusal nothing was
    written: the transfer page again (not a redirection), the notice beside that form and what was typed kept in it."""
    try:
        save(form.opened_on.data)
    except EditConflict as conflict:
        form.reopen(conflict)
        return show_page(pairing, SentBack(key, form, conflict))
    except objectives.FormThingGone as gone:
        return _gone(pairing, gone, anchor)
    except Refused as refusal:
        return show_page(pairing, SentBack(key, form, None, refusal.message, refusal.problems[0].field)), 400
    flash(success, "success")
    return _back(pairing, anchor)


@bp.route("/transferts/<int:pairing_id>/objectifs", methods=["POST"])
@login_required
def set_objectives(pairing_id: int) -> str | Response:
    pairing = _visible(pairing_id)
    form = ObjectivesForm()
    texts = (form.objective.data or [])[: objectives.MAX_OBJECTIVES + 1]
    return _save(pairing, "objectives", form, lambda opened: objectives.set_objectives(
        pairing=pairing, user=_me(), texts=texts, opened=opened),
        "Les objectifs du transfert sont enregistrés.", "objectifs")


@bp.route("/transferts/<int:pairing_id>/objectifs/<int:objective_id>", methods=["POST"])
@login_required
def objective_status(pairing_id: int, objective_id: int) -> str | Response:
    pairing = _visible(pairing_id)
    try:
        objective = objectives.objective_in(pairing, objective_id)
    except objectives.FormThingGone as gone:
        return _gone(pairing, gone, "objectifs")
    form = ObjectiveStatusForm()
    return _save(pairing, f"status-{objective.id}", form, lambda opened: objectives.set_objective_status(
        objective=objective, user=_me(), status=form.status.data or "", opened=opened),
        "Le statut de l'objectif est enregistré.", "objectifs")


@bp.route("/transferts/<int:pairing_id>/journees/<int:day_id>/compte-rendu", methods=["POST"])
@login_required
def report_day(pairing_id: int, day_id: int) -> str | Response:
    pairing = _visible(pairing_id)
    try:
        day = objectives.day_in(pairing, day_id)
    except objectives.FormThingGone as gone:
        return _gone(pairing, gone, "comptes-rendus")
    form = DayReportForm()
    return _save(pairing, f"report-{day.id}", form, lambda opened: objectives.report_day(
        day=day, user=_me(), done=form.done.data or "", next_step=form.next_step.data or "", opened=opened),
        "Le compte rendu de la journée est enregistré.", "comptes-rendus")


@bp.route("/transferts/<int:pairing_id>/fiche/accord", methods=["POST"])
@login_required
def agree(pairing_id: int) -> Response:
    pairing = _visible(pairing_id)
    agrees = request.form.get("agrees") == "1"
    try:
        sheet = experiences.agree(pairing=pairing, user=_me(), agrees=agrees, opened=request.form.get("opened_on"))
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash("Votre refus est enregistré : la fiche n'est pas publiée." if not agrees else
              "Votre accord est enregistré : la fiche est publiée." if sheet.published_at else
              "Votre accord est enregistré.", "success")
    return _back(pairing, "fiche")


@bp.route("/transferts/<int:pairing_id>/fiche", methods=["GET", "POST"])
@login_required
def write_sheet(pairing_id: int) -> str | Response | tuple[str, int]:
    pairing = _visible(pairing_id)
    # Said before anything is typed (walk 6: the resource person, who opened it by its address, learnt on sending).
    if (refusal := experiences.writer_refusal(pairing, _me())) is not None:
        return render_template("pair_space/sheet_form.html", form=None, pairing=pairing, refusal=refusal), 403
    sheet = experiences.sheet_of(pairing)
    form = SheetForm(obj=sheet)
    if request.method == "GET":
        form.open_on(experiences.SHEET_EDIT, pairing)
    conflict = None
    if form.validate_on_submit():
        try:
            saved = experiences.save_sheet(pairing=pairing, author=_me(), opened=form.opened_on.data, values={
                name: getattr(form, name).data or "" for name in experiences.FIELDS})
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("La fiche est publiée : merci pour le réseau." if saved.published_at else
                  "La fiche est enregistrée ; elle sera publiée quand la personne ressource aura donné son accord.",
                  "success")
            return _back(pairing, "fiche")
    return render_template("pair_space/sheet_form.html", form=form, pairing=pairing, conflict=conflict)


@bp.route("/experiences")
def experiences_index() -> str:
    query = (request.args.get("q") or "").strip()[:200]
    return render_template("pair_space/experiences.html", sheets=experiences.published(query=query), query=query)


@bp.route("/experiences/<int:experience_sheet_id>")
def experience(experience_sheet_id: int) -> str:
    sheet = get_or_404(ExperienceSheet, experience_sheet_id)
    if sheet.published_at is None:
        abort(404)
    return render_template("pair_space/experience.html", sheet=sheet)


@bp.app_context_processor
def _one_time_key() -> dict[str, object]:
    """``one_time_key()`` in templates: the idempotency key of a form shown once."""
    return {"one_time_key": conversation.new_key}


@bp.route("/besoins/<int:need_id>/je-peux-aider", methods=["POST"])
@login_required
def offer_help(need_id: int) -> Response | tuple[str, int]:
    need = get_or_404(Need, need_id)
    if not can_view_pole(need.pole_id, need.pole.listed):  # a need she may not open, as if missing
        abort(404)
    person = db.session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == _me().id))
    if person is None:
        abort(404)
    typed = request.form.get("message", "")
    try:
        pairing = initiative.offer_help(need=need, person=person, message=typed,
                                        idempotency_key=request.form.get("idempotency_key", ""))
    except Refused as refusal:
        # Its page again, the message as typed in the need's form, the reason beside it.
        return resource_pages.show_page(person, TypedBack(need.id, typed, refusal.message)), 400
    flash("Votre proposition d'aide est envoyée : l'équipe d'animation l'examine comme une demande de transfert, "
          "puis le pôle l'accepte ou la décline.", "success")
    return redirect(url_for("transfers.show", pairing_id=pairing.id))


@bp.route("/poles/<int:pole_id>/proposer-un-echange/<int:peer_id>", methods=["POST"])
@login_required
def propose_exchange(pole_id: int, peer_id: int) -> Response | tuple[str, int]:
    pole, peer = get_or_404(Pole, pole_id), get_or_404(Pole, peer_id)
    if not can_view_pole(peer.id, peer.listed):  # a pole she may not see named, as if missing
        abort(404)
    typed = request.form.get("message", "")
    try:
        peer_exchange.propose_exchange(sender=_me(), from_pole=pole, to_pole=peer, message=typed,
                                       idempotency_key=request.form.get("idempotency_key", ""))
    except Refused as refusal:
        # The pole's page again, the message as typed in that peer's form, the reason beside it.
        return pole_pages.show_page(pole, TypedBack(peer.id, typed, refusal.message)), 400
    flash(f"Votre proposition d'échange est envoyée à l'animation {of_pole(peer.name)}.", "success")
    return redirect(url_for("poles.show", pole_id=pole.id, _anchor="pairs-titre"))
