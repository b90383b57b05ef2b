"""Themes suggested from a text: the JSON endpoint read while someone writes, and the confirmation
of suggested themes on a need or offer page (the path without JavaScript)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from app.access import can_edit_pole, can_edit_resource_profile, get_or_404
from app.refused import Refused
from app.suggestions import themes
from app.typography import plural
from models import Need, Offer

bp = Blueprint("themes", __name__)


@bp.route("/themes/suggestions", methods=["POST"])
@login_required
def suggestions() -> Response:
    """``{"themes": [{code, label, probability, percent, triggers}]}`` for ``title`` and ``text``.

    Protected by the CSRF token (header ``X-CSRFToken``); reads at most a few thousand
    characters, computes in a few milliseconds and writes nothing, so repeated calls while
    typing cost nothing to the database.
    """
    try:
        payload = request.get_json(silent=True) if request.is_json else request.form
    except RecursionError:  # « [[[[…]]]] » nested deeper than Python's parser goes: not silenced by ``silent``
        abort(400)
    if payload is None or not hasattr(payload, "get"):
        abort(400)
    title, text = payload.get("title") or "", payload.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str):
        abort(400)
    chosen = payload.get("chosen") or []
    exclude = frozenset(c for c in chosen[:50] if isinstance(c, str)) if isinstance(chosen, list) else frozenset()
    found = themes.suggest_themes(title, text, exclude=exclude, need=request.args.get("pour") == "besoin")
    return jsonify(themes=[s.to_dict() for s in found])


@bp.route("/besoins/<int:need_id>/themes", methods=["POST"])
@login_required
def confirm_need_themes(need_id: int) -> Response:
    """The themes ticked among those suggested on the need page become the need's themes."""
    need = get_or_404(Need, need_id)
    if not can_edit_pole(need.pole_id):
        abort(403)
    return redirect(url_for("poles.show_need", need_id=need.id, _anchor=None if _confirm(need) else PROPOSALS))


@bp.route("/personnes-ressources/offres/<int:offer_id>/themes", methods=["POST"])
@login_required
def confirm_offer_themes(offer_id: int) -> Response:
    """The themes ticked among those suggested on the offer page become the offer's themes."""
    offer = get_or_404(Offer, offer_id)
    if not can_edit_resource_profile(offer.resource_person):
        abort(403)
    return redirect(url_for("resources.show_offer", offer_id=offer.id, _anchor=None if _confirm(offer) else PROPOSALS))


#: The heading of the proposed themes (``macros/theme_proposals.html``): a refusal is said there, under it and
#: above the boxes to tick, with the focus (``error_summary.js``), not at the top of a long page.
PROPOSALS = "themes-suggeres"


def _confirm(profile: Need | Offer) -> bool:
    """Whether the ticked themes were saved (else the refusal is flashed)."""
    try:
        chosen = themes.confirm_themes(profile, codes=request.form.getlist("themes"))
    except Refused as refusal:
        flash(str(refusal), "error")
        return False
    flash(f"{plural(len(chosen), 'Thème enregistré')}.", "success")
    return True
