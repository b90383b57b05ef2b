"""The edit stamps (app/edit_stamps.py): a save over a version the person never saw writes nothing, also when two
saves run at the same instant (run on PostgreSQL with TEST_DATABASE_URL; on SQLite the write lock does it)."""

from __future__ import annotations

import threading

import pytest

from app.edit_stamps import EditConflict, check_and_stamp, opened_token
from app.extensions import db as db_ext
from app.poles.services import POLE_EDIT
from app.transactions import unit_of_work
from models import EditStamp, Pole, Role


def _save(pole_id: int, description: str, *, opened: str, by_id: int, wrote: threading.Event | None = None,
          release: threading.Event | None = None) -> None:
    """One save of the pole form, in its own session (as another worker's request would)."""
    from models import User

    with unit_of_work():
        pole = db_ext.session.get(Pole, pole_id)
        check_and_stamp(POLE_EDIT, pole, opened=opened, by=db_ext.session.get(User, by_id))
        pole.description = description
        db_ext.session.flush()
        if wrote is not None and release is not None:
            wrote.set()
            assert release.wait(timeout=30)


@pytest.mark.parametrize("saved_before", [False, True], ids=["first-save", "stamped-before"])
def test_two_saves_at_the_same_instant_the_second_waits_then_is_refused(app, db, make_user, make_pole,
                                                                        saved_before):
    pole = make_pole("Pôle des Coteaux")
    facilitator, cra = make_user(Role.FACILITATOR, pole=pole, name="Aurélie Anim"), make_user(Role.ORGANISER,
                                                                                               name="Claire Cra")
    if saved_before:
        _save(pole.id, "Une présentation.", opened=opened_token(POLE_EDIT, pole), by_id=facilitator.id)
    db.expire_all()
    opened = opened_token(POLE_EDIT, db.get(Pole, pole.id))  # both opened the form on this version
    db.commit()
    wrote, release, second_done = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with app.app_context():
            try:
                _save(pole.id, "Présentation de la CRA.", opened=opened, by_id=cra.id, wrote=wrote, release=release)
                outcome["first"] = "saved"
            except BaseException as error:  # noqa: BLE001 - reported by the assertions below
                outcome["first"] = error
                wrote.set()

    def second() -> None:
        with app.app_context():
            try:
                _save(pole.id, "Présentation de l'animatrice.", opened=opened, by_id=facilitator.id)
                outcome["second"] = "saved"
            except BaseException as error:  # noqa: BLE001 - reported by the assertions below
                outcome["second"] = error
            finally:
                second_done.set()

    threads = [threading.Thread(target=first)]
    threads[0].start()
    assert wrote.wait(timeout=30)
    threads.append(threading.Thread(target=second))
    threads[1].start()
    # The first save holds the stamp: the second one waits instead of reading the version before it.
    assert not second_done.wait(timeout=1.5), outcome
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert outcome["first"] == "saved"
    conflict = outcome["second"]
    assert isinstance(conflict, EditConflict), conflict
    assert conflict.by == "Claire Cra" and not conflict.by_self
    assert [change.label for change in conflict.changes] == ["Présentation du pôle"]
    assert conflict.changes[0].current == "Présentation de la CRA."
    db.expire_all()
    assert db.get(Pole, pole.id).description == "Présentation de la CRA."
    assert db.get(EditStamp, f"pole:{pole.id}").version == (2 if saved_before else 1)


def test_a_change_made_outside_a_form_is_caught_too(app, db, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    opened = opened_token(POLE_EDIT, pole)
    pole.website = "https://importe.example.org"  # an import, say: no form, no stamp
    db.commit()
    with pytest.raises(EditConflict) as caught:
        _save(pole.id, "Une présentation.", opened=opened, by_id=facilitator.id)
    assert caught.value.by is None and [c.label for c in caught.value.changes] == ["Site web"]
    assert "Cette fiche a été modifiée le " in caught.value.message
    db.expire_all()
    assert db.get(Pole, pole.id).description != "Une présentation."


def test_a_form_sent_without_what_it_was_opened_on_is_stamped_not_checked(app, db, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    _save(pole.id, "Une présentation.", opened="", by_id=facilitator.id)
    stamp = db.get(EditStamp, f"pole:{pole.id}")
    assert stamp.version == 1 and stamp.edited_by_id == facilitator.id
