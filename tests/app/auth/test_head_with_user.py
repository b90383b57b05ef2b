"""A view's head row read in the same statement as the user (app/auth/head_with_user.py), on the need page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask_login import current_user
from sqlalchemy import event

from app.extensions import db as db_ext
from models import Role

pytestmark = pytest.mark.web


@pytest.fixture
def statements(app) -> Iterator[list[str]]:
    """The SQL statements sent during the test, as sent."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        sent.append(statement)

    event.listen(db_ext.engine, "before_cursor_execute", record)
    yield sent
    event.remove(db_ext.engine, "before_cursor_execute", record)


@pytest.fixture
def need(coordination_need):
    return coordination_need


#: What only the user's load selects, and what only the need page's head selects.
_MARKS = {"user": "users.password_hash", "need head": "FROM needs JOIN poles ON poles.id = needs.pole_id"}


def _reading(statements: list[str], what: str) -> list[str]:
    return [s for s in statements if _MARKS[what] in s]


def test_the_need_page_reads_the_user_and_the_need_head_in_one_statement(client, login, need, statements):
    login(need.author)
    client.get(f"/besoins/{need.id}")  # shows the welcome message: not kept
    statements.clear()
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 200 and "Financer le poste de coordination" in response.get_data(as_text=True)
    users, needs = _reading(statements, "user"), _reading(statements, "need head")
    assert len(users) == 1 and needs == users


def test_an_unknown_need_read_with_the_user_is_a_404(client, login, need, statements):
    login(need.author)
    statements.clear()
    assert client.get(f"/besoins/{need.id + 1000}").status_code == 404
    assert len(_reading(statements, "user")) == 1


@pytest.mark.parametrize("revoke", ["deactivate", "new_session_version"])
def test_a_revoked_session_is_refused_on_the_next_page(client, login, db, need, revoke):
    login(need.author)
    client.get(f"/besoins/{need.id}")
    assert client.get(f"/besoins/{need.id}").status_code == 200  # kept from now on
    if revoke == "deactivate":
        need.author.is_active = False
    else:
        need.author.session_version += 1
    db.commit()
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


@pytest.mark.own_app
def test_a_user_loaded_before_the_view_leaves_the_head_to_its_own_statement(app, client, login, need, statements):
    @app.before_request
    def _touch_the_user() -> None:
        current_user.is_authenticated  # noqa: B018 - loads the user before the view runs

    login(need.author)
    client.get(f"/besoins/{need.id}")
    statements.clear()
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 200 and "Financer le poste de coordination" in response.get_data(as_text=True)
    users, needs = _reading(statements, "user"), _reading(statements, "need head")
    assert len(users) == 1 and len(needs) == 1 and needs != users
    assert client.get(f"/besoins/{need.id + 1000}").status_code == 404


def test_another_facilitator_reading_with_the_user_still_gets_a_404(client, login, need, make_user, make_pole, db):
    need.pole.public_listing = False
    db.commit()
    outsider = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Vallées"))
    login(outsider)
    response = client.get(f"/besoins/{need.id}")
    assert response.status_code == 404 and "Financer le poste" not in response.get_data(as_text=True)
