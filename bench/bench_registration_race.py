"""50 people register at once for the last 10 seats of a collective session, on PostgreSQL.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<db> python -m bench.bench_registration_race \
        [--rounds 3] [--crowd 50] [--seats 10]

The database named by BENCH_DATABASE_URL is WIPED (schema dropped). Each round publishes a session
whose seats are all taken but ``--seats``, then ``--crowd`` threads (each its own connection)
register at the same instant through the service. Prints, per round, the registered and waitlisted
counts found in the database afterwards (must be exactly the seats and the rest), errors, and the
time the crowd took; the summary line says whether every round held.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import timedelta

from sqlalchemy import func, select, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--seats", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        print("BENCH_DATABASE_URL doit désigner une base PostgreSQL (elle sera vidée).")
        return 2
    os.environ["DATABASE_URL"] = url

    from app import create_app
    from app.agenda import services
    from app.auth.passwords import hash_password
    from app.database import seed_reference_data, upgrade_database
    from app.extensions import db
    from models import Audience, CollectiveKind, CollectiveRegistration, Pole, RegistrationStatus, Role, User, utcnow

    app = create_app()
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        password = hash_password("une-phrase-de-passe-de-bench")
        organiser = User(email="orga@bench.fr", display_name="Orga", role=Role.ORGANISER, password_hash=password,
                         email_confirmed_at=utcnow())
        db.session.add(organiser)
        people = []
        for i in range(args.crowd + 200):
            pole = Pole(name=f"Pôle {i}", region_code="84")
            people.append(User(email=f"p{i}@bench.fr", display_name=f"Animation {i}", role=Role.FACILITATOR,
                               password_hash=password, email_confirmed_at=utcnow(), pole=pole))
        db.session.add_all(people)
        db.session.commit()
        ids = [p.id for p in people]

    held = True
    for number in range(1, args.rounds + 1):
        with app.app_context():
            start = utcnow().replace(microsecond=0) + timedelta(days=10)
            early_ids = ids[: 20]
            draft = services.SessionDraft(
                kind=CollectiveKind.WEBINAR, title=f"Webinaire {number}", description="", theme_codes=[],
                speakers="", online=True, video_url="https://visio.example.org/bench", place="", departement_code=None,
                slots=[services.SlotTimes(start, start + timedelta(hours=1))], timezone="Europe/Paris",
                capacity=len(early_ids) + args.seats, registration_deadline=None, audience=Audience.ALL)
            session_id = services.publish(organiser=db.session.get(User, organiser.id), draft=draft).id
            for user_id in early_ids:
                services.register(session_id=session_id, user=db.session.get(User, user_id))
        crowd = ids[len(early_ids): len(early_ids) + args.crowd]
        barrier = threading.Barrier(len(crowd))
        errors: list[BaseException] = []

        def register(user_id: int, session_id: int = session_id, barrier: threading.Barrier = barrier,
                     errors: list[BaseException] = errors) -> None:
            with app.app_context():
                try:
                    barrier.wait(timeout=60)
                    services.register(session_id=session_id, user=db.session.get(User, user_id))
                except BaseException as error:  # noqa: BLE001 - counted and printed
                    errors.append(error)

        threads = [threading.Thread(target=register, args=(u,)) for u in crowd]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        elapsed = time.perf_counter() - began
        with app.app_context():
            counts = dict(db.session.execute(
                select(CollectiveRegistration.status, func.count())
                .where(CollectiveRegistration.collective_session_id == session_id,
                       CollectiveRegistration.user_id.in_(crowd))
                .group_by(CollectiveRegistration.status)).all())
        registered = counts.get(RegistrationStatus.REGISTERED, 0)
        waitlisted = counts.get(RegistrationStatus.WAITLISTED, 0)
        ok = registered == args.seats and waitlisted == len(crowd) - args.seats and not errors
        held &= ok
        print(f"tour {number} : {len(crowd)} inscriptions simultanées pour {args.seats} places → {registered} inscrites, "
              f"{waitlisted} en liste d'attente, {len(errors)} erreurs, {elapsed:.2f} s"
              f"{'' if ok else '  ÉCHEC'}")
    verdict = (f"OK — {args.rounds} tours de {args.crowd} personnes pour {args.seats} places, exactement "
               f"{args.seats} inscrites à chaque tour" if held else "ÉCHEC sur au moins un tour")
    print(f"RÉSUMÉ bench_registration_race : {verdict}")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
