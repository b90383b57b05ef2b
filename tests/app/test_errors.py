"""An unexpected error: a French page with a reference, and the log line that finds the request by it."""

from __future__ import annotations

import logging
import re

import pytest

from models import Role

pytestmark = [pytest.mark.web, pytest.mark.own_app]


def test_an_unexpected_error_gives_the_person_a_reference_the_log_names_with_the_request(app, client, make_user,
                                                                                          login, caplog):
    def broken(pole_id: int, token: str) -> str:
        raise RuntimeError("panne")

    app.add_url_rule("/_essai/panne/<int:pole_id>/<token>", view_func=broken)
    app.config.update(PROPAGATE_EXCEPTIONS_IN_TESTS=False)
    user = make_user(Role.FACILITATOR, email="amandine@exemple.fr")
    login(user)
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = client.get("/_essai/panne/12/jeton-secret-de-reinitialisation?cle=autre-secret")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    shown = re.search(r'class="error-reference">([A-Z2-9]{8})<', page)
    assert shown is not None, page
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    line = record.getMessage()
    assert line == (f"Erreur inattendue, référence {shown.group(1)} : GET /_essai/panne/<int:pole_id>/<token> "
                    f"[pole_id=12] (compte {user.id})")
    assert record.exc_info is not None and "panne" in str(record.exc_info[1])  # the traceback follows the line
    assert "secret" not in line  # neither the path's token nor the query string


def test_two_errors_have_two_references(app, client):
    app.add_url_rule("/_essai/panne", view_func=lambda: 1 / 0)
    app.config.update(PROPAGATE_EXCEPTIONS_IN_TESTS=False)
    references = {re.search(r'class="error-reference">(\w+)<', client.get("/_essai/panne").get_data(as_text=True))
                  .group(1) for _ in range(2)}
    assert len(references) == 2


def test_while_the_database_is_away_each_page_is_a_503_and_one_log_line(caplog):
    """PostgreSQL stopped: « Service indisponible » (not « Erreur interne … rien n'a été enregistré »), and the
    gunicorn log gets one line a request instead of a 130-line traceback."""
    from app import create_app
    from config import TestConfig

    away = create_app(TestConfig, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/nowhere",
                      SERVER_NAME="entrepairs.test", PROPAGATE_EXCEPTIONS_IN_TESTS=False)
    with caplog.at_level(logging.ERROR, logger=away.logger.name):
        response = away.test_client().get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Service indisponible" in page and "rien n&#39;a été enregistré" not in page
    reference = re.search(r'class="error-reference">(\w+)<', page).group(1)
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.getMessage().startswith(f"Base de données injoignable, référence {reference} : GET / (")
    assert "127.0.0.1" in record.getMessage() and record.exc_info is None
