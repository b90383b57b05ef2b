"""Extensions, created unbound and attached in ``create_app`` with ``init_app``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session

from models.session import make_engine, make_session_factory


@dataclass
class _DatabaseState:
    engine: Engine
    session: scoped_session[Session]


class Database:
    """A scoped SQLAlchemy session per app, removed at the end of each app context."""

    extension_key = "entrepairs.db"

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        state = _DatabaseState(engine=engine, session=scoped_session(make_session_factory(engine)))
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


db = Database()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
