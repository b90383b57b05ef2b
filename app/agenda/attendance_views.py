"""« Inscrit·es et présences »: the sheet of a session for those who run it (registrations, presences noted at the
door or after, poles come without registering, a search for one person among hundreds) and its CSV."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for

from app.access import roles_required
from app.agenda import attendance_sheet, door_saves, exports, queries, services
from app.agenda.forms import AttendanceForm, RegistrationCancelForm
from app.pole_choices import pole_choices
from app.agenda.views import _me, _run_or_403, bp
from app.csv_export import csv_response
from app.typography import alphabetical
from models import CollectiveRegistration, CollectiveSession, Role

#: Said after a save that merged with another person's, made since this sheet was drawn (``door_saves``).
OTHERS_NOTED = "Une autre personne a noté des présences entre-temps : la feuille montre l'ensemble."


@bp.route("/organisation/agenda/<int:collective_session_id>/presences", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def attendance(collective_session_id: int) -> str | Response:
    session = _run_or_403(collective_session_id)
    everyone = queries.registrations(session)  # once: a national day has hundreds
    if request.method == "GET" and not services.has_started(session):  # nothing to note yet: no form to build
        return attendance_page(session, everyone)
    form = _attendance_form(session, everyone, fresh=request.method == "GET")
    if form.validate_on_submit():
        registered_ids = [r.id for r in attendance_sheet.registered(everyone)]
        try:
            saved = door_saves.save_sheet(
                session=session, organiser=_me(), drawn=door_saves.sent_version(form.drawn_version.data),
                attended_ids={int(v) for v in form.present.data or []},
                walk_in_pole_ids=[int(v) for v in form.walk_ins.data or []],
                removed_walk_in_ids={int(v) for v in form.removed_walk_ins.data or []}, among=_shown(everyone),
                shown_present=attendance_sheet.shown_present(form.shown_present.data, registered_ids))
        except services.AgendaRefused as refusal:
            flash(refusal.message, "error")
        else:
            flash(f"Présences enregistrées : {saved.tally.in_words}.", "success")
            if saved.others_noted:
                flash(OTHERS_NOTED, "info")
            if _searched() or not attendance_sheet.is_over(session):
                # At the door, one arrival after another (a search, or saves every few minutes): back to the sheet.
                return redirect(url_for("agenda.attendance", collective_session_id=session.id))
            return redirect(url_for("agenda.show", collective_session_id=session.id))
    return attendance_page(session, everyone, form=form)


def _searched() -> str:
    """« Chercher » on the sheet (``?q=``): the rows and boxes of the people found."""
    return request.args.get("q", "").strip()[:100]


def _shown(everyone: list[CollectiveRegistration]) -> set[int] | None:
    """The registrations a search (``?q=``) showed on the sheet, whose boxes were sent; None: all of them."""
    return attendance_sheet.found(everyone, searched) if (searched := _searched()) else None


def _attendance_form(session: CollectiveSession, everyone: list[CollectiveRegistration], *, fresh: bool) -> AttendanceForm:
    """The presences form of the session: as sent (``fresh`` False), or as the page offers it, ticked as noted."""
    form = AttendanceForm(formdata=None) if fresh else AttendanceForm()
    registered = attendance_sheet.registered(everyone)
    form.present.choices = [(str(r.id), attendance_sheet.attendee_label(r)) for r in registered]
    on_the_sheet = services.poles_with_a_place(session, everyone)
    form.walk_ins.choices = attendance_sheet.poles_found(
        sorted((c for c in pole_choices(_me()) if int(c.value) not in on_the_sheet), key=lambda c: alphabetical(c.label)),
        _searched())
    form.removed_walk_ins.choices = [(str(r.id), r.pole.name) for r in attendance_sheet.walk_ins(everyone)
                                     if r.pole is not None]
    if not fresh:  # another phone noted, or took away, the same pole meanwhile: done, not « Choix inconnu »
        noted = {str(pole_id) for pole_id in on_the_sheet}
        form.walk_ins.data = [v for v in form.walk_ins.data or [] if v not in noted]
        still = {value for value, _label in form.removed_walk_ins.choices}
        form.removed_walk_ins.data = [v for v in form.removed_walk_ins.data or [] if v in still]
    if fresh:  # what the page shows, and what a save compares the boxes with (``attendance_sheet.decided``)
        form.present.data = [str(r.id) for r in registered if r.attended]
        form.shown_present.data = " ".join(form.present.data)
        form.drawn_version.data = str(door_saves.drawn_version(session))
    return form


def attendance_page(session: CollectiveSession, everyone: list[CollectiveRegistration] | None = None, *,
                    form: AttendanceForm | None = None,
                    cancel_form: RegistrationCancelForm | None = None, cancel_id: int | None = None) -> str:
    """« Inscrit·es et présences »; after a cancellation refused for its reason (``cancel_form``, for the
    registration ``cancel_id``), with that row's form open, its error beside the reason and the reason as typed."""
    everyone = queries.registrations(session) if everyone is None else everyone
    searched, started = _searched(), services.has_started(session)
    return render_template(
        "agenda/attendance.html", collective=session, registered=attendance_sheet.registered(everyone),
        walk_ins=attendance_sheet.walk_ins(everyone),
        form=form or (_attendance_form(session, everyone, fresh=True) if started else None), registrations=everyone,
        started=started, over=attendance_sheet.is_over(session), searched=searched,
        found=attendance_sheet.found(everyone, searched), cancel_form=cancel_form, cancel_id=cancel_id,
        presences={r.id: attendance_sheet.presence_said(r, started=started) for r in everyone})


@bp.route("/organisation/agenda/<int:collective_session_id>/inscriptions.csv")
@roles_required(Role.ORGANISER)
def registrations_csv(collective_session_id: int) -> Response:
    """« Inscrit·es et présences » as a spreadsheet, for those who run the session."""
    session = _run_or_403(collective_session_id)
    header, rows = exports.registrations_rows(session)
    return csv_response(header, rows, exports.filename(session))
