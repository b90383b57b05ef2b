"""Starting and finishing a batch run twice at once.

A double click on « Lancer un calcul » (or « Relancer ») computed two runs, the second one for nothing: a run already
queued or running for the same parameters (or the same re-run) now takes the second click, which reads a notice —
at the same instant too (PostgreSQL), the run starts waiting for one another. And the stale-run cleanup could mark a
slow run « échoué » (« relancez-le ») while it finished, then read it « terminé »: a run is now written only while it
is still running, and stays failed as the organiser was told."""

from __future__ import annotations

import html
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.transfers import batch
from models import BatchRun, BatchRunPair, BatchRunStatus, User, utcnow
from app.typography import french_spacing
from tests.app.html_parts import page_html
from tests.races import in_step, on_postgres, together


def _on_postgres(test):
    for mark in on_postgres:
        test = mark(test)
    return test


def _runs(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(BatchRun.id)))


@pytest.mark.web
def test_a_double_click_on_lancer_un_calcul_computes_one_run(app, client, login, csrf, db, scene):
    app.config["JOBS_RUNNER"] = "queue"  # the first run waits for a scheduler: still queued at the second click
    login(scene.organiser)
    form = {"csrf_token": csrf("/organisation/tsf/"), "min_score": "0,5"}
    first = client.post("/organisation/tsf/calculs", data=form)
    second = client.post("/organisation/tsf/calculs", data=form, follow_redirects=True)

    assert _runs(db) == 1
    run_id = db.scalar(select(BatchRun.id))
    assert first.headers["Location"].endswith(f"/organisation/tsf/calculs/{run_id}")
    assert second.request.path == f"/organisation/tsf/calculs/{run_id}"
    assert french_spacing(batch.ALREADY_RUNNING) in html.unescape(page_html(second))


@pytest.mark.web
def test_other_parameters_make_another_run(app, client, login, csrf, db, scene):
    app.config["JOBS_RUNNER"] = "queue"
    login(scene.organiser)
    for typed in ("0,5", "0,7"):
        client.post("/organisation/tsf/calculs", data={"csrf_token": csrf("/organisation/tsf/"), "min_score": typed})
    assert _runs(db) == 2


@pytest.mark.web
def test_a_double_click_on_relancer_reruns_once(app, client, login, csrf, db, scene):
    done = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    app.config["JOBS_RUNNER"] = "queue"
    login(scene.organiser)
    page = f"/organisation/tsf/calculs/{done.id}"
    for _click in range(2):
        response = client.post(f"{page}/relancer", data={"csrf_token": csrf(page)})
    assert _runs(db) == 2  # the run and its one re-run
    rerun = db.scalar(select(BatchRun).where(BatchRun.rerun_of_id == done.id))
    assert response.headers["Location"].endswith(f"/organisation/tsf/calculs/{rerun.id}")
    assert french_spacing(batch.ALREADY_RERUNNING) in html.unescape(page_html(client.get(response.headers["Location"])))


def test_a_finished_run_does_not_take_the_next_click(app, db, scene):
    first = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    launched = batch.launch_run(organiser=scene.organiser, min_score=0.0)
    assert launched.run.id != first.id and launched.notice is None


@_on_postgres
def test_two_clicks_at_the_same_instant_start_one_run(app, db, scene, monkeypatch):
    organiser_id = scene.organiser.id
    in_step(monkeypatch, batch, "_active_run", after=True)  # both looked for a run under way before either wrote

    def click() -> tuple[int, str | None]:
        launched = batch.launch_run(organiser=db_ext.session.get(User, organiser_id), min_score=0.5)
        return launched.run.id, launched.notice

    outcomes = together(app, {"premier clic": click, "second clic": click})

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    assert len({run_id for run_id, _ in outcomes.values()}) == 1, outcomes
    assert sorted(str(notice) for _, notice in outcomes.values()) == sorted([batch.ALREADY_RUNNING, "None"])
    assert _runs(db) == 1


@_on_postgres
def test_a_run_marked_failed_by_the_cleanup_while_finishing_stays_failed(app, db, scene, monkeypatch):
    run_id = batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id
    explain = batch.pair_explanations
    reaped: list[int] = []

    def cleanup_meanwhile(*args, **kwargs):
        """A page of the run opened once the run fell silent (its worker slow): the cleanup marks it failed."""
        def cleanup() -> None:
            with app.test_request_context():
                reaped.append(batch.reap_stale_runs(now=utcnow() + batch.STALE_AFTER + timedelta(minutes=1)))

        other = threading.Thread(target=cleanup)
        other.start()
        other.join(30)
        return explain(*args, **kwargs)

    monkeypatch.setattr(batch, "pair_explanations", cleanup_meanwhile)
    batch.execute_run(run_id)

    assert reaped == [1]
    db.expire_all()
    run = db.get(BatchRun, run_id)
    assert run.status is BatchRunStatus.FAILED and "relancez-le" in run.error, (run.status, run.error)
    assert db.scalar(select(func.count(BatchRunPair.id))) == 0
