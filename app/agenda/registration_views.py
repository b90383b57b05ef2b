"""« Annuler l'inscription »: the team that runs a session frees one person's seat or waitlist place from the page of
those registered (``organiser_cancel``). A reason refused (too long, a control character) brings the page back with
that person's form open, the error beside the reason and the reason as typed (a redirect lost it)."""

from __future__ import annotations

from flask import Response, flash, redirect, url_for

from app.confirmation import asks_first
from app.access import roles_required
from app.agenda import organiser_cancel, services
from app.agenda.forms import RegistrationCancelForm
from app.agenda.rules import AgendaRefused
from app.agenda import attendance_views  # the module: importing either views module first must work
from app.agenda.views import _me, _run_or_403, bp
from app.typography import elide
from models import CollectiveSession, RegistrationStatus, Role


@bp.route("/organisation/agenda/<int:collective_session_id>/inscriptions/<int:registration_id>/annulation",
          methods=["POST"])
@roles_required(Role.ORGANISER)
@asks_first
def cancel_registration(collective_session_id: int, registration_id: int) -> str | Response:
    session = _run_or_403(collective_session_id)  # a CRA of another region: refused as on the page itself
    back = redirect(url_for("agenda.attendance", collective_session_id=session.id))
    form = RegistrationCancelForm()
    if not form.validate_on_submit():
        if _offered(session, registration_id):
            return _again(session, registration_id, form)
        for errors in form.errors.values():
            for error in errors:
                flash(f"Motif : {error}", "error")
        return back
    try:
        done = organiser_cancel.cancel_registration(
            session_id=session.id, registration_id=registration_id, organiser=_me(), reason=form.reason.data)
    except AgendaRefused as refusal:  # its reason already passed the form's checks: the session's state refused
        flash(refusal.message, "error")
        return back
    name = done.registration.user.display_name
    flash(f"{name} ne figure plus sur la liste d'attente : un e-mail l'en informe." if done.waited else
          f"L'inscription {elide('de', name)} est annulée et sa place libérée : un e-mail l'en informe.", "success")
    return back


def _offered(session: CollectiveSession, registration_id: int) -> bool:
    """Does the page offer « Annuler l'inscription » for this registration (its form to show again)?"""
    registration = next((r for r in session.registrations if r.id == registration_id), None)
    return (registration is not None and registration.user is not None and not registration.walk_in
            and registration.status is not RegistrationStatus.CANCELLED and session.cancelled_at is None
            and not services.has_started(session))


def _again(session: CollectiveSession, registration_id: int, form: RegistrationCancelForm) -> str:
    """The page again, that registration's form open with what was typed, its error beside the reason."""
    form.reason.id = f"motif-{registration_id}"  # the id of that row's reason: the error summary links to it
    return attendance_views.attendance_page(session, cancel_form=form, cancel_id=registration_id)
