"""Flask-Login wiring: users are loaded by id and session version."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import bindparam, select
from sqlalchemy.orm import undefer

from app.auth.head_with_user import load_user
from app.extensions import login_manager
from models import User

#: Built once: a prepared statement skips rebuilding and re-keying the query on every request. The bell's count
#: (counted from the notices, ``User.unread_notifications``) comes in the same statement: every page shows it.
_USER_BY_ID = select(User).options(undefer(User.unread_notifications)).where(User.id == bindparam("user_id"))


def init_user_loader(app: Flask) -> None:
    @login_manager.user_loader
    def _load(user_key: str) -> User | None:
        try:
            user_id, version = (int(part) for part in user_key.split(":", 1))
        except ValueError:
            return None
        user = load_user(user_id, _USER_BY_ID)
        if user is None or not user.is_active or user.session_version != version:
            return None
        return user
