"""GET pages read only: writes refused unless the view says it writes, no transaction on PostgreSQL."""

from __future__ import annotations

import pytest
from flask import Flask, jsonify
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.read_only import writes_on_get
from models import Theme

pytestmark = [pytest.mark.web, pytest.mark.own_app]


def _add_probe_routes(app: Flask) -> None:
    def add_theme(code: str) -> None:
        db_ext.session.add(Theme(code=code, family="Essai", label=f"Thème {code}"))
        db_ext.session.commit()

    def writer() -> str:
        add_theme("probe-get")
        return "écrit"

    @writes_on_get
    def declared_writer() -> str:
        add_theme("probe-declared")
        return "écrit"

    def post_writer() -> str:
        add_theme("probe-post")
        return "écrit"

    def driver_autocommit() -> object:
        """Whether the connection of this request's session runs outside a transaction."""
        driver_connection = db_ext.session.connection().connection.dbapi_connection
        return jsonify(autocommit=bool(getattr(driver_connection, "autocommit", False)))

    app.add_url_rule("/_essai/ecrit", view_func=writer)
    app.add_url_rule("/_essai/ecrit-declare", view_func=declared_writer)
    app.add_url_rule("/_essai/ecrit-post", view_func=post_writer, methods=["POST"])
    app.add_url_rule("/_essai/autocommit", view_func=driver_autocommit, methods=["GET", "POST"])


@pytest.fixture
def probe_client(app: Flask):
    app.config["WTF_CSRF_ENABLED"] = False
    _add_probe_routes(app)
    return app.test_client()


def _themes(db, code: str) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Theme).where(Theme.code == code))


def test_a_get_view_that_writes_is_refused_and_nothing_is_written(probe_client, db):
    response = probe_client.get("/_essai/ecrit")
    assert response.status_code == 500
    assert _themes(db, "probe-get") == 0


def test_a_view_declared_as_writing_on_get_writes(probe_client, db):
    assert probe_client.get("/_essai/ecrit-declare").status_code == 200
    assert _themes(db, "probe-declared") == 1


def test_post_views_write(probe_client, db):
    assert probe_client.post("/_essai/ecrit-post").status_code == 200
    assert _themes(db, "probe-post") == 1


def test_the_session_writes_again_after_a_read_only_request(probe_client, db):
    db.rollback()
    assert probe_client.get("/sante").status_code == 200
    db.add(Theme(code="probe-after", family="Essai", label="Après"))
    db.commit()
    assert _themes(db, "probe-after") == 1


def test_only_postgresql_reads_outside_a_transaction(probe_client, db):
    db.rollback()
    on_postgres = db_ext.engine.dialect.name == "postgresql"
    assert probe_client.get("/_essai/autocommit").get_json() == {"autocommit": on_postgres}
    db.rollback()
    assert probe_client.post("/_essai/autocommit").get_json() == {"autocommit": False}


def test_a_read_only_page_computes_a_missing_vector_without_storing_it(app, db):
    from app.suggestions.embeddings import embed_texts
    from models import EmbeddingVector

    db.rollback()
    db_ext.begin_reading_only()
    vectors, encoded = embed_texts(db, ["Un texte jamais vu, pour la première fois."])
    db_ext.end_reading_only()
    assert encoded == 1 and vectors.shape[0] == 1
    assert db.scalar(select(func.count()).select_from(EmbeddingVector)) == 0
    embed_texts(db, ["Un texte jamais vu, pour la première fois."])
    assert db.scalar(select(func.count()).select_from(EmbeddingVector)) == 1
