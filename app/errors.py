"""French error pages."""

from __future__ import annotations

import contextlib
import secrets

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.startup_errors import driver_reason

MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas les droits nécessaires pour cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou n'est pas accessible."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: ("Envoi trop volumineux", "Le contenu envoyé dépasse la taille autorisée."),
    429: ("Trop de tentatives", "Trop de tentatives : réessayez dans quelques minutes."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite ; rien n'a été enregistré."),
    401: ("Connexion nécessaire", "Connectez-vous pour ouvrir cette page."),
    406: ("Format non disponible", "Cette page n'existe pas dans le format demandé."),
    408: ("Délai dépassé", "La requête a mis trop de temps à arriver : réessayez."),
    409: ("Conflit", "Cette action entre en conflit avec l'état actuel : rechargez la page et réessayez."),
    410: ("Page supprimée", "Cette page n'existe plus."),
    414: ("Adresse trop longue", "L'adresse de la page est trop longue : raccourcissez votre recherche."),
    415: ("Format non pris en charge", "Le contenu envoyé n'est pas dans un format que le site lit."),
    416: ("Partie introuvable", "La partie du fichier demandée n'existe pas."),
    422: ("Requête invalide", "Le contenu envoyé n'a pas pu être traité."),
    431: ("En-têtes trop volumineux", "La requête porte trop d'informations (en-têtes, cookies)."),
    503: ("Service indisponible", "Le site est momentanément indisponible : réessayez dans quelques minutes."),
}
#: The page of a code not listed above (Werkzeug's own title and text are English): by its class.
REFUSED = ("Requête refusée", "La requête n'a pas pu aboutir.")
UNAVAILABLE = ("Service indisponible", "Le site n'a pas pu répondre : réessayez dans quelques minutes.")

#: An error's reference, shown on the page and logged: no 0/O nor 1/I to confuse when read out.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[str, int]:
        from app.proxy import foreign_host_note

        if note := foreign_host_note():  # every form refused: the proxy's doing, the operator's to fix
            app.logger.warning(note)
        from flask_login import current_user

        from app.form_expired import form_page, typed_texts

        return render_template(
            "errors/form_expired.html", code=400, title="Formulaire expiré ou invalide",
            signed_in=current_user.is_authenticated, form_page=form_page(), typed=typed_texts(request.form),
        ), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]]:
        code = error.code or 500
        title, message = MESSAGES.get(code, REFUSED if code < 500 else UNAVAILABLE)
        # The exception's own headers (a 405's « Allow », which HTTP requires), the page's content type kept.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return render_template("errors/error.html", code=code, title=title, message=message), code, headers

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        from app.extensions import db

        reference = error_reference()
        if database_down(error):
            # Every page fails alike while PostgreSQL is away: one line each (not 130 of traceback), a 503 page.
            app.logger.error("Base de données injoignable, référence %s : %s : %s", reference, request_summary(),
                             driver_reason(error))
            with contextlib.suppress(Exception):  # the connection is gone: nothing to roll back
                db.session.rollback()
            title, message = MESSAGES[503]
            return render_template("errors/error.html", code=503, title=title, message=message,
                                   reference=reference), 503
        # The page gives the person the reference; the log line says which request it was, so the operator finds
        # the traceback a person reports (« erreur ABCD1234 ») among the workers' interleaved lines.
        app.logger.exception("Erreur inattendue, référence %s : %s", reference, request_summary())
        db.session.rollback()
        if app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS"):
            raise error
        title, message = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, message=message,
                               reference=reference), 500


def database_down(error: Exception) -> bool:
    """A driver error on the connection, and the database does not answer ``/sante``'s probe either (a deadlock or a
    serialization failure, also « operational », happens with the database up: a bug's traceback, kept)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    from app.main.health import health

    return isinstance(error, (OperationalError, InterfaceError)) and health().database != "ok"


def error_reference() -> str:
    """Eight letters and digits a person can read out over the phone."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def request_summary() -> str:
    """Method, route, its numeric ids and the account that asked, for the log.

    The route's pattern, not the path: a path may carry a secret (a password reset link's token), and so may
    the query string; the numeric ids say which pole or transfer.
    """
    from flask_login import current_user

    route = request.url_rule.rule if request.url_rule is not None else "(adresse inconnue)"
    ids = ", ".join(f"{name}={value}" for name, value in (request.view_args or {}).items() if isinstance(value, int))
    try:
        who = f"compte {current_user.id}" if current_user.is_authenticated else "visiteur non connecté"
    except Exception:  # noqa: BLE001 - the failure may be the database that loads the account
        who = "compte non lu"
    return f"{request.method} {route}{f' [{ids}]' if ids else ''} ({who})"
