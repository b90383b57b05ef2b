"""The bell (what happened to me) and the notification preferences."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import Optional, Regexp

from app.auth.tokens import TokenError
from app.extensions import csrf
from app.form_fields import FrenchForm, TextLength, as_choices
from app.notifications import inbox, unsubscribe as unsubscribing
from app.read_only import writes_on_get
from app.transactions import transactional, unit_of_work
from models.notification import DIGEST, IMMEDIATE, OFF

bp = Blueprint("notifications", __name__)

_MODES = as_choices([(IMMEDIATE, "Un e-mail à chaque fois"), (DIGEST, "Un récapitulatif par jour"),
                     (OFF, "Aucun e-mail (la cloche seulement)")])


#: The modes a mail's link may change while the page is open (``unsubscribe``): the page carries what it showed.
_MODE_FIELDS = ("messages", "seats")


class PreferencesForm(FrenchForm):
    messages = RadioField(inbox.CATEGORIES["message"], choices=_MODES, default=IMMEDIATE)
    seats = RadioField(inbox.CATEGORIES["seat"], choices=_MODES, default=IMMEDIATE)
    #: The modes as the page showed them: one left so is not written back over a mail's link used meanwhile.
    shown_messages = HiddenField()
    shown_seats = HiddenField()
    share_contact = BooleanField("Montrer mon adresse e-mail (et mon téléphone) à l'autre partie d'un transfert validé")
    phone = StringField("Téléphone (facultatif)", validators=[
        Optional(), TextLength(30),
        Regexp(r"^[0-9 +().-]+$", message="Un numéro de téléphone : chiffres, espaces, +, ( ) et tirets.")])


@bp.route("/notifications")
@login_required
@writes_on_get
def index() -> str:
    """What happened to me, latest first; opening the list clears the bell."""
    me = current_user._get_current_object()
    notices = inbox.recent(me)
    unread_ids = {n.id for n in notices if n.read_at is None}
    with unit_of_work():
        inbox.mark_all_read(user=me)
    return render_template("notifications/index.html", notices=notices, unread_ids=unread_ids)


@transactional
def _save(user_id: int, form: PreferencesForm) -> list[str]:
    """Save the page; the labels of the modes it left as shown that changed meanwhile (a mail's link turned them off
    while the page was open): those are kept, not undone (a page sent without what it showed writes them all)."""
    prefs, kept = inbox.locked_preferences(user_id), []
    for name in _MODE_FIELDS:
        chosen, shown = getattr(form, name).data, getattr(form, f"shown_{name}").data
        if chosen != shown or not shown:
            setattr(prefs, name, chosen)
        elif getattr(prefs, name) != shown:
            kept.append(getattr(form, name).label.text)
    prefs.share_contact = bool(form.share_contact.data)
    prefs.phone = (form.phone.data or "").strip()
    return kept


def _kept_said(kept: list[str]) -> str:
    """What the saved page adds of the modes changed meanwhile and kept (``_save``); nothing when none was."""
    if not kept:
        return ""
    said, one = ", ".join(f"«\u00a0{label}\u00a0»" for label in kept), len(kept) == 1
    return (f" {said} {'avait' if one else 'avaient'} changé entre-temps (par le lien d'un e-mail ou dans une autre "
            "fenêtre)\u00a0: " + ("ce réglage est gardé, tel que la page le montre." if one else
                                  "ces réglages sont gardés, tels que la page les montre."))


@bp.route("/mon-compte/notifications", methods=["GET", "POST"])
@login_required
def preferences() -> str | Response:
    current = inbox.preferences_of(current_user.id)
    form = PreferencesForm(obj=current)
    if request.method == "GET":
        for name in _MODE_FIELDS:
            getattr(form, f"shown_{name}").data = getattr(current, name)
    if request.method == "POST" and form.validate_on_submit():
        flash("Vos préférences sont enregistrées." + _kept_said(_save(current_user.id, form)), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form,
                           reminder_hours=current_app.config["REMINDER_HOURS_BEFORE"])


@bp.route("/desabonnement/<token>", methods=["GET", "POST"])
@csrf.exempt  # a mail client's one-click POST (RFC 8058) carries no form token: the signed link is the proof
def unsubscribe(token: str) -> tuple[str, int] | str:
    """A mail's « List-Unsubscribe » link, without signing in: GET shows what it turns off and a button (a mail
    scanner that follows every link changes nothing), POST — the button, or the mail client's one click — does it."""
    try:
        asked = unsubscribing.read(token)
    except TokenError as error:
        return render_template("notifications/unsubscribe.html", problem=str(error)), 400
    if request.method == "POST":
        unsubscribing.turn_off(asked)
        return render_template("notifications/unsubscribe.html", asked=asked, done=True)
    return render_template("notifications/unsubscribe.html", asked=asked, done=False)
