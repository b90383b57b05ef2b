"""Benchmark of the network pages (issue 8): map and statistics under a realistic volume.

Run from the repository root::

    python -m bench.bench_network_pages            # or: python bench/bench_network_pages.py
    python -m bench.bench_network_pages --requests 30

It seeds a fresh database with 2,000 poles, 10,000 needs, 600 resource persons with
1,000 offers and — when the ``Pairing`` model is in the tree — 5,000 pairings with their
transfer days, then times the pages through the Flask test client, logged in as a national
organiser: p50/p95 per page over ``--requests`` requests (after two warm-up requests). As
the production workers do (app/gunicorn_conf.py), the long-lived objects are frozen out of the
garbage collector after warm-up (``--no-gc-freeze`` to measure without: full collections over
the ~225k objects of the loaded app then add ~100-150 ms to about one request in twenty).
SQLite (a temporary file) always; PostgreSQL too when ``BENCH_DATABASE_URL`` or
``TEST_DATABASE_URL`` is set (its public schema is DROPPED: use a scratch database).
Ends with one summary line: the worst p95 (wall clock) against the 300 ms target. The
"p50 CPU" and "p95 CPU" columns are the CPU time of this process (Flask, templates, SQLite; not a PostgreSQL
server), useful when the machine is shared and the wall clock waits for a core.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert, text

import models
from app import create_app, refdata
from app.auth.passwords import hash_password
from app.database import seed_reference_data, upgrade_database
from config import TestConfig
from models import (
    CharterVersion, Maturity, Need, NeedKind, NeedStatus, Offer, Pole, PoleEligibility, ResourcePerson, Role, User,
)
from models.associations import need_themes, offer_themes, pole_departements, pole_themes
from models.engine import make_engine, make_session_factory

TARGET_MS = 300.0
N_POLES, N_NEEDS, N_PAIRINGS, N_PERSONS, N_OFFERS = 2_000, 10_000, 5_000, 600, 1_000
PASSWORD = "mot-de-passe-du-banc-d-essai"
PAGES = [
    "/carte",
    "/carte?theme=culture",
    "/organisation/carte",
    "/organisation/statistiques",
    "/organisation/region/84",
    "/organisation/statistiques/besoins-par-theme.csv",
]


def seed(engine: Engine, *, rng: random.Random, now: datetime) -> dict[str, int]:
    """Bulk-insert the volume with Core statements (fast), return what was inserted."""
    themes = [t.code for t in refdata.themes()]
    deps_by_region: dict[str, list[str]] = {}
    for dep in refdata.departements():
        deps_by_region.setdefault(dep.region_code, []).append(dep.code)
    regions = sorted(deps_by_region)
    weights = [len(deps_by_region[r]) for r in regions]
    maturities = [m.value for m in Maturity]

    def when(max_days: int = 720) -> datetime:
        return now - timedelta(days=rng.uniform(0, max_days))

    counts: dict[str, int] = {}
    with engine.begin() as conn:
        poles, pole_regions = [], {}
        for i in range(1, N_POLES + 1):
            region = rng.choices(regions, weights)[0]
            pole_regions[i] = region
            created = when()
            poles.append(dict(id=i, name=f"Pôle d'essai {i:04d}", region_code=region,
                              maturity=rng.choice(maturities), description="Pôle fictif.",
                              strengths="", public_listing=rng.random() < .8, source="bench",
                              created_at=created, updated_at=created))
        conn.execute(insert(Pole.__table__), poles)
        eligibility = [dict(pole_id=i, charter_version=CharterVersion.V2014 if charter else None, ami_phase=1 if ami else None,
                            verified_at=when())
                       for i in pole_regions if (charter := rng.random() < .3) | (ami := rng.random() < .2)]
        if eligibility:
            conn.execute(insert(PoleEligibility.__table__), eligibility)
        conn.execute(insert(pole_departements), [  # 5 % of poles without département
            dict(pole_id=i, departement_code=code)
            for i, region in pole_regions.items() if rng.random() < .95
            for code in rng.sample(deps_by_region[region], min(len(deps_by_region[region]), rng.randint(1, 2)))
        ])
        conn.execute(insert(pole_themes), [
            dict(pole_id=i, theme_code=code) for i in pole_regions for code in rng.sample(themes, rng.randint(1, 3))
        ])
        counts["poles"] = N_POLES

        statuses = [NeedStatus.OPEN.value] * 5 + [NeedStatus.IN_PROGRESS.value] * 3 + [NeedStatus.CLOSED.value] * 2
        kinds = [k.value for k in NeedKind]
        needs = []
        for i in range(1, N_NEEDS + 1):
            created = when()
            needs.append(dict(id=i, pole_id=rng.randint(1, N_POLES), title=f"Besoin d'essai {i}",
                              text="Texte du besoin d'essai.", kind=rng.choice(kinds),
                              status=rng.choice(statuses), urgency=rng.randint(1, 3),
                              created_at=created, updated_at=created))
        conn.execute(insert(Need.__table__), needs)
        conn.execute(insert(need_themes), [
            dict(need_id=i, theme_code=code) for i in range(1, N_NEEDS + 1)
            for code in rng.sample(themes, rng.randint(0, 3))
        ])
        counts["needs"] = N_NEEDS

        hashed = hash_password(PASSWORD)
        conn.execute(insert(User.__table__), [
            dict(id=i, email=f"pr{i}@essai.fr", display_name=f"Personne ressource {i}",
                 role=Role.RESOURCE_PERSON.value, password_hash=hashed, email_confirmed_at=now,
                 is_active=True, created_at=now, session_version=1)
            for i in range(1, N_PERSONS + 1)
        ])
        conn.execute(insert(ResourcePerson.__table__), [
            dict(id=i, user_id=i, pole_id=rng.randint(1, N_POLES) if rng.random() < .7 else None,
                 region_code=rng.choices(regions, weights)[0], yearly_capacity=rng.choice([1, 2, 2, 2, 3]),
                 mobility="both", headline="Ancienne directrice", bio="", availability="", created_at=now,
                 validation_status="validated", validated_at=now)
            for i in range(1, N_PERSONS + 1)
        ])
        conn.execute(insert(Offer.__table__), [
            dict(id=i, resource_person_id=rng.randint(1, N_PERSONS), title=f"Offre {i}", text="Texte.",
                 active=rng.random() < .85, created_at=now, updated_at=now)
            for i in range(1, N_OFFERS + 1)
        ])
        conn.execute(insert(offer_themes), [
            dict(offer_id=i, theme_code=code) for i in range(1, N_OFFERS + 1)
            for code in rng.sample(themes, rng.randint(1, 3))
        ])
        counts["resource_persons"], counts["offers"] = N_PERSONS, N_OFFERS
        if hasattr(models, "Pairing"):
            counts.update(seed_pairings(conn, rng=rng, now=now, needs=needs))
        conn.execute(insert(User.__table__), [dict(
            id=N_PERSONS + 1, email="organisation@essai.fr", display_name="Organisatrice nationale",
            role=Role.ORGANISER.value, password_hash=hashed, email_confirmed_at=now, is_active=True,
            created_at=now, session_version=1)])
    return counts


PAIRING_MIX = {  # status -> share of the 5,000 pairings
    "suggested": 10, "requested": 8, "proposed": 5, "validated": 7, "accepted": 10, "planned": 15,
    "in_progress": 15, "completed": 20, "declined": 4, "cancelled": 4, "expired": 2,
}


def seed_pairings(conn, *, rng: random.Random, now: datetime, needs: list[dict]) -> dict[str, int]:
    """5,000 pairings and, for those planned or further, one or two transfer days."""
    from models import Pairing, PairingDay, Meeting  # present once feat/transfer is merged

    statuses, weights = zip(*PAIRING_MIX.items())
    pairings, sessions, days = [], [], []
    paired: set[tuple[int, int]] = set()  # the database holds one open pairing per (need, person)
    for i in range(1, N_PAIRINGS + 1):
        need = needs[rng.randrange(len(needs))]
        person = rng.randint(1, N_PERSONS)
        while (need["id"], person) in paired:
            person = rng.randint(1, N_PERSONS)
        paired.add((need["id"], person))
        status = rng.choices(statuses, weights)[0]
        created = need["created_at"] + timedelta(days=rng.uniform(1, 60))
        created = min(created, now)
        completed = created + timedelta(days=rng.uniform(30, 200)) if status == "completed" else None
        pairings.append(dict(id=i, need_id=need["id"], resource_person_id=person,
                             status=status, score=rng.random(), message="", decision_note="",
                             created_at=created, updated_at=created, status_changed_at=created,
                             completed_at=min(completed, now) if completed else None))
        if status in ("planned", "in_progress", "completed"):
            first = created + timedelta(days=rng.uniform(7, 150))
            for stage in range(1, rng.randint(1, 2) + 1):
                start = first + timedelta(days=30 * (stage - 1))
                sid = len(sessions) + 1
                sessions.append(dict(id=sid, kind="transfer_day", title=f"Transfert {i} jour {stage}",
                                     description="", starts_at=start, ends_at=start + timedelta(hours=7),
                                     timezone="Europe/Paris", status="scheduled",
                                     ical_uid=f"bench-{sid}@entrepairs", ical_sequence=0,
                                     created_at=created, updated_at=created))
                days.append(dict(pairing_id=i, session_id=sid, stage=stage, label=""))
    conn.execute(insert(Pairing.__table__), pairings)
    conn.execute(insert(Meeting.__table__), sessions)
    conn.execute(insert(PairingDay.__table__), days)
    return {"pairings": len(pairings), "transfer_days": len(sessions)}


def time_pages(url: str, requests: int, *, freeze: bool) -> list[tuple[str, float, float, float, float, int]]:
    app = create_app(TestConfig, DATABASE_URL=url, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    response = client.post("/compte/connexion", data={"email": "organisation@essai.fr", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    if freeze:  # as app/gunicorn_conf.py does once a worker is warm
        for page in PAGES:
            client.get(page)
        gc.collect()
        gc.freeze()
    results = []
    for page in PAGES:
        timings, cpu, size = [], [], 0
        for attempt in range(requests + 2):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(page)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (page, response.status_code)
            size = len(response.data)
            if attempt >= 2:
                timings.append(elapsed)
                cpu.append((time.process_time() - start_cpu) * 1000)
        results.append((page, statistics.median(timings), _p95(timings), statistics.median(cpu), _p95(cpu), size))
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def fresh_database(engine: Engine) -> None:
    """An empty schema at the last migration, with the reference data (a PostgreSQL scratch base: public dropped)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade_database(engine)
    with make_session_factory(engine)() as session:
        seed_reference_data(session)


def run(url: str, label: str, requests: int, *, freeze: bool = True) -> float:
    engine = make_engine(url)
    fresh_database(engine)
    start = time.perf_counter()
    counts = seed(engine, rng=random.Random(8), now=datetime(2026, 3, 15, 12))
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    print(f"\n[{label}] seeded in {time.perf_counter() - start:.1f} s: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"{'page':<52} {'p50 ms':>8} {'p95 ms':>8} {'p50 CPU':>8} {'p95 CPU':>8} {'kB':>7}")
    worst = 0.0
    for page, p50, p95, p50_cpu, p95_cpu, size in time_pages(url, requests, freeze=freeze):
        print(f"{page:<52} {p50:8.1f} {p95:8.1f} {p50_cpu:8.1f} {p95_cpu:8.1f} {size / 1024:7.0f}")
        worst = max(worst, p95)
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="do not gc.freeze() after warm-up (production workers do, see app/gunicorn_conf.py)")
    args = parser.parse_args(argv)
    freeze = not args.no_gc_freeze
    worst: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        worst["sqlite"] = run(f"sqlite:///{folder}/bench.sqlite", "SQLite", args.requests, freeze=freeze)
    pg_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg_url:
        worst["postgresql"] = run(pg_url, "PostgreSQL", args.requests, freeze=freeze)
    overall = max(worst.values())
    if hasattr(os, "getloadavg"):
        load = os.getloadavg()[0]
        print(f"\nload average {load:.1f} on {os.cpu_count()} CPU(s)"
              + (" — the machine is busy: wall times are inflated, see the CPU columns "
                 "(this process only; PostgreSQL's own time is not in it)" if load > (os.cpu_count() or 1) else ""))
    verdict = "OK" if overall <= TARGET_MS else "TOO SLOW"
    details = ", ".join(f"{k} {v:.0f} ms" for k, v in worst.items())
    print(f"\nSUMMARY network pages: max p95 {overall:.0f} ms ({details}) vs target {TARGET_MS:.0f} ms "
          f"with {N_POLES} poles, {N_NEEDS} needs, "
          f"{'5000 pairings' if hasattr(models, 'Pairing') else 'NO pairings (model absent)'}"
          f"{'' if freeze else ', without gc.freeze'}: {verdict}")
    return 0 if overall <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
