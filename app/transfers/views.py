"""Pages of the transfer programme: "Mes transferts", the organisers' console and follow-up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint, Response, abort, current_app, flash, has_request_context, jsonify, redirect, render_template, request, url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from app.access import get_or_404, roles_required
from app.extensions import db
from app.ids import parse_id
from app.form_fields import as_choices, region_choices, theme_choices
from app.read_only import writes_on_get
from app.suggestions.capacity import capacity_left
from app.suggestions.services import explain_match
from app.transfers import batch, services
from app.transfers.forms import (
    DayForm, FeedbackForm, FollowUpFilterForm, ForbidForm, ProposeForm, RequestForm, RunForm, StepForm, SwapForm,
    capacity_text, person_choices,
)
from app.transfers.services import TransferError
from models import (
    BatchRun, BatchRunPair, BatchRunStatus, Need, Pairing, PairingFeedback, PairingStatus, ResourcePerson, Role,
)

bp = Blueprint("transfers", __name__)


@bp.app_context_processor
def _transfer_request_button() -> dict[str, object]:
    """Facilitators see "Demander un transfert à …" under each mentor suggestion."""
    user = current_user if has_request_context() else None  # mails render outside requests
    if user is not None and user.is_authenticated and user.role is Role.FACILITATOR:
        return {"transfer_request_endpoint": "transfers.request_transfer"}
    return {}


@bp.app_context_processor
def _pair_proposal_button() -> dict[str, object]:
    """Organisers see "Proposer ce binôme : …" under each mentor suggestion.

    Depends on the role only: the suggestions fragment is cached per viewer role (``poles.views``).
    """
    user = current_user if has_request_context() else None  # mails render outside requests
    if user is not None and user.is_authenticated and user.has_role(Role.ORGANISER):
        return {"pair_proposal_endpoint": "transfers.propose"}
    return {}


def _me():  # noqa: ANN202
    return current_user._get_current_object()


def _int_or_none(value: str | int | None) -> int | None:
    return parse_id(value)  # None also for an id beyond the database's range


def _visible_pairing(pairing_id: int) -> Pairing:
    pairing = get_or_404(Pairing, pairing_id)
    if not services.can_see(pairing, _me()):
        abort(404)
    return pairing


# --------------------------------------------------------------------------- #
# Facilitators and resource persons
# --------------------------------------------------------------------------- #


@bp.route("/transferts/demander", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR)
def request_transfer() -> str | Response:
    """GET (or the suggestion button's POST) shows the prefilled request; POST with confirm creates it."""
    form = RequestForm(request.form if request.method == "POST" else request.args)
    need = db.session.get(Need, _int_or_none(form.need_id.data) or 0)
    person = db.session.get(ResourcePerson, _int_or_none(form.resource_person_id.data) or 0)
    if need is None or person is None:
        abort(404)
    if current_user.pole_id != need.pole_id:
        abort(403)
    if request.method == "POST" and request.form.get("confirm") == "1" and form.validate():
        try:
            match = explain_match(need, person, offer_id=_int_or_none(form.offer_id.data))
            pairing = services.request_transfer(
                need=need, person=person, requester=_me(), message=form.message.data or "",
                offer_id=_int_or_none(form.offer_id.data), score=match.score if match else None,
                explanation=match.explanation.to_dict() if match else None)
        except TransferError as error:
            flash(str(error), "error")
        else:
            flash(f"Votre demande est envoyée à l'équipe d'animation, qui la validera avant de la transmettre à "
                  f"{person.user.display_name}.", "success")
            return redirect(url_for("transfers.show", pairing_id=pairing.id))
    return render_template("transfers/request.html", form=form, need=need, person=person)


@bp.route("/transferts/")
@login_required
def mine() -> str:
    pairings = services.pairings_for(_me())
    return render_template("transfers/mine.html", pairings=pairings)


@bp.route("/transferts/<int:pairing_id>")
@login_required
def show(pairing_id: int) -> str:
    pairing = _visible_pairing(pairing_id)
    me = _me()
    feedback = list(db.session.scalars(select(PairingFeedback).where(PairingFeedback.pairing_id == pairing.id)
                                       .order_by(PairingFeedback.id)))
    sides = services.sides_of(pairing, me)
    mine_feedback = next((f for f in feedback if f.author_id == me.id), None)
    feedback_form = FeedbackForm(obj=mine_feedback)
    if mine_feedback is not None:
        feedback_form.rating.data = str(mine_feedback.rating)
    return render_template(
        "transfers/show.html", pairing=pairing, steps=[s for s in services.allowed_steps(pairing, me)
                                                      if s is not PairingStatus.PLANNED],
        step_form=StepForm(), day_form=DayForm(),
        can_plan=pairing.status in (PairingStatus.ACCEPTED, PairingStatus.PLANNED, PairingStatus.IN_PROGRESS),
        can_feedback=pairing.status is PairingStatus.COMPLETED and bool(sides & {services.POLE, services.RESOURCE}),
        feedback=feedback if services.ORGANISER in sides or mine_feedback else [f for f in feedback if f.author_id == me.id],
        feedback_form=feedback_form, timezone=pairing.need.pole.region.timezone,
        step_actions=services.STEP_ACTIONS,
        why=explain_match(pairing.need, pairing.resource_person, offer_id=pairing.offer_id)
        if pairing.status.is_open else None,
    )


@bp.route("/transferts/<int:pairing_id>/etape", methods=["POST"])
@login_required
def step(pairing_id: int) -> Response:
    pairing = _visible_pairing(pairing_id)
    form = StepForm()
    if not form.validate():
        flash("Le formulaire a expiré : rechargez la page et réessayez.", "error")
        return redirect(url_for("transfers.show", pairing_id=pairing.id))
    try:
        to_status = PairingStatus(form.to.data)
    except ValueError:
        abort(400)
    try:
        services.transition(pairing, to_status, actor=_me(), note=form.note.data or "")
    except TransferError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(f"Transfert : {to_status.label}.", "success")
    return redirect(request.form.get("next") if request.form.get("next") == url_for("transfers.console")
                    else url_for("transfers.show", pairing_id=pairing.id))


@bp.route("/transferts/<int:pairing_id>/journees", methods=["POST"])
@login_required
def plan(pairing_id: int) -> str | Response:
    pairing = _visible_pairing(pairing_id)
    form = DayForm()
    if form.validate():
        zone = ZoneInfo(pairing.need.pole.region.timezone)

        def utc(moment: datetime) -> datetime:
            return moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

        try:
            services.plan_day(pairing, actor=_me(), day=services.DayPlan(
                starts_at_utc=utc(datetime.combine(form.day.data, form.start.data)),
                ends_at_utc=utc(datetime.combine(form.day.data, form.end.data)),
                timezone=zone.key, location=form.location.data or "", video_url=form.video_url.data or "",
                label=form.label.data or ""))
        except TransferError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash("La journée de transfert est planifiée ; les participant·es sont prévenu·es.", "success")
            return redirect(url_for("transfers.show", pairing_id=pairing.id))
    else:
        flash("La journée n'est pas planifiée : " + " ".join(
            f"{form[name].label.text} : {' '.join(errors)}" for name, errors in form.errors.items()), "error")
    return redirect(url_for("transfers.show", pairing_id=pairing.id))


@bp.route("/transferts/<int:pairing_id>/retour", methods=["POST"])
@login_required
def feedback(pairing_id: int) -> Response:
    pairing = _visible_pairing(pairing_id)
    form = FeedbackForm()
    if not form.validate():
        flash("Votre retour n'est pas enregistré : choisissez une note de 1 à 5.", "error")
        return redirect(url_for("transfers.show", pairing_id=pairing.id))
    try:
        services.give_feedback(pairing, author=_me(), rating=int(form.rating.data),
                               transferred=form.transferred.data or "", comment=form.comment.data or "")
    except TransferError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash("Merci : votre retour est enregistré.", "success")
    return redirect(url_for("transfers.show", pairing_id=pairing.id))


# --------------------------------------------------------------------------- #
# Organisers' console
# --------------------------------------------------------------------------- #


@bp.route("/organisation/tsf/")
@writes_on_get  # marks runs whose worker died as failed (reap_stale_runs)
@roles_required(Role.ORGANISER)
def console() -> str:
    batch.reap_stale_runs()
    return render_template(
        "transfers/console.html", needs=batch.open_transfer_needs(), people=batch.available_people(),
        requested=services.requested_pairings(), runs=batch.runs(), run_form=RunForm(),
        forbid_form=ForbidForm(), step_form=StepForm(),
    )


@bp.route("/organisation/tsf/proposer", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def propose() -> str | Response | tuple[str, int]:
    """One pair proposed by hand (from a need page or the follow-up): the page shows the pair and why,
    or the list to choose from; POST with confirm creates the proposal."""
    data = request.form if request.method == "POST" else request.args
    form = ProposeForm(data)
    need = db.session.get(Need, _int_or_none(form.need_id.data) or 0)
    if need is None:
        abort(404)
    person = db.session.get(ResourcePerson, _int_or_none(form.resource_person_id.data) or 0)
    if person is None:  # no choice yet, or none that exists: choose here, the error beside the list
        form.resource_person_id.choices = person_choices(services.proposal_candidates(), need)
        if "resource_person_id" not in data:
            return render_template("transfers/propose.html", form=form, need=need, person=None)
        form.resource_person_id.errors = ["Choisissez une personne ressource dans la liste."]
        return render_template("transfers/propose.html", form=form, need=need, person=None), 400
    offer_id = _int_or_none(form.offer_id.data)
    match = explain_match(need, person, offer_id=offer_id)
    refusal = None
    if request.method == "POST" and request.form.get("confirm") == "1" and form.validate():
        try:
            pairing = services.propose_pairing(
                need=need, person=person, organiser=_me(), message=form.message.data or "",
                offer_id=offer_id if offer_id is not None else (match.card.offer_id if match else None),
                score=match.score if match else None, explanation=match.explanation.to_dict() if match else None)
        except TransferError as error:
            db.session.rollback()
            refusal = str(error)
        else:
            flash(f"Binôme proposé : {person.user.display_name} peut accepter ou décliner le transfert ; "
                  f"les animateur·rices du pôle sont prévenu·es.", "success")
            return redirect(url_for("transfers.show", pairing_id=pairing.id))
    else:
        try:
            services.check_proposal(need, person)
        except TransferError as error:
            refusal = str(error)
    return render_template(
        "transfers/propose.html", form=form, need=need, person=person, why=match, refusal=refusal,
        capacity=capacity_text(capacity_left(db.session, [person])[person.id]))


@bp.route("/organisation/tsf/calculs", methods=["POST"])
@roles_required(Role.ORGANISER)
def new_run() -> Response | str:
    form = RunForm()
    if not form.validate():
        return render_template(
            "transfers/console.html", needs=batch.open_transfer_needs(), people=batch.available_people(),
            requested=services.requested_pairings(), runs=batch.runs(), run_form=form,
            forbid_form=ForbidForm(), step_form=StepForm()), 400
    try:
        run = batch.create_run(organiser=_me(), min_score=float(form.min_score.data),
                               max_per_person_per_region=form.max_per_person_per_region.data)
    except TransferError as error:
        flash(str(error), "error")
        return redirect(url_for("transfers.console"))
    batch.start_run(run)
    return redirect(url_for("transfers.run", run_id=run.id))


def _run_or_404(run_id: int) -> BatchRun:
    return get_or_404(BatchRun, run_id)


@bp.route("/organisation/tsf/calculs/<int:run_id>")
@writes_on_get  # marks runs whose worker died as failed (reap_stale_runs)
@roles_required(Role.ORGANISER)
def run(run_id: int) -> str:
    batch.reap_stale_runs()
    the_run = _run_or_404(run_id)
    db.session.refresh(the_run)
    needs = people = {}
    if the_run.snapshot:
        needs = {n.id: n for n in db.session.scalars(select(Need).where(Need.id.in_(the_run.snapshot["need_ids"])))}
        people = {p.id: p for p in db.session.scalars(
            select(ResourcePerson).where(ResourcePerson.id.in_(the_run.snapshot["person_ids"])))}
    swaps = {}
    if the_run.status is BatchRunStatus.DONE:
        for pair in the_run.pairs:
            form = SwapForm(prefix=f"p{pair.id}")
            form.person_id.choices = as_choices(
                (str(pid), f"{people[pid].user.display_name} ({score:.2f})")
                for pid, score in batch.swap_options(the_run, pair) if pid in people)
            swaps[pair.id] = form
    return render_template("transfers/run.html", run=the_run, needs=needs, people=people, swaps=swaps,
                           step_form=StepForm())


@bp.route("/organisation/tsf/calculs/<int:run_id>/etat.json")
@roles_required(Role.ORGANISER)
def run_state(run_id: int) -> Response:
    the_run = _run_or_404(run_id)
    db.session.refresh(the_run)
    return jsonify(status=the_run.status.value, status_label=the_run.status.label, stage=the_run.stage,
                   progress=round(the_run.progress, 3),
                   finished=the_run.status not in (BatchRunStatus.QUEUED, BatchRunStatus.RUNNING))


def _pair_of(the_run: BatchRun, pair_id: int) -> BatchRunPair:
    pair = db.session.get(BatchRunPair, pair_id)
    if pair is None or pair.run_id != the_run.id:
        abort(404)
    return pair


@bp.route("/organisation/tsf/calculs/<int:run_id>/binomes/<int:pair_id>/<action>", methods=["POST"])
@roles_required(Role.ORGANISER)
def edit_pair(run_id: int, pair_id: int, action: str) -> Response:
    the_run = _run_or_404(run_id)
    pair = _pair_of(the_run, pair_id)
    try:
        if action == "retirer":
            batch.set_pair_removed(the_run, pair, removed=True)
        elif action == "restaurer":
            batch.set_pair_removed(the_run, pair, removed=False)
        elif action == "echanger":
            form = SwapForm(prefix=f"p{pair.id}")
            form.person_id.choices = as_choices((str(pid), str(pid)) for pid, _ in batch.swap_options(the_run, pair))
            if not form.validate():
                raise TransferError("Choisissez une personne ressource proposée dans la liste.")
            batch.swap_pair(the_run, pair, person_id=int(form.person_id.data))
        else:
            abort(404)
    except TransferError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash("Binôme mis à jour.", "success")
    return redirect(url_for("transfers.run", run_id=the_run.id) + f"#binome-{pair.id}")


@bp.route("/organisation/tsf/calculs/<int:run_id>/approuver", methods=["POST"])
@roles_required(Role.ORGANISER)
def approve(run_id: int) -> Response:
    the_run = _run_or_404(run_id)
    try:
        created = batch.approve_run(run_id=the_run.id, organiser=_me())
    except TransferError as error:
        flash(str(error), "error")
    else:
        flash(f"{len(created)} proposition(s) envoyée(s) aux pôles et aux personnes ressources.", "success")
    return redirect(url_for("transfers.run", run_id=the_run.id))


@bp.route("/organisation/tsf/calculs/<int:run_id>/relancer", methods=["POST"])
@roles_required(Role.ORGANISER)
def rerun(run_id: int) -> Response:
    the_run = _run_or_404(run_id)
    try:
        new = batch.create_run(organiser=_me(), min_score=0.0, rerun_of=the_run)
    except TransferError as error:
        flash(str(error), "error")
        return redirect(url_for("transfers.run", run_id=the_run.id))
    batch.start_run(new)
    return redirect(url_for("transfers.run", run_id=new.id))


@bp.route("/organisation/tsf/interdire", methods=["POST"])
@roles_required(Role.ORGANISER)
def forbid() -> Response:
    form = ForbidForm()
    if form.validate():
        need = db.session.get(Need, form.need_id.data)
        person = db.session.get(ResourcePerson, form.resource_person_id.data)
        if need is None or person is None:
            flash("Besoin ou personne ressource introuvable : vérifiez les numéros.", "error")
        else:
            services.forbid_pair(need=need, person=person, organiser=_me(), reason=form.reason.data or "")
            flash(f"Le binôme « {need.title} » / {person.user.display_name} est exclu des calculs.", "success")
    else:
        flash("Indiquez le numéro du besoin et celui de la personne ressource.", "error")
    return redirect(url_for("transfers.console"))


# --------------------------------------------------------------------------- #
# Follow-up and exports
# --------------------------------------------------------------------------- #


def _filters() -> tuple[FollowUpFilterForm, dict[str, str]]:
    form = FollowUpFilterForm(request.args)
    form.status.choices = as_choices([("", "Tous")] + [(s.value, s.label) for s in PairingStatus])
    form.region.choices = region_choices(blank="Toutes")
    form.theme.choices = as_choices([("", "Tous")]) + theme_choices()
    if not form.validate():
        return form, {}
    return form, {"status": form.status.data or "", "region": form.region.data or "",
                  "theme": form.theme.data or "", "month": (form.month.data or "").strip()}


@bp.route("/organisation/suivi")
@roles_required(Role.ORGANISER)
def follow_up() -> str:
    form, filters = _filters()
    try:
        pairings = services.all_pairings(**filters)
    except TransferError as error:
        flash(str(error), "error")
        pairings = services.all_pairings()
    threshold = current_app.config["TRANSFER_GOOD_MATCH_THRESHOLD"]
    gaps, gap_themes, gap_regions = services.needs_without_good_match(threshold=threshold)
    return render_template(
        "transfers/follow_up.html", form=form, filters=filters, pairings=pairings,
        breakdown=services.breakdown(pairings), feedback=services.all_feedback(), gaps=gaps,
        gap_themes=gap_themes, gap_regions=gap_regions, threshold=threshold)


def _csv_response(text: str, filename: str) -> Response:
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/organisation/suivi/appariements.csv")
@roles_required(Role.ORGANISER)
def pairings_csv() -> Response:
    _, filters = _filters()
    try:
        pairings = services.all_pairings(**filters)
    except TransferError:
        pairings = services.all_pairings()
    return _csv_response(services.pairings_csv(pairings), "appariements.csv")


@bp.route("/organisation/suivi/retours.csv")
@roles_required(Role.ORGANISER)
def feedback_csv() -> Response:
    return _csv_response(services.feedback_csv(services.all_feedback()), "retours.csv")
