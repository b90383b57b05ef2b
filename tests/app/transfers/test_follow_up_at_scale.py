"""The follow-up at national scale: its figures counted from a few columns are those of the pairings read whole, its
page reads whole only its table's pairings, and the needs without a good match are scored once per version of what
they depend on (5,400 pairings read whole and every open need scored on each request took three seconds in
``bench/bench_pages_by_role.py``)."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.transfers import follow_up, reports, services
from matching.explain import CLOSE_SCORE
from models import NeedStatus, Pairing, PairingStatus, Theme
from tests.sql_statements import rows_loaded

S = PairingStatus
FILTERS = [{}, {"status": "requested"}, {"status": "completed"}, {"theme": "modele_economique"},
           {"region": "52"}, {"month": "2027-01"}, {"month": "2026-12"}]


@pytest.fixture
def world(db, scene, make_pairings, make_resource_person):
    """Pairings of every kind: two regions, a theme or none, statuses, a month boundary in Paris."""
    scene.food_need.themes = [db.get(Theme, "tourisme"), db.get(Theme, "modele_economique")]
    services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    person = make_resource_person()
    make_pairings(person, S.COMPLETED, 3, 0)
    make_pairings(person, S.REQUESTED, 4, 3)
    for n, pairing in enumerate(db.query(Pairing).order_by(Pairing.id)):
        pairing.created_at = datetime(2026, 12, 31, 23, 30) if n % 2 else datetime(2026, 11, 3 + n, 9)
    db.commit()
    return scene


@pytest.mark.parametrize("filters", FILTERS)
def test_the_rows_count_as_the_pairings_read_whole(app, world, filters):
    with app.test_request_context():
        whole = reports.all_pairings(**filters, viewer=world.organiser)
        rows = follow_up.follow_up_rows(**filters, viewer=world.organiser)
        assert [row.id for row in rows] == [p.id for p in whole]
        assert follow_up.rows_breakdown(rows) == reports.breakdown(whole)
        assert ({f.id for f in follow_up.feedback_of(**filters, viewer=world.organiser)}
                == {f.id for f in reports.all_feedback(viewer=world.organiser, of=whole)})


def test_the_page_reads_whole_only_the_pairings_of_its_table(app, client, login, db, world, make_pairings,
                                                             make_resource_person):
    make_pairings(make_resource_person(), S.VALIDATED, 55, 100)
    login(world.organiser)
    with rows_loaded(db, Pairing) as loaded:
        page = client.get("/organisation/suivi").get_data(as_text=True)
    assert "Répartition (64\u00a0transferts)" in page and "Page 1 sur 2" in page
    assert len(loaded) == 50


@pytest.mark.parametrize("threshold", [-100.0, CLOSE_SCORE, 100.0])
def test_the_kept_needs_without_good_match_are_those_computed_on_the_spot(app, world, threshold):
    follow_up.clear()
    with app.test_request_context():
        gaps, themes, regions = reports.needs_without_good_match(threshold=threshold, viewer=world.organiser)
        kept_gaps, kept_themes, kept_regions = follow_up.kept_gaps(threshold=threshold, viewer=world.organiser)
    assert [(g.need.id, g.best_score) for g in kept_gaps] == [(g.need.id, g.best_score) for g in gaps]
    assert (kept_themes, kept_regions) == (themes, regions)
    assert threshold != 100.0 or len(gaps) == 9  # every open need of the world


def test_the_needs_without_good_match_are_scored_again_only_when_a_need_changes(app, db, world, monkeypatch):
    follow_up.clear()
    scored: list[tuple[int, ...]] = []
    real = follow_up.gaps_among

    def counted(need_ids, threshold):
        scored.append(tuple(need_ids))
        return real(need_ids, threshold)

    monkeypatch.setattr(follow_up, "gaps_among", counted)
    with app.test_request_context():
        first = follow_up.kept_gaps(threshold=100.0, viewer=world.organiser)
        again = follow_up.kept_gaps(threshold=100.0, viewer=world.organiser)
        assert len(scored) == 1 and [g.need.id for g in again[0]] == [g.need.id for g in first[0]]
        world.food_need.text += " Nous cherchons aussi une cuisine partagée pour nos producteurs."
        db.commit()
        follow_up.kept_gaps(threshold=100.0, viewer=world.organiser)
        assert len(scored) == 2
        world.food_need.status = NeedStatus.CLOSED
        db.commit()
        after = follow_up.kept_gaps(threshold=100.0, viewer=world.organiser)
    assert len(scored) == 3 and len(after[0]) == len(first[0]) - 1
    assert world.food_need.id not in {g.need.id for g in after[0]}
