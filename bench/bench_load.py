"""Load: the suggestion page against a bare route of the same gunicorn server, 50 logged-in users.

    python -m bench.bench_load [--seconds 20] [--connections 50] [--bookers 10]

Runs gunicorn on loopback (2 workers × 4 threads, the model loaded once per worker at
start-up), logs 50 demo facilitators in, then drives the server with wrk (Debian package):
each connection carries one user's session cookie and asks for that user's need page (the
suggestions) — then the same connections hit the bare ``/sante`` route. Each user comes back to
the same page, so after the first view it is served as kept (app/fragments.py: access and versions
checked, no rendering); a page after an edit is rendered once per worker. Prints requests/s,
p95 latency and errors for both, their ratio (target ≥ 0.25).

A third run mixes browsing and booking: wrk keeps browsing need pages on the connections
left while ``--bookers`` users book Juri-PTCE slots through the real forms (CSRF token,
idempotency key) and cancel them, in a loop; it prints both sides and checks afterwards that
no slot holds two confirmed bookings. One summary line ends the output.
Uses PostgreSQL when BENCH_DATABASE_URL is set, a fresh SQLite file otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.paths import REPO
from bench.web_client import logged_in, send

LUA = r"""
local sessions = {}
local counter = 0
local mode = "%(mode)s"
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  local f = io.open("%(sessions)s")
  for line in f:lines() do
    local cookie, path = line:match("^(.-)\t(.*)$")
    table.insert(sessions, {cookie = cookie, path = path})
  end
  f:close()
  n = 0
end
function request()
  n = n + 1
  local s = sessions[((id * 1000 + n) %% #sessions) + 1]
  local path = s.path
  if mode == "bare" then path = "/sante" end
  return wrk.format("GET", path, {["Cookie"] = s.cookie, ["User-Agent"] = "%(agent)s"})
end
non200 = 0
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
function done(summary, latency, requests)
  -- wrk counts only >= 400 as status errors; a redirect to the login page is an error here too.
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
               + summary.errors.timeout + non200
  io.write(string.format("JSON {\"requests\": %%d, \"seconds\": %%f, \"p50_ms\": %%f, \"p95_ms\": %%f, \"errors\": %%d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors))
end
"""


#: Prefix of the small programs that read the benchmark's database through the app.
APP_QUERY = ("import json\nfrom app import create_app\nfrom app.extensions import db\n"
             "app = create_app()\nwith app.app_context():\n")

#: Flask-Login's "strong" session protection ties a session to its user agent: wrk sends the same.
AGENT = "entrepairs-bench/1.0"


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=REPO).stdout


def login_all(base: str, logins: list[tuple[str, int]], password: str) -> list[tuple[str, str]]:
    sessions = []
    for email, need_id in logins:
        _, _, cookie = logged_in(base, email, password, user_agent=AGENT)
        # wrk replays this cookie as is: the page must neither refuse it nor rewrite it.
        request = urllib.request.Request(base + f"/besoins/{need_id}", headers={"Cookie": cookie, "User-Agent": AGENT})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200 and "Set-Cookie" not in response.headers, (email, response.status)
        sessions.append((cookie, f"/besoins/{need_id}"))
    return sessions


@dataclass
class BookingTally:
    cycles: int = 0
    collisions: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)


def book_and_cancel(base: str, email: str, password: str, slot_ids: list[int], until: float,
                    tally: BookingTally, lock: threading.Lock) -> None:
    """One user books a random slot through the form, then cancels it from "Mes rendez-vous", until ``until``."""
    opener, token, _ = logged_in(base, email, password, user_agent=AGENT)
    rng = random.Random(email)
    while time.monotonic() < until:
        start = time.perf_counter()
        status, _ = send(opener, base + "/juri-ptce/reserver", {
            "csrf_token": token, "slot_id": rng.choice(slot_ids), "idempotency_key": uuid.uuid4().hex,
            "question": "Pouvons-nous facturer des prestations à nos membres sans perdre notre caractère non lucratif ?"})
        outcome = "collision" if status == 409 else "error"
        if status == 302:
            page_status, page = send(opener, base + "/juri-ptce/mes-rendez-vous")
            ids = re.findall(r'href="/juri-ptce/rendez-vous/(\d+)/annuler"', page)
            cancelled = [send(opener, base + f"/juri-ptce/rendez-vous/{i}/annuler", {"csrf_token": token})[0]
                         for i in ids]
            outcome = "cycle" if page_status == 200 and ids and all(c == 302 for c in cancelled) else "error"
        with lock:
            tally.latencies_ms.append((time.perf_counter() - start) * 1000)
            if outcome == "cycle":
                tally.cycles += 1
            elif outcome == "collision":
                tally.collisions += 1
            else:
                tally.errors += 1


def wrk(base: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out.split("JSON ", 1)[1].strip())
    data["rps"] = data["requests"] / data["seconds"]
    return data


def combined(runs: list[dict]) -> dict:
    """Several wrk runs of one route as one: total requests over total time; latencies of the median run."""
    by_p95 = sorted(runs, key=lambda r: r["p95_ms"])
    middle = by_p95[len(by_p95) // 2]
    requests, seconds = sum(r["requests"] for r in runs), sum(r["seconds"] for r in runs)
    return {"requests": requests, "seconds": seconds, "rps": requests / seconds, "p50_ms": middle["p50_ms"],
            "p95_ms": middle["p95_ms"], "errors": sum(r["errors"] for r in runs),
            "rps_range": (min(r["rps"] for r in runs), max(r["rps"] for r in runs))}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--bookers", type=int, default=10, help="users booking in the mixed run (of --connections)")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the two routes (--seconds split between them)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk absent : apt-get install wrk", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="entrepairs-load-"))
    env = dict(os.environ,  # /sante: no scheduler runs beside the bench
               HEALTH_SCHEDULER_MAX_AGE_SECONDS="0",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ENTREPAIRS_INSTANCE=str(workdir),
               SECRET_KEY="bench-secret", MAIL_BACKEND="file", MAIL_FILE_DIR=str(workdir / "mail"),
               GUNICORN_BIND="127.0.0.1:8765")
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite'}")
    py = sys.executable
    run([py, "-m", "app", "demo"], env)
    logins = json.loads(run([py, "-c", APP_QUERY + (
        "    from models import User, Role\n"
        "    users = db.session.query(User).filter(User.role == Role.FACILITATOR).order_by(User.id).all()\n"
        "    print(json.dumps([(u.email, u.pole.needs[0].id) for u in users if u.pole and u.pole.needs]))")], env))
    logins = (logins * ((args.connections // len(logins)) + 1))[: args.connections]
    slot_ids = json.loads(run([py, "-c", APP_QUERY + (
        "    from models import LegalSlot, utcnow\n    from datetime import timedelta\n"
        "    print(json.dumps([s.id for s in db.session.query(LegalSlot)"
        ".filter(LegalSlot.starts_at > utcnow() + timedelta(days=3))]))")], env))
    server = subprocess.Popen([py, "-m", "gunicorn", "app.wsgi:app", "-c", "app/gunicorn_conf.py"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = "http://127.0.0.1:8765"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/sante", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        from app.demo import DEMO_PASSWORD

        sessions = login_all(base, logins, DEMO_PASSWORD)
        (workdir / "sessions.tsv").write_text("\n".join(f"{c}\t{p}" for c, p in sessions) + "\n")
        scripts = {}
        for mode in ("suggestions", "bare"):
            scripts[mode] = workdir / f"{mode}.lua"
            scripts[mode].write_text(LUA % {"mode": mode, "sessions": workdir / "sessions.tsv", "agent": AGENT})
            wrk(base, scripts[mode], 3, args.connections)  # warm-up, not counted
        # The two routes take turns in short rounds: a slower or faster spell of the machine
        # then weighs on both alike instead of on whichever ran at that moment.
        rounds: dict[str, list[dict]] = {"suggestions": [], "bare": []}
        for _ in range(args.rounds):
            for mode in rounds:
                rounds[mode].append(wrk(base, scripts[mode], max(1, args.seconds // args.rounds), args.connections))
        results = {mode: combined(runs) for mode, runs in rounds.items()}
        # Mixed: browsing on the other connections while users book and cancel slots.
        tally, lock = BookingTally(), threading.Lock()
        until = time.monotonic() + args.seconds + 1
        bookers = [threading.Thread(target=book_and_cancel, args=(base, email, DEMO_PASSWORD, slot_ids, until, tally, lock))
                   for email, _ in logins[: args.bookers]]
        for thread in bookers:
            thread.start()
        results["mixed"] = wrk(base, scripts["suggestions"], args.seconds, args.connections - args.bookers)
        for thread in bookers:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = "PostgreSQL" if "BENCH_DATABASE_URL" in os.environ else "SQLite"
    print(f"gunicorn 2 workers x 4 threads, {args.connections} users logged in, {args.seconds} s per route "
          f"in {args.rounds} alternating rounds, {database}")
    for mode, label in (("suggestions", "page des suggestions (/besoins/<id>)"), ("bare", "route nue (/sante)")):
        r = results[mode]
        low, high = r["rps_range"]
        print(f"{label:40s} {r['rps']:8.1f} req/s (rounds {low:.0f}-{high:.0f})  p50 {r['p50_ms']:6.1f} ms  "
              f"p95 {r['p95_ms']:6.1f} ms  erreurs {r['errors']}")
    mixed = results["mixed"]
    doubles = int(run([py, "-c", APP_QUERY + (
        "    from sqlalchemy import text\n    print(db.session.execute(text(\"SELECT count(*) FROM (SELECT slot_id FROM "
        "bookings WHERE status = 'confirmed' GROUP BY slot_id HAVING count(*) > 1) d\")).scalar())")], env))
    booking_p95 = sorted(tally.latencies_ms)[int(0.95 * (len(tally.latencies_ms) - 1))] if tally.latencies_ms else 0.0
    print(f"mixte : {args.connections - args.bookers} utilisateurs sur leurs suggestions, "
          f"{args.bookers} qui réservent puis annulent")
    print(f"{'  page des suggestions':40s} {mixed['rps']:8.1f} req/s  p50 {mixed['p50_ms']:6.1f} ms  "
          f"p95 {mixed['p95_ms']:6.1f} ms  erreurs {mixed['errors']}")
    print(f"{'  réservation + annulation':40s} {tally.cycles / args.seconds:8.1f} cycles/s  p95 {booking_p95:6.1f} ms  "
          f"créneau déjà pris {tally.collisions}  erreurs {tally.errors}  doubles réservations {doubles}")
    ratio = results["suggestions"]["rps"] / results["bare"]["rps"]
    errors = results["suggestions"]["errors"] + results["bare"]["errors"] + mixed["errors"] + tally.errors
    ok = ratio >= 0.25 and errors == 0 and doubles == 0 and tally.cycles > 0
    print(f"SUMMARY load: suggestions {results['suggestions']['rps']:.1f} req/s vs bare {results['bare']['rps']:.1f} req/s, "
          f"ratio {ratio:.2f} (target >= 0.25); mixed with {args.bookers} booking users: {mixed['rps']:.1f} req/s and "
          f"{tally.cycles / args.seconds:.1f} booking cycles/s; errors {errors}, double bookings {doubles} "
          f"-> {'OK' if ok else 'FAIL'}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
