"""Juri-PTCE pages of a lawyer's afternoons: close a slot or an afternoon, cancel a booked slot, reopen.

The lawyer manages her own (« Mes créneaux »); those who run Juri-PTCE manage anyone's, from the list of
lawyers. Who may: ``app.access.policy.may_manage_lawyer_slots``; what closing does: ``app.legal.closing``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.confirmation import asks_first
from app.access import get_or_404, policy, roles_required
from app.legal import closing, services
from app.legal.forms import CloseForm
from app.legal.slot_rules import last_end
from app.legal.slots import slot_rule_from_config
from app.legal.views import _keep_question, _own_booking, bp
from app.typography import clock, count, plural
from models import LawyerProfile, LegalSlot, Role, utcnow


def _managed(lawyer_id: int | None) -> LawyerProfile:
    """The lawyer whose slots the viewer manages (404 when gone, 403 when not theirs to manage)."""
    lawyer = get_or_404(LawyerProfile, lawyer_id) if lawyer_id is not None else None
    if lawyer is None:
        abort(404)
    if not policy.may_manage_lawyer_slots(current_user, lawyer.user_id):
        abort(403)
    return lawyer


def _slots_page(lawyer: LawyerProfile) -> str:
    own = current_user.role is Role.LAWYER and lawyer.user_id == current_user.id
    return url_for("legal.my_slots") if own else url_for("legal.lawyer_slots", lawyer_id=lawyer.id)


def render_slots_page(lawyer: LawyerProfile, *, own: bool) -> str:
    """The lawyer's afternoons, each slot with what she (or the organisers) may do with it."""
    rule = slot_rule_from_config()
    end = last_end(rule)
    opening = (f"de {clock(rule.start.hour, rule.start.minute)} à {clock(end.hour, end.minute)} "
               f"({rule.minutes}\u00a0minutes chacun), {current_app.config['LEGAL_SLOT_MONTHS_AHEAD']}\u00a0mois à l'avance")
    return render_template("legal/my_slots.html", lawyer=lawyer, own=own, now=utcnow(), opening=opening,
                           afternoons=closing.afternoons(services.slots_of_lawyer(lawyer)),
                           holder_of=services.holder_of, last_freed_by=services.last_freed_by,
                           last_closed=closing.last_closed, is_closed=closing.is_closed,
                           inactive_lawyer=closing.inactive_lawyer)


@bp.route("/mes-creneaux")
@roles_required(Role.LAWYER)
def my_slots() -> str:
    lawyer = services.lawyer_profile_of(current_user._get_current_object())
    if lawyer is None:
        abort(404)
    return render_slots_page(lawyer, own=True)


@bp.route("/avocats/<int:lawyer_id>/creneaux")
@login_required
def lawyer_slots(lawyer_id: int) -> str | Response:
    lawyer = _managed(lawyer_id)
    if lawyer.user_id == current_user.id:
        return redirect(url_for("legal.my_slots"))
    return render_slots_page(lawyer, own=False)


def _close_page(form: CloseForm, lawyer: LawyerProfile, slots: list[LegalSlot],
                afternoon: closing.Afternoon | None) -> str:
    """What a closing will do, slot by slot; the reason asked when someone booked."""
    booked = closing.booked_holders(slots)
    form.require_reason(closing.reason_required(slots))
    return render_template("legal/close.html", form=form, lawyer=lawyer, slots=slots, afternoon=afternoon,
                           booked=booked, holder_of=services.holder_of, back=_slots_page(lawyer))


def _closed_on_submit(form: CloseForm, lawyer: LawyerProfile,
                      close: Callable[[str], closing.ClosingReport]) -> Response | None:
    """Close with the reason the form gives; the lawyer's slots page once done, None to show the form again."""
    if not form.validate_on_submit():
        return None
    try:
        report = close(form.reason.data or "")
    except services.BookingError as error:
        form.show_problems(error.problems)
        return None
    flash(_closed_message(report), "success")
    return redirect(_slots_page(lawyer))


def _closed_message(report: closing.ClosingReport) -> str:
    said = "Créneau fermé" if report.closed == 1 else f"{count(report.closed, 'créneau fermé', 'créneaux fermés')}"
    told = []
    if report.appointments:
        told.append(count(report.appointments, "rendez-vous annulé", "rendez-vous annulés"))
    if report.waitlisted:
        told.append(count(report.waitlisted, "place en liste d'attente annulée", "places en liste d'attente annulées"))
    if not told:
        return f"{said} : il n'est plus proposé aux pôles." if report.closed == 1 else \
            f"{said} : ils ne sont plus proposés aux pôles."
    told_whom = "le pôle concerné est prévenu" if report.appointments + report.waitlisted == 1 else \
        "chaque pôle concerné est prévenu"
    return f"{said} ; {' et '.join(told)} : {told_whom} par e-mail."


@bp.route("/creneaux/<int:slot_id>/fermer", methods=["GET", "POST"])
@login_required
@asks_first
def close_slot(slot_id: int) -> str | Response:
    """Close a free slot (the list's button posts here), or cancel a booked one: a page asks the reason."""
    slot = get_or_404(LegalSlot, slot_id)
    lawyer = _managed(slot.lawyer_profile_id)
    if closing.is_closed(slot):
        flash("Ce créneau est déjà fermé.", "info")
        return redirect(_slots_page(lawyer))
    form = CloseForm()
    done = _closed_on_submit(form, lawyer, lambda reason: closing.close_slots(
        slot_ids=[slot.id], by=current_user._get_current_object(), reason=reason))
    return done or _close_page(form, lawyer, [slot], afternoon=None)


@bp.route("/avocats/<int:lawyer_id>/apres-midi/<day>/fermer", methods=["GET", "POST"])
@login_required
def close_afternoon(lawyer_id: int, day: str) -> str | Response:
    lawyer = _managed(lawyer_id)
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        abort(404)
    afternoon = next((a for a in closing.afternoons(services.slots_of_lawyer(lawyer)) if a.day == wanted), None)
    slots = afternoon.open_to_come(utcnow()) if afternoon is not None else []
    if not slots:
        flash("Cet après-midi n'a plus de créneau ouvert à venir.", "info")
        return redirect(_slots_page(lawyer))
    form = CloseForm()
    done = _closed_on_submit(form, lawyer, lambda reason: closing.close_afternoon(
        lawyer=lawyer, day=wanted, by=current_user._get_current_object(), reason=reason))
    return done or _close_page(form, lawyer, slots, afternoon=afternoon)


@bp.route("/creneaux/<int:slot_id>/rouvrir", methods=["POST"])
@login_required
def reopen_slot(slot_id: int) -> Response:
    slot = get_or_404(LegalSlot, slot_id)
    lawyer = _managed(slot.lawyer_profile_id)
    form = CloseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        closing.reopen_slot(slot_id=slot.id, by=current_user._get_current_object())
    except services.BookingError as error:
        flash(str(error), "error")
    else:
        flash("Créneau rouvert : il est de nouveau proposé aux pôles.", "success")
    return redirect(_slots_page(lawyer))


@bp.route("/avocats/<int:lawyer_id>/apres-midi/<day>/rouvrir", methods=["POST"])
@login_required
@asks_first
def reopen_afternoon(lawyer_id: int, day: str) -> Response:
    lawyer = _managed(lawyer_id)
    try:
        wanted = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if not CloseForm().validate_on_submit():
        abort(400)
    try:
        reopened = closing.reopen_afternoon(lawyer=lawyer, day=wanted, by=current_user._get_current_object())
    except services.BookingError as error:
        flash(str(error), "error")
    else:
        flash(f"{count(reopened, 'créneau rouvert', 'créneaux rouverts')} : "
              f"{plural(reopened, 'il est', 'ils sont')} de nouveau {plural(reopened, 'proposé')} aux pôles.", "success")
    return redirect(_slots_page(lawyer))


@bp.route("/rendez-vous/<int:booking_id>/reprendre")
@login_required
def ask_again(booking_id: int) -> Response:
    """From the mail of a closed slot: the booking page again, with the same question and the slots free now."""
    booking = _own_booking(booking_id)
    token = _keep_question(booking.question)
    if token is None:  # too long for the cookie: the person pastes it again
        return redirect(url_for("legal.index"))
    return redirect(url_for("legal.index", question=token))
