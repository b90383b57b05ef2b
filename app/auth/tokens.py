"""Signed, expiring tokens for e-mail confirmation, password reset, invitations, a change of address and the
« List-Unsubscribe » link of an optional mail."""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.refused import Refused
from app.typography import count

PURPOSES = ("confirm", "reset", "invite", "email-change", "unsubscribe")


class TokenError(Refused):
    """The token is invalid or expired; ``str()`` is a French message."""


class TokenExpired(TokenError):
    """The token was signed for its purpose but is older than its ``max_age``: a reader may say what to do instead."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"entrepairs-{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, *, max_age: int | None = None) -> dict[str, Any]:
    """The token's payload, if signed for ``purpose`` less than ``max_age`` seconds ago (``TOKEN_MAX_AGE_SECONDS``
    by default)."""
    try:
        data = _serializer(purpose).loads(
            token, max_age=current_app.config["TOKEN_MAX_AGE_SECONDS"] if max_age is None else max_age
        )
    except SignatureExpired:
        raise TokenExpired("Ce lien a expiré. Demandez-en un nouveau.") from None
    except BadSignature:
        raise TokenError("Ce lien n'est pas valide.") from None
    if not isinstance(data, dict):
        raise TokenError("Ce lien n'est pas valide.")
    return data


def token_lifetime_seconds() -> int:
    """How long a mailed link (confirmation, reset, invitation) stays valid (``TOKEN_MAX_AGE_SECONDS``)."""
    return int(current_app.config["TOKEN_MAX_AGE_SECONDS"])


def token_lifetime_text() -> str:
    """That lifetime as a mail says it: « 48 heures », « 7 jours », « 1 heure »."""
    hours = max(1, round(token_lifetime_seconds() / 3600))
    if hours > 48 and hours % 24 == 0:
        return count(hours // 24, "jour")
    return count(hours, "heure")
