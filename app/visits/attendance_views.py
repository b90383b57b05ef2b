"""The page where an organiser notes who came to a learning visit, as the sessions' « Inscrit·es et présences ».

Who may: ``app.access.policy.may_note_visit_attendance`` (the national organisers, the CRA of the host's region);
what is written: ``app.visits.attendance``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import get_or_404, refuse_out_of_scope, roles_required
from app.edit_stamps import EditConflict
from app.visits import attendance
from app.visits.common import VisitError
from app.visits.forms import VisitAttendanceForm
from app.visits.views import bp
from models import LearningVisit, Role


@bp.route("/visites/<int:visit_id>/presences", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def attendance_sheet(visit_id: int) -> str | Response:
    visit = get_or_404(LearningVisit, visit_id)
    if not attendance.may_note(visit, current_user):
        # The visit's page is open to every signed-in user: its region is no secret, the refusal says why.
        refuse_out_of_scope(visit.host_pole.region_code)
    rows = attendance.registered(visit)
    form = VisitAttendanceForm()
    if request.method == "GET":
        for registration in rows:
            form.poles.append_entry({"registration": str(registration.id), "came": bool(registration.attended),
                                     "people": registration.people_present})
        form.open_on(attendance.ATTENDANCE_EDIT, visit)
    conflict = None
    if form.validate_on_submit():
        try:
            turnout = attendance.record_attendance(visit=visit, organiser=current_user._get_current_object(),
                                                   marks=[m for m in form.marks() if m is not None],
                                                   opened=form.opened_on.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except VisitError as refusal:
            form.show_problems(refusal.problems)
        else:
            flash(f"Présences enregistrées : {turnout.saved_in_words}.", "success")
            return redirect(url_for("visits.show", visit_id=visit.id))
    by_id = {str(r.id): r for r in rows}
    for entry in form.poles:  # the summary names each pole (« Pôle du Livradois : … »), not « Pôle inscrit 2 »
        if (registration := by_id.get(entry.form.registration.data or "")) is not None:
            entry.form.entry_name = registration.pole.name
    return render_template("visits/attendance.html", visit=visit, form=form, conflict=conflict,
                           rows=[(entry, by_id.get(entry.form.registration.data or "")) for entry in form.poles],
                           registered=rows, started=attendance.is_open(visit), opens_at=attendance.opens_at(visit),
                           turnout=attendance.turnout(visit))
