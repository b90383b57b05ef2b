"""Juri-PTCE pages: ask, get routed, book; my appointments; the lawyer's afternoon."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint, abort, current_app, flash, has_request_context, redirect, render_template, request, session, url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.access import get_or_404, roles_required
from app.legal import closing, services
from app.legal.forms import BookingForm, CancelForm, QuestionForm, RescheduleForm
from app.scheduling.ics import ics_response, meeting_ics
from models import Booking, BookingStatus, LegalSlot, Role, utcnow

bp = Blueprint("legal", __name__, url_prefix="/juri-ptce")

BOOKERS = (Role.FACILITATOR, Role.ORGANISER)


@bp.app_context_processor
def _juri_navigation() -> dict[str, object]:
    """Whether the menu and « Mes rendez-vous » offer to book: a resource person would reach a refusal."""
    user = current_user if has_request_context() else None  # mails render outside requests
    return {"may_book_juri": bool(user is not None and user.is_authenticated and user.has_role(*BOOKERS))}


def _own_booking(booking_id: int) -> Booking:
    booking = get_or_404(Booking, booking_id)
    if booking.booker_id != current_user.id:
        abort(404)
    return booking


#: Where the session keeps the question the booking page shows (``index``: Post/Redirect/Get).
QUESTION_KEY = "juri_ptce_question"
#: The session cookie stays under this signed size (browsers drop a cookie beyond 4 kB, and the login with it).
COOKIE_BUDGET = 3500


@bp.route("/", methods=["GET", "POST"])
@roles_required(*BOOKERS)
def index() -> str | Response:
    """The question, then (GET ``?question=…``) the lawyers and slots proposed for it.

    The posted question is kept in the session and the browser sent to a GET of the proposal, so
    that Back after booking finds a page, not « Confirm Form Resubmission ». A question too long to
    keep in the cookie is answered directly, as before.
    """
    form = QuestionForm()
    question, forgotten = None, False
    if form.validate_on_submit():
        token = _keep_question(form.question.data)
        if token is not None:
            return redirect(url_for("legal.index", question=token), code=303)
        question = form.question.data
    elif request.method == "GET":
        question = _kept_question(request.args.get("question"))
        # An address of a question another one replaced since (another tab, a new sign-in): said, not a blank form.
        forgotten = question is None and bool(request.args.get("question"))
        form.question.data = question or form.question.data
    return _proposal_page(form, question, forgotten=forgotten)


def _keep_question(question: str) -> str | None:
    """Keep ``question`` in the session under a new token; None if the cookie would grow too big."""
    token = secrets.token_urlsafe(9)
    kept = {**session, QUESTION_KEY: {"token": token, "question": question}}
    if len(current_app.session_interface.get_signing_serializer(current_app).dumps(kept)) > COOKIE_BUDGET:
        return None
    session[QUESTION_KEY] = kept[QUESTION_KEY]
    return token


def _kept_question(token: str | None) -> str | None:
    """The question kept under ``token`` (None when another question has replaced it since)."""
    kept = session.get(QUESTION_KEY) or {}
    return kept.get("question") if token and kept.get("token") == token else None


def _proposal_page(form: QuestionForm, question: str | None, *, forgotten: bool = False) -> str:
    user = current_user._get_current_object()
    proposal = services.propose(question, booker=user) if question else None
    already = services.open_booking_for(user, question) if proposal is not None else None
    return render_template("legal/index.html", form=form, proposal=proposal, already=already,
                           question=question, new_key=services.new_idempotency_key, forgotten=forgotten)


@bp.route("/reserver", methods=["POST"])
@roles_required(*BOOKERS)
def book() -> str | Response | tuple[str, int]:
    form = BookingForm()
    if not form.validate():
        return render_template("legal/refused.html", message="Le formulaire de réservation est incomplet : "
                               "reprenez votre question.", slot=None), 400
    try:
        result = services.book_slot(slot_id=form.slot_id.data, booker=current_user._get_current_object(),
                                    question=form.question.data, idempotency_key=form.idempotency_key.data)
    except services.SlotTaken as taken:
        slot = get_or_404(LegalSlot, taken.slot_id)
        return render_template("legal/refused.html", message=str(taken), slot=slot, question=form.question.data,
                               others=services.offered_slots(slot.lawyer), new_key=services.new_idempotency_key,
                               can_wait=True), 409
    except services.BookingError as error:
        return render_template("legal/refused.html", message=str(error), slot=None), 409
    if result.created:
        flash("Votre rendez-vous Juri-PTCE est réservé : une confirmation part par e-mail.", "success")
    else:
        flash("Ce rendez-vous était déjà réservé par ce même formulaire : rien n'a été réservé deux fois.", "info")
    return redirect(url_for("legal.my_bookings"))


@bp.route("/liste-attente", methods=["POST"])
@roles_required(*BOOKERS)
def waitlist() -> str | Response | tuple[str, int]:
    form = BookingForm()
    if not form.validate():
        abort(400)
    try:
        result = services.join_waitlist(slot_id=form.slot_id.data, booker=current_user._get_current_object(),
                                        question=form.question.data, idempotency_key=form.idempotency_key.data)
    except services.BookingError as error:
        return render_template("legal/refused.html", message=str(error), slot=None), 409
    if result.booking.status is BookingStatus.WAITLISTED:
        flash("Vous êtes sur la liste d'attente : si le créneau se libère, il vous sera proposé par e-mail.",
              "success")
    return redirect(url_for("legal.my_bookings"))


@bp.route("/mes-rendez-vous")
@login_required
def my_bookings() -> str:
    bookings = services.bookings_of(current_user._get_current_object())
    return render_template("legal/my_bookings.html", bookings=bookings, can_change=services.can_change,
                           deadline=services.change_deadline, now=utcnow())


@bp.route("/rendez-vous/<int:booking_id>/annuler", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int) -> str | Response:
    """Ask for confirmation (and an optional reason for the lawyer), then cancel."""
    booking = _own_booking(booking_id)
    if booking.status is BookingStatus.CANCELLED:
        flash("Ce rendez-vous est déjà annulé.", "info")
        return redirect(url_for("legal.my_bookings"))
    form = CancelForm()
    # The lawyer is known: « transmis à Julien Ferracci », not « à l'avocat·e » under his name on the same page.
    if booking.slot.lawyer is not None:
        form.reason.label.text = f"Motif, transmis à {booking.slot.lawyer_name} (facultatif)"
    if form.validate_on_submit():
        was = booking.status
        try:
            services.cancel_booking(booking_id=booking.id, by=current_user._get_current_object(),
                                    reason=form.reason.data or "")
        except services.BookingError as error:
            flash(str(error), "error")
        else:
            flash("Vous avez quitté la liste d'attente." if was is BookingStatus.WAITLISTED
                  else "Le rendez-vous est annulé.", "success")
        return redirect(url_for("legal.my_bookings"))
    return render_template("legal/cancel.html", form=form, booking=booking)


@bp.route("/rendez-vous/<int:booking_id>/accepter", methods=["POST"])
@login_required
def accept(booking_id: int) -> Response:
    booking = _own_booking(booking_id)
    try:
        services.accept_offer(booking_id=booking.id, by=current_user._get_current_object())
    except services.BookingError as error:
        flash(str(error), "error")
    else:
        flash("Le créneau libéré est à vous : rendez-vous confirmé.", "success")
    return redirect(url_for("legal.my_bookings"))


#: Said when a move comes without a slot, or with one that is none (an id that names nothing).
NO_SLOT_CHOSEN = "Choisissez l'un des créneaux proposés ci-dessous."


@bp.route("/rendez-vous/<int:booking_id>/deplacer", methods=["GET", "POST"])
@login_required
def reschedule(booking_id: int) -> str | Response:
    booking = _own_booking(booking_id)
    if booking.status is not BookingStatus.CONFIRMED or not services.can_change(booking):
        flash("Ce rendez-vous ne peut plus être déplacé.", "error")
        return redirect(url_for("legal.my_bookings"))
    form = RescheduleForm()
    if form.validate_on_submit():
        try:
            services.reschedule_booking(booking_id=booking.id, new_slot_id=form.slot_id.data,
                                        by=current_user._get_current_object())
        except services.BookingError as error:
            flash(str(error), "error")
        else:
            flash("Le rendez-vous est déplacé.", "success")
            return redirect(url_for("legal.my_bookings"))
    elif form.is_submitted():  # no slot, or not a slot (a hand-made request): said, not the same page in silence
        flash(NO_SLOT_CHOSEN, "error")
    return render_template("legal/reschedule.html", booking=booking, choices=services.reschedule_choices(booking))


@bp.route("/rendez-vous/<int:booking_id>.ics")
@login_required
def booking_ics(booking_id: int) -> Response:
    booking = get_or_404(Booking, booking_id)
    lawyer = booking.slot.lawyer.user if booking.slot.lawyer is not None else None  # None: the lawyer left
    if current_user.id not in (booking.booker_id, lawyer.id if lawyer else None):
        abort(404)
    data = meeting_ics(booking.slot.session, cancelled=booking.status is BookingStatus.CANCELLED,
                       description=f"Question posée :\n{booking.question}",
                       attendees=[u for u in (booking.booker, lawyer) if u is not None])
    return ics_response(data, filename=f"juri-ptce-{booking.id}.ics")


@bp.route("/creneaux/<int:slot_id>")
@login_required
def slot(slot_id: int) -> str:
    slot = get_or_404(LegalSlot, slot_id)
    if slot.lawyer is None or slot.lawyer.user_id != current_user.id:
        abort(403)
    return render_template("legal/slot.html", slot=slot, holder=services.holder_of(slot), now=utcnow(),
                           closed=closing.is_closed(slot), last_closed=closing.last_closed(slot))


# The pages of a lawyer's afternoons (« Mes créneaux », closing, reopening) add their routes to ``bp``.
from app.legal import closing_views  # noqa: E402,F401
