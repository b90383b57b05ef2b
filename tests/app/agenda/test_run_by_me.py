"""« Vos sessions collectives » on an organiser's « Mon espace » (walk 19: a CRA found the sessions it published
again only through /agenda): those it runs (a CRA its region's, the national team every one), to come first, then
those held lately with their presences to note; a few of each, in one statement."""

from __future__ import annotations

import html
from datetime import timedelta

from app.agenda import cancellation, services
from app.agenda.run_by_me import HELD_SHOWN, UPCOMING_SHOWN, sessions_run_by
from models import Role, utcnow
from tests.app.agenda.held import set_slots_at
from tests.sql_statements import page_statements

OCCITANIE, AURA = "76", "84"


def _section(page: str) -> str:
    page = html.unescape(page).replace("\u00a0", " ")
    return page[page.index('id="vos-sessions"'):].split("</section>")[0]


def test_a_cra_reads_its_regions_sessions_to_come_then_those_held_with_presences_to_note(
        db, client, login, publish, organiser, make_user, facilitator):
    cra = make_user(Role.ORGANISER, region_code=OCCITANIE)
    other_cra = make_user(Role.ORGANISER, region_code=AURA)
    coming = publish(by=cra, title="Rencontre inter-PTCE d'Occitanie")
    held = publish(by=cra, title="Atelier Scic à Toulouse")
    services.register(session_id=held.id, user=facilitator)
    set_slots_at(db, held, utcnow() - timedelta(days=3))
    elsewhere = publish(by=other_cra, title="Rencontre des PTCE d'Auvergne-Rhône-Alpes")
    cancelled = publish(by=cra, title="Session annulée")
    cancellation.cancel(session=cancelled, organiser=cra)

    login(cra)
    section = _section(client.get("/mon-espace").get_data(as_text=True))
    assert "Vos sessions collectives" in section
    assert section.index(coming.title) < section.index("Passées récemment") < section.index(held.title)
    assert f'href="/organisation/agenda/{held.id}/presences">présences à noter' in section
    assert "1 personne inscrite" in section and elsewhere.title not in section and cancelled.title not in section
    assert f'href="/agenda?region={OCCITANIE}"' in section

    national = sessions_run_by(organiser)  # the national team runs every session
    assert {s.id for s in national.upcoming} >= {coming.id, elsewhere.id}
    assert [s.id for s in national.held] == [held.id]


def test_a_few_of_each_named_in_one_statement_whatever_the_agenda_holds(db, client, login, publish, make_user):
    cra = make_user(Role.ORGANISER, region_code=OCCITANIE)
    publish(by=cra, title="Session 0")
    login(cra)
    one, _ = page_statements(client, db, "/mon-espace")
    sessions = [publish(by=cra, title=f"Session {n}") for n in range(1, UPCOMING_SHOWN + HELD_SHOWN + 3)]
    for n, session in enumerate(sessions[:HELD_SHOWN + 1]):
        set_slots_at(db, session, utcnow() - timedelta(days=n + 1))
    many, page = page_statements(client, db, "/mon-espace")
    assert many == one  # one statement, read the same with one session or eleven

    run = sessions_run_by(cra)
    assert len(run.upcoming) == UPCOMING_SHOWN and run.upcoming_total == UPCOMING_SHOWN + 2
    assert [s.title for s in run.held] == ["Session 1", "Session 2", "Session 3"]  # latest first, cut at HELD_SHOWN
    assert len(run.held) == HELD_SHOWN

    publish(by=cra, title="Session de trop")
    section = _section(client.get("/mon-espace").get_data(as_text=True))
    assert f"Toutes les sessions à venir ({UPCOMING_SHOWN + 3}) dans l'agenda" in section
    assert "Session de trop" not in section
