"""Avise's batch pairing runs: freeze the input, solve exactly (greedy beside it), review, approve.

A run goes queued → running → done (or failed) → approved. The input is frozen in
``BatchRun.snapshot`` (need and person ids, capacities left, regions, forbidden pairs, every
positive affinity rounded to 6 decimals, the embedding model's name) and the problem is always
rebuilt *from the snapshot*, so re-running a run gives the same pairs. That input side (open needs,
available people, snapshot, explanations) lives in ``app.transfers.batch_input``.

Solving is a background job (``app/jobs/``, kind ``batch-run``): a scheduler process claims it (or,
in development on SQLite, a thread of the web process runs it). It writes its stage and progress to
the run row and to the job row in short separate transactions, and writes the pairs and the result
in one final transaction. Any exception leaves the run ``failed`` with no pair written. A run whose
process died is taken again by the job queue once its claim expires (and restarted from scratch);
a run whose job is dead, or a run without a live job and silent for ``STALE_AFTER``, is marked
failed when next looked at.

Each pair found comes with the engine's explanation (its best offer and the reasons), kept in
``BatchRun.result["explanations"]``: the proposal it becomes shows « Pourquoi ce binôme » to the
resource person and the pole, even once the person's capacity is taken (the live explanation then
finds no room).

Approval is all or nothing: one transaction flips the run from done to approved with a conditional
UPDATE (the loser of two concurrent approvals updates no row and gets a French message) and
creates every proposal, its history and its notifications. The organiser approves from a
confirmation page that says how many proposals go to how many people (``approval_preview``).
"""

from __future__ import annotations

import hashlib

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from flask import current_app
from sqlalchemy import select, update

from app.access.scopes import batch_pair_in_scope, batch_run_in_scope
from app.extensions import db
from app.typography import count
from app.locks import lock_name, lock_row, lock_rows
from app.jobs.queue import enqueue, latest_job, report_progress
from app.poles.region_lock import lock_regions
from app.transactions import transactional
from app.transfers.batch_input import (
    DECIMALS, build_snapshot, pair_explanations, pair_key, problem_from_snapshot, stored_explanations,
)
from app.transfers.batch_review import set_pair_removed as set_pair_removed, swap_options as swap_options
from app.transfers.batch_review import swap_pair as swap_pair  # the run page's edits of one pair
from app.transfers.batch_input import OpenNeeds as OpenNeeds  # re-exported: the console's callers ask batch
from app.transfers.batch_input import available_people as available_people
from app.transfers.batch_input import available_people_paged as available_people_paged
from app.transfers.batch_input import open_need_counts as open_need_counts
from app.transfers.batch_input import open_transfer_needs as open_transfer_needs
from app.transfers.batch_input import open_transfer_needs_paged as open_transfer_needs_paged
from app.transfers.services import S, TransferError, propose_pairing
from app.transfers.step_notices import recipients_of
from matching.assign import compare
from models import BatchRun, BatchRunPair, BatchRunStatus, Job, JobState, Need, Pairing, ResourcePerson, User, utcnow

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
#: Progress is written at most this often (seconds) unless it moved by ``PROGRESS_STEP``.
PROGRESS_EVERY = 0.5
PROGRESS_STEP = 0.05


# --------------------------------------------------------------------------- #
# Running
# --------------------------------------------------------------------------- #


#: Said to the second click on « Lancer un calcul » / « Relancer » (a double click, another organiser at once).
ALREADY_RUNNING = "Un calcul avec les mêmes paramètres est déjà en cours : le voici. Il n'a pas été lancé une seconde fois."
ALREADY_RERUNNING = "Ce calcul est déjà en train d'être relancé : le voici. Il n'a pas été relancé une seconde fois."


@dataclass(frozen=True)
class Launched:
    """The run a click on « Lancer un calcul » or « Relancer » leads to; ``notice`` when it was already under way."""

    run: BatchRun
    notice: str | None = None


def _active_run(params: dict, rerun_of_id: int | None) -> BatchRun | None:
    """The queued or running run of the same scope: the same run re-run, or a fresh run with the same parameters."""
    query = select(BatchRun).where(BatchRun.status.in_([BatchRunStatus.QUEUED, BatchRunStatus.RUNNING]))
    query = query.where(BatchRun.rerun_of_id == rerun_of_id if rerun_of_id is not None else BatchRun.rerun_of_id.is_(None))
    return next((run for run in db.session.scalars(query.order_by(BatchRun.id)) if run.params == params), None)


@transactional
def launch_run(*, organiser: User, min_score: float, max_per_person_per_region: int | None = None,
               rerun_of: BatchRun | None = None) -> Launched:
    """A queued run; ``rerun_of`` copies another run's parameters and snapshot (identical re-run).

    Idempotent: while a run of the same scope is queued or running, the click leads to it (with a notice) and
    nothing is computed twice. Run starts wait for one another on a named lock, so two at once see each other.
    """
    if rerun_of is not None:
        if rerun_of.snapshot is None:
            raise TransferError("Ce calcul n'a pas d'instantané enregistré : impossible de le relancer à l'identique.")
        params = dict(rerun_of.params)
    else:
        if not 0.0 <= min_score <= 20.0:
            raise TransferError("Le score minimal est compris entre 0 et 20.")
        if max_per_person_per_region is not None and max_per_person_per_region < 1:
            raise TransferError("Le plafond par région est d'au moins 1.")
        params = {"min_score": min_score, "max_per_person_per_region": max_per_person_per_region}
    lock_name(db.session, "batch-run-start")
    rerun_of_id = rerun_of.id if rerun_of is not None else None
    active = _active_run(params, rerun_of_id)
    if active is not None:
        return Launched(active, ALREADY_RERUNNING if rerun_of is not None else ALREADY_RUNNING)
    run = BatchRun(organiser_id=organiser.id, params=params, snapshot=rerun_of.snapshot if rerun_of else None,
                   rerun_of_id=rerun_of_id, stage="En attente")
    db.session.add(run)
    db.session.flush()
    return Launched(run)


def _write_progress(run_id: int, stage: str, fraction: float) -> None:
    """Progress in its own short transaction (never mixed with the run's results), on the run and its job."""
    with db.engine.begin() as conn:
        conn.execute(update(BatchRun).where(BatchRun.id == run_id, BatchRun.status == BatchRunStatus.RUNNING)
                     .values(stage=stage[:200], progress=float(fraction), heartbeat_at=utcnow()))
    report_progress(stage, fraction, force=True)


def _progress_writer(run_id: int):  # noqa: ANN202
    last = {"at": 0.0, "fraction": -1.0}

    def report(stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - last["at"] >= PROGRESS_EVERY or fraction - last["fraction"] >= PROGRESS_STEP or fraction >= 1:
            last["at"], last["fraction"] = now, fraction
            _write_progress(run_id, stage, fraction)

    return report


def execute_run(run_id: int) -> BatchRun:
    """Solve run ``run_id`` in the current app context; results in one transaction, or ``failed``."""
    session = db.session
    claimed = session.execute(
        update(BatchRun).where(BatchRun.id == run_id, BatchRun.status == BatchRunStatus.QUEUED)
        .values(status=BatchRunStatus.RUNNING, started_at=utcnow(), heartbeat_at=utcnow(),
                stage="Préparation", progress=0.0))
    session.commit()
    run = session.get(BatchRun, run_id)
    if claimed.rowcount != 1:
        return run
    report = _progress_writer(run_id)
    try:
        snapshot = run.snapshot
        if snapshot is None:
            report("Calcul des affinités", 0.01)
            snapshot = build_snapshot(min_score=float(run.params.get("min_score", 0.0)))
        session.commit()  # end the read transaction: nothing is held while solving
        problem = problem_from_snapshot(snapshot, run.params)
        comparison = compare(problem, lambda stage, f: report(stage, 0.05 + 0.85 * f))
        need_ids, person_ids = snapshot["need_ids"], snapshot["person_ids"]
        report("Explication des binômes", 0.9)
        explanations = pair_explanations((need_ids[i], person_ids[p]) for i, p, _ in comparison.exact.pairs)
        report("Enregistrement", 0.97)
        # The stale-run cleanup (or a new attempt of the job) may have taken the run meanwhile: it is written only
        # while still ours, under its row lock, which the cleanup's conditional update waits for in turn.
        run = lock_row(session, BatchRun, run_id)
        if run is None or run.status is not BatchRunStatus.RUNNING:
            session.rollback()
            log.warning("batch run %s was no longer running when it finished: its result is dropped", run_id)
            return session.get(BatchRun, run_id, populate_existing=True)
        run.snapshot = snapshot
        run.pairs = [BatchRunPair(need_id=need_ids[i], resource_person_id=person_ids[p], score=round(float(s), DECIMALS))
                     for i, p, s in comparison.exact.pairs]
        run.result = {
            "n_needs": len(need_ids), "n_people": len(person_ids),
            "exact": {"total": comparison.exact_total, "covered": comparison.exact.needs_covered,
                      "seconds": round(comparison.exact_seconds, 3), "tolerance": comparison.exact.tolerance},
            "greedy": {"total": comparison.greedy_total, "covered": comparison.greedy.needs_covered,
                       "seconds": round(comparison.greedy_seconds, 3)},
            "ratio": None if not np.isfinite(comparison.ratio) else comparison.ratio,
            "shared_pairs": comparison.shared_pairs,
            "unmatched": [{"need_id": need_ids[i], "code": reason.code, "text": reason.text}
                          for i, reason in sorted(comparison.exact.unmatched.items())],
            "explanations": explanations,
        }
        run.status, run.stage, run.progress = BatchRunStatus.DONE, "Terminé", 1.0
        run.finished_at = run.heartbeat_at = utcnow()
        session.commit()
    except Exception as error:
        log.exception("batch run %s failed", run_id)
        session.rollback()
        session.execute(update(BatchRun).where(BatchRun.id == run_id, BatchRun.status == BatchRunStatus.RUNNING).values(
            status=BatchRunStatus.FAILED, stage="Échec", finished_at=utcnow(),
            error=f"{type(error).__name__}: {error}"[:2000]))
        session.commit()
        run = session.get(BatchRun, run_id, populate_existing=True)
    return run


def job_key(run_id: int) -> str:
    return f"batch-run:{run_id}"


def start_run(run: BatchRun) -> Job | None:
    """Queue the solving of ``run`` as a background job (or solve inline when ``BATCH_RUN_IN_BACKGROUND`` is off)."""
    if not current_app.config["BATCH_RUN_IN_BACKGROUND"]:
        execute_run(run.id)
        return None
    return enqueue("batch-run", {"run_id": run.id}, key=job_key(run.id))


def requeue_interrupted_run(run_id: int) -> None:
    """A new attempt of the run's job: a run left ``running`` by a process that died starts again."""
    db.session.execute(
        update(BatchRun).where(BatchRun.id == run_id, BatchRun.status == BatchRunStatus.RUNNING)
        .values(status=BatchRunStatus.QUEUED, stage="Reprise après interruption", progress=0.0))
    db.session.commit()


def reap_stale_runs(*, now=None) -> int:  # noqa: ANN001
    """Mark failed the runs that will never finish: their job is dead, or they have no live job and are silent."""
    now = now or utcnow()
    reaped = 0
    candidates = db.session.execute(
        select(BatchRun.id, BatchRun.heartbeat_at, BatchRun.created_at)
        .where(BatchRun.status.in_([BatchRunStatus.QUEUED, BatchRunStatus.RUNNING]))).all()
    for run_id, heartbeat_at, created_at in candidates:
        job = latest_job(job_key(run_id))
        if job is not None and job.state is JobState.DEAD:
            error = f"Le calcul a échoué après {count(job.attempts, 'essai')} : relancez-le. ({job.last_error or ''})"
        elif job is None and (heartbeat_at or created_at) < now - STALE_AFTER:
            error = "Le calcul a été interrompu (redémarrage du serveur) : relancez-le."
        else:
            continue
        result = db.session.execute(
            update(BatchRun).where(BatchRun.id == run_id,
                                   BatchRun.status.in_([BatchRunStatus.QUEUED, BatchRunStatus.RUNNING]))
            .values(status=BatchRunStatus.FAILED, stage="Interrompu", finished_at=now, error=error[:2000]))
        reaped += result.rowcount or 0
    db.session.commit()
    return reaped


# --------------------------------------------------------------------------- #
# Review
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Reviewed:
    """A run's pairs as the review left them: what approval sends (the computation's figures stay in ``result``)."""

    kept: int
    removed: int
    swapped: int
    #: Needs that keep a resource person (one pair per need).
    covered: int
    total: float

    @property
    def changes(self) -> str:
        """« 1 binôme retiré, 2 binômes échangés » (only what happened; empty when the review changed nothing)."""
        parts = [(self.removed, "binôme retiré", "binômes retirés"), (self.swapped, "binôme échangé", "binômes échangés")]
        return ", ".join(count(n, one, many) for n, one, many in parts if n)


def reviewed(run: BatchRun) -> Reviewed:
    """The run's figures after review: pairs kept, removed, swapped, needs covered, total affinity kept."""
    kept = [pair for pair in run.pairs if not pair.removed]
    return Reviewed(kept=len(kept), removed=len(run.pairs) - len(kept), swapped=sum(p.swapped for p in kept),
                    covered=len({p.need_id for p in kept}), total=float(sum(p.score for p in kept)))


@dataclass(frozen=True)
class ApprovalPreview:
    """What approving a run will do: proposals made, and who hears of them (by e-mail and in their bell)."""

    proposals: int
    people: int
    poles: int
    facilitators: int
    mails: int
    #: Which pairs were reviewed (``review_fingerprint``): approval refuses to send if they changed since.
    fingerprint: str


def approval_preview(run: BatchRun) -> ApprovalPreview:
    """Count the proposals a run's approval makes and their recipients, with the rule the notices follow."""
    kept = [pair for pair in run.pairs if not pair.removed]
    needs = {n.id: n for n in db.session.scalars(select(Need).where(Need.id.in_({p.need_id for p in kept})))}
    people = {p.id: p for p in db.session.scalars(
        select(ResourcePerson).where(ResourcePerson.id.in_({p.resource_person_id for p in kept})))}
    mails, facilitators = 0, set()
    for pair in kept:
        need, person = needs[pair.need_id], people[pair.resource_person_id]
        recipients = recipients_of(need, person, S.PROPOSED)
        mails += len(recipients)
        facilitators.update(user.id for user in recipients if user.id != person.user_id)
    return ApprovalPreview(proposals=len(kept), people=len(people), poles=len({n.pole_id for n in needs.values()}),
                           facilitators=len(facilitators), mails=mails, fingerprint=review_fingerprint(kept))


def review_fingerprint(kept: list[BatchRunPair]) -> str:
    """The kept pairs, as (need, person), in one short string: a swap or a removal undone by a restore changes
    it even when the number of pairs stays the same."""
    pairs = sorted(f"{pair.need_id}:{pair.resource_person_id}" for pair in kept)
    return hashlib.sha256(",".join(pairs).encode()).hexdigest()[:16]


def _kept_pairs(run_id: int) -> list[BatchRunPair]:
    """The pairs of a run that approval sends, read afresh."""
    return list(db.session.scalars(
        select(BatchRunPair).where(BatchRunPair.run_id == run_id, BatchRunPair.removed.is_(False))
        .order_by(BatchRunPair.id).execution_options(populate_existing=True)))


@transactional
def approve_run(*, run_id: int, organiser: User, expected: str | None = None) -> list[Pairing]:
    """Create every kept pair as a proposal, in one unit of work; a second approval gets a TransferError.

    ``expected``: the ``review_fingerprint`` of the pairs the confirmation page announced; if the review
    changed since, nothing is sent (the whole unit of work is rolled back) and the organiser reads the new
    figures first. The accounts, then the resource persons of the run are locked first (each in id order, the order
    every proposal takes, so nothing deadlocks): each proposal counts against capacity what the others committed.
    """
    session = db.session
    now = utcnow()
    flipped = session.execute(
        update(BatchRun).where(BatchRun.id == run_id, BatchRun.status == BatchRunStatus.DONE)
        .values(status=BatchRunStatus.APPROVED, approved_at=now, approved_by_id=organiser.id))
    run = session.get(BatchRun, run_id, populate_existing=True)
    if flipped.rowcount != 1:
        if run is not None and run.status is BatchRunStatus.APPROVED:
            who = session.get(User, run.approved_by_id) if run.approved_by_id else None
            by = f" par {who.display_name}" if who else ""
            raise TransferError(f"Ce calcul a déjà été approuvé{by} : les propositions sont déjà parties, "
                                "aucune n'a été créée en double.")
        raise TransferError("Ce calcul n'est pas prêt à être approuvé.")
    pairs = _kept_pairs(run_id)
    if expected is not None and expected != review_fingerprint(pairs):
        raise TransferError(f"Les binômes ont changé depuis le récapitulatif ({count(len(pairs), 'binôme retenu')} "
                            "désormais) : relisez-le avant d'envoyer. Rien n'a été envoyé.")
    explanations = stored_explanations(run, pairs)
    person_ids = [pair.resource_person_id for pair in pairs]
    # The needs' poles first, as a proposal by hand (``app.poles.region_lock``): their regions, then the accounts.
    lock_regions(session.scalars(select(Need.pole_id).where(Need.id.in_([pair.need_id for pair in pairs]))))
    # Accounts before people, as a proposal by hand locks them (``lifecycle._lock_accounts``): else a deadlock.
    accounts = session.scalars(select(ResourcePerson.user_id).where(ResourcePerson.id.in_(person_ids)))
    lock_rows(session, User, [organiser.id, *accounts])
    people = lock_rows(session, ResourcePerson, person_ids)
    created = []
    for pair in pairs:
        need = session.get(Need, pair.need_id)
        person = people[pair.resource_person_id]
        why = explanations.get(pair_key(pair.need_id, pair.resource_person_id)) or {}
        offer_id = why.get("offer_id") if why.get("offer_id") in {o.id for o in person.offers} else None
        try:
            created.append(propose_pairing(need=need, person=person, organiser=organiser, score=pair.score,
                                           batch_run_id=run_id, offer_id=offer_id,
                                           explanation=why.get("explanation"),
                                           message="Proposition issue du calcul d'appariement de l'équipe d'animation."))
        except TransferError as error:
            raise TransferError(f"« {need.title} » avec {person.user.display_name} : {error} "
                                "Rien n'a été approuvé ; retirez ou échangez ce binôme.") from None
    return created


def runs(*, viewer: User | None = None) -> list[BatchRun]:
    query = select(BatchRun)
    if viewer is not None:
        query = query.where(batch_run_in_scope(viewer))
    return list(db.session.scalars(query.order_by(BatchRun.id.desc()).limit(50)))


def run_pairs(run: BatchRun, *, viewer: User | None = None) -> list[BatchRunPair]:
    """The pairs of ``run`` that ``viewer`` may see (a CRA: those of its region's needs)."""
    query = select(BatchRunPair).where(BatchRunPair.run_id == run.id)
    if viewer is not None:
        query = query.where(batch_pair_in_scope(viewer))
    return list(db.session.scalars(query.order_by(BatchRunPair.id)))
