"""Load the embedding model and fit the offer index before the first request of a worker."""

from __future__ import annotations

from flask import Flask

from app.suggestions.embeddings import get_embedder


def warm_up(app: Flask) -> None:
    with app.app_context():
        get_embedder().encode(["Préchauffage du modèle de plongement."])
        from app.suggestions.services import prepare_offer_index

        prepare_offer_index()
