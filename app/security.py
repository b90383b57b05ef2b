"""HTTP security headers and safe redirect targets."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, render_template, request

from app.text_rules import has_control_characters

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",  # no data: image anywhere (static/, templates): none may be slipped in
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def is_safe_next(target: str | None) -> bool:
    """True for a local path such as ``/poles/3``; refuses ``//x``, ``/\\x``, schemes."""
    if not target or not target.startswith("/"):
        return False
    if target.startswith("//") or target.startswith("/\\"):
        return False
    if any(ch in target for ch in ("\\", "\r", "\n", "\t")) or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def init_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if response.mimetype == "text/html" or response.headers.get("Content-Disposition", "").startswith("attachment"):
            # Pages say who is signed in and what was just done: Back after a form loads the page again
            # (« déjà réservé ») instead of the copy kept before, and after signing out shows nobody's data.
            # A download (one's data, a list of registered people, the audit log) is kept by no cache either.
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def has_hostile_address() -> bool:
    """True if the path or the query string of the request holds a control character (``%00``, ``%1b``…)."""
    if has_control_characters(request.path):
        return True
    return any(has_control_characters(key) or has_control_characters(value)
               for key, values in request.args.lists() for value in values)


def init_edge_guard(app: Flask) -> None:
    """Refuse, before any view, an address whose path or query string holds control characters.

    Searches and filters read the query string (``/poles/?q=…``); PostgreSQL refuses a NUL byte in
    a text value, so ``?q=abc%00def`` was a 500. Forms check their own fields (``app.form_fields``).
    """

    @app.before_request
    def _refuse_control_characters() -> tuple[str, int] | None:
        if has_hostile_address():
            return render_template(
                "errors/error.html", code=400, title="Adresse invalide",
                message="L'adresse de la page contient des caractères invisibles (caractères de contrôle) : "
                        "retirez-les de votre recherche et réessayez."), 400
        return None
