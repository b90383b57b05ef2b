"""The demo has national organisers and regional cells (CRA) of two regions, printed with the other logins."""

from __future__ import annotations

from sqlalchemy import func, select

from app.demo import _organisers
from models import Organisation, Role, User


def test_demo_organisers_include_two_cras_of_two_regions(db):
    logins = _organisers(db)
    db.commit()
    _organisers(db)  # idempotent
    db.commit()
    cras = [u for u in db.scalars(select(User).where(User.role == Role.ORGANISER, User.region_code.isnot(None)))]
    assert {u.region_code for u in cras} == {"84", "76"}
    assert all(u.organisation.region_code == u.region_code for u in cras)
    assert {login.email for login in logins} >= {u.email for u in cras} | {"avise@demo.entrepairs.fr"}
    assert db.scalar(select(func.count()).select_from(Organisation)) == 6
    assert db.scalars(select(User).filter_by(email="admin@demo.entrepairs.fr")).one().role is Role.ADMIN
