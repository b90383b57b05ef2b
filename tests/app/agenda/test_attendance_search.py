"""Finding one person among 400 on the attendance sheet (walk of a national day, on a phone at the door): the page
had no search, 420 table rows then 400 boxes to scroll. « Chercher » (?q=) keeps the rows and boxes of the people
found, accents and case ignored, without JavaScript; saving keeps the presences of the people it left out."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from app.agenda import services
from models import CollectiveRegistration, Meeting, Role, utcnow


def _started_day(db, publish, make_user, make_pole) -> tuple:
    session = publish(capacity=10)
    people = {name: services.register(session_id=session.id, user=make_user(
        Role.FACILITATOR, pole=make_pole(pole), name=name))
        for name, pole in (("Anne Dupré", "Pôle territoire solidaire du Lauragais"),
                           ("Bruno Martin", "Collectif Cooper"), ("Chloé Petit", "Pôle des Monts"))}
    slot = db.get(Meeting, session.slots[0].id)
    slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=2)
    db.commit()
    return session, people


def _boxes(page: str) -> list[str]:
    return re.findall(r'name="present" type="checkbox" value="(\d+)"', page)


def test_the_search_keeps_the_people_found_by_name_or_pole(client, db, login, publish, organiser, make_user,
                                                           make_pole):
    session, people = _started_day(db, publish, make_user, make_pole)
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    whole = html.unescape(client.get(url).get_data(as_text=True))
    assert 'type="search"' in whole and len(_boxes(whole)) == 3
    by_name = html.unescape(client.get(url, query_string={"q": "dupre"}).get_data(as_text=True))
    assert _boxes(by_name) == [str(people["Anne Dupré"].id)]
    assert "Bruno Martin" not in by_name and "1\u00a0personne trouvée pour «\u00a0dupre\u00a0» sur 3." in by_name
    by_pole = html.unescape(client.get(url, query_string={"q": "COOPER"}).get_data(as_text=True))
    assert _boxes(by_pole) == [str(people["Bruno Martin"].id)]
    nobody = html.unescape(client.get(url, query_string={"q": "zorglub"}).get_data(as_text=True))
    assert _boxes(nobody) == [] and "Personne ne correspond à «\u00a0zorglub\u00a0»." in nobody
    # Said in words, as one says it (walk of 7 December 2026: « 0 personne trouvée pour « cevennes » sur 3. »).
    assert "Aucune personne trouvée pour «\u00a0zorglub\u00a0» sur 3." in nobody


def test_saving_a_search_keeps_the_others_presences_and_comes_back_to_the_search(client, db, login, csrf, publish,
                                                                                organiser, make_user, make_pole):
    session, people = _started_day(db, publish, make_user, make_pole)
    services.record_attendance(session=session, organiser=organiser, attended_ids={people["Bruno Martin"].id})
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    page = client.get(url, query_string={"q": "chloe"}).get_data(as_text=True)
    shown = re.search(r'name="shown_present" type="hidden" value="([^"]*)"', page).group(1)
    assert _boxes(page) == [str(people["Chloé Petit"].id)]  # Bruno, left out by the search, has no box to send
    response = client.post(f"{url}?q=chloe", data={"csrf_token": csrf(url), "shown_present": shown,
                                                   "present": [str(people["Chloé Petit"].id)]})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)  # the search, for the next
    db.expire_all()
    present = {r.user.display_name for r in db.query(CollectiveRegistration).filter_by(
        collective_session_id=session.id) if r.attended}
    assert present == {"Bruno Martin", "Chloé Petit"}


def _walk_in_boxes(page: str) -> list[str]:
    return re.findall(r'name="walk_ins" type="checkbox" value="(\d+)"', page)


def test_the_search_finds_a_pole_come_without_registration(client, db, login, csrf, publish, organiser, make_user,
                                                           make_pole):
    """Walk of 7 December 2026, at the door on a phone: « Chercher une personne ou un pôle » left the hundred poles
    of « Ajouter des pôles venus sans inscription » all there, 3 600 pixels to scroll for the one that came."""
    session, _people = _started_day(db, publish, make_user, make_pole)
    vosges = make_pole("Pôle Textile Solidaire des Vosges")
    make_pole("Pôle Énergies Partagées du Morvan")
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    whole = html.unescape(client.get(url).get_data(as_text=True))
    assert str(vosges.id) in _walk_in_boxes(whole) and len(_walk_in_boxes(whole)) > 1
    found = html.unescape(client.get(url, query_string={"q": "VOSGES"}).get_data(as_text=True))
    assert _walk_in_boxes(found) == [str(vosges.id)]
    assert "<details open><summary>Ajouter des pôles venus sans inscription" in found  # no registration found: open
    response = client.post(f"{url}?q=VOSGES", data={"csrf_token": csrf(url), "shown_present": "",
                                                    "walk_ins": [str(vosges.id)]})
    assert response.status_code == 302
    db.expire_all()
    assert vosges.id in {r.pole_id for r in db.query(CollectiveRegistration).filter_by(
        collective_session_id=session.id, attended=True)}
    nobody = html.unescape(client.get(url, query_string={"q": "zorglub"}).get_data(as_text=True))
    assert _walk_in_boxes(nobody) == [] and "Aucun pôle sans inscription ne correspond à «\u00a0zorglub\u00a0»." in nobody
