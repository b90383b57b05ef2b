"""Benchmark of every page of every role at national scale: how long, and how many SQL statements.

Run from the repository root::

    python -m bench.bench_pages_by_role                  # or: python bench/bench_pages_by_role.py
    python -m bench.bench_pages_by_role --requests 10 --role animatrice --keep /tmp/national.sqlite
    python -m bench.bench_pages_by_role --requests 3 --role Avise --only '^/organisation/(suivi|tsf/)$'

It seeds a fresh database with years of use (``bench.national_seed``: 250 poles and the demo network, 6,000 needs,
600 resource persons, 5,000 pairings with their transfer days and pair-space messages, 1,500 collective sessions
with 40,000 registrations, 300 Juri-PTCE slots a year, 200,000 notifications, 30,000 audit lines), signs in as each
role (the facilitator of a busy pole, a resource person with many transfers, a lawyer, Avise, Coorace, a CRA, the
administrator, and an anonymous visitor), discovers the GET pages the role reaches by following the links of its
pages from its home page and « Mon espace » (as ``tests/app/test_pages_of_every_role.py`` walks them: one page per
endpoint), then times each page through the Flask test client: p50/p95 wall and CPU over ``--requests`` requests
after the walk warmed it, and the SQL statements one request sends (``tests/sql_statements.py``).
SQLite (a temporary file, or ``--keep PATH`` to seed once and reuse it) always; PostgreSQL too when
``BENCH_DATABASE_URL`` is set (its public schema is DROPPED: use a scratch database). ``--json PATH`` writes the
figures, to compare two runs; ``--only REGEX`` times only the pages whose address it finds (the walk still
discovers them all). Ends with one summary line: the worst p95 against 300 ms and the most statements.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from app import create_app
from app.database import upgrade_database
from app.demo import DEMO_PASSWORD
from bench.bench_network_pages import _p95, fresh_database
from bench.national_seed import BUSY_FACILITATOR, BUSY_PERSON, LAWYER, seed_national
from config import TestConfig
from models import utcnow
from models.engine import make_engine
from tests.app.page_walk import linked_pages
from tests.sql_statements import statements

TARGET_MS = 300.0
ROLES = {
    "visiteur": None,
    "animatrice": BUSY_FACILITATOR,
    "personne ressource": BUSY_PERSON,
    "avocate": LAWYER,
    "Avise": "avise@demo.entrepairs.fr",
    "Coorace": "coorace@demo.entrepairs.fr",
    "CRA": "cra.aura@demo.entrepairs.fr",
    "admin": "admin@demo.entrepairs.fr",
}
#: Not pages: downloads, feeds, the progress of a calculation (as the site-wide page walk).
NOT_PAGES = re.compile(r"\.(csv|ics|json|svg|ico|pdf)$|^/static/|^/compte/(mes-donnees|deconnexion)|^/sante")
MOST_PAGES_PER_ROLE = 80


def _app(url: str):
    return create_app(TestConfig, DATABASE_URL=url, WTF_CSRF_ENABLED=False, SERVER_NAME="entrepairs.test",
                      MAIL_BACKEND="memory", JOBS_RUNNER="inline")


def _client(app, email: str | None):
    client = app.test_client()
    if email:
        response = client.post("/compte/connexion", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, (email, response.status_code)
    return client


def walk(app, client, *, home: str) -> list[str]:
    """The GET pages reached from ``/`` and ``home`` by following links, one address per endpoint."""
    return [address for address, _ in linked_pages(app, client, ["/", home], most=MOST_PAGES_PER_ROLE,
                                                   not_pages=NOT_PAGES)]


def time_role(app, role: str, email: str | None, requests: int, only: re.Pattern | None = None) -> list[dict]:
    client = _client(app, email)
    pages = walk(app, client, home="/mon-espace" if email else "/compte/connexion")
    pages = [page for page in pages if only is None or only.search(page)]
    gc.collect()
    gc.freeze()  # as the production workers do once warm (app/gunicorn_conf.py)
    figures = []
    for page in pages:
        with app.app_context(), statements() as sent:
            response = client.get(page)
        wall, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(page)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        figures.append(dict(role=role, page=page, status=response.status_code, p50=statistics.median(wall),
                            p95=_p95(wall), cpu50=statistics.median(cpu), cpu95=_p95(cpu),
                            statements=sum(sent.values()), kb=len(response.data) / 1024))
    gc.unfreeze()
    return figures


def prepare(url: str, label: str, keep: bool) -> None:
    engine = make_engine(url)
    if keep and engine.dialect.name == "sqlite" and Path(url.removeprefix("sqlite:///")).exists():
        upgrade_database(engine)  # a database seeded by an earlier run: only the new migrations
        engine.dispose()
        print(f"\n[{label}] reusing {url}")
        return
    fresh_database(engine)
    start = time.perf_counter()
    counts = seed_national(engine, _app(url), rng=random.Random(8), now=utcnow())
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    print(f"\n[{label}] seeded in {time.perf_counter() - start:.1f} s: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()))


def run(url: str, label: str, requests: int, roles: list[str], *, keep: bool = False,
        only: re.Pattern | None = None) -> list[dict]:
    prepare(url, label, keep)
    app = _app(url)
    print(f"{'role':<19} {'page':<58} {'p50 ms':>7} {'p95 ms':>7} {'CPU50':>6} {'CPU95':>6} {'SQL':>5} {'kB':>5}")
    results = []
    for role in roles:
        for f in time_role(app, role, ROLES[role], requests, only):
            print(f"{role:<19} {f['page'][:58]:<58} {f['p50']:7.1f} {f['p95']:7.1f} {f['cpu50']:6.1f} "
                  f"{f['cpu95']:6.1f} {f['statements']:5d} {f['kb']:5.0f}", flush=True)
            results.append(dict(f, database=label))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--role", action="append", choices=list(ROLES), help="only these roles (repeatable)")
    parser.add_argument("--keep", help="SQLite file to seed once and reuse on the next runs")
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--only", type=re.compile, help="time only the pages whose address this regex finds")
    args = parser.parse_args(argv)
    roles = args.role or list(ROLES)
    results = []
    if args.keep:
        results += run(f"sqlite:///{Path(args.keep).resolve()}", "SQLite", args.requests, roles, keep=True, only=args.only)
    else:
        with tempfile.TemporaryDirectory() as folder:
            results += run(f"sqlite:///{folder}/bench.sqlite", "SQLite", args.requests, roles, only=args.only)
    if os.environ.get("BENCH_DATABASE_URL"):
        results += run(os.environ["BENCH_DATABASE_URL"], "PostgreSQL", args.requests, roles, only=args.only)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if not results:
        print(f"\nSUMMARY pages by role: 0 pages timed (no page matches --only {args.only.pattern!r})")
        return 1
    slowest = max(results, key=lambda f: f["p95"])
    chattiest = max(results, key=lambda f: f["statements"])
    if hasattr(os, "getloadavg"):
        print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s) (the CPU columns are this process "
              "only; a shared machine inflates the wall clock)")
    verdict = "OK" if slowest["p95"] <= TARGET_MS else "TOO SLOW"
    print(f"\nSUMMARY pages by role: {len(results)} pages timed, worst p95 {slowest['p95']:.0f} ms "
          f"({slowest['role']} {slowest['page']}, {slowest['database']}) vs target {TARGET_MS:.0f} ms: {verdict}; "
          f"most statements {chattiest['statements']} ({chattiest['role']} {chattiest['page']}, "
          f"{chattiest['database']})")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    raise SystemExit(main())
