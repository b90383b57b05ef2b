"""Shared fixtures: a migrated database per session, an app and client per test.

Tests run on SQLite by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import Engine, text

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.extensions import db as db_ext
from app.mail import memory_outbox
from config import TestConfig
from models import Base, Pole, ResourcePerson, Role, User, ValidationStatus, utcnow
from models.engine import make_engine, make_session_factory

REFERENCE_TABLES = {"themes", "regions", "departements", "alembic_version"}
PASSWORD = "une-phrase-de-passe-solide"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade_database(engine)
    with make_session_factory(engine)() as session:
        seed_reference_data(session)
    yield engine
    engine.dispose()


def _cleaned_tables() -> list:
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]


def _owned_sequences(conn) -> list[str]:
    """The PostgreSQL sequences of the tables a test may write (the reference tables' keep their count)."""
    names = [t.name for t in _cleaned_tables()]
    return list(conn.execute(text(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(s.relname) FROM pg_class s "
        "JOIN pg_namespace n ON n.oid = s.relnamespace "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass "
        "AND d.refclassid = 'pg_class'::regclass "
        "JOIN pg_class t ON t.oid = d.refobjid WHERE s.relkind = 'S' AND t.relname = ANY(:names)"),
        {"names": names}).scalars())


def _clean(engine: Engine) -> None:
    """Empty what a test wrote and restart its ids at 1.

    On PostgreSQL, ``TRUNCATE … RESTART IDENTITY`` of the 47 tables cost about a third of a second per test (it makes
    new files for each table) — minutes over the suite. Deleting the rows of the tables that hold some, children
    first, and restarting the sequences that moved does the same in a few milliseconds.
    """
    tables = _cleaned_tables()
    with engine.begin() as conn:
        if engine.dialect.name != "postgresql":
            for table in tables:
                conn.execute(table.delete())
            return
        probe = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables)
        holding = set(conn.execute(text(probe)).scalars())
        for table in tables:
            if table.name in holding:
                conn.execute(table.delete())
        owned = _owned_sequences(conn)
        moved = conn.execute(text("SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
                                  "FROM pg_sequences WHERE last_value IS NOT NULL")).scalars()
        for sequence in set(moved) & set(owned):
            conn.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))


_APPS: dict[str, Flask] = {}


def _shared_app(database_url: str) -> Flask:
    """The test session's application, built once.

    Building one compiles its URL rules (about 0.1 s, the largest part of a web test's set-up); each test gets it back
    with the settings it started with and an empty outbox (``app`` below). A test that adds routes or hooks is marked
    ``own_app`` and gets one of its own (Flask refuses them on an app that has served a request); one that needs other
    settings at build time calls ``create_app`` itself.
    """
    if database_url not in _APPS:
        application = _built_app(database_url)
        # Sealed from the start, as after its first request: a route or hook added by a test is refused at once
        # (Flask's AssertionError) instead of staying for every later test when that test happens to run first.
        application._got_first_request = True
        _APPS[database_url] = application
    return _APPS[database_url]


def _built_app(database_url: str) -> Flask:
    application = create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="entrepairs.test")

    def _settle_test_session() -> None:
        # In production each request opens its own session; here requests share the test's.
        # Committing what the test did (visible to the request either way) lets every GET
        # start outside a transaction, hence run read-only as in production.
        if db_ext.session.in_transaction():
            db_ext.session.commit()

    application.before_request_funcs.setdefault(None, []).insert(0, _settle_test_session)

    @application.teardown_request
    def _fresh_g(_exc: BaseException | None) -> None:
        # Requests of the test client reuse this fixture's app context, hence its ``g``;
        # in production each request has its own, so drop what Flask-WTF and Flask-Login cache there.
        g.pop("csrf_token", None)
        g.pop("_login_user", None)  # Flask-Login's user of this request

    return application


@pytest.fixture
def app(request: pytest.FixtureRequest, migrated_engine: Engine, database_url: str) -> Iterator[Flask]:
    own = request.node.get_closest_marker("own_app") is not None
    application = _built_app(database_url) if own else _shared_app(database_url)
    settings = copy.deepcopy(dict(application.config))
    try:
        with application.app_context():
            yield application
            db_ext.session.rollback()
            db_ext.session.close()
            db_ext.engine.dispose()
    finally:
        application.config.clear()
        application.config.update(settings)
        memory_outbox(application).clear()
        _clean(migrated_engine)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask):
    return db_ext.session


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def extract_csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1) or match.group(2)


@pytest.fixture
def csrf(client: FlaskClient) -> Callable[[str], str]:
    """GET a page and return its CSRF token."""

    def get(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return extract_csrf(response.get_data(as_text=True))

    return get


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One real Argon2id hash of PASSWORD, shared by the users the factories create, made with light costs.

    Checking a password reads the costs from its hash: at the site's (64 MiB, three passes, on purpose) every sign-in
    of a test took a tenth of a second, minutes over the suite. The site's own hashing is tested where it is made
    (sign-up, reset, tests/app/auth).
    """
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


@pytest.fixture
def make_user(db, password_hash: str) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.FACILITATOR, *, email: str | None = None, confirmed: bool = True,
             pole: Pole | None = None, name: str | None = None, region_code: str | None = None) -> User:
        n = next(counter)
        user = User(
            email=email or f"user{n}@exemple.fr", display_name=name or f"Utilisateur {n}", role=role,
            password_hash=password_hash, email_confirmed_at=utcnow() if confirmed else None,
            pole=pole, region_code=region_code,
        )
        db.add(user)
        db.commit()
        return user

    return make


@pytest.fixture
def make_pole(db) -> Callable[..., Pole]:
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, *, region_code: str = "53", public: bool = True, confirmed: bool = True,
             **fields) -> Pole:
        if confirmed:
            fields.setdefault("confirmed_at", utcnow())
        pole = Pole(name=name or f"Pôle {next(counter)}", region_code=region_code, public_listing=public, **fields)
        db.add(pole)
        db.commit()
        return pole

    return make


@pytest.fixture
def make_resource_person(db, make_user) -> Callable[..., ResourcePerson]:
    def make(*, user: User | None = None, region_code: str = "53", capacity: int = 2,
             pole: Pole | None = None, status: ValidationStatus = ValidationStatus.VALIDATED) -> ResourcePerson:
        """A resource person, validated by an organiser unless ``status`` says otherwise."""
        profile = ResourcePerson(user=user or make_user(Role.RESOURCE_PERSON), region_code=region_code,
                                 yearly_capacity=capacity, headline="Ancienne directrice de pôle", pole=pole,
                                 validation_status=status)
        db.add(profile)
        db.commit()
        return profile

    return make


@pytest.fixture
def login(client: FlaskClient, csrf) -> Callable[[User], None]:
    def do_login(user: User) -> None:
        token = csrf("/compte/connexion")
        response = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email,
                                                          "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    return do_login


@pytest.fixture
def relogin(client: FlaskClient, csrf, login) -> Callable[[User], None]:
    """Signs out whoever is signed in, then signs ``user`` in (``login`` alone is refused to someone signed in)."""
    def do_relogin(user: User) -> None:
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/")})
        login(user)

    return do_relogin
