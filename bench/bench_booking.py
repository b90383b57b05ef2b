"""Bookings per second through the web layer on PostgreSQL, concurrent clients, and double bookings (must be 0).

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<db> python -m bench.bench_booking \
        [--clients 20] [--slots 200] [--seconds 30]

The database named by BENCH_DATABASE_URL is WIPED (schema dropped). Runs gunicorn on loopback
(2 workers × 4 threads), creates 3 lawyers, ``--slots`` future slots and one facilitator per
client; each client logs in, then books at random among the slots it has not yet seen taken,
through the real form (CSRF token, idempotency key), so clients collide on the same slots
(``--hot 10``: all aim at the first ten they have not seen taken). Stops when every slot is
booked or after ``--seconds``. Prints successful bookings/s, attempts/s, refusals (409), errors, and the double bookings counted
in the database afterwards (slots with more than one confirmed booking, and successful
responses without their own confirmed booking).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.paths import REPO
from bench.web_client import logged_in, send

PASSWORD = "une-phrase-de-passe-de-bench"
SETUP = r"""
import sys
from datetime import timedelta
from sqlalchemy import text
from app import create_app
from app.auth.passwords import hash_password
from app.database import seed_reference_data, upgrade_database
from app.extensions import db
from models import LawyerProfile, LegalSlot, Role, Meeting, MeetingKind, User, utcnow

clients, slots = int(sys.argv[1]), int(sys.argv[2])
app = create_app()
with app.app_context():
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade_database(db.engine)
    seed_reference_data(db.session)
    password = hash_password(%(password)r)
    lawyers = []
    for i in range(3):
        user = User(email=f"avocat{i}@bench.fr", display_name=f"Maître {i}", role=Role.LAWYER,
                    password_hash=password, email_confirmed_at=utcnow())
        lawyers.append(LawyerProfile(user=user, specialties="Droit des coopératives et des associations."))
    db.session.add_all(lawyers)
    start = (utcnow() + timedelta(days=30)).replace(second=0, microsecond=0)
    for i in range(slots):
        at = start + timedelta(minutes=45 * i)
        meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau Juri-PTCE", starts_at=at,
                          ends_at=at + timedelta(minutes=45))
        db.session.add(LegalSlot(lawyer=lawyers[i %% 3], session=meeting, starts_at=at))
    for i in range(clients):
        db.session.add(User(email=f"animation{i}@bench.fr", display_name=f"Animation {i}", role=Role.FACILITATOR,
                            password_hash=password, email_confirmed_at=utcnow()))
    db.session.commit()
    print(",".join(str(s.id) for s in db.session.query(LegalSlot).order_by(LegalSlot.id)))
"""
CHECK = r"""
from sqlalchemy import text
from app import create_app
from app.extensions import db
app = create_app()
with app.app_context():
    doubles = db.session.execute(text(
        "SELECT count(*) FROM (SELECT slot_id FROM bookings WHERE status = 'confirmed' "
        "GROUP BY slot_id HAVING count(*) > 1) d")).scalar()
    confirmed = db.session.execute(text("SELECT count(*) FROM bookings WHERE status = 'confirmed'")).scalar()
    print(doubles, confirmed)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--slots", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hot", type=int, default=0,
                        help="aim only at the first N slots not yet seen taken (0: any of them)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        print("BENCH_DATABASE_URL (PostgreSQL) requis ; cette base sera vidée.", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="entrepairs-booking-"))
    env = dict(os.environ,  # /sante: no scheduler runs beside the bench
               HEALTH_SCHEDULER_MAX_AGE_SECONDS="0",
               DATABASE_URL=url, ENTREPAIRS_INSTANCE=str(workdir), SECRET_KEY="bench-secret-" + "x" * 32,
               MAIL_BACKEND="file", MAIL_FILE_DIR=str(workdir / "mail"), EMBEDDING_MODEL="hashing",
               GUNICORN_BIND="127.0.0.1:8766", HF_HUB_OFFLINE="1")
    py = sys.executable
    slot_ids = [int(s) for s in subprocess.run(
        [py, "-c", SETUP % {"password": PASSWORD}, str(args.clients), str(args.slots)], env=env, cwd=REPO,
        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1].split(",")]
    server = subprocess.Popen([py, "-m", "gunicorn", "app.wsgi:app", "-c", "app/gunicorn_conf.py"], env=env,
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:8766"
    counts = {"booked": 0, "refused": 0, "errors": 0}
    booked_slots: list[int] = []
    lock = threading.Lock()
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/sante", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        clients = []
        for i in range(args.clients):
            client, token, _ = logged_in(base, f"animation{i}@bench.fr", PASSWORD)
            clients.append((client, token))
        start_gate = threading.Barrier(args.clients + 1)
        deadline = [0.0]

        def drive(client: urllib.request.OpenerDirector, token: str) -> None:
            seen_taken: set[int] = set()
            start_gate.wait()
            while time.perf_counter() < deadline[0]:
                with lock:
                    if len(booked_slots) >= len(slot_ids):
                        return
                candidates = [s for s in slot_ids if s not in seen_taken]
                if not candidates:
                    return
                slot = random.choice(candidates[:args.hot] if args.hot else candidates)
                status, _ = send(client, base + "/juri-ptce/reserver", {
                    "csrf_token": token, "slot_id": slot, "idempotency_key": uuid.uuid4().hex,
                    # One open booking per person and question: each slot gets its own question.
                    "question": f"Comment rédiger les statuts de notre SCIC et ses collèges de vote ? (créneau {slot})"})
                with lock:
                    if status == 302:
                        counts["booked"] += 1
                        booked_slots.append(slot)
                    elif status == 409:
                        counts["refused"] += 1
                    else:
                        counts["errors"] += 1
                seen_taken.add(slot)

        threads = [threading.Thread(target=drive, args=c) for c in clients]
        for thread in threads:
            thread.start()
        deadline[0] = time.perf_counter() + args.seconds
        began = time.perf_counter()
        start_gate.wait()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    doubles, confirmed = (int(x) for x in subprocess.run([py, "-c", CHECK], env=env, cwd=REPO, check=True,
                                                          capture_output=True, text=True).stdout.split())
    duplicate_successes = len(booked_slots) - len(set(booked_slots))
    attempts = counts["booked"] + counts["refused"] + counts["errors"]
    double_bookings = doubles + duplicate_successes + max(0, counts["booked"] - confirmed)
    print(f"gunicorn 2 workers x 4 threads, PostgreSQL, {args.clients} clients, {len(slot_ids)} slots, hot {args.hot}, "
          f"{elapsed:.1f} s")
    print(f"réservations réussies {counts['booked']} ({counts['booked'] / elapsed:.1f}/s), tentatives "
          f"{attempts} ({attempts / elapsed:.1f}/s), refus 409 {counts['refused']}, erreurs {counts['errors']}")
    print(f"réservations confirmées en base {confirmed}, créneaux réservés deux fois {doubles}, "
          f"succès en double {duplicate_successes}")
    ok = double_bookings == 0 and counts["errors"] == 0 and confirmed == counts["booked"]
    print(f"SUMMARY booking: {counts['booked'] / elapsed:.1f} bookings/s through the web layer "
          f"({attempts / elapsed:.1f} attempts/s, {args.clients} clients), double bookings {double_bookings}, "
          f"errors {counts['errors']} -> {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
