"""Reviewing a batch run's pairs several at a time: tick the pairs to send and keep only them, or tick the ones
to remove (walk of the organisers: sending ten pairs out of forty-seven took thirty-seven « Retirer », one page
load each)."""

from __future__ import annotations

import pytest

from app.transfers import batch, batch_review
from app.transfers.batch_review import Review
from app.transfers.services import TransferError
from models import BatchRun, BatchRunStatus
from tests.app.html_parts import page_text


def _run(scene) -> BatchRun:
    return batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)


def _kept(db, run: BatchRun) -> set[int]:
    db.expire_all()
    return {pair.need_id for pair in db.get(BatchRun, run.id).pairs if not pair.removed}


@pytest.mark.web
def test_keeping_only_the_ticked_pairs_sends_only_them(client, login, csrf, db, scene):
    run = _run(scene)
    first, second = sorted(run.pairs, key=lambda pair: pair.id)
    login(scene.organiser)
    page = f"/organisation/tsf/calculs/{run.id}"
    token = csrf(page)
    assert f'name="binome" value="{first.id}"' in client.get(page).get_data(as_text=True)
    response = client.post(f"{page}/binomes/coches", data={"csrf_token": token, "action": "garder",
                                                            "binome": [str(first.id)]})
    assert response.status_code == 302
    assert "1 binôme retiré." in page_text(client.get(response.headers["Location"]))
    assert _kept(db, run) == {first.need_id}
    created = batch.approve_run(run_id=run.id, organiser=scene.organiser)
    assert [pairing.need_id for pairing in created] == [first.need_id]  # the other one never left
    assert second.need_id != first.need_id


def test_removing_then_restoring_the_ticked_pairs(db, scene):
    run = _run(scene)
    ids = [pair.id for pair in run.pairs]
    assert batch_review.review_pairs(run_id=run.id, pair_ids=ids, review=Review.REMOVE) == (2, 0)
    assert _kept(db, run) == set()
    assert batch_review.review_pairs(run_id=run.id, pair_ids=ids[:1], review=Review.RESTORE) == (0, 1)
    assert len(_kept(db, run)) == 1
    assert batch_review.reviewed_notice(2, 0) == "2\u00a0binômes retirés."


def test_nothing_ticked_or_another_runs_pairs_change_nothing(db, scene):
    run, other = _run(scene), _run(scene)
    with pytest.raises(TransferError, match="Cochez au moins un binôme"):
        batch_review.review_pairs(run_id=run.id, pair_ids=[], review=Review.KEEP_ONLY)
    with pytest.raises(TransferError, match="Cochez au moins un binôme"):
        batch_review.review_pairs(run_id=run.id, pair_ids=[p.id for p in other.pairs], review=Review.REMOVE)
    assert len(_kept(db, run)) == 2


def test_an_approved_run_is_reviewed_no_more(db, scene):
    run = _run(scene)
    batch.approve_run(run_id=run.id, organiser=scene.organiser)
    assert db.get(BatchRun, run.id).status is BatchRunStatus.APPROVED
    with pytest.raises(TransferError, match="non encore approuvé"):
        batch_review.review_pairs(run_id=run.id, pair_ids=[p.id for p in run.pairs], review=Review.REMOVE)
