"""Administrators attaching facilitators at the same instant never give a pole a fourth one (PostgreSQL)."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select

from models import Role, User
from tests.conftest import PASSWORD, extract_csrf

pytestmark = [pytest.mark.web, pytest.mark.postgres,
              pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                 reason="TEST_DATABASE_URL (PostgreSQL) absent")]


def test_racing_attachments_stop_at_three(app, db, make_user, make_pole):
    pole = make_pole("Pôle très demandé")
    make_user(Role.FACILITATOR, pole=pole, email="un@exemple.fr")
    make_user(Role.FACILITATOR, pole=pole, email="deux@exemple.fr")
    admins = [make_user(Role.ADMIN, email=f"admin{n}@exemple.fr") for n in range(4)]
    newcomers = [make_user(Role.FACILITATOR, email=f"nouveau{n}@exemple.fr") for n in range(4)]
    url = f"/admin/poles/{pole.id}/animateurs"
    barrier = threading.Barrier(4)
    results: list[int] = []
    lock = threading.Lock()

    def attach(admin: User, email: str) -> None:
        try:
            client = app.test_client()
            token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
            client.post("/compte/connexion", data={"csrf_token": token, "email": admin.email, "password": PASSWORD})
            token = extract_csrf(client.get(url).get_data(as_text=True))
            barrier.wait(timeout=60)
            status = client.post(url, data={"csrf_token": token, "email": email}).status_code
        except Exception:  # noqa: BLE001 - counted as a failure below
            barrier.abort()
            status = -1
        with lock:
            results.append(status)

    threads = [threading.Thread(target=attach, args=(a, n.email)) for a, n in zip(admins, newcomers,
                                                                                             strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results) == [200, 200, 200, 302]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(User).filter_by(pole_id=pole.id)) == 3


def test_merge_clicked_twice_at_once_merges_once(app, db, make_user, make_pole, monkeypatch):
    """Both clicks read the duplicate before either removes it: the second is told the first merged it (the
    answer of a form sent again), instead of « fondu » a second time in the audit log with a preview of rows already moved."""
    from app.admin import poles
    from app.admin.accounts import AdminRefused
    from app.extensions import db as db_ext
    from models import AuditEvent, Pole
    from tests.races import in_step, together

    kept, duplicate = make_pole("Pôle des Monts"), make_pole("Pole des monts")
    make_user(Role.FACILITATOR, pole=duplicate)
    admin_id, ids = make_user(Role.ADMIN).id, (kept.id, duplicate.id)
    in_step(monkeypatch, poles, "preview_merge")  # both found the duplicate before either moves its rows

    def merge():
        return poles.merge_poles(admin=db_ext.session.get(User, admin_id), kept=db_ext.session.get(Pole, ids[0]),
                                 duplicate=db_ext.session.get(Pole, ids[1]))

    outcomes = together(app, {"clic": merge, "double clic": merge})
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["MergedAlready", "dict"], outcomes
    told = next(o for o in outcomes.values() if isinstance(o, AdminRefused))
    assert "«\u00a0Pole des monts\u00a0» a déjà été fondu dans «\u00a0Pôle des Monts\u00a0»" in told.message
    assert told.done.kept_id == ids[0]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="pole.merge")) == 1
    assert db.get(Pole, ids[1]) is None
