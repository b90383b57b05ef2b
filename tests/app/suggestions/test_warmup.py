"""A worker's warm-up with the database away: the worker boots (gunicorn stopped the whole site otherwise)."""

from __future__ import annotations

import logging

from app import create_app
from app.suggestions.warmup import warm_up
from config import TestConfig


def test_a_worker_boots_while_the_database_is_away(caplog):
    away = create_app(TestConfig, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/nowhere",
                      SERVER_NAME="entrepairs.test")
    with caplog.at_level(logging.WARNING, logger=away.logger.name):
        warm_up(away)  # raised OperationalError: « Worker failed to boot », then « Shutting down: Master »
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage().startswith("Préchauffage sans l'index des offres, base de données injoignable (")
