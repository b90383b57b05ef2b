"""Pages of the agenda: the national calendar, a session, registration, and the organisers' tools."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.confirmation import asks_first
from app.access import get_or_404, policy, refuse_out_of_scope, refuse_saying, roles_required
from app.agenda import cancellation, edits, feed, queries, services, slot_times
from app.agenda.feedback import give_feedback, noted_absent
from app.agenda.join_link import join_link
from app.agenda import attendance_sheet
from app.agenda.audience import may_run, refusal_for
from app.agenda.calendar import session_ics
from app.agenda.forms import (
    AgendaFilterForm, CancelForm, FeedbackForm, MaterialsForm, SessionEditForm, SessionForm,
    SlotCancelForm, SlotTimeForm,
)
from app.edit_stamps import EditConflict
from app.scheduling.ics import ics_response
from app.visits.hosting import hosting_refusal
from app.visits.reading import upcoming_visits
from app.typography import count, feminine_ordinal
from models import CollectiveKind, CollectiveSession, Meeting, RegistrationStatus, Role, utcnow

bp = Blueprint("agenda", __name__)


def _me():  # noqa: ANN202 - the current user object
    return current_user._get_current_object()


@bp.route("/agenda")
def index() -> str:
    form = AgendaFilterForm(request.args)
    valid = form.validate()
    pole = current_user.pole if current_user.is_authenticated and current_user.role is Role.FACILITATOR else None
    filters = queries.AgendaFilters(
        kind=CollectiveKind(form.type.data) if form.type.data and not form.type.errors else None,
        theme=form.theme.data if not form.theme.errors else None,
        region=form.region.data if not form.region.errors else None,
        month=form.month() if valid or not form.mois.errors else None,
        for_pole=pole if form.pour_mon_pole.data and pole is not None else None,
    )
    now = utcnow()  # a session over several days stays listed once begun: its card says where it stands
    sessions = queries.agenda(filters, now=now)
    # Learning visits are network events read by signed-in people; they carry no collective kind or theme code.
    visits = (upcoming_visits(region=filters.region, month=filters.month,
                              for_pole_id=filters.for_pole.id if filters.for_pole else None)
              if current_user.is_authenticated and filters.kind is None and not filters.theme else [])
    return render_template("agenda/index.html", form=form, sessions=sessions, has_pole=pole is not None,
                           mine=queries.registrations_of(current_user, sessions), counts=queries.counts_of(sessions),
                           visits=visits, own_pole_id=pole.id if pole is not None else None, now=now,
                           may_propose_hosting=pole is not None and hosting_refusal(current_user, pole) is None,
                           closed={s.id for s in sessions if services.registrations_closed(s, now)},
                           over_ids={s.id for s in sessions if attendance_sheet.is_over(s, now)},
                           under_way={s.id: at for s in sessions if (at := queries.under_way(s, now))})


@bp.route("/agenda.ics")
def public_feed() -> Response:
    return ics_response(feed.public_agenda_ics(), filename="agenda-ptce.ics", inline=True)


@bp.route("/agenda/<int:collective_session_id>")
def show(collective_session_id: int) -> str:
    return _show_page(get_or_404(CollectiveSession, collective_session_id))


def _show_page(session: CollectiveSession, *, materials_form: MaterialsForm | None = None,
               conflict: EditConflict | None = None, feedback_form: FeedbackForm | None = None) -> str:
    """The session's page; after a materials link that was not saved (``conflict``), or feedback that was refused
    (``feedback_form``), with the form as it was sent."""
    user = current_user if current_user.is_authenticated else None
    registration = queries.registration_of(session, user)
    runs = user is not None and may_run(session, user)
    if runs and materials_form is None:
        materials_form = MaterialsForm(formdata=None, obj=session)
        materials_form.open_on(services.MATERIALS_EDIT, session)
    now = utcnow()
    counts = queries.counts(session)
    return render_template(
        "agenda/show.html", collective=session, registration=registration, counts=counts,
        cancelled_figures=cancellation.cancelled_figures(counts.registered, counts.waitlisted)
        if session.cancelled_at else None,
        cancel_question=cancellation.cancel_question(counts.registered, counts.waitlisted) if runs else None,
        refusal=refusal_for(session, user) if user is not None else None,
        closed=services.registrations_closed(session, now), join=join_link(session, registration, now),
        position=queries.waitlist_position(registration)
        if registration is not None and registration.status is RegistrationStatus.WAITLISTED else None,
        is_over=attendance_sheet.is_over(session, now), runs=runs, noted_absent=noted_absent(registration),
        feedback_form=feedback_form or FeedbackForm(
            formdata=None, obj=registration,
            usefulness=str(registration.usefulness or "") if registration is not None else None),
        materials_form=materials_form if runs else None, conflict=conflict, now=now,
        may_edit=runs and edits.may_edit(session, now), cancel_form=CancelForm(formdata=None) if runs else None,
        cancellable=cancellation.slots_cancellable(session, now) if runs else [],
    )


@bp.route("/agenda/<int:collective_session_id>/session.ics")
@login_required
def own_ics(collective_session_id: int) -> Response:
    """The slots as a calendar file, for a person registered to the session."""
    session = get_or_404(CollectiveSession, collective_session_id)
    registration = queries.registration_of(session, current_user)
    if registration is None or registration.status is not RegistrationStatus.REGISTERED:
        abort(404)
    body = session_ics(session, cancelled=session.cancelled_at is not None, attendees=[_me()])
    return ics_response(body, filename=f"session-{session.id}.ics")


@bp.route("/agenda/<int:collective_session_id>/inscription", methods=["POST"])
@login_required
def register(collective_session_id: int) -> Response:
    session = get_or_404(CollectiveSession, collective_session_id)
    try:
        registration = services.register(session_id=session.id, user=_me())
    except services.AgendaRefused as refusal:
        flash(refusal.message, "error")
    else:
        if registration.status is RegistrationStatus.REGISTERED:
            flash("Votre inscription est enregistrée. La confirmation et le fichier d'agenda (.ics) vous sont envoyés "
                  "par e-mail.", "success")
        else:  # at a national day twenty wait: their rank says whether to hope (the page says it again)
            position = queries.waitlist_position(registration)
            flash(f"La session est complète : vous êtes en liste d'attente ({feminine_ordinal(position)} "
                  f"position). Un e-mail vous préviendra si une place se libère.",
                  "info")
    return redirect(url_for("agenda.show", collective_session_id=session.id))


@bp.route("/agenda/<int:collective_session_id>/desinscription", methods=["POST"])
@login_required
@asks_first
def unregister(collective_session_id: int) -> Response:
    session = get_or_404(CollectiveSession, collective_session_id)
    before = queries.registration_of(session, current_user)
    waiting = before is not None and before.status is RegistrationStatus.WAITLISTED
    seen = next((status for status in RegistrationStatus if status.value == request.form.get("seen")), None)
    try:
        services.unregister(session_id=session.id, user=_me(), seen=seen)
    except services.AgendaRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash("Vous avez quitté la liste d'attente." if waiting else "Votre désinscription est enregistrée.", "success")
    return redirect(url_for("agenda.show", collective_session_id=session.id))


@bp.route("/agenda/<int:collective_session_id>/avis", methods=["POST"])
@login_required
def feedback(collective_session_id: int) -> str | Response:
    session = get_or_404(CollectiveSession, collective_session_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            give_feedback(session_id=session.id, user=_me(), usefulness=int(form.usefulness.data),
                                   will_reuse=form.will_reuse.data or "")
        except services.AgendaRefused as refusal:
            flash(refusal.message, "error")
        else:
            flash("Merci : votre avis est enregistré.", "success")
    else:
        # The page again with the errors beside the fields and what was typed (a redirect lost the text).
        return _show_page(session, feedback_form=form)
    return redirect(url_for("agenda.show", collective_session_id=session.id))


# ---------------------------------------------------------------- organisers


def _run_or_403(collective_session_id: int) -> CollectiveSession:
    session = get_or_404(CollectiveSession, collective_session_id)
    if not may_run(session, current_user):
        if session.region_code is not None:
            refuse_out_of_scope(session.region_code)
        refuse_saying("Session de l'équipe nationale", "Cette session est organisée par l'équipe nationale : "
                      "elle seule en suit les inscrit·es et les présences. La page de la session reste lisible "
                      "dans l'agenda.")
    return session


def _slot_run_or_404(collective_session_id: int, slot_id: int) -> tuple[CollectiveSession, Meeting, int]:
    """The session (run by the current organiser), its slot ``slot_id`` and that slot's number among all its slots
    (« créneau 2 », as the pages number them)."""
    session = _run_or_403(collective_session_id)
    slot = slot_times.slot_of(session, slot_id)
    if slot is None:
        abort(404)
    return session, slot, session.slots.index(slot) + 1


@bp.route("/organisation/agenda/nouvelle", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def create() -> str | Response:
    form = SessionForm(viewer=_me(), region_code=policy.organiser_region(current_user))
    if form.validate_on_submit():
        try:
            session = services.publish(organiser=_me(), draft=form.draft(),
                                       idempotency_key=form.idempotency_key.data)
        except services.AgendaRefused as refusal:
            form.show_problems(form.problems_of(refusal.problems))
        else:
            flash("La session est publiée dans l'agenda.", "success")
            return redirect(url_for("agenda.show", collective_session_id=session.id))
    return render_template("agenda/form.html", form=form, organises_visits=policy.is_national(current_user))


@bp.route("/organisation/agenda/<int:collective_session_id>/creneaux/<int:slot_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def slot_time(collective_session_id: int, slot_id: int) -> str | Response:
    """Change the time of a slot to come; the registered and waitlisted people are told by mail."""
    session, slot, number = _slot_run_or_404(collective_session_id, slot_id)
    form = SlotTimeForm(zone=session.timezone)
    if request.method == "GET":
        form.fill_from(slot.starts_at, slot.ends_at, session.timezone)
        form.open_on(slot_times.SLOT_TIME_EDIT, slot)
    conflict = None
    if form.validate_on_submit():
        starts_at, ends_at = form.times(session.timezone)
        try:
            moved = slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=_me(),
                                         starts_at=starts_at, ends_at=ends_at, opened=form.opened_on.data,
                                         message=form.message.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except services.AgendaRefused as refusal:
            form.show_problems(refusal.problems)
        else:
            flash(*slot_times.moved_notice(moved))
            return redirect(url_for("agenda.show", collective_session_id=session.id))
    return render_template("agenda/slot_time.html", collective=session, slot=slot, number=number, form=form,
                           conflict=conflict, may_cancel=slot in cancellation.slots_cancellable(session))


@bp.route("/organisation/agenda/<int:collective_session_id>/creneaux/<int:slot_id>/annulation",
          methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def cancel_slot(collective_session_id: int, slot_id: int) -> str | Response:
    """Cancel one slot to come, with a reason mailed to the people signed up; the others stay."""
    session, slot, number = _slot_run_or_404(collective_session_id, slot_id)
    form = SlotCancelForm()
    if form.validate_on_submit():
        try:
            told = cancellation.cancel_slot(session_id=session.id, slot_id=slot.id, organiser=_me(),
                                            reason=form.reason.data)
        except services.AgendaRefused as refusal:
            form.show_problems(refusal.problems)
        else:
            flash(cancellation.slot_cancelled_notice(number, told), "success" if told is not None else "info")
            return redirect(url_for("agenda.show", collective_session_id=session.id))
    counts, others = queries.counts(session), len(session.live_slots) - 1
    return render_template("agenda/slot_cancel.html", collective=session, slot=slot, number=number, form=form,
                           refusal=cancellation.slot_refusal(session, slot), others=others,
                           question=cancellation.slot_cancel_question(number, counts.registered, counts.waitlisted,
                                                                      others))


@bp.route("/organisation/agenda/<int:collective_session_id>/modifier", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(collective_session_id: int) -> str | Response:
    """Correct a session that has not ended; registered and waitlisted people are told what their calendar says."""
    session = _run_or_403(collective_session_id)
    if not edits.may_edit(session):
        flash("Cette session est annulée ou a eu lieu : elle ne se modifie plus.", "info")
        return redirect(url_for("agenda.show", collective_session_id=session.id))
    form = SessionEditForm(session=session, national=policy.is_national(current_user))
    if request.method == "GET":
        form.fill_from(session)
        form.open_on(edits.SESSION_EDIT, session)
    conflict = None
    if form.validate_on_submit():
        try:
            edited = edits.edit_session(session_id=session.id, organiser=_me(), changes=form.changes(session),
                                        opened=form.opened_on.data, message=form.message.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except services.AgendaRefused as refusal:
            form.show_problems(form.problems_of(refusal.problems))
        else:
            flash(*edits.edited_notice(edited))
            return redirect(url_for("agenda.show", collective_session_id=session.id))
    return render_template("agenda/edit.html", collective=session, form=form, conflict=conflict,
                           registered=queries.counts(session).registered)


@bp.route("/organisation/agenda/<int:collective_session_id>/supports", methods=["POST"])
@roles_required(Role.ORGANISER)
def materials(collective_session_id: int) -> str | Response:
    session = _run_or_403(collective_session_id)
    form = MaterialsForm()
    if form.validate_on_submit():
        try:
            told = services.set_materials(session=session, organiser=_me(), url=form.materials_url.data or None,
                                          opened=form.opened_on.data)
        except EditConflict as conflict:  # the page again, the link as she typed it beside the current one
            form.reopen(conflict)
            return _show_page(session, materials_form=form, conflict=conflict)
        except services.AgendaRefused as refusal:  # cancelled meanwhile, by another member of the team
            flash(refusal.message, "error")
            return redirect(url_for("agenda.show", collective_session_id=session.id))
        flash("Le lien des supports est enregistré." + (
            f" {count(told, 'personne venue en est prévenue', 'personnes venues en sont prévenues')}." if told else ""),
            "success")
        return redirect(url_for("agenda.show", collective_session_id=session.id))
    # The page again, the error beside the field and the link as typed (a redirection lost both: only a banner
    # at the top of the page said what was wrong, the field below empty).
    return _show_page(session, materials_form=form)


@bp.route("/organisation/agenda/<int:collective_session_id>/annulation", methods=["POST"])
@roles_required(Role.ORGANISER)
@asks_first
def cancel(collective_session_id: int) -> Response:
    session = _run_or_403(collective_session_id)
    form = CancelForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"Message aux inscrit·es : {error}", "error")
        return redirect(url_for("agenda.show", collective_session_id=session.id))
    try:
        told = cancellation.cancel(session=session, organiser=_me(), message=form.message.data)
    except services.AgendaRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(cancellation.cancelled_notice(told), "success")
    return redirect(url_for("agenda.show", collective_session_id=session.id))


# The yearly review (bilan) adds its routes to ``bp``.
from app.agenda import attendance_views  # noqa: E402,F401
from app.agenda import bilan_views  # noqa: E402,F401
from app.agenda import registration_views  # noqa: E402,F401
