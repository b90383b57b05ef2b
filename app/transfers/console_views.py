"""The organisers' TSF console: requests, proposals, batch runs, exclusions."""

from __future__ import annotations


from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for

from app.access import get_or_404, national_organiser_required, roles_required
from app.access.policy import may_run_batch, may_see_region
from app.form_fields import as_choices
from app.idempotency import key_or_new
from app.pagination import paginate
from app.read_only import writes_on_get
from app.suggestions.services import explain_match
from app.ids import parse_id
from app.transfers import batch, batch_review, need_lookup, pages, person_lookup, services
from app.transfers.forms import ForbidForm, ProposeForm, RunForm, StepForm, SwapForm, capacity_text
from app.typed_lookup import Found, chosen_for
from app.transfers.services import TransferError
from app.typography import count, number
from app.transfers.blueprint import CONSOLE_PAGES, _int_or_none, _me, bp
from models import BatchRun, BatchRunPair, BatchRunStatus, Role


# --------------------------------------------------------------------------- #
# Organisers' console
# --------------------------------------------------------------------------- #


def _console(run_form: RunForm | None = None, forbid_form: ForbidForm | None = None,
             found: dict[str, Found | None] | None = None) -> str:
    """The console; its three long lists (requests to validate, needs to pair, people available) a page at a time,
    each page keeping the others' (``?page=``, ``?besoins=`` and ``?personnes=``); ``found``, what the exclusion's
    typed fields named (``forbid``)."""
    me = _me()
    return render_template(
        "transfers/console.html", needs=batch.open_transfer_needs_paged(
            lambda ids: paginate(ids, arg="besoins", anchor="besoins-titre", endpoint="transfers.console"), viewer=me),
        people=batch.available_people_paged(
            lambda ids: paginate(ids, arg="personnes", anchor="personnes-titre", endpoint="transfers.console")),
        open_needs=batch.open_need_counts(viewer=me),
        requested=services.requested_paged(
            lambda ids: paginate(ids, anchor="demandes-titre", endpoint="transfers.console"), viewer=me),
        console_url=url_for("transfers.console", **{k: v for k, v in request.args.items() if k in CONSOLE_PAGES}),
        runs=batch.runs(viewer=me), run_form=run_form or RunForm(),
        forbid_form=forbid_form or ForbidForm(), found=found or {}, step_form=StepForm(),
        may_run_batch=may_run_batch(me))


@bp.route("/organisation/tsf/")
@writes_on_get  # marks runs whose worker died as failed (reap_stale_runs)
@roles_required(Role.ORGANISER)
def console() -> str:
    batch.reap_stale_runs()
    return _console()


@bp.route("/organisation/tsf/proposer", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def propose() -> str | Response | tuple[str, int]:
    """One pair proposed by hand (from a need page or the follow-up): the page shows the pair and why,
    or the box to name her (``person_lookup``); POST with confirm creates the proposal (once, whatever the clicks)."""
    data = request.form if request.method == "POST" else request.args
    form = ProposeForm(data)
    need, _ = pages.find_pair(_int_or_none(form.need_id.data), None)
    if need is None or not may_see_region(_me(), need.pole.region_code):
        abort(404)
    key = key_or_new(form.idempotency_key.data)
    if "resource_person_id" not in data:  # no choice yet: type her here
        return render_template("transfers/propose.html", form=form, need=need, person=None, found=None, key=key)
    found = None
    if form.resource_person_id.validate(form):
        found = person_lookup.find_candidate(form.resource_person_id.data, need=need,
                                             chosen=chosen_for("resource_person_id", data))
        if found.error:
            form.resource_person_id.errors = [found.error]
    person = pages.find_pair(None, found.id)[1] if found is not None and found.id is not None else None
    if person is None:  # none found, or several: the error beside the field, the few found to pick from
        return render_template("transfers/propose.html", form=form, need=need, person=None, found=found, key=key), 400
    offer_id = _int_or_none(form.offer_id.data)
    match = explain_match(need, person, offer_id=offer_id)
    refusal = None
    if request.method == "POST" and request.form.get("confirm") == "1" and form.validate():
        try:
            pairing = services.propose_pairing(
                need=need, person=person, organiser=_me(), message=form.message.data or "",
                offer_id=offer_id if offer_id is not None else (match.card.offer_id if match else None),
                score=match.score if match else None, explanation=match.explanation.to_dict() if match else None,
                idempotency_key=form.idempotency_key.data)
        except TransferError as error:
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
        "transfers/propose.html", form=form, need=need, person=person, why=match, refusal=refusal, key=key,
        capacity=capacity_text(pages.capacity_of(person)))


@bp.route("/organisation/tsf/calculs", methods=["POST"])
@national_organiser_required  # a run pairs every region's needs
def new_run() -> Response | tuple[str, int]:
    form = RunForm()
    if not form.validate():
        return _console(run_form=form), 400
    try:
        launched = batch.launch_run(organiser=_me(), min_score=float(form.min_score.data),
                                    max_per_person_per_region=form.max_per_person_per_region.data)
    except TransferError as error:
        flash(str(error), "error")
        return redirect(url_for("transfers.console"))
    return _started(launched)


def _started(launched: batch.Launched) -> Response:
    """To the run's page: the new run started, or the one already under way with the notice saying so."""
    if launched.notice:
        flash(launched.notice, "info")
    else:
        batch.start_run(launched.run)
    return redirect(url_for("transfers.run", run_id=launched.run.id))


def _run_or_404(run_id: int) -> BatchRun:
    """The run, if the viewer may see it (a CRA: a run that paired a need of its region)."""
    the_run = pages.visible_run(run_id, viewer=_me())
    if the_run is None:
        abort(404)
    return the_run


@bp.route("/organisation/tsf/calculs/<int:run_id>")
@writes_on_get  # marks runs whose worker died as failed (reap_stale_runs)
@roles_required(Role.ORGANISER)
def run(run_id: int) -> str:
    batch.reap_stale_runs()
    page = pages.run_page(_run_or_404(run_id), viewer=_me())
    order = _order()
    pairs = batch_review.ordered(batch.run_pairs(page.run, viewer=_me()), order, page.needs)
    national = may_run_batch(_me())
    unmatched = [u for u in (page.run.result or {}).get("unmatched", []) if national or u.get("need_id") in page.needs]
    swaps = {}
    if page.run.status is BatchRunStatus.DONE and national:
        for pair in pairs:
            form = SwapForm(prefix=f"p{pair.id}")
            form.person_id.choices = as_choices(
                (str(pid), f"{page.people[pid].user.display_name} ({number(score, 2)})")
                for pid, score in batch.swap_options(page.run, pair) if pid in page.people)
            swaps[pair.id] = form
    return render_template("transfers/run.html", run=page.run, needs=page.needs, people=page.people, swaps=swaps,
                           pairs=pairs, unmatched=unmatched, may_run_batch=national, reviewed=batch.reviewed(page.run),
                           reasons=pages.run_pair_reasons(page.run, pairs, page.people) if page.run.result else {},
                           order=order, orders=batch_review.ORDERS,
                           step_form=StepForm())


@bp.route("/organisation/tsf/calculs/<int:run_id>/etat.json")
@roles_required(Role.ORGANISER)
def run_state(run_id: int) -> Response:
    the_run = pages.run_page(_run_or_404(run_id), viewer=_me()).run
    return jsonify(status=the_run.status.value, status_label=the_run.status.label, stage=the_run.stage,
                   progress=round(the_run.progress, 3),
                   finished=the_run.status not in (BatchRunStatus.QUEUED, BatchRunStatus.RUNNING))


def _pair_of(the_run: BatchRun, pair_id: int) -> BatchRunPair:
    pair = get_or_404(BatchRunPair, pair_id)
    if pair.run_id != the_run.id:
        abort(404)
    return pair


@bp.route("/organisation/tsf/calculs/<int:run_id>/binomes/<int:pair_id>/<action>", methods=["POST"])
@national_organiser_required  # a run pairs every region's needs
def edit_pair(run_id: int, pair_id: int, action: str) -> Response:
    the_run = _run_or_404(run_id)
    pair = _pair_of(the_run, pair_id)
    before = pair.resource_person_id
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
        flash(str(error), "error")
    else:
        flash(batch_review.pair_notice(pair, action, before_person_id=before), "success")
    return redirect(url_for("transfers.run", run_id=the_run.id, ordre=_order()) + f"#binome-{pair.id}")


def _order() -> str | None:
    """The order the run's page was read in (``?ordre=`` of the form's address), to come back in it."""
    return batch_review.order_asked(request.args.get("ordre"))


@bp.route("/organisation/tsf/calculs/<int:run_id>/binomes/coches", methods=["POST"])
@national_organiser_required  # a run pairs every region's needs
def review_ticked(run_id: int) -> Response:
    """Remove, restore or keep only the ticked pairs (``batch_review``), in one send."""
    the_run = _run_or_404(run_id)
    review = next((r for r in batch_review.Review if r.value == request.form.get("action")), None)
    if review is None:
        abort(400)
    ticked = [pair_id for raw in request.form.getlist("binome") if (pair_id := parse_id(raw)) is not None]
    try:
        removed, restored = batch_review.review_pairs(run_id=the_run.id, pair_ids=ticked, review=review)
    except TransferError as error:
        flash(str(error), "error")
        return redirect(url_for("transfers.run", run_id=the_run.id, ordre=_order()) + "#revue-cochee")
    flash(batch_review.reviewed_notice(removed, restored), "success")
    return redirect(url_for("transfers.run", run_id=the_run.id, ordre=_order()))


@bp.route("/organisation/tsf/calculs/<int:run_id>/approuver", methods=["GET", "POST"])
@national_organiser_required  # a run pairs every region's needs
def approve(run_id: int) -> str | Response:
    """GET: what approval will send, and to whom; POST with ``confirm`` (the button of that page) sends it.

    A POST without ``confirm`` (an old form, a script) only shows the confirmation page: nothing leaves
    in one click. Works without JavaScript.
    """
    the_run = _run_or_404(run_id)
    if request.method == "GET" or request.form.get("confirm") != "1":
        if the_run.status is not BatchRunStatus.DONE:
            return redirect(url_for("transfers.run", run_id=the_run.id))
        return render_template("transfers/approve.html", run=the_run, preview=batch.approval_preview(the_run),
                               reviewed=batch.reviewed(the_run), step_form=StepForm())
    try:
        created = batch.approve_run(run_id=the_run.id, organiser=_me(),
                                    expected=request.form.get("expected") or None)
    except TransferError as error:
        flash(str(error), "error")
    else:
        flash(f"{count(len(created), 'proposition envoyée', 'propositions envoyées')} "
              "aux personnes ressources et aux pôles.", "success")
    return redirect(url_for("transfers.run", run_id=the_run.id))


@bp.route("/organisation/tsf/calculs/<int:run_id>/relancer", methods=["POST"])
@national_organiser_required  # a run pairs every region's needs
def rerun(run_id: int) -> Response:
    the_run = _run_or_404(run_id)
    try:
        launched = batch.launch_run(organiser=_me(), min_score=0.0, rerun_of=the_run)
    except TransferError as error:
        flash(str(error), "error")
        return redirect(url_for("transfers.run", run_id=the_run.id))
    return _started(launched)


@bp.route("/organisation/tsf/interdire", methods=["POST"])
@roles_required(Role.ORGANISER)
def forbid() -> Response | tuple[str, int]:
    """Exclude a pair: the need and the person typed (a number or words of a title or a name), each found on the
    server; one that cannot be found (none, several) shows the console again, the error beside its field and,
    for several, the first few to pick from."""
    form = ForbidForm()
    valid = form.validate()
    found: dict[str, Found | None] = {
        "need_id": None if form.need_id.errors else need_lookup.find_need(
            form.need_id.data, viewer=_me(), chosen=chosen_for("need_id", request.form)),
        "resource_person_id": None if form.resource_person_id.errors else person_lookup.find_person(
            form.resource_person_id.data, chosen=chosen_for("resource_person_id", request.form))}
    for name, named in found.items():
        if named is not None and named.error:
            form[name].errors = [named.error]
    if not valid or any(named is None or named.id is None for named in found.values()):
        return _console(forbid_form=form, found=found), 400
    need, person = pages.find_pair(found["need_id"].id, found["resource_person_id"].id)
    if need is None or person is None or not may_see_region(_me(), need.pole.region_code):
        abort(404)
    try:
        services.forbid_pair(need=need, person=person, organiser=_me(), reason=form.reason.data or "")
    except TransferError as error:
        flash(str(error), "error")
    else:
        flash(f"Le binôme « {need.title} » / {person.user.display_name} est exclu des calculs.", "success")
    return redirect(url_for("transfers.console"))
