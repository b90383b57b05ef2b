"""Posting a message in a transfer's conversation (the thread itself is shown on the transfer page)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from app.access import get_or_404
from app.pair_space import conversation as services
from app.transfers.services import can_see
from models import Pairing

bp = Blueprint("pair_space", __name__)


@bp.route("/transferts/<int:pairing_id>/messages", methods=["POST"])
@login_required
def post(pairing_id: int) -> Response:
    pairing = get_or_404(Pairing, pairing_id)
    me = current_user._get_current_object()
    if not can_see(pairing, me):
        abort(404)
    try:
        services.post_message(pairing=pairing, author=me, body=request.form.get("body", ""),
                              idempotency_key=request.form.get("idempotency_key", ""))
    except services.ConversationRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash("Votre message est envoyé.", "success")
    return redirect(url_for("transfers.show", pairing_id=pairing.id, _anchor="conversation"))
