"""Load: the suggestion page against a bare route of the same gunicorn server, 50 logged-in users.

    python -m bench.bench_load [--seconds 20] [--connections 50]

Runs gunicorn on loopback (2 workers × 4 threads, the model loaded once per worker at
start-up), logs 50 demo facilitators in, then drives the server with wrk (Debian package):
each connection carries one user's session cookie and asks for that user's need page (the
suggestions) — then the same connections hit the bare ``/sante`` route. Prints requests/s,
p95 latency and errors for both, their ratio (target ≥ 0.25) and one summary line.
Uses PostgreSQL when BENCH_DATABASE_URL is set, a fresh SQLite file otherwise.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.paths import REPO

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


#: Flask-Login's "strong" session protection ties a session to its user agent: wrk sends the same.
AGENT = "entrepairs-bench/1.0"


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=REPO).stdout


def login_all(base: str, logins: list[tuple[str, int]], password: str) -> list[tuple[str, str]]:
    sessions = []
    for email, need_id in logins:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("User-Agent", AGENT)]
        page = opener.open(base + "/compte/connexion").read().decode()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        opener.open(base + "/compte/connexion", urllib.parse.urlencode(
            {"csrf_token": token, "email": email, "password": password}).encode())
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        assert "session=" in cookie, email
        assert opener.open(base + f"/besoins/{need_id}").status == 200
        sessions.append((cookie, f"/besoins/{need_id}"))
    return sessions


def wrk(base: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out.split("JSON ", 1)[1].strip())
    data["rps"] = data["requests"] / data["seconds"]
    return data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk absent : apt-get install wrk", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="entrepairs-load-"))
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ENTREPAIRS_INSTANCE=str(workdir),
               SECRET_KEY="bench-secret", MAIL_BACKEND="file", MAIL_FILE_DIR=str(workdir / "mail"),
               GUNICORN_BIND="127.0.0.1:8765")
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite'}")
    py = sys.executable
    run([py, "-m", "app", "demo"], env)
    logins = json.loads(run([py, "-c", (
        "import json\nfrom app import create_app\nfrom app.extensions import db\nfrom models import User, Role\n"
        "app = create_app()\nwith app.app_context():\n"
        "    users = db.session.query(User).filter(User.role == Role.FACILITATOR).order_by(User.id).all()\n"
        "    print(json.dumps([(u.email, u.pole.needs[0].id) for u in users if u.pole and u.pole.needs]))")], env))
    logins = (logins * ((args.connections // len(logins)) + 1))[: args.connections]
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
        results = {}
        for mode in ("suggestions", "bare"):
            script = workdir / f"{mode}.lua"
            script.write_text(LUA % {"mode": mode, "sessions": workdir / "sessions.tsv", "agent": AGENT})
            wrk(base, script, 3, args.connections)  # warm-up, not counted
            results[mode] = wrk(base, script, args.seconds, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = "PostgreSQL" if "BENCH_DATABASE_URL" in os.environ else "SQLite"
    print(f"gunicorn 2 workers x 4 threads, {args.connections} users logged in, {args.seconds} s per run, {database}")
    for mode, label in (("suggestions", "page des suggestions (/besoins/<id>)"), ("bare", "route nue (/sante)")):
        r = results[mode]
        print(f"{label:40s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  erreurs {r['errors']}")
    ratio = results["suggestions"]["rps"] / results["bare"]["rps"]
    errors = results["suggestions"]["errors"] + results["bare"]["errors"]
    ok = ratio >= 0.25 and errors == 0
    print(f"SUMMARY load: suggestions {results['suggestions']['rps']:.1f} req/s vs bare {results['bare']['rps']:.1f} req/s, "
          f"ratio {ratio:.2f} (target >= 0.25), errors {errors} -> {'OK' if ok else 'FAIL'}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
