"""Someone deletes their account: the others of a visit or a transfer still to come read who left (name and pole),
from what (the visit, the transfer — not a day's inner title, and once for its two days) and where its page is
(mail audit: « Changement de participant·es — Visite apprenante « … » — jour 1 », then « — jour 2 »)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.privacy.services import delete_account
from app.transfers import services as transfers
from app.visits import services as visits
from models import Need, NeedKind, OutboxMessage, PairingStatus, Role, utcnow
from tests.app.visits.conftest import make_visit, network  # noqa: F401  (fixtures)


def _left(db, user):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":participant-left:"),
                                                  OutboxMessage.to_email == user.email)).all()


def test_a_visit_s_host_reads_who_left_which_visit_and_its_page_once(db, network, make_visit, make_user):  # noqa: F811
    visit = make_visit(invited=network.poles[:1])
    leaver = network.facilitators[0]
    visits.register(visit_id=visit.id, pole_id=network.poles[0].id, user=leaver)
    make_user(Role.FACILITATOR, pole=network.poles[0], name="Bea Collègue")  # the pole stays registered
    db.commit()
    name, pole_name = leaver.display_name, network.poles[0].name
    delete_account(db, user=leaver)

    [mail] = _left(db, network.host_facilitator)
    assert mail.subject == f"{name} ne participera plus à la visite apprenante «\u00a0{visit.title}\u00a0»"
    assert f"{name}, qui anime le {pole_name}, a supprimé son compte Entrepairs" in mail.body
    assert mail.body.count("\n- ") == 2 and "Journées concernées" in mail.body  # both days, in one mail
    assert f"Voir la page :\nhttp://entrepairs.test/visites/{visit.id}\n" in mail.body
    assert "jour 1" not in mail.subject


def test_a_transfer_s_colleague_reads_the_transfer_and_its_page(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    leaver = make_user(Role.FACILITATOR, pole=pole, name="Awa Animatrice")
    colleague = make_user(Role.FACILITATOR, pole=pole, name="Bea Collègue")
    organiser = make_user(Role.ORGANISER)
    person = make_resource_person(capacity=2)
    need = Need(pole=pole, author=leaver, title="Structurer la coopération", text="Structurer la coopération.",
                kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    pairing = transfers.propose_pairing(need=need, person=person, organiser=organiser)
    transfers.transition(pairing, PairingStatus.ACCEPTED, actor=person.user)
    start = (utcnow() + timedelta(days=10)).replace(hour=8, minute=30, second=0, microsecond=0)
    transfers.plan_day(pairing, actor=leaver, day=transfers.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=7), timezone="Europe/Paris"))
    delete_account(db, user=leaver)

    for reader in (colleague, person.user):
        [mail] = _left(db, reader)
        assert mail.subject == ("Awa Animatrice ne participera plus au transfert de savoir-faire "
                                "«\u00a0Structurer la coopération\u00a0»")
        assert "Awa Animatrice, qui anime le Pôle des Coteaux, a supprimé son compte" in mail.body
        assert f"http://entrepairs.test/transferts/{pairing.id}" in mail.body


def test_a_lawyer_leaving_names_themself_and_the_day_and_gives_the_way_to_ask_again(
        db, make_user, make_pole, make_lawyer, make_slot):
    """The sibling mail of Juri-PTCE: « Rendez-vous Juri-PTCE annulé : l'avocat·e quitte le réseau » said neither
    who nor which day, and « vous pouvez la poser de nouveau » gave no way to."""
    from app.legal import services as legal
    from app.templating import format_datetime

    facilitator = make_user(pole=make_pole())
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    booking = legal.book_slot(slot_id=slot.id, booker=facilitator, question="Faut-il une convention d'occupation ?",
                              idempotency_key=legal.new_idempotency_key()).booking
    name, when = slot.lawyer_name, format_datetime(slot.starts_at, "Europe/Paris")
    delete_account(db, user=lawyer.user)

    [mail] = db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":lawyer-left:"))).all()
    assert mail.subject == f"Rendez-vous Juri-PTCE du {when} annulé\u00a0: {name} quitte le réseau"
    assert "Faut-il une convention d'occupation ?" in mail.body
    assert f"http://entrepairs.test/juri-ptce/rendez-vous/{booking.id}/reprendre" in mail.body
