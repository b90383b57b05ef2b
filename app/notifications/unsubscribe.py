"""Turning off an optional mail from the mail itself, without signing in (« List-Unsubscribe », RFC 2369 and 8058).

Optional mails are those the preferences page lets one turn off: a transfer's messages, freed seats, and the daily
digest that carries them. Each carries, written when it is sent (``headers``), a link signed for its recipient and
kind, valid ``LINK_DAYS`` days. A mail client's one-click unsubscribe POSTs to it and the kind is turned off (the
bell keeps telling); a GET, such as a mail scanner following every link, only shows the page with its button.
A booking, a password reset, a reminder or a session's change carry no link: they are no news one may refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.tokens import TokenError, TokenExpired, make_token, read_token
from app.extensions import db
from app.ids import parse_id
from app.notifications.inbox import locked_preferences
from app.links import absolute_url
from app.transactions import transactional
from models import User
from models.notification import DIGEST, OFF

#: A kind of optional mail → the preference fields it turns off, and how the page names what stops.
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "message": (("messages",), "les e-mails des messages de vos transferts"),
    "seat": (("seats",), "les e-mails des places libérées (listes d'attente)"),
    "digest": (("messages", "seats"), "le récapitulatif quotidien des notifications"),
}
#: How long a mail's link turns its kind off (then the page sends to the preferences, signed in).
LINK_DAYS = 90
ONE_CLICK = "List-Unsubscribe=One-Click"


def link(user_id: int, kind: str) -> str:
    """The signed address that turns ``kind`` off for ``user_id``."""
    if kind not in KINDS:
        raise ValueError(kind)
    return absolute_url("notifications.unsubscribe", token=make_token("unsubscribe", {"u": user_id, "k": kind}))


def headers(user_id: int | None, kind: str | None) -> dict[str, str]:
    """The headers of an optional mail to ``user_id`` (none for a mail one cannot turn off, or to an address alone)."""
    if user_id is None or kind not in KINDS:
        return {}
    return {"List-Unsubscribe": f"<{link(user_id, kind)}>", "List-Unsubscribe-Post": ONE_CLICK}


@dataclass(frozen=True)
class Request:
    """What a link asks: whose mails, which kind, and how the page says it."""

    user: User
    kind: str

    @property
    def what(self) -> str:
        return KINDS[self.kind][1]


def read(token: str) -> Request:
    """The request a link makes; ``TokenError`` (a French message) when it is forged, expired or its account gone."""
    try:
        data = read_token("unsubscribe", token, max_age=LINK_DAYS * 24 * 3600)
    except TokenExpired:  # nobody can ask for another: the preferences are where one turns mails off then
        raise TokenError(f"Ce lien a expiré\u00a0: il valait {LINK_DAYS}\u00a0jours après l'envoi de l'e-mail.") from None
    # Only this site signs a link, each with an id and a kind: anything else (a key leaked, an old format) is refused,
    # never a 500 (a list as the kind, an id beyond PostgreSQL's integers).
    user_id = parse_id(data.get("u")) if isinstance(data.get("u"), int) else None
    user = db.session.get(User, user_id) if user_id is not None else None
    kind = data.get("k")
    if user is None or not isinstance(kind, str) or kind not in KINDS:
        raise TokenError("Ce lien n'est pas valide.")
    return Request(user=user, kind=kind)


@transactional
def turn_off(request: Request) -> None:
    """Turn the request's kind of mail off (again is harmless). The digest turns off what it carried: the categories
    set to the digest; a category mailed at once stays so."""
    fields, _ = KINDS[request.kind]
    prefs = locked_preferences(request.user.id)
    for field in fields:
        if request.kind != "digest" or getattr(prefs, field) == DIGEST:
            setattr(prefs, field, OFF)
