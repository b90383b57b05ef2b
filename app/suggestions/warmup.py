"""Load the embedding model and fit the offer index before the first request of a worker."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.exc import InterfaceError, OperationalError

from app.startup_errors import driver_reason
from app.suggestions.embeddings import get_embedder


def warm_up(app: Flask) -> None:
    """A database away while a worker boots (a reload, a worker replaced) leaves the index to the first suggestion:
    a worker that raised here « failed to boot », and gunicorn's master then stopped the whole site for good."""
    with app.app_context():
        get_embedder().encode(["Préchauffage du modèle de plongement."])
        from app.suggestions.services import prepare_offer_index

        try:
            prepare_offer_index()
        except (OperationalError, InterfaceError) as error:
            app.logger.warning("Préchauffage sans l'index des offres, base de données injoignable (%s) : le processus "
                               "démarre, les pages répondent 503 jusqu'au retour de la base.", driver_reason(error))
