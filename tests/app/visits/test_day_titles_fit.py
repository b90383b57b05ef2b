"""Each day of a visit with a long title keeps its number in the calendar (walk of 6 December 2026: a visit named
after three themes, 176 characters, gave two days both titled « Visite apprenante « … » — » — the meeting's title is
cut at 200 characters, and « jour 1 », « jour 2 » were what was cut)."""

from __future__ import annotations

from datetime import date, timedelta

from models import Meeting

LONG_TITLE = ("Alimentation durable, circuits courts, restauration collective · Groupements d'employeurs et "
              "emplois mutualisés · Mutualisation de moyens (locaux, matériel, fonctions support)")


def test_a_long_title_is_shortened_not_the_day_number(db, network):
    from app.visits import services

    visit = services.create_visit(
        organiser=network.organiser, host=network.host, title=LONG_TITLE, theme_text=LONG_TITLE,
        start_date=date.today() + timedelta(days=30), capacity=4, programme="", place="", invited=network.poles)
    titles = [day.title for day in visit.sessions]
    limit = Meeting.__table__.c.title.type.length
    assert all(len(t) <= limit for t in titles), [len(t) for t in titles]
    assert titles[0].endswith("» — jour 1") and titles[1].endswith("» — jour 2"), titles
    assert titles[0].startswith("Visite apprenante «\u00a0Alimentation durable") and "…" in titles[0]


def test_a_short_title_is_whole(db, make_visit):
    visit = make_visit()
    assert [day.title for day in visit.sessions] == [
        f"Visite apprenante «\u00a0{visit.title}\u00a0» — jour {n}" for n in (1, 2)]
