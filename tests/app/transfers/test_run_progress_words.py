"""A batch run waiting to start read « En attente — En attente (0 %) » (walk without JavaScript): the stage is
said after the status only when it says more."""

from __future__ import annotations

import pytest

from app.transfers import batch
from models import BatchRunStatus
from tests.app.html_parts import page_text


@pytest.mark.web
def test_a_queued_run_says_its_status_once(client, login, db, scene):
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    assert run.status is BatchRunStatus.QUEUED and run.stage == "En attente"
    login(scene.organiser)
    text = page_text(client.get(f"/organisation/tsf/calculs/{run.id}"))  # no-break spaces read as spaces
    assert "En attente (0 %)" in text
    assert "En attente — En attente" not in text


@pytest.mark.web
def test_a_running_run_says_its_stage(client, login, db, scene):
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    run.status, run.stage, run.progress = BatchRunStatus.RUNNING, "Calcul des scores", 0.4
    db.commit()
    login(scene.organiser)
    text = page_text(client.get(f"/organisation/tsf/calculs/{run.id}"))
    assert f"{BatchRunStatus.RUNNING.label} — Calcul des scores (40 %)" in text
