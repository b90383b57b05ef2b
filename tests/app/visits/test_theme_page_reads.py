"""A theme's page reads its own needs, not every theme's, once the themes are named, and of the other open needs
only those of poles a suggestion may name: every open need of the network, with its themes, was read on each page
of a theme (half a second at national scale, ``bench/bench_pages_by_role.py``)."""

from __future__ import annotations

from app.visits import cohorts, themes
from models import Need
from tests.app.visits.conftest import TIERS_LIEU
from tests.sql_statements import rows_loaded


EPICERIE = ("Fidéliser les bénévoles de l'épicerie solidaire",
            "Comment fidéliser les bénévoles de notre épicerie solidaire et organiser leurs permanences au magasin ?")


def test_a_theme_is_named_as_on_the_list_and_reads_only_its_needs(db, network, make_pole):
    for region in ("11", "75", "32"):  # a second theme: three more poles of three regions share another need
        db.add(Need(pole=make_pole(region_code=region), title=EPICERIE[0], text=EPICERIE[1]))
    db.commit()
    listed = [(t.title, [n.id for n in t.needs]) for t in themes.theme_state(background=False).themes]
    with rows_loaded(db, Need) as read:
        theme = themes.suggested_theme(1)
    assert len(listed) == 2 and (theme.title, [n.id for n in theme.needs]) == listed[0]
    assert sorted(read) == sorted(int(i) for i in theme.cluster.need_ids)
    assert themes.suggested_theme(len(listed) + 1) is None


def test_the_invitees_are_found_among_the_needs_of_poles_a_suggestion_may_name(db, network, make_pole):
    newcomer = make_pole("Pôle nouveau à confirmer", region_code="11", confirmed=False)
    hidden = Need(pole=newcomer, title=TIERS_LIEU[0][0], text=TIERS_LIEU[0][1])
    db.add(hidden)
    db.commit()
    hidden_id = hidden.id
    theme = themes.suggested_theme(1)
    with rows_loaded(db, Need) as read:
        plan = cohorts.theme_plan(title=theme.title, theme_text=theme.theme_text, theme_needs=theme.needs,
                                  centroid=theme.centroid, viewer=network.organiser)
    assert {i.pole.id for i in plan.invitees} >= {p.id for p in network.poles}
    assert hidden_id not in read and read
