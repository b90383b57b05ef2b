"""Services of a pole's proposals to host a learning visit: rules, who may, who hears of it, decline, conversion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.visits import hosting
from models import HostProposalStatus, Notification, OutboxMessage, VisitHostProposal
from tests.app.visits.hosting_world import HostingWorld, next_month, proposal_data


def _notified(db, user) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_a_facilitator_proposes_and_coorace_avise_and_the_cra_of_the_region_hear_of_it(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    stored = db.get(VisitHostProposal, proposal.id)
    assert stored.status is HostProposalStatus.OPEN and stored.visitors == 12
    assert [t.code for t in stored.themes] == ["alimentation", "tiers_lieux"]
    assert hosting.months_in_words(stored).startswith("de ") and " à " in hosting.months_in_words(stored)
    for told in (w.coorace, w.avise, w.cra_aura):
        notices = _notified(db, told)
        assert len(notices) == 1 and w.pole.name in notices[0].text
        assert notices[0].url == f"/organisation/visites/propositions#proposition-{proposal.id}"
        mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == told.id))
        assert mail is not None and "légumerie" in mail.body and "12\u00a0personnes" in mail.body
    for not_told in (w.cra_occitanie, w.rtes, w.facilitator, w.other_facilitator):
        assert _notified(db, not_told) == []


def test_every_broken_rule_is_said_at_once_beside_its_field(db, hosting_world):
    data = proposal_data(theme_codes=[], what_to_see="Trop court", periods="", first_month=None,
                         last_month=next_month(2), visitors=0)
    fields = {p.field for p in hosting.proposal_problems(data)}
    assert fields == {"themes", "what_to_see", "periods", "first_month", "visitors"}
    past = date.today().replace(day=1) - timedelta(days=1)
    fields = {p.field for p in hosting.proposal_problems(proposal_data(first_month=past.replace(day=1),
                                                                        last_month=None))}
    assert fields == {"first_month"}
    fields = {p.field for p in hosting.proposal_problems(proposal_data(first_month=next_month(3),
                                                                        last_month=next_month(2)))}
    assert fields == {"last_month"}
    with pytest.raises(hosting.HostProposalRefused) as refused:
        hosting.propose_hosting(pole=hosting_world.pole, author=hosting_world.facilitator, data=data)
    assert len(refused.value.problems) == 5
    assert db.scalar(select(VisitHostProposal.id)) is None


def test_a_period_said_in_words_alone_is_enough(hosting_world):
    assert hosting.proposal_problems(proposal_data(first_month=None, last_month=None)) == []


@pytest.mark.parametrize("who", ["other_facilitator", "coorace", "cra_aura"])
def test_only_the_poles_own_facilitators_propose_for_it(db, hosting_world, who):
    with pytest.raises(hosting.HostProposalRefused):
        hosting.propose_hosting(pole=hosting_world.pole, author=getattr(hosting_world, who), data=proposal_data())
    assert db.scalar(select(VisitHostProposal.id)) is None


def test_a_pole_awaiting_confirmation_cannot_propose(db, hosting_world):
    hosting_world.pole.confirmed_at = None
    db.commit()
    with pytest.raises(hosting.HostProposalRefused, match="confirmé"):
        hosting.propose_hosting(pole=hosting_world.pole, author=hosting_world.facilitator, data=proposal_data())


def test_each_reads_the_proposals_the_policy_lets_them(hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    for reader in (w.coorace, w.avise, w.rtes, w.cra_aura, w.facilitator):
        assert [p.id for p in hosting.proposals_for(reader)] == [proposal.id]
        assert hosting.proposal_for(reader, proposal.id) is not None
    for outsider in (w.cra_occitanie, w.other_facilitator):
        assert hosting.proposals_for(outsider) == []
        assert hosting.proposal_for(outsider, proposal.id) is None
    assert hosting.proposals_of_pole(w.cra_occitanie, w.pole) is None
    assert hosting.proposals_of_pole(w.other_facilitator, w.pole) is None
    assert [p.id for p in hosting.proposals_of_pole(w.cra_aura, w.pole)] == [proposal.id]


def test_a_national_organiser_declines_with_a_message_the_pole_receives(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    with pytest.raises(hosting.HostProposalRefused):
        hosting.decline_proposal(proposal_id=proposal.id, user=w.cra_aura, message="Pas cette année.")
    with pytest.raises(hosting.HostProposalRefused) as empty:
        hosting.decline_proposal(proposal_id=proposal.id, user=w.coorace, message="   ")
    assert empty.value.problems[0].field == "message"
    hosting.decline_proposal(proposal_id=proposal.id, user=w.coorace,
                             message="Le calendrier 2027 est complet ; reparlons-en pour 2028.")
    db.expire_all()
    stored = db.get(VisitHostProposal, proposal.id)
    assert stored.status is HostProposalStatus.DECLINED and stored.decided_by_id == w.coorace.id
    notices = _notified(db, w.facilitator)
    assert len(notices) == 1 and notices[0].url == f"/poles/{w.pole.id}#propositions-accueil"
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == w.facilitator.id))
    assert "reparlons-en pour 2028" in mail.body
    with pytest.raises(hosting.HostProposalRefused, match="déjà reçu une réponse"):
        hosting.decline_proposal(proposal_id=proposal.id, user=w.avise, message="Non plus.")


def test_a_proposal_becomes_a_visit_at_the_proposing_pole_once(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    details = dict(title="Alimentation durable et tiers-lieux", theme_text=proposal.what_to_see,
                   start_date=date.today() + timedelta(days=60), capacity=6, programme="", place="",
                   invited=[w.other_pole])
    with pytest.raises(hosting.HostProposalRefused) as wrong_host:
        hosting.create_visit_from_proposal(proposal_id=proposal.id, organiser=w.coorace, host=w.other_pole,
                                           **{**details, "invited": [w.pole]})
    assert wrong_host.value.problems[0].field == "host"
    with pytest.raises(hosting.HostProposalRefused):
        hosting.create_visit_from_proposal(proposal_id=proposal.id, organiser=w.cra_aura, host=w.pole, **details)
    visit = hosting.create_visit_from_proposal(proposal_id=proposal.id, organiser=w.coorace, host=w.pole, **details)
    db.expire_all()
    stored = db.get(VisitHostProposal, proposal.id)
    assert stored.status is HostProposalStatus.CONVERTED and stored.visit_id == visit.id
    assert visit.host_pole_id == w.pole.id
    assert any("accueille" in n.text for n in _notified(db, w.facilitator))  # told as every host is
    with pytest.raises(hosting.HostProposalRefused, match="déjà reçu une réponse"):
        hosting.create_visit_from_proposal(proposal_id=proposal.id, organiser=w.coorace, host=w.pole, **details)
    with pytest.raises(hosting.HostProposalRefused, match="déjà reçu une réponse"):
        hosting.decline_proposal(proposal_id=proposal.id, user=w.coorace, message="Trop tard.")


def _answer_notices(db, user, proposal) -> list[Notification]:
    """``user``'s notices about the national team's answer to ``proposal`` (not the one of its creation)."""
    return [n for n in _notified(db, user) if "par l'équipe nationale" in n.text]


def test_the_cra_of_the_poles_region_hears_of_a_decline_under_its_bell(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    hosting.decline_proposal(proposal_id=proposal.id, user=w.coorace,
                             message="Le calendrier 2027 est complet ; reparlons-en pour 2028.")
    db.expire_all()
    notices = _answer_notices(db, w.cra_aura, proposal)
    assert len(notices) == 1 and w.pole.name in notices[0].text and "déclinée" in notices[0].text
    assert notices[0].url == f"/organisation/visites/propositions#proposition-{proposal.id}"
    assert db.get(type(w.cra_aura), w.cra_aura.id).unread_notifications == 2  # the proposal, then its answer
    mails = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == w.cra_aura.id)).all()
    answer = next(m for m in mails if "déclinée" in m.subject)
    assert "reparlons-en pour 2028" in answer.body and f"#proposition-{proposal.id}" in answer.body
    for not_told in (w.cra_occitanie, w.coorace, w.avise, w.rtes):
        assert _answer_notices(db, not_told, proposal) == []


def test_the_cra_of_the_poles_region_hears_when_a_proposal_becomes_a_visit(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    visit = hosting.create_visit_from_proposal(
        proposal_id=proposal.id, organiser=w.coorace, host=w.pole, title="Alimentation durable et tiers-lieux",
        theme_text=proposal.what_to_see, start_date=date.today() + timedelta(days=60), capacity=6, programme="",
        place="", invited=[w.other_pole])
    db.expire_all()
    notices = _answer_notices(db, w.cra_aura, proposal)
    assert len(notices) == 1 and "devenue une visite" in notices[0].text
    assert notices[0].url == f"/organisation/visites/propositions#proposition-{proposal.id}"
    answer = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == w.cra_aura.id,
                                                   OutboxMessage.subject.contains("devenue une visite")))
    assert answer is not None and visit.title in answer.body
    assert _answer_notices(db, w.cra_occitanie, proposal) == []


@pytest.mark.parametrize(("first", "last", "said"), [
    ((2027, 3), (2027, 5), "de mars à mai 2027"),
    ((2026, 12), (2027, 2), "de décembre 2026 à février 2027"),
    ((2027, 4), (2027, 6), "d'avril à juin 2027"),
    ((2027, 10), None, "à partir d'octobre 2027"),
    ((2027, 8), (2027, 8), "en août 2027"),
])
def test_months_are_said_as_a_french_reader_says_them(first, last, said) -> None:
    from types import SimpleNamespace

    proposal = SimpleNamespace(first_month=date(*first, 1), last_month=date(*last, 1) if last else None)
    assert hosting.months_in_words(proposal) == said


def test_the_mails_name_a_pole_called_pole_without_saying_pole_twice(db, hosting_world):
    """« Le pôle « Pôle des Garrigues » » said « pôle » twice (walk 19): ``of_pole`` writes « Le Pôle des Garrigues »,
    and « Le pôle Collectif du Livradois » for a name that does not say it; the author's line reads as a sentence."""
    w: HostingWorld = hosting_world
    hosting.propose_hosting(pole=w.other_pole, author=w.other_facilitator, data=proposal_data())
    body = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == w.cra_occitanie.id)).body
    assert "\nLe Pôle des Garrigues (Occitanie) propose d'accueillir une visite apprenante." in body
    assert "pôle « Pôle" not in body and "Proposé par" not in body
    assert f"\nProposition envoyée par {w.other_facilitator.display_name}, qui anime le pôle.\n" in body

    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    hosting.decline_proposal(proposal_id=proposal.id, user=w.avise, message="Pas cette année.")
    answered = [m.body for m in db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == w.cra_aura.id))]
    assert any("\nLe pôle Collectif du Livradois (Auvergne-Rhône-Alpes) proposait" in b for b in answered), answered


def test_the_declined_pole_is_told_without_saying_pole_twice(db, hosting_world):
    """« Votre pôle « Pôle des Garrigues » proposait… » (walk 19b): the pole told its proposal is declined reads its
    name as the region's people do (``of_pole``), « Le Pôle des Garrigues proposait… »."""
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.other_pole, author=w.other_facilitator, data=proposal_data())
    hosting.decline_proposal(proposal_id=proposal.id, user=w.avise, message="Pas cette année.")
    body = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == w.other_facilitator.id,
                                                 OutboxMessage.key.like(f"host-proposal:{proposal.id}:declined:%"))).body
    assert "\nLe Pôle des Garrigues proposait d'accueillir une visite apprenante\n" in body, body
    assert "pôle « Pôle" not in body
