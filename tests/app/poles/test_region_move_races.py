"""A pole's change of region at the same instant as another change of the same pole (PostgreSQL).

The region a move leaves is read under the pole's row lock: the pole form and the CSV import moving one pole at once
(or a form sent without what it was opened on) kept « Occitanie → Bretagne » after « Occitanie → Auvergne-Rhône-Alpes »,
the region left read before the other move committed — the review counted the pole's months in Auvergne-Rhône-Alpes
under Occitanie, and that CRA's bell kept its notice about a pole of Bretagne. And a pole merged into another while
its form was being saved is said so, not a 500."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from app.admin import poles as admin_poles
from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import opened_token
from app.extensions import db as db_ext
from app.poles import importer, services
from models import Notification, Pole, PoleRegionMove, Role, User
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

TO_AURA = {"region_code": "84", "maturity": "emergent", "departements": ["07"], "themes": []}


def _moved(pole_id: int, by_id: int, data: dict, *, after: threading.Event | None = None,
           done: threading.Event | None = None):
    """The pole form of ``pole_id`` opened (the pole read, its token taken), then saved — once ``after`` is set."""
    def call() -> str:
        try:
            pole = db_ext.session.get(Pole, pole_id)
            sent = {"name": pole.name, **data, OPENED_ON: opened_token(services.POLE_EDIT, pole)}
            if after is not None:
                after.wait(10)
            return services.update_pole(pole, data=sent, by=db_ext.session.get(User, by_id)).region_code
        finally:
            if done is not None:
                done.set()
    return call


def test_the_form_and_the_import_moving_one_pole_at_once_keep_one_history(app, db, make_pole, make_user, tmp_path,
                                                                            monkeypatch):
    pole = make_pole("Pôle des Cévennes", region_code="76")
    admin, aura = make_user(Role.ADMIN), make_user(Role.ORGANISER, region_code="84")
    pole_id, admin_id, aura_id = pole.id, admin.id, aura.id
    db.commit()
    path = Path(tmp_path / "poles.csv")
    path.write_text("nom,region,departements,maturite\nPôle des Cévennes,Bretagne,Finistère,emergent\n", encoding="utf-8")
    form_saved = threading.Event()
    hold(monkeypatch, importer, "unit_of_work", thread="import", until=form_saved, seconds=10)  # poles read, then

    def imported() -> int:
        return importer.import_poles(path, db_ext.session).updated

    outcomes = together(app, {"form": _moved(pole_id, admin_id, TO_AURA, done=form_saved), "import": imported})
    assert outcomes == {"form": "84", "import": 1}, outcomes
    db.expire_all()
    moves = db.scalars(select(PoleRegionMove).order_by(PoleRegionMove.id)).all()
    assert [(m.from_region_code, m.to_region_code) for m in moves] == [("76", "84"), ("84", "53")]
    assert db.get(Pole, pole_id).region_code == "53"
    # Auvergne-Rhône-Alpes was told the pole joined it, then that notice went with the pole.
    assert db.scalars(select(Notification.url).where(Notification.user_id == aura_id)).all() == []


def test_a_form_without_its_opening_token_reads_the_region_left_afresh(app, db, make_pole, make_user):
    """A client that never read the form (no ``opened_on``: nothing is compared) moving the pole as another form
    does: the region it leaves is the one the first move committed."""
    pole = make_pole("Pôle des Cévennes", region_code="76")
    pole_id, admin_id = pole.id, make_user(Role.ADMIN).id
    db.commit()
    first = threading.Event()

    def raw() -> str:
        pole = db_ext.session.get(Pole, pole_id)
        sent = {"name": pole.name, "region_code": "53", "maturity": "emergent", "departements": ["29"], "themes": []}
        first.wait(10)
        return services.update_pole(pole, data=sent, by=db_ext.session.get(User, admin_id)).region_code

    outcomes = together(app, {"form": _moved(pole_id, admin_id, TO_AURA, done=first), "raw": raw})
    assert outcomes == {"form": "84", "raw": "53"}, outcomes
    db.expire_all()
    moves = db.scalars(select(PoleRegionMove).order_by(PoleRegionMove.id)).all()
    assert [(m.from_region_code, m.to_region_code) for m in moves] == [("76", "84"), ("84", "53")]


def test_a_pole_merged_while_its_form_is_saved_is_said_gone(app, db, make_pole, make_user):
    kept, duplicate = make_pole("Pôle des Cévennes", region_code="76"), make_pole("PTCE Cévennes", region_code="76")
    kept_id, duplicate_id, admin_id = kept.id, duplicate.id, make_user(Role.ADMIN).id
    db.commit()
    merged = threading.Event()

    def merge() -> None:
        try:
            admin_poles.merge_poles(admin=db_ext.session.get(User, admin_id), kept=db_ext.session.get(Pole, kept_id),
                                    duplicate=db_ext.session.get(Pole, duplicate_id))
        finally:
            merged.set()

    outcomes = together(app, {"merge": merge, "form": _moved(duplicate_id, admin_id, TO_AURA, after=merged)})
    assert outcomes["merge"] is None, outcomes
    assert isinstance(outcomes["form"], services.PoleGone), outcomes
    assert "vos modifications ne sont pas enregistrées" in str(outcomes["form"])
    db.expire_all()
    assert db.get(Pole, duplicate_id) is None and db.get(Pole, kept_id).region_code == "76"
    assert db.scalars(select(PoleRegionMove)).all() == []
