"""Running behind a reverse proxy (nginx): trust its X-Forwarded-For and X-Forwarded-Proto.

Behind a proxy, ``request.remote_addr`` is the proxy's address for every client, so the
login limiter (app/ratelimit.py) would count the whole world as one IP. With
``PROXY_FIX_HOPS = n`` (the number of proxies in front of the app, usually 1), werkzeug's
``ProxyFix`` takes the client address and the scheme from the n-th value, counted from
the right, of X-Forwarded-For and X-Forwarded-Proto: the values the trusted proxies
appended, never one a client wrote itself. With 0 (the default, no proxy) the headers are
ignored, since anyone could send them to pick a fresh IP for each login attempt.

X-Forwarded-Host, -Port and -Prefix stay untrusted (0): links that leave the site are
built from PUBLIC_BASE_URL (app/links.py), and nginx must pass the Host the browser asked for
(``proxy_set_header Host $http_host;``): by default it sends the upstream's name, and over HTTPS every form is
then refused (Flask-WTF compares the page's address, the Referer, with the Host), which ``foreign_host_note`` tells
the operator in the log.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy_fix(app: Flask) -> None:
    """Wrap ``app.wsgi_app`` in ``ProxyFix`` when ``PROXY_FIX_HOPS`` > 0; refuse a negative count."""
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops < 0:
        raise RuntimeError(f"PROXY_FIX_HOPS doit être un entier positif ou nul (reçu : {hops}).")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,  # type: ignore[method-assign]
                                x_host=0, x_port=0, x_prefix=0)


def foreign_host_note() -> str | None:
    """For the log, when a form sent over HTTPS was refused: the sentence saying that the form's page was the site's
    own (the Referer names the host of PUBLIC_BASE_URL) but the request came for another Host, the sign of a proxy
    that does not pass it; None otherwise (a form sent from another site is refused in silence, as it should be)."""
    if not request.is_secure or not request.referrer:
        return None
    page_host = urlsplit(request.referrer).netloc
    if page_host != urlsplit(current_app.config["PUBLIC_BASE_URL"]).netloc or page_host == request.host:
        return None
    return (f"Formulaire refusé : la page vient de {page_host} mais la requête arrive pour l'hôte {request.host}. "
            "Derrière nginx, transmettez l'hôte demandé par le navigateur : « proxy_set_header Host $http_host; » "
            "(README, « Production »).")
