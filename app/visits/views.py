"""Pages of the learning visits: the organiser's area, a visit's page, registration, feedback."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.confirmation import asks_first
from app.access import get_or_404, national_organiser_required, policy, roles_required
from app.access.policy import is_national, organiser_region
from app.edit_stamps import EditConflict
from app.ids import parse_id
from app.typed_lookup import chosen_for
from app.visits import attendance, cohorts, followed, hosting, services, themes
from app.templating import region_name
from app.typography import count as count_fr, feminine_ordinal
from app.visits.common import hours_said
from app.visits.forms import FeedbackForm, InviteForm, ThemeQueryForm, VisitForm
from models import LearningVisit, Pole, Role, VisitHostProposal, VisitRegistrationStatus

bp = Blueprint("visits", __name__)


@bp.route("/organisation/visites")
@national_organiser_required  # visits gather poles of several regions
def organiser_home() -> str:
    state = themes.theme_state()
    return render_template("visits/organiser.html", state=state, followed=followed.followed_visits(current_user),
                           open_proposals=hosting.open_proposals_for(current_user),
                           months_in_words=hosting.months_in_words,
                           query_form=ThemeQueryForm(), threshold=themes.cluster_threshold(),
                           min_poles=themes.MIN_POLES, min_territories=themes.MIN_TERRITORIES)


@bp.route("/organisation/visites/suivies")
@roles_required(Role.ORGANISER)
def followed_list() -> str:
    """The visits an organiser follows: every one nationally, a CRA's region's and its poles' (``app.visits.followed``):
    without it a CRA reached a visit only from « Mon espace » or a link."""
    region = organiser_region(current_user)
    return render_template("visits/followed.html", followed=followed.followed_visits(current_user),
                           national=is_national(current_user), region_name=region_name(region) if region else None)


def _host_id() -> int | None:
    return parse_id(request.args.get("hote", ""))


@bp.route("/organisation/visites/theme/<int:number>")
@national_organiser_required  # visits gather poles of several regions
def theme(number: int) -> str:
    suggested = themes.suggested_theme(number)
    if suggested is None:
        abort(404)
    plan = cohorts.theme_plan(
        title=suggested.title, theme_text=suggested.theme_text, label_terms=suggested.cluster.label_terms,
        shared_themes=suggested.cluster.shared_themes, theme_needs=suggested.needs, host_id=_host_id(),
        centroid=suggested.centroid, viewer=current_user,
    )
    return render_template("visits/theme.html", plan=plan, suggested=suggested,
                           create_args={"theme": number, "hote": plan.host.id if plan.host else None})


@bp.route("/organisation/visites/theme")
@national_organiser_required  # visits gather poles of several regions
def free_theme() -> str | Response:
    form = ThemeQueryForm(request.args)
    if not form.validate():
        for error in form.q.errors:
            flash(error, "error")
        return redirect(url_for("visits.organiser_home"))
    text = form.q.data.strip()
    plan = cohorts.theme_plan(title=text[:200], theme_text=text, host_id=_host_id(), viewer=current_user)
    return render_template("visits/theme.html", plan=plan, suggested=None,
                           create_args={"q": text, "hote": plan.host.id if plan.host else None})


#: Said once the visit is created (or when its form comes back: it was created once).
CREATED = "La visite est créée ; les pôles invités ont reçu leur invitation."


@bp.route("/organisation/visites/nouvelle", methods=["GET", "POST"])
@national_organiser_required  # visits gather poles of several regions
def create() -> str | Response:
    form = VisitForm(viewer=current_user, host_chosen=chosen_for("host", request.form))
    if request.method == "POST" and (made := services.visit_made_by(form.idempotency_key.data, current_user)):
        # The same form sent again (Back, then send): the visit it created, even from a proposal now converted.
        flash(CREATED, "success")
        return redirect(url_for("visits.show", visit_id=made.id))
    proposal = _proposal_asked(form)
    if request.method == "GET":
        _prefill(form, proposal)
    if form.validate_on_submit():
        host = get_or_404(Pole, form.host_found.id)
        invited = [get_or_404(Pole, int(pid)) for pid in form.invited.data or []]
        details = dict(
            organiser=current_user._get_current_object(), host=host, title=form.title.data,
            theme_text=form.theme_text.data or "", label_terms=form.label_terms.data or "",
            start_date=form.start_date.data, capacity=form.capacity.data,
            programme=form.programme.data or "", place=form.place.data or "", invited=invited,
            idempotency_key=form.idempotency_key.data,
        )
        try:
            if proposal is not None:
                visit = hosting.create_visit_from_proposal(proposal_id=proposal.id, **details)
            else:
                visit = services.create_visit(**details)
        except (services.VisitError, hosting.HostProposalRefused) as error:
            form.show_problems(error.problems)
        else:
            flash(CREATED, "success")
            return redirect(url_for("visits.show", visit_id=visit.id))
    return render_template("visits/form.html", form=form, proposal=proposal, hours=hours_said(),
                           proposal_months=hosting.months_in_words(proposal) if proposal else "")


def _proposal_asked(form: VisitForm) -> VisitHostProposal | None:
    """The pole's proposal the visit answers (``?proposition=N``, then the form's hidden field): one the organiser
    reads and still open, else a 404 (a decided one cannot become a second visit)."""
    asked = form.proposal.data if request.method == "POST" else request.args.get("proposition", "")
    if not asked:
        return None
    proposal_id = parse_id(asked)
    proposal = hosting.proposal_for(current_user, proposal_id) if proposal_id is not None else None
    if proposal is not None and proposal.visit_id is not None and request.method == "GET":
        # Back after creating the visit from it: the visit, rather than « Page introuvable ».
        flash("Cette proposition est déjà devenue une visite : la voici.", "info")
        abort(redirect(url_for("visits.show", visit_id=proposal.visit_id)))
    if proposal is None or not proposal.is_open:
        abort(404)
    form.proposal.data = str(proposal.id)
    return proposal


def _prefill(form: VisitForm, proposal: VisitHostProposal | None) -> None:
    """Fill the form from a pole's proposal to host it (``?proposition=N``: host, themes, what visitors would see),
    a suggested theme (``?theme=N``) or a typed one (``?q=…``)."""
    host_id = _host_id()
    number = request.args.get("theme", "")
    text = request.args.get("q", "").strip()[:500]
    if proposal is not None:
        title = " · ".join(t.label for t in proposal.themes)[:200]
        plan = cohorts.theme_plan(title=title, theme_text=proposal.what_to_see,
                                  shared_themes=[t.code for t in proposal.themes], host_id=proposal.pole_id,
                                  viewer=current_user)
        form.title.data = title
        form.capacity.data = min(form.capacity.data or 6, proposal.visitors)
    elif (theme_number := parse_id(number)) is not None and (suggested := themes.suggested_theme(theme_number)):
        plan = cohorts.theme_plan(
            title=suggested.title, theme_text=suggested.theme_text, label_terms=suggested.cluster.label_terms,
            shared_themes=suggested.cluster.shared_themes, theme_needs=suggested.needs, host_id=host_id,
            centroid=suggested.centroid, viewer=current_user)
        form.title.data = suggested.title[:200]
        form.label_terms.data = suggested.keywords[:300]
    elif len(text) >= 5 and cohorts.theme_problem(text) is None:  # a theme typed (« q »), one the engine can read
        plan = cohorts.theme_plan(title=text[:200], theme_text=text, host_id=host_id, viewer=current_user)
        form.title.data = text[:200]
    else:
        return
    form.theme_text.data = plan.theme_text
    if plan.host is not None:
        form.host.data = plan.host.name  # found again by its name (a namesake: both offered, to pick one)
    form.invited.data = [str(i.pole.id) for i in plan.invitees]


def _visit_for_viewer(visit_id: int) -> LearningVisit:
    """Any signed-in user may read a visit (a network event, like needs); actions check more."""
    return get_or_404(LearningVisit, visit_id)


@bp.route("/visites/<int:visit_id>")
@login_required
def show(visit_id: int) -> str:
    visit = _visit_for_viewer(visit_id)
    own_pole = current_user.pole_id if current_user.role is Role.FACILITATOR else None
    registration = services.registration_of(visit, own_pole)
    organiser = is_national(current_user)  # registrations and feedback of poles of several regions
    return render_template(
        "visits/show.html", visit=visit, counts=services.counts(visit), registration=registration, own_pole=own_pole,
        position=services.waitlist_position(visit, registration),
        is_organiser=organiser, is_host=own_pole == visit.host_pole_id, upcoming=visit.start_date > services.today(),
        # The host's and a registered pole's facilitators attend both days: a calendar file for each.
        takes_part=own_pole is not None and (own_pole == visit.host_pole_id or (
            registration is not None and registration.status is VisitRegistrationStatus.REGISTERED)),
        can_give_feedback=services.can_give_feedback(visit, current_user), is_over=services.is_over(visit),
        noted_absent=services.noted_absent(visit, current_user),
        own_feedback=services.feedback_of(visit, own_pole),
        # Who came: noted by the national organisers or the host's CRA; the host's facilitators read it too.
        may_note_attendance=attendance.may_note(visit, current_user), turnout=attendance.turnout(visit),
        attendance_open=attendance.is_open(visit),
        # A CRA reads the poles its region may know of (``policy.visit_pole_named_to``), the others counted.
        # The host's facilitators read the poles registered (they receive them), the other invitations counted.
        host_invited=followed.named_and_counted(visit, current_user)
        if not organiser and own_pole is not None and own_pole == visit.host_pole_id else None,
        followed_row=followed.followed_row(visit, current_user)
        if not organiser and policy.follows_visit(current_user, host_region_code=visit.host_pole.region_code,
                                                  invited_region_codes=[r.pole.region_code for r in visit.registrations])
        else None,
        invite_form=InviteForm(exclude={r.pole_id for r in visit.registrations} | {visit.host_pole_id},
                               viewer=current_user)
        if organiser else None,
    )


def _own_registration_pole(visit: LearningVisit) -> int:
    if current_user.role is not Role.FACILITATOR or current_user.pole_id is None:
        abort(403)
    if services.registration_of(visit, current_user.pole_id) is None:
        abort(403)
    return current_user.pole_id


@bp.route("/visites/<int:visit_id>/inscription", methods=["POST"])
@login_required
def register(visit_id: int) -> Response:
    visit = _visit_for_viewer(visit_id)
    pole_id = _own_registration_pole(visit)
    try:
        registration = services.register(visit_id=visit.id, pole_id=pole_id, user=current_user._get_current_object())
    except services.VisitError as error:
        flash(str(error), "error")
    else:
        if registration.status.value == "registered":
            flash("Votre pôle est inscrit à la visite : ajoutez les deux journées à votre agenda par leurs fichiers "
                  "(.ics), sous les dates.", "success")
        else:
            position = feminine_ordinal(services.waitlist_position(registration.visit, registration) or 1)
            flash(f"La visite est complète : votre pôle est en liste d'attente ({position} position). "
                  "Un e-mail vous préviendra si une place se libère.", "info")
    return redirect(url_for("visits.show", visit_id=visit.id))


@bp.route("/visites/<int:visit_id>/desistement", methods=["POST"])
@login_required
@asks_first
def decline(visit_id: int) -> Response:
    visit = _visit_for_viewer(visit_id)
    pole_id = _own_registration_pole(visit)
    try:
        services.decline(visit_id=visit.id, pole_id=pole_id, user=current_user._get_current_object())
    except services.VisitError as error:
        flash(str(error), "error")
    else:
        flash("Votre réponse est enregistrée : votre pôle ne participera pas à cette visite.", "success")
    return redirect(url_for("visits.show", visit_id=visit.id))


#: The same form sent again (a double click, another organiser at the same moment): the first one invited them.
ALREADY_INVITED = "Ces pôles ont déjà été invités entre-temps : leur invitation est partie."


@bp.route("/visites/<int:visit_id>/invitations", methods=["POST"])
@national_organiser_required  # visits gather poles of several regions
def invite(visit_id: int) -> Response:
    visit = _visit_for_viewer(visit_id)
    form = InviteForm(exclude={r.pole_id for r in visit.registrations} | {visit.host_pole_id}, viewer=current_user)
    if form.validate_on_submit():
        poles = [get_or_404(Pole, int(pid)) for pid in form.invited.data or []]
        try:
            added = services.invite_poles(visit, poles=poles)
        except services.VisitError as error:
            flash(str(error), "error")
        else:
            flash(f"{count_fr(added, 'pôle invité', 'pôles invités')}." if added else ALREADY_INVITED, "success")
    else:
        flash("Choisissez les pôles à inviter.", "error")
    return redirect(url_for("visits.show", visit_id=visit.id))


@bp.route("/visites/<int:visit_id>/avis", methods=["GET", "POST"])
@login_required
def feedback(visit_id: int) -> str | Response:
    visit = _visit_for_viewer(visit_id)
    if services.noted_absent(visit, current_user):
        # Reached from a link or a bookmark: the page says why there is no form, and whom to tell if the pole came.
        return render_template("visits/feedback.html", visit=visit, form=None, conflict=None, noted_absent=True)
    if not services.can_give_feedback(visit, current_user):
        abort(403)
    existing = services.feedback_of(visit, current_user.pole_id)
    hosts = current_user.pole_id == visit.host_pole_id
    form = FeedbackForm(obj=existing).as_host() if hosts else FeedbackForm(obj=existing)
    if request.method == "GET":
        if existing is not None:
            form.rating.data = str(existing.rating)
        form.open_on(services.feedback_edit(visit, current_user.pole_id),
                     services.PoleFeedback(visit, current_user.pole_id))
    conflict = None
    if form.validate_on_submit():
        try:
            services.save_feedback(visit=visit, user=current_user._get_current_object(),
                                   rating=int(form.rating.data), text=form.text.data or "", opened=form.opened_on.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except services.VisitError as error:
            flash(str(error), "error")
        else:
            flash("Merci : votre avis sur la visite est enregistré.", "success")
            return redirect(url_for("visits.show", visit_id=visit.id))
    return render_template("visits/feedback.html", visit=visit, form=form, conflict=conflict, hosts=hosts)


# A pole's proposals to host a visit (propose, read, decline) and the presences of a visit add their routes to ``bp``.
from app.visits import hosting_views  # noqa: E402,F401
from app.visits import attendance_views  # noqa: E402,F401
