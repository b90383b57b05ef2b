"""The pairing lifecycle: steps, permissions, history, notifications, capacity, expiry, feedback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.extensions import db as db_ext
from app.scheduling.scheduler import build_scheduler
from app.suggestions.capacity import capacity_left
from app.transfers import services
from app.transfers.services import TransferError
from config import TestConfig
from models import (
    Meeting, MeetingKind, NeedStatus, OutboxMessage, Pairing, PairingFeedback, PairingStatus, Role, utcnow,
)
from models.forbidden_pair import ForbiddenPair

S = PairingStatus


def _keys(db) -> set[str]:
    return set(db.scalars(select(OutboxMessage.key)))


def _requested(scene):
    return services.request_transfer(need=scene.finance_need, person=scene.finance,
                                     requester=scene.facilitator, message="Bonjour, pouvez-vous nous aider ?")


def _day(hours: int = 0) -> services.DayPlan:
    start = utcnow().replace(microsecond=0) + timedelta(days=10, hours=hours)
    return services.DayPlan(starts_at_utc=start, ends_at_utc=start + timedelta(hours=6), timezone="Europe/Paris",
                            location="Angers", label="Diagnostic")


def test_full_lifecycle_records_history_and_notifies(db, scene):
    pairing = _requested(scene)
    organiser, person_user = scene.organiser, scene.finance.user
    assert pairing.status is S.REQUESTED
    assert f"pairing:{pairing.id}:requested:user:{organiser.id}" in _keys(db)
    assert f"pairing:{pairing.id}:requested:user:{person_user.id}" not in _keys(db)

    services.transition(pairing, S.VALIDATED, actor=organiser)
    assert f"pairing:{pairing.id}:validated:user:{person_user.id}" in _keys(db)
    services.transition(pairing, S.ACCEPTED, actor=person_user)
    assert scene.finance_need.status is NeedStatus.IN_PROGRESS
    services.plan_day(pairing, actor=scene.facilitator, day=_day())
    services.plan_day(pairing, actor=person_user, day=_day(hours=48))
    assert pairing.status is S.PLANNED
    sessions = list(db.scalars(select(Meeting)))
    assert len(sessions) == 2 and all(s.kind is MeetingKind.TRANSFER_DAY for s in sessions)
    assert {p.user_id for p in sessions[0].participants} == {person_user.id, scene.facilitator.id}
    services.transition(pairing, S.IN_PROGRESS, actor=person_user)
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)

    history = [(e.from_status, e.to_status, e.actor_id) for e in pairing.events]
    assert history == [
        (S.SUGGESTED, S.REQUESTED, scene.facilitator.id), (S.REQUESTED, S.VALIDATED, organiser.id),
        (S.VALIDATED, S.ACCEPTED, person_user.id), (S.ACCEPTED, S.PLANNED, scene.facilitator.id),
        (S.PLANNED, S.IN_PROGRESS, person_user.id), (S.IN_PROGRESS, S.COMPLETED, scene.facilitator.id),
    ]
    assert pairing.completed_at is not None and pairing.decided_at is not None


@pytest.mark.parametrize("who,to", [
    ("other_facilitator", S.VALIDATED), ("facilitator", S.VALIDATED), ("person", S.VALIDATED),
    ("other_facilitator", S.CANCELLED),
])
def test_wrong_person_cannot_take_step(db, scene, who, to):
    pairing = _requested(scene)
    actor = scene.finance.user if who == "person" else getattr(scene, who)
    with pytest.raises(TransferError):
        services.transition(pairing, to, actor=actor)
    db.rollback()
    assert db.get(type(pairing), pairing.id).status is S.REQUESTED


def test_other_resource_person_cannot_accept(db, scene):
    pairing = _requested(scene)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    with pytest.raises(TransferError):
        services.transition(pairing, S.ACCEPTED, actor=scene.food.user)


def test_decline_needs_a_reason_and_blocks_the_pair(db, scene):
    pairing = _requested(scene)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    with pytest.raises(TransferError, match="raison"):
        services.transition(pairing, S.DECLINED, actor=scene.finance.user, note="  ")
    services.transition(pairing, S.DECLINED, actor=scene.finance.user, note="Pas disponible ce semestre")
    assert pairing.decision_note == "Pas disponible ce semestre"
    with pytest.raises(TransferError, match="décliné"):
        _requested(scene)


def test_request_refused_for_another_pole_and_same_pole_person(db, scene, make_resource_person):
    with pytest.raises(TransferError):
        services.request_transfer(need=scene.finance_need, person=scene.finance,
                                  requester=scene.other_facilitator)
    own = make_resource_person(pole=scene.pole)
    with pytest.raises(TransferError, match="propre pôle"):
        services.request_transfer(need=scene.finance_need, person=own, requester=scene.facilitator)


def test_capacity_is_never_exceeded(db, scene, make_pole, make_user):
    from models import Need

    person = scene.finance  # capacity 1
    services.propose_pairing(need=scene.finance_need, person=person, organiser=scene.organiser)
    assert capacity_left(db, [person])[person.id] == 0
    with pytest.raises(TransferError, match="disponibilité"):
        services.propose_pairing(need=scene.food_need, person=person, organiser=scene.organiser)
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, title="Un autre besoin de financement", text="Financer la coordination du pôle.")
    db.add(need)
    db.commit()
    with pytest.raises(TransferError, match="disponibilité"):
        services.request_transfer(need=need, person=person, requester=facilitator)


def test_validation_refused_when_person_became_full(db, scene):
    pairing = _requested(scene)  # requests do not count against capacity
    services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    with pytest.raises(TransferError, match="disponibilité"):
        services.transition(pairing, S.VALIDATED, actor=scene.organiser)


def test_cancel_cancels_planned_days(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    day = services.plan_day(pairing, actor=scene.finance.user, day=_day())
    services.transition(pairing, S.CANCELLED, actor=scene.facilitator, note="Changement de priorités")
    assert day.session.status.value == "cancelled"
    assert scene.finance_need.status is NeedStatus.OPEN


def test_reminder_then_expiry_are_idempotent(app, db, scene):
    app.config.update(REQUEST_EXPIRY_DAYS=21, REQUEST_REMINDER_DAYS_BEFORE=7)
    pairing = _requested(scene)
    start = pairing.status_changed_at
    assert services.remind_pending_requests(now=start + timedelta(days=10)) == 0
    assert services.remind_pending_requests(now=start + timedelta(days=15)) == 1
    assert services.remind_pending_requests(now=start + timedelta(days=16)) == 0
    assert f"pairing:{pairing.id}:requested:reminder:user:{scene.organiser.id}" in _keys(db)
    reminder = db.scalar(select(OutboxMessage.body).where(OutboxMessage.key.endswith(":requested:reminder:user:"
                                                                                        f"{scene.organiser.id}")))
    assert "attend votre réponse (étape : demandé par le pôle)." in reminder  # not « réponse : Demandé par le pôle. »
    assert services.expire_stale_requests(now=start + timedelta(days=20)) == 0
    assert services.expire_stale_requests(now=start + timedelta(days=22)) == 1
    assert pairing.status is S.EXPIRED and pairing.events[-1].actor_id is None
    assert services.expire_stale_requests(now=start + timedelta(days=30)) == 0
    assert f"pairing:{pairing.id}:expired:user:{scene.facilitator.id}" in _keys(db)


PUBLIC = "https://entrepairs.example.org/reseau"


@pytest.fixture
def scheduler_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """The scheduler process's app, as in production: no SERVER_NAME, no request, only PUBLIC_BASE_URL."""
    application = create_app(TestConfig, DATABASE_URL=database_url, PUBLIC_BASE_URL=PUBLIC)
    yield application
    with application.app_context():
        db_ext.engine.dispose()


@pytest.mark.parametrize(("days_ago", "mail"), [(15, "requested:reminder"), (22, "expired")])
def test_scheduler_job_mails_link_to_public_base_url(db, scene, scheduler_app, days_ago, mail):
    pairing = _requested(scene)
    pairing.status_changed_at = utcnow() - timedelta(days=days_ago)
    db.commit()
    build_scheduler(scheduler_app, blocking=False).get_job("transfer-requests").func()
    bodies = list(db.scalars(select(OutboxMessage.body).where(
        OutboxMessage.key.startswith(f"pairing:{pairing.id}:{mail}:user:"))))
    assert bodies
    for body in bodies:
        assert f"{PUBLIC}/transferts/{pairing.id}\n" in body
        assert "localhost" not in body and "entrepairs.test" not in body


def test_expire_requests_command(app, db, scene):
    pairing = _requested(scene)
    pairing.status_changed_at = utcnow() - timedelta(days=40)
    db.commit()
    result = app.test_cli_runner().invoke(args=["expire-requests"])
    assert result.exit_code == 0, result.output
    assert "1\u00a0demande expirée" in result.output


def test_feedback_only_after_completion_by_each_side(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    with pytest.raises(TransferError, match="terminé"):
        services.give_feedback(pairing, author=scene.facilitator, rating=5)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    services.plan_day(pairing, actor=scene.facilitator, day=_day())
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    first = services.give_feedback(pairing, author=scene.facilitator, rating=4, transferred="Plan de financement")
    again = services.give_feedback(pairing, author=scene.facilitator, rating=5)
    assert first.id == again.id and again.rating == 5 and first.side.value == "pole"
    theirs = services.give_feedback(pairing, author=scene.finance.user, rating=3)
    assert theirs.side.value == "resource"
    with pytest.raises(TransferError):
        services.give_feedback(pairing, author=scene.organiser, rating=5)
    with pytest.raises(TransferError):
        services.give_feedback(pairing, author=scene.finance.user, rating=6)
    csv_text = services.feedback_csv(services.all_feedback())
    assert csv_text.startswith("\ufeff") and "Plan de financement" not in csv_text  # rating 5 overwrote it
    assert csv_text.count("\r\n") == 3


def test_services_refuse_texts_too_long_rather_than_cutting_them(db, scene):
    """The forms refuse first; a script or an old page reaching the service is refused too, with the length."""
    with pytest.raises(TransferError,
                       match="« Message » : 5\u202f000\u00a0caractères au plus \\(ce texte en compte 5\u202f001\\)"):
        services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator,
                                  message="m" * 5001)
    db.rollback()
    with pytest.raises(TransferError, match="« Motif » : 2\u202f000\u00a0caractères au plus"):
        services.forbid_pair(need=scene.finance_need, person=scene.finance, organiser=scene.organiser,
                             reason="r" * 2001)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Pairing)) == 0
    assert db.scalar(select(func.count()).select_from(ForbiddenPair)) == 0
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    long_label = services.DayPlan(**{**_day().__dict__, "label": "l" * 201})
    with pytest.raises(TransferError, match="« Objet de la journée \\(étape\\) » : 200\u00a0caractères au plus"):
        services.plan_day(pairing, actor=scene.facilitator, day=long_label)
    db.rollback()
    services.plan_day(pairing, actor=scene.facilitator, day=_day())
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    with pytest.raises(TransferError, match="« Commentaire libre » : 5\u202f000\u00a0caractères au plus"):
        services.give_feedback(pairing, author=scene.facilitator, rating=4, comment="c" * 5001)
    with pytest.raises(TransferError, match="« Ce qui a été transmis » : 5\u202f000\u00a0caractères au plus"):
        services.give_feedback(pairing, author=scene.facilitator, rating=4, transferred="t" * 5001)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(PairingFeedback)) == 0
    assert [day.label for day in pairing.days] == ["Diagnostic"]


def test_csv_cells_never_start_a_formula(db, scene):
    scene.finance_need.title = "=HYPERLINK(\"http://x\")"
    db.commit()
    services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(services.pairings_csv(services.all_pairings()).lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")"


def test_proposal_keeps_the_offer_and_why_and_refuses_another_persons_offer(db, scene):
    finance_offer, food_offer = scene.finance.offers[0], scene.food.offers[0]
    with pytest.raises(TransferError, match="n'appartient pas"):
        services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser,
                                 offer_id=food_offer.id)
    db.rollback()
    assert capacity_left(db, [scene.finance])[scene.finance.id] == 1  # nothing was created
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser, offer_id=finance_offer.id, score=1.5,
                                       explanation={"reasons": ["Thèmes en commun"]})
    assert pairing.status is S.PROPOSED and pairing.offer_id == finance_offer.id
    assert pairing.score == 1.5 and pairing.explanation == {"reasons": ["Thèmes en commun"]}


def test_check_proposal_refuses_what_propose_refuses_and_creates_nothing(db, scene, make_resource_person):
    own = make_resource_person(pole=scene.pole)
    with pytest.raises(TransferError, match="propre pôle"):
        services.check_proposal(scene.finance_need, own)
    services.check_proposal(scene.finance_need, scene.finance)  # allowed: no error
    services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    with pytest.raises(TransferError, match="disponibilité"):
        services.check_proposal(scene.finance_need, scene.finance)
    assert len(services.all_pairings()) == 1


def test_proposal_candidates_are_active_people_with_capacity_left(db, scene, make_resource_person, make_user):
    gone = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Ancien compte"))
    gone.user.is_active = False
    db.commit()
    services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    candidates = dict(services.proposal_candidates())
    assert gone not in candidates
    assert candidates[scene.finance] == 0 and candidates[scene.food] == 2


def test_pairings_csv_reads_the_french_way_and_counts_days_held_apart_from_days_to_come(db, scene):
    """Walk #24: themes by their label, the score with a decimal comma; walk #23: a planned day is not a day spent."""
    import csv
    import io
    from datetime import datetime, timedelta

    from models import Meeting, MeetingKind, MeetingStatus, PairingDay, Theme

    now = datetime(2026, 6, 15, 12)
    scene.finance_need.themes = [db.get(Theme, "finance_solidaire"), db.get(Theme, "culture")]
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser,
                                       score=0.8126)
    for stage, (start, status) in enumerate(((now - timedelta(days=30), MeetingStatus.SCHEDULED),
                                             (now + timedelta(days=30), MeetingStatus.SCHEDULED),
                                             (now - timedelta(days=10), MeetingStatus.CANCELLED)), start=1):
        pairing.days.append(PairingDay(stage=stage, session=Meeting(
            kind=MeetingKind.TRANSFER_DAY, title=f"Jour {stage}", starts_at=start, ends_at=start + timedelta(hours=7),
            status=status)))
    db.commit()
    [row] = list(csv.DictReader(io.StringIO(services.pairings_csv(services.all_pairings(), now=now).lstrip("\ufeff")),
                                delimiter=";"))
    assert set(row["thèmes"].split(" · ")) == {
        "Culture, spectacle vivant et industries créatives",
        "Finance solidaire, épargne citoyenne, financement participatif, monnaies locales"}
    assert row["score"] == "0,813"  # a decimal comma, three digits
    assert (row["journées tenues"], row["journées à venir"]) == ("1", "1")  # the cancelled day is neither


def test_breakdown_puts_needs_without_theme_after_the_themes_never_among_them(db, scene):
    from models import Theme

    scene.finance_need.themes = []
    scene.food_need.themes = [db.get(Theme, "tourisme")]  # after « Sans… » alphabetically
    pairings = [services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser),
                services.propose_pairing(need=scene.food_need, person=scene.food, organiser=scene.organiser)]
    assert services.breakdown(pairings).by_theme == [
        ("Tourisme durable", 1), ("Sans thème déclaré", 1)]


def test_the_month_filter_takes_the_month_in_paris_as_the_breakdown_counts_it(db, scene):
    """A pairing asked at 23 h 30 UTC on 31 December (1 January in Paris) is counted in « janvier 2027 » by the
    breakdown: filtering on that month lists it, filtering on December does not."""
    from datetime import datetime

    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    pairing.created_at = datetime(2026, 12, 31, 23, 30)
    db.commit()
    assert [label for label, _ in services.breakdown([pairing]).by_month] == ["janvier 2027"]
    assert services.all_pairings(month="2027-01") == [pairing]
    assert services.all_pairings(month="2026-12") == []
