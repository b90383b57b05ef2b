"""A national-scale world for the benchmarks: the demo network (its accounts of every role) plus years of use.

``seed_national`` runs on an empty, migrated database: ``bench_network_pages.seed`` first (250 poles, three years of
needs, 600 resource persons, 5,000 pairings with their transfer days), then the demo (``load_demo``) on top, then the
volume of years of use, tied to the demo accounts the benchmark signs in as: the busy pole of the first facilitator,
the resource person with many transfers, the lawyer's Juri-PTCE slots, collective sessions and their registrations,
pair-space messages, notifications, audit lines. Everything past the demo is inserted with Core statements (fast).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select

import bench.bench_network_pages as network
from app.backup.services import _reset_postgres_sequences
from models import (
    AuditEvent, Booking, CollectiveRegistration, CollectiveSession, LawyerProfile, LegalSlot, Meeting,
    MeetingParticipant, Need, Notification, Pairing, PairingDay, PairingEvent, Pole, ResourcePerson, TransferMessage,
    User,
)

BUSY_FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
BUSY_PERSON = "mireille.castagne@demo.entrepairs.fr"
LAWYER = "helene.marquet.riviere@demo.entrepairs.fr"
VOLUME = dict(poles=250, needs=6_000, persons=600, offers=1_000, pairings=5_000, busy_needs=150, busy_pairings=300,
              person_pairings=120, sessions=1_500, registrations=40_000, slots_a_year=300, notifications=200_000,
              audit=30_000, messages_per_pairing=4)
YEARS = 3


def seed_national(engine: Engine, app, *, rng: random.Random, now: datetime) -> dict[str, int]:
    """Fill the empty migrated database behind ``engine`` (and ``app``, configured on it); the counts inserted."""
    network.N_POLES, network.N_NEEDS = VOLUME["poles"], VOLUME["needs"]
    network.N_PERSONS, network.N_OFFERS, network.N_PAIRINGS = VOLUME["persons"], VOLUME["offers"], VOLUME["pairings"]
    counts = network.seed(engine, rng=rng, now=now)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            _reset_postgres_sequences(conn)
    from app.demo import load_demo
    from app.extensions import db

    with app.app_context():
        load_demo(db.session)
        db.session.commit()
        db.session.close()
    with engine.begin() as conn:
        counts.update(_years_of_use(conn, rng=rng, now=now))
        if engine.dialect.name == "postgresql":
            _reset_postgres_sequences(conn)
    return counts


class _Ids:
    """The next free id of each table (rows inserted here carry explicit ids, to be linked at once)."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.next = conn, {}

    def take(self, table, n: int) -> range:
        start = self.next.get(table.name) or (self.conn.scalar(select(func.max(table.c.id))) or 0) + 1
        self.next[table.name] = start + n
        return range(start, start + n)


def _years_of_use(conn: Connection, *, rng: random.Random, now: datetime) -> dict[str, int]:
    ids = _Ids(conn)
    user_id = {email: conn.scalar(select(User.id).where(User.email == email))
               for email in (BUSY_FACILITATOR, BUSY_PERSON, LAWYER)}
    busy_pole = conn.scalar(select(User.pole_id).where(User.id == user_id[BUSY_FACILITATOR]))
    person = conn.scalar(select(ResourcePerson.id).where(ResourcePerson.user_id == user_id[BUSY_PERSON]))
    pole_ids = list(conn.scalars(select(Pole.id)))
    person_ids = list(conn.scalars(select(ResourcePerson.id)))
    people = list(conn.scalars(select(User.id)))
    staff = list(conn.scalars(select(User.id).where(User.role.in_(("organiser", "admin")))))
    days = 365 * YEARS

    def when(max_days: int = days) -> datetime:
        return now - timedelta(days=rng.uniform(0, max_days))

    counts: dict[str, int] = {}
    # The busy pole: three years of needs, written by its facilitator.
    need_ids = ids.take(Need.__table__, VOLUME["busy_needs"])
    needs = [dict(id=i, pole_id=busy_pole, author_id=user_id[BUSY_FACILITATOR], title=f"Besoin du pôle {i}",
                  text="Texte du besoin.", kind="transfer", status=rng.choice(["open", "in_progress", "closed"]),
                  urgency=2, created_at=(c := when()), updated_at=c) for i in need_ids]
    conn.execute(insert(Need.__table__), needs)
    all_needs = [dict(id=r.id, created_at=r.created_at) for r in conn.execute(select(Need.id, Need.created_at))]
    # Pairings: the busy pole's needs with anyone, the busy person with anyone's needs.
    pairs = [(n, rng.choice(person_ids)) for n in rng.sample(needs, len(needs)) for _ in range(2)]
    pairs = pairs[:VOLUME["busy_pairings"]] + [(rng.choice(all_needs), person)
                                               for _ in range(VOLUME["person_pairings"])]
    taken = set(conn.execute(select(Pairing.need_id, Pairing.resource_person_id)).all())
    statuses, weights = zip(*network.PAIRING_MIX.items())
    pairing_rows, meeting_rows, day_rows = [], [], []
    for pairing_id, (need, who) in zip(ids.take(Pairing.__table__, len(pairs)), pairs):
        if (need["id"], who) in taken:
            continue
        taken.add((need["id"], who))
        status = rng.choices(statuses, weights)[0]
        created = min(need["created_at"] + timedelta(days=rng.uniform(1, 60)), now)
        pairing_rows.append(dict(id=pairing_id, need_id=need["id"], resource_person_id=who, status=status,
                                 score=rng.random(), created_at=created, updated_at=created, status_changed_at=created,
                                 completed_at=created + timedelta(days=90) if status == "completed" else None))
        if status in ("planned", "in_progress", "completed"):
            for stage, meeting_id in enumerate(ids.take(Meeting.__table__, 2), start=1):
                start = created + timedelta(days=30 * stage)
                meeting_rows.append(dict(id=meeting_id, kind="transfer_day", title=f"Transfert {pairing_id} jour {stage}",
                                         starts_at=start, ends_at=start + timedelta(hours=7), status="scheduled",
                                         ical_uid=f"bench-day-{meeting_id}@entrepairs"))
                day_rows.append(dict(pairing_id=pairing_id, session_id=meeting_id, stage=stage))
    conn.execute(insert(Pairing.__table__), pairing_rows)
    conn.execute(insert(Meeting.__table__), meeting_rows)
    conn.execute(insert(PairingDay.__table__), day_rows)
    counts["pairings more"] = len(pairing_rows)
    # Each pairing's history and, once accepted, its pair space's messages.
    talked = [(i, c, getattr(s, "value", s)) for i, c, s in conn.execute(select(Pairing.id, Pairing.created_at,
                                                                                 Pairing.status))]
    conn.execute(insert(PairingEvent.__table__), [
        dict(pairing_id=p, to_status=to, from_status=None if to == "suggested" else "suggested", at=created,
             by_system=True) for p, created, status in talked for to in ("suggested", status)
        if status != "suggested" or to == status])
    messages = [dict(pairing_id=p, author_id=rng.choice(people), body="Bonjour, voici où nous en sommes.",
                     idempotency_key=f"bench-message-{p}-{k}", created_at=created + timedelta(days=k))
                for p, created, status in talked if status not in ("suggested", "requested", "declined", "expired")
                for k in range(VOLUME["messages_per_pairing"])]
    conn.execute(insert(TransferMessage.__table__), messages)
    counts["pair-space messages"] = len(messages)
    counts.update(_sessions(conn, ids, rng=rng, now=now, pole_ids=pole_ids, busy=user_id[BUSY_FACILITATOR]))
    counts.update(_legal(conn, ids, rng=rng, now=now, lawyer_user=user_id[LAWYER], busy=user_id[BUSY_FACILITATOR],
                         busy_pole=busy_pole, pole_ids=pole_ids))
    # Notifications: most people a few dozen, the accounts signed in as thousands.
    heavy = list(user_id.values()) + staff
    rows = [dict(user_id=u, category=rng.choice(["message", "step", "reminder", "seat"]), text="Un nouveau message.",
                 url="/mon-espace", created_at=(c := when()), read_at=c + timedelta(hours=5) if rng.random() < .9 else None)
            for u in heavy for _ in range(3_000)]
    rows += [dict(user_id=rng.choice(people), category="step", text="Étape franchie.", url="/mon-espace",
                  created_at=(c := when()), read_at=c if rng.random() < .9 else None)
             for _ in range(VOLUME["notifications"] - len(rows))]
    conn.execute(insert(Notification.__table__), rows)
    counts["notifications"] = len(rows)
    conn.execute(insert(AuditEvent.__table__), [
        dict(at=when(), actor_id=rng.choice(staff), actor_label="Équipe", action=rng.choice(
            ["account.invite", "account.role", "pole.edit", "account.deactivate"]), target_type="user",
             target_id=rng.choice(people), target_label="Quelqu'un", before={"role": "facilitator"}, after={"role": "admin"})
        for _ in range(VOLUME["audit"])])
    counts["audit lines"] = VOLUME["audit"]
    return counts


def _sessions(conn: Connection, ids: _Ids, *, rng: random.Random, now: datetime, pole_ids: list[int],
              busy: int) -> dict[str, int]:
    """Collective sessions over three years (one slot each) and their registrations."""
    members = conn.execute(select(User.id, User.pole_id).where(User.role.in_(("facilitator", "resource_person")))).all()
    pole_of = dict(members)
    session_ids = ids.take(CollectiveSession.__table__, VOLUME["sessions"])
    sessions, slots = [], []
    for sid, mid in zip(session_ids, ids.take(Meeting.__table__, len(session_ids))):
        start = now + timedelta(days=rng.uniform(-365 * YEARS + 180, 180))
        sessions.append(dict(id=sid, kind=rng.choice(["webinar", "eu_funds", "regional_event"]),
                             title=f"Webinaire {sid}", capacity=rng.choice([30, 40, 60, 100]),
                             created_at=start - timedelta(days=40), updated_at=start - timedelta(days=40)))
        slots.append(dict(id=mid, kind="collective", title=f"Webinaire {sid}", starts_at=start,
                          ends_at=start + timedelta(hours=2), status="scheduled", collective_session_id=sid,
                          ical_uid=f"bench-collective-{mid}@entrepairs"))
    conn.execute(insert(CollectiveSession.__table__), sessions)
    conn.execute(insert(Meeting.__table__), slots)
    per_session = VOLUME["registrations"] // len(sessions)
    registrations, participants = [], []
    for session, slot in zip(sessions, slots):
        chosen = rng.sample([m for m, _ in members], per_session)
        if rng.random() < .07:
            chosen = [busy] + [m for m in chosen if m != busy][:-1]
        for k, user in enumerate(chosen):
            status = "registered" if k < session["capacity"] else "waitlisted"
            registrations.append(dict(collective_session_id=session["id"], user_id=user, pole_id=pole_of.get(user),
                                      status=status, requested_at=slot["starts_at"] - timedelta(days=10),
                                      attended=rng.random() < .8 if slot["starts_at"] < now else None))
            if status == "registered":
                participants.append(dict(session_id=slot["id"], user_id=user, role="participant"))
    conn.execute(insert(CollectiveRegistration.__table__), registrations)
    conn.execute(insert(MeetingParticipant.__table__), participants)
    return {"collective sessions": len(sessions), "registrations": len(registrations)}


def _legal(conn: Connection, ids: _Ids, *, rng: random.Random, now: datetime, lawyer_user: int, busy: int,
           busy_pole: int, pole_ids: list[int]) -> dict[str, int]:
    """Juri-PTCE slots (300 a year, most of them the signed-in lawyer's) and their bookings."""
    lawyers = conn.execute(select(LawyerProfile.id, LawyerProfile.user_id)).all()
    mine = next(p for p, u in lawyers if u == lawyer_user)
    facilitators = conn.execute(select(User.id, User.pole_id).where(User.role == "facilitator",
                                                                   User.pole_id.is_not(None))).all()
    existing = set(conn.execute(select(LegalSlot.lawyer_profile_id, LegalSlot.starts_at)).all())
    n = VOLUME["slots_a_year"] * YEARS
    slot_rows, meetings, participants, bookings = [], [], [], []
    for k, (sid, mid) in enumerate(zip(ids.take(LegalSlot.__table__, n), ids.take(Meeting.__table__, n))):
        profile, account = (mine, lawyer_user) if k % 2 == 0 else rng.choice(lawyers)
        start = (now - timedelta(days=365 * YEARS - k * 365 * YEARS / n)).replace(minute=0, second=0, microsecond=0)
        if (profile, start) in existing:
            continue
        existing.add((profile, start))
        meetings.append(dict(id=mid, kind="legal_slot", title="Créneau Juri-PTCE", starts_at=start,
                             ends_at=start + timedelta(minutes=45), status="scheduled",
                             ical_uid=f"bench-legal-{mid}@entrepairs"))
        slot_rows.append(dict(id=sid, lawyer_profile_id=profile, session_id=mid, starts_at=start))
        participants.append(dict(session_id=mid, user_id=account, role="host"))
        if rng.random() < .7:
            booker, pole = (busy, busy_pole) if rng.random() < .05 else rng.choice(facilitators)
            bookings.append(dict(slot_id=sid, booker_id=booker, pole_id=pole, question="Quel statut pour notre SCIC ?",
                                 question_key=f"bench-{sid}", status="confirmed" if start > now - timedelta(days=2)
                                 or rng.random() < .8 else "cancelled", idempotency_key=f"bench-booking-{sid}",
                                 created_at=start - timedelta(days=12), confirmed_at=start - timedelta(days=12)))
            participants.append(dict(session_id=mid, user_id=booker, role="participant"))
    conn.execute(insert(Meeting.__table__), meetings)
    conn.execute(insert(LegalSlot.__table__), slot_rows)
    conn.execute(insert(MeetingParticipant.__table__), participants)
    conn.execute(insert(Booking.__table__), bookings)
    return {"legal slots": len(slot_rows), "bookings": len(bookings)}
