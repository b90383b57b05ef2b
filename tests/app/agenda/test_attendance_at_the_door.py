"""The attendance sheet noted at the door (a national day of 400: the organiser ticks arrivals and saves every few
minutes): while the session goes on, a save notes the ticked present and leaves the others « non noté·e » (they
may still arrive); once it is over, the unticked are noted absent. Before, the first save at the door noted
everyone not yet arrived absent."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda import services
from app.agenda.pole_participation import region_participation
from app.agenda.queries import sessions_awaiting_attendance
from app.csv_export import BOM
from models import CollectiveRegistration, OutboxMessage, Role, utcnow
from tests.app.agenda.held import set_slots_at


@pytest.fixture
def door(db, publish, make_user, make_pole):
    """A session begun half an hour ago, ending in an hour and a half, with Anne, Bruno and Chloé registered."""
    session = publish()
    people = [make_user(Role.FACILITATOR, name=name, pole=make_pole(f"Pôle de {name}"))
              for name in ("Anne Arrivée", "Bruno Bientôt", "Chloé Coche")]
    registrations = [services.register(session_id=session.id, user=person) for person in people]
    set_slots_at(db, session, utcnow() - timedelta(minutes=30))
    return session, registrations


def _states(db, registrations) -> list[bool | None]:
    db.expire_all()
    return [db.get(CollectiveRegistration, r.id).attended for r in registrations]


def _thanks(db, registration) -> list[OutboxMessage]:
    """The thanks mails of ``registration`` still to be sent or sent (not those taken back)."""
    return list(db.scalars(select(OutboxMessage).where(
        OutboxMessage.key.like(f"agenda:%:registration:{registration.id}:%:thanks"),
        OutboxMessage.cancelled_at.is_(None))))


def test_at_the_door_the_unticked_stay_not_noted_and_after_the_end_they_are_absent(db, door, organiser):
    session, (anne, bruno, chloe) = door
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    assert _states(db, (anne, bruno, chloe)) == [True, None, None]  # Bruno and Chloé may still arrive
    [thanks] = _thanks(db, anne)
    assert thanks.due_at == session.ends_at  # asked for her feedback once the session is over, not at the door

    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id, bruno.id})
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id, bruno.id})
    assert _states(db, (anne, bruno, chloe)) == [True, True, None]
    assert len(_thanks(db, anne)) == 1 and len(_thanks(db, bruno)) == 1  # each save: no second thanks

    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})  # Bruno by mistake
    assert _states(db, (anne, bruno, chloe)) == [True, None, None]  # back to not noted, not absent
    assert _thanks(db, bruno) == []  # his thanks, not sent yet, with it
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id, bruno.id})  # he came
    assert len(_thanks(db, bruno)) == 1

    set_slots_at(db, session, utcnow() - timedelta(hours=3))  # the session is over
    present = services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id, bruno.id})
    assert present == 2
    assert _states(db, (anne, bruno, chloe)) == [True, True, False]  # Chloé never came: absent now
    assert len(_thanks(db, anne)) == 1 and len(_thanks(db, bruno)) == 1 and _thanks(db, chloe) == []
    assert db.scalar(select(OutboxMessage.id).where(OutboxMessage.key.endswith(":promoted"))) is None


def test_thanks_already_sent_are_not_sent_again_after_a_mistake(db, door, organiser):
    session, (anne, _, _) = door
    set_slots_at(db, session, utcnow() - timedelta(hours=3))
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    [thanks] = _thanks(db, anne)
    thanks.sent_at = utcnow()  # gone
    db.commit()
    services.record_attendance(session=session, organiser=organiser, attended_ids=set())
    assert _states(db, [anne]) == [False]
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    assert [m.id for m in _thanks(db, anne)] == [thanks.id]  # the one mail she already has


def test_a_session_noted_only_at_the_door_still_waits_for_its_presences(db, door, organiser):
    session, (anne, bruno, chloe) = door
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    set_slots_at(db, session, utcnow() - timedelta(hours=3))
    assert sessions_awaiting_attendance(organiser) == [session]  # Bruno and Chloé: neither present nor absent
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    assert sessions_awaiting_attendance(organiser) == []


#: The cell of the column « Présence » (a card's line on a phone: ``labelled_cells``).
CELL = '<td role="cell" data-label="Présence">'


def test_the_region_s_review_says_presences_still_to_note_after_a_door_only_sheet(db, door, organiser):
    session, (anne, _, _) = door
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    set_slots_at(db, session, utcnow() - timedelta(hours=3))

    def noted() -> bool:
        region = region_participation(viewer=organiser, year=session.starts_at.year, region_code="53")
        return next(s.noted for s in region.sessions if s.session_id == session.id)

    assert not noted()  # Bruno and Chloé's poles: « présences à noter », not « registered without coming »
    services.record_attendance(session=session, organiser=organiser, attended_ids={anne.id})
    assert noted()


def _page(client, session, query: str = "") -> str:
    return html.unescape(client.get(f"/organisation/agenda/{session.id}/presences{query}").get_data(as_text=True))


@pytest.mark.web
def test_the_page_and_its_csv_say_the_three_states_and_what_a_save_does(client, db, login, csrf, door, organiser):
    session, (anne, bruno, chloe) = door
    login(organiser)
    page = _page(client, session)
    assert ("La session est en cours\u00a0: les personnes non cochées restent «\u00a0non notées\u00a0» jusqu'à la "
            "fin de la session.") in page
    url = f"/organisation/agenda/{session.id}/presences"
    form = {"csrf_token": csrf(url), "present": [str(anne.id)], "shown_present": _shown(page)}
    assert client.post(url, data=form).location == url  # back to the sheet for the next arrivals
    assert _states(db, (anne, bruno, chloe)) == [True, None, None]
    page = _page(client, session)
    assert page.count(f"{CELL}non noté·e</td>") == 2 and page.count(f"{CELL}présent·e</td>") == 1
    rows = client.get(f"/organisation/agenda/{session.id}/inscriptions.csv").get_data(as_text=True)
    assert ";présent·e;" in rows and rows.removeprefix(BOM).count(";non noté·e;") == 2
    assert rows.removeprefix(BOM).splitlines()[0].endswith(";Présence;Utilité (sur 5)")

    set_slots_at(db, session, utcnow() - timedelta(hours=3))
    page = _page(client, session, "?q=bruno")
    assert "La session est terminée\u00a0: les personnes non cochées seront notées absentes." in page
    # A search shows Bruno alone: saving it notes him, and leaves Chloé, not shown, as she was.
    form = {"csrf_token": csrf(url), "present": [str(anne.id)], "shown_present": _shown(page)}
    assert client.post(f"{url}?q=bruno", data=form).status_code == 302
    assert _states(db, (anne, bruno, chloe)) == [True, False, None]
    page = _page(client, session)
    assert f"{CELL}absent·e</td>" in page and f"{CELL}non noté·e</td>" in page


def _shown(page: str) -> str:
    """The boxes the sheet drew ticked (its hidden ``shown_present``)."""
    return re.search(r'name="shown_present" type="hidden" value="([^"]*)"', page).group(1)
