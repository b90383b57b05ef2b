"""The demo has national organisers and regional cells (CRA) of two regions, printed with the other logins."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.demo import DEMO_DATASET, _organisers, facilitator_name, load_demo
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


def test_demo_facilitators_are_people_not_the_network_staff(db, tmp_path):
    """« Équipe d'animation » is the site's word for Avise, Coorace, RTES and the CRA: a pole's
    facilitator in the demo has a person's name (the history reads « Claire Dumas : Demandé par le pôle »)."""
    full = json.loads(DEMO_DATASET.read_text(encoding="utf-8"))
    small = tmp_path / "demo.json"
    small.write_text(json.dumps({**full, "offers": full["offers"][:1], "needs": full["needs"][:3], "lawyers": []}),
                     encoding="utf-8")
    load_demo(db, dataset=small)
    facilitators = db.scalars(select(User).where(User.role == Role.FACILITATOR)).all()
    names = [u.display_name for u in facilitators]
    assert len(facilitators) == 3 and len(set(names)) == 3
    assert all(" " in name and "animation" not in name.lower() for name in names)
    assert db.scalars(select(User).filter_by(
        email="animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")).one().display_name == "Claire Dumas"
    assert len({facilitator_name(i) for i in range(len(full["needs"]))}) == len(full["needs"])  # no namesakes
