"""The transfer programme's blueprint and what its pages share (the viewer, ids, a visible pairing)."""

from __future__ import annotations


from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, has_request_context, url_for
from flask_login import current_user

from app.access import not_found_in_scope
from app.extensions import db
from app.ids import parse_id
from app.transfers import services
from app.transfers.pages import AFFINITY_SCALE, refusal_field
from app.transfers.history_words import history_line
from app.transfers.status_words import status_words
from models import Pairing, PairingEvent, PairingStatus, Role


bp = Blueprint("transfers", __name__)


@bp.app_context_processor
def _transfer_request_button() -> dict[str, object]:
    """Facilitators see "Demander un transfert à …" under each mentor suggestion."""
    user = current_user if has_request_context() else None  # mails render outside requests
    if user is not None and user.is_authenticated and user.role is Role.FACILITATOR:
        return {"transfer_request_endpoint": "transfers.request_transfer"}
    return {}


@bp.app_context_processor
def _pair_proposal_button() -> dict[str, object]:
    """Organisers see "Proposer ce binôme : …" under each mentor suggestion.

    Depends on the role only: the suggestions fragment is cached per viewer role (``poles.views``).
    """
    user = current_user if has_request_context() else None  # mails render outside requests
    if user is not None and user.is_authenticated and user.has_role(Role.ORGANISER):
        return {"pair_proposal_endpoint": "transfers.propose"}
    return {}


@bp.app_template_global("transfer_status")
def transfer_status(pairing: Pairing, status: PairingStatus | None = None, actor_id: int | None = None,
                    reader_id: int | None = None) -> str:
    """For ``transfers/_status.html``: a pairing's status as the viewer reads it (her own offer « Proposé par
    vous » to the person who made it, ``status_words``); a mail names its recipient as ``reader_id``."""
    return status_words(pairing, status, actor_id=actor_id, reader_id=reader_id or _page_reader())


@bp.app_template_global("transfer_history_line")
def transfer_history_line(pairing: Pairing, event: PairingEvent) -> str:
    """For the transfer page's history: a step said as who did what, « Vous avez … » to whoever took it."""
    return history_line(pairing, event, reader_id=_page_reader())


def _page_reader() -> int | None:
    """The signed-in reader of the page being rendered (None in a mail rendered outside a request, or signed out)."""
    user = current_user if has_request_context() else None
    return user.id if user is not None and user.is_authenticated else None


bp.add_app_template_global(refusal_field, "refusal_field")  # the console's refusal, as the transfer's page says it


@bp.context_processor
def _affinity_scale() -> dict[str, str]:
    """How to read an affinity score, for every page of the programme that shows one."""
    return {"affinity_scale": AFFINITY_SCALE}


def _me():  # noqa: ANN202
    return current_user._get_current_object()


def _int_or_none(value: str | int | None) -> int | None:
    return parse_id(value)  # None also for an id beyond the database's range


#: The console's list pages (requests to validate, needs to pair, people available), kept when a step is taken from it.
CONSOLE_PAGES = ("page", "besoins", "personnes")


def console_page(address: str | None) -> str | None:
    """``address`` if it is the console, at most with its list pages (``?page=2&besoins=3``): where a step taken from
    the console leads back to; None for any other address (never a redirection elsewhere)."""
    if not address:
        return None
    parts = urlsplit(address)
    asked = parse_qs(parts.query, keep_blank_values=True)
    if (parts.scheme or parts.netloc or parts.fragment or parts.path != url_for("transfers.console")
            or not set(asked) <= set(CONSOLE_PAGES)
            or any(len(v) != 1 or not (v[0].isascii() and v[0].isdigit()) for v in asked.values())):
        return None
    return address


def _visible_pairing(pairing_id: int) -> Pairing:
    """The transfer if the viewer takes part in it (``parties.sides_of``); a missing transfer and one of
    another region read the same (``app.access.policy``: a transfer's existence is named data of its region)."""
    pairing = db.session.get(Pairing, pairing_id)
    if pairing is None or not services.can_see(pairing, _me()):
        not_found_in_scope("Ce transfert")
    return pairing
