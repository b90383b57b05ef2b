"""Deactivation ends the person's sessions at once, whichever app instance (worker) serves them."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db as db_ext
from config import TestConfig
from models import Role
from tests.app.security.routes import log_in
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web


@pytest.fixture
def two_instances(app, database_url):
    """Two apps on the test database, as two workers: each request its own session and connection
    (the ``app`` fixture's requests share the test's session, which a worker never does)."""
    instances = [create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="entrepairs.test") for _ in range(2)]
    yield instances
    for instance in instances:
        with instance.app_context():
            db_ext.engine.dispose()


def test_deactivated_on_one_instance_the_session_dies_on_both(two_instances, make_user, admin):
    first, second = two_instances
    victim = make_user(Role.ORGANISER, email="partant@exemple.fr")
    on_first = first.test_client()
    log_in(on_first, victim)
    on_second = second.test_client()
    on_second.set_cookie("session", on_first.get_cookie("session", domain="entrepairs.test").value, domain="entrepairs.test")
    assert on_first.get("/organisation/suivi").status_code == 200
    assert on_second.get("/organisation/suivi").status_code == 200

    admin_client = second.test_client()
    log_in(admin_client, admin)
    token = extract_csrf(admin_client.get(f"/admin/comptes/{victim.id}").get_data(as_text=True))
    assert admin_client.post(f"/admin/comptes/{victim.id}/desactiver", data={"csrf_token": token}).status_code == 302

    for client in (on_first, on_second):
        response = client.get("/organisation/suivi")
        assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
