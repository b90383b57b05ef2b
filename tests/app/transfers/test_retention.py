"""A closed transfer keeps its messages and personal notes TRANSFER_MESSAGES_RETENTION_DAYS, no longer."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.agenda.bilan import bilan
from app.scheduling.scheduler import JOBS, transfer_retention_job
from app.transfers.retention import purge_closed_transfers
from models import (
    ExperienceSheet, Need, NeedKind, Pairing, PairingDay, PairingEvent, PairingFeedback, PairingStatus, Role,
    Meeting, MeetingKind, TransferMessage, utcnow,
)
from models.enums import FeedbackSide

DAYS = 1095


def _transfer(db, make_user, make_pole, make_resource_person, *, status: PairingStatus, closed_days_ago: float,
              title: str, published: bool = True) -> Pairing:
    """A transfer with a message, a reported day, step notes, feedback and a published sheet."""
    person = make_resource_person()
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title=title, text="Texte du besoin.", kind=NeedKind.TRANSFER)
    closed_at = utcnow() - timedelta(days=closed_days_ago)
    pairing = Pairing(need=need, resource_person=person, status=status, status_changed_at=closed_at,
                      message="Bonjour, voici notre situation personnelle.", decision_note="Motif : santé.",
                      completed_at=closed_at if status is PairingStatus.COMPLETED else None)
    db.add_all([need, pairing])
    db.flush()
    starts = closed_at - timedelta(days=30)
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée 1", starts_at=starts,
                               ends_at=starts + timedelta(hours=6))
    db.add_all([
        meeting,
        PairingDay(pairing=pairing, session=meeting, stage=1, report_done="Nous avons parlé de Claire.",
                   report_next="Rappeler Claire.", reported_at=starts),
        PairingEvent(pairing=pairing, actor_id=facilitator.id, to_status=PairingStatus.REQUESTED,
                     note="Mon message à la personne ressource", at=closed_at - timedelta(days=60)),
        TransferMessage(pairing_id=pairing.id, author_id=facilitator.id, body="Un message privé",
                        idempotency_key=f"key-{title}-0123456789"),
        PairingFeedback(pairing_id=pairing.id, author_id=facilitator.id, side=FeedbackSide.POLE, rating=4,
                        transferred="Une méthode", comment="Très utile"),
        ExperienceSheet(pairing_id=pairing.id, title="Fiche", situation="Situation", transferred="Méthode",
                        pole_agrees=True, resource_agrees=published, published_at=closed_at if published else None),
    ])
    db.commit()
    return pairing


def test_transfers_closed_before_the_limit_lose_their_messages_and_notes_the_others_keep_them(
        db, make_user, make_pole, make_resource_person):
    old = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                    closed_days_ago=DAYS + 0.01, title="Clos juste avant la limite")
    recent = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                       closed_days_ago=DAYS - 0.01, title="Clos juste après la limite")
    open_old = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.IN_PROGRESS,
                         closed_days_ago=DAYS + 100, title="Ouvert depuis longtemps")
    cancelled = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.CANCELLED,
                          closed_days_ago=DAYS + 1, title="Annulé il y a longtemps")
    declined = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.DECLINED,
                         closed_days_ago=DAYS + 1, title="Décliné il y a longtemps")
    draft = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                      closed_days_ago=DAYS + 1, title="Fiche jamais publiée", published=False)
    recent_draft = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                             closed_days_ago=DAYS - 1, title="Fiche récente non publiée", published=False)
    stamps = {p.id: (p.status, p.status_changed_at, p.completed_at, p.created_at)
              for p in (old, recent, open_old, cancelled, declined, draft)}
    years = {old.completed_at.year, recent.completed_at.year}
    reviews = {year: bilan(year=year).one_to_one for year in years}

    report = purge_closed_transfers(days=DAYS)
    assert (report.messages, report.reports) == (4, 4)
    assert report.drafts == 1
    assert purge_closed_transfers(days=DAYS) == type(report)(messages=0, reports=0, notes=0, drafts=0)  # idempotent
    db.expire_all()

    def messages(pairing: Pairing) -> int:
        return db.scalar(select(func.count(TransferMessage.id)).where(TransferMessage.pairing_id == pairing.id))

    for purged in (old, cancelled, declined, draft):
        pairing = db.get(Pairing, purged.id)
        assert messages(pairing) == 0
        assert (pairing.message, pairing.decision_note) == ("", "")
        assert [(d.report_done, d.report_next) for d in pairing.days] == [("", "")]
        assert pairing.days[0].reported_at is not None  # the fact that a report was written stays
        assert [e.note for e in pairing.events] == [""]
    for kept in (recent, open_old, recent_draft):
        pairing = db.get(Pairing, kept.id)
        assert messages(pairing) == 1 and pairing.message.startswith("Bonjour")
        assert pairing.days[0].report_done == "Nous avons parlé de Claire."
        assert pairing.events[0].note == "Mon message à la personne ressource"
    # The rows the statistics and the bilan count stay as they were, dates included.
    for pairing_id, stamp in stamps.items():
        pairing = db.get(Pairing, pairing_id)
        assert (pairing.status, pairing.status_changed_at, pairing.completed_at, pairing.created_at) == stamp
    assert {year: bilan(year=year).one_to_one for year in years} == reviews
    assert db.scalar(select(func.count(ExperienceSheet.id)).where(ExperienceSheet.published_at.is_not(None))) == 5
    assert [s.pairing_id for s in db.scalars(select(ExperienceSheet).where(ExperienceSheet.published_at.is_(None)))] \
        == [recent_draft.id]
    assert db.scalar(select(func.count(PairingFeedback.id))) == 7


def test_the_scheduler_runs_it_daily_with_the_setting(app, db, make_user, make_pole, make_resource_person):
    assert any(spec.id == "transfer-retention" and spec.seconds == 24 * 3600 for spec in JOBS)
    assert app.config["TRANSFER_MESSAGES_RETENTION_DAYS"] == 3 * 365
    app.config["TRANSFER_MESSAGES_RETENTION_DAYS"] = 10
    try:
        pairing = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                            closed_days_ago=11, title="Clos il y a onze jours")
        transfer_retention_job()
    finally:
        app.config["TRANSFER_MESSAGES_RETENTION_DAYS"] = DAYS
    db.expire_all()
    assert db.scalars(select(TransferMessage).where(TransferMessage.pairing_id == pairing.id)).all() == []


def test_a_transfer_past_the_retention_says_its_messages_were_erased_and_takes_no_new_one(
        client, login, db, make_user, make_pole, make_resource_person):
    from app.pair_space.conversation import ConversationRefused, post_message

    pairing = _transfer(db, make_user, make_pole, make_resource_person, status=PairingStatus.COMPLETED,
                        closed_days_ago=DAYS + 1, title="Clos il y a plus de trois ans")
    purge_closed_transfers(days=DAYS)
    person = pairing.resource_person.user
    try:
        post_message(pairing=pairing, author=person, body="Encore un mot", idempotency_key="k" * 24)
    except ConversationRefused as refusal:
        assert "durée de conservation" in refusal.message
    else:
        raise AssertionError("a message was accepted on an erased conversation")
    from app.pair_space.objectives import AgreementRefused, report_day, set_objectives

    for write in (lambda: set_objectives(pairing=pairing, user=person, texts=["Un", "Deux"]),
                  lambda: report_day(day=pairing.days[0], user=person, done="Fait", next_step="")):
        try:
            write()
        except AgreementRefused as refusal:
            assert "durée de conservation" in refusal.message
        else:
            raise AssertionError("an erased transfer took a new objective or report")
    login(person)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "ses messages et ses comptes rendus ont été effacés" in page and "clos depuis plus de trois ans" in page
    assert 'name="idempotency_key"' not in page.split('id="conversation"')[1].split("</section>")[0]
    assert "Écrire les objectifs" not in page and "Modifier les objectifs" not in page
    assert 'id="comptes-rendus"' not in page


def test_the_privacy_page_states_the_retention_of_transfer_messages(client):
    page = client.get("/confidentialite").get_data(as_text=True)
    assert "Quand un transfert de savoir-faire est clos" in page
    assert "depuis trois ans, ses messages sont supprimés" in " ".join(page.split())
