"""« Annuler l'inscription »: the team that runs a session frees one person's seat or waitlist place from the page of
those registered (``organiser_cancel``)."""

from __future__ import annotations

from flask import Response, flash, redirect, url_for

from app.access import roles_required
from app.agenda import organiser_cancel
from app.agenda.forms import RegistrationCancelForm
from app.agenda.rules import AgendaRefused
from app.agenda.views import _me, _run_or_403, bp
from models import Role


@bp.route("/organisation/agenda/<int:collective_session_id>/inscriptions/<int:registration_id>/annulation",
          methods=["POST"])
@roles_required(Role.ORGANISER)
def cancel_registration(collective_session_id: int, registration_id: int) -> Response:
    session = _run_or_403(collective_session_id)  # a CRA of another region: refused as on the page itself
    back = redirect(url_for("agenda.attendance", collective_session_id=session.id))
    form = RegistrationCancelForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"Motif : {error}", "error")
        return back
    try:
        done = organiser_cancel.cancel_registration(
            session_id=session.id, registration_id=registration_id, organiser=_me(), reason=form.reason.data)
    except AgendaRefused as refusal:
        flash(refusal.message, "error")
        return back
    name = done.registration.user.display_name
    flash(f"{name} ne figure plus sur la liste d'attente : un e-mail l'en informe." if done.waited else
          f"L'inscription de {name} est annulée et sa place libérée : un e-mail l'en informe.", "success")
    return back
