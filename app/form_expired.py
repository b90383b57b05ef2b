"""What a form refused for its CSRF token gives back: the texts the person typed, and the way back to the form.

The token lives as long as the session: it is refused when the session ended while the form was open (a sign-out
in another tab, the browser closed, the cookie gone). The person had written a need, a message, a profile: nothing
was saved, so the page shows it back to copy, and leads to the form again (through the sign-in if she is out).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from werkzeug.datastructures import MultiDict

from app.security import is_safe_next

#: Fields whose value is never shown back: secrets, and the form's own machinery.
_NEVER_SHOWN = ("password", "csrf_token", "idempotency_key", "opened_on")


def typed_texts(form: MultiDict) -> list[str]:
    """The texts typed in the refused form, in its order: values holding a word and a space, or long ones (not the
    codes of choices, ids or dates), never a password; each once."""
    texts: list[str] = []
    for name, value in form.items(multi=True):
        if any(part in name for part in _NEVER_SHOWN) or not isinstance(value, str):
            continue
        value = value.strip()
        if (" " in value or len(value) > 30) and any(ch.isalpha() for ch in value) and value not in texts:
            texts.append(value)
    return texts


def form_page() -> str | None:
    """The page the form was on (this site's, from the Referer), to open it again with a fresh token."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return path if is_safe_next(path) else None
