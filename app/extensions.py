"""Extensions, created unbound and attached in ``create_app`` with ``init_app``."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session

from models.engine import (
    begin_read_only,
    end_read_only,
    make_engine,
    make_session_factory,
    read_only_engine,
)

#: Set while a request that only reads runs: the session it opens is opened read-only.
_reading_only: ContextVar[bool] = ContextVar("entrepairs_reading_only", default=False)


@dataclass
class _DatabaseState:
    engine: Engine
    reader: Engine
    session: scoped_session[Session]


class Database:
    """A scoped SQLAlchemy session per app, removed at the end of each app context."""

    extension_key = "entrepairs.db"

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"],
                             ping_after_idle_seconds=app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
        reader, factory = read_only_engine(engine), make_session_factory(engine)

        def open_session() -> Session:
            session = factory()
            if _reading_only.get():
                begin_read_only(session, reader)
            return session

        state = _DatabaseState(engine=engine, reader=reader, session=scoped_session(open_session))
        app.extensions[self.extension_key] = state

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            state.session.remove()

    @property
    def _state(self) -> _DatabaseState:
        return current_app.extensions[self.extension_key]

    @property
    def session(self) -> Session:
        return self._state.session()

    @property
    def engine(self) -> Engine:
        return self._state.engine

    def begin_reading_only(self) -> None:
        """This request only reads: its session, opened now or at first use, refuses writes."""
        state = self._state
        _reading_only.set(True)
        if state.session.registry.has():
            begin_read_only(state.session(), state.reader)

    def end_reading_only(self) -> None:
        state = self._state
        _reading_only.set(False)
        if state.session.registry.has():
            end_read_only(state.session(), state.engine)


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
