"""Presences noted by the CRA of a visit's host at the same instant as the host pole changes region (PostgreSQL).

The CRA of the host's region notes who came (``policy.may_note_visit_attendance``); it read the host's region without a
lock, and the CRA the host had just left noted the presences after the move. The region is now read under the host
pole's row lock (``app.poles.region_lock``): the CRA notes before the move (which waits), or is refused.
"""

from __future__ import annotations

import threading

from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import opened_token
from app.extensions import db as db_ext
from app.poles import services as poles
from app.visits import attendance
from models import LearningVisit, Pole, Role, User, VisitRegistration
from tests.app.visits.test_attendance import _marks, _registered_visit
from tests.races import on_postgres, together

pytestmark = on_postgres

TO_AURA = {"region_code": "84", "maturity": "consolide", "departements": ["07"], "themes": []}


def test_presences_noted_as_the_host_leaves_the_region(app, db, network, make_visit, make_user, monkeypatch):
    visit = _registered_visit(db, network, make_visit, past=True)
    came = network.poles[0].id
    visit_id, host_id = visit.id, network.host.id
    cra_id, admin_id = make_user(Role.ORGANISER, region_code="76").id, make_user(Role.ADMIN).id
    db.commit()
    checked, moved, order = threading.Event(), threading.Event(), []
    stamp = attendance.check_and_stamp

    def checked_then_held(*args, **kwargs):  # the presences checked, not written yet: the move comes in that window
        if threading.current_thread().name == "note":
            checked.set()
            moved.wait(2)
        return stamp(*args, **kwargs)

    monkeypatch.setattr(attendance, "check_and_stamp", checked_then_held)

    def note():
        visit = db_ext.session.get(LearningVisit, visit_id)
        attendance.record_attendance(visit=visit, organiser=db_ext.session.get(User, cra_id),
                                     marks=_marks(visit, {came: 3}))
        order.append("note")

    def move():
        try:
            checked.wait(10)
            host = db_ext.session.get(Pole, host_id)
            sent = {"name": host.name, **TO_AURA, OPENED_ON: opened_token(poles.POLE_EDIT, host)}
            region = poles.update_pole(host, data=sent, by=db_ext.session.get(User, admin_id)).region_code
            order.append("move")
            return region
        finally:
            moved.set()

    outcomes = together(app, {"note": note, "move": move})
    assert outcomes["move"] == "84", outcomes
    db.expire_all()
    if db.query(VisitRegistration).filter_by(visit_id=visit_id, pole_id=came).one().attended:
        assert order == ["note", "move"], "the CRA the host had left noted the presences after the move"
    else:
        assert "cellule régionale de la région du pôle hôte" in str(outcomes["note"]), outcomes
