"""gunicorn as the README starts it (``gunicorn app.wsgi:app -c app/gunicorn_conf.py``), on a Unix socket."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("entrepairs.test", timeout=5)
        self.path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(5)
        self.sock.connect(self.path)


def _health(path: str) -> int | None:
    connection = _UnixConnection(path)
    try:
        connection.request("GET", "/sante")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def test_gunicorn_serves_on_a_unix_socket(tmp_path):
    # Before: SO_REUSEPORT was asked on every bind; on a Unix socket (nginx on the same host) each worker died at boot
    # with « [Errno 95] Operation not supported » and was respawned for ever: nginx answered 502.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite'}",
           "ENTREPAIRS_INSTANCE": str(tmp_path / "instance"), "HEALTH_SCHEDULER_MAX_AGE_SECONDS": "0",
           "GUNICORN_BIND": f"unix:{tmp_path / 'gunicorn.sock'}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "1",
           "XDG_RUNTIME_DIR": str(tmp_path)}  # were there a control socket, it would be here
    env.pop("ENTREPAIRS_ENV", None)
    subprocess.run([sys.executable, "-m", "app", "init-db"], env=env, cwd=ROOT, check=True, capture_output=True)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "app.wsgi:app", "-c", "app/gunicorn_conf.py"],
                                  env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        status, deadline = None, time.monotonic() + 60
        while status is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            status = _health(str(tmp_path / "gunicorn.sock"))
    finally:
        server.terminate()
        server.wait(20)
    said = log.read_text()
    assert "Operation not supported" not in said
    assert status == 200, said
    assert "Control" not in said and not (tmp_path / "gunicorn.ctl").exists()  # no control socket of gunicorn ≥ 25.1
    assert f"Entrepairs écoute sur unix:{tmp_path / 'gunicorn.sock'} (1\u00a0processus de 1\u00a0fil chacun)." in said


_BLAS_THREADS_AFTER_CONF = (
    "import runpy; runpy.run_path('app/gunicorn_conf.py'); import numpy; from threadpoolctl import threadpool_info; "
    "print(sorted({lib['num_threads'] for lib in threadpool_info() if lib['user_api'] == 'blas'}))"
)


def test_workers_multiply_on_one_blas_thread_unless_told_otherwise():
    # A suggestion's vector products shared between OpenBLAS threads doubled its CPU time on a busy machine
    # (bench_suggest, README). The setting must be in place before NumPy is loaded, and an operator's value wins.
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    default = subprocess.run([sys.executable, "-c", _BLAS_THREADS_AFTER_CONF], env=env, cwd=ROOT,
                             check=True, capture_output=True, text=True)
    assert default.stdout.strip() == "[1]"
    told = subprocess.run([sys.executable, "-c", _BLAS_THREADS_AFTER_CONF], env={**env, "OPENBLAS_NUM_THREADS": "2"},
                          cwd=ROOT, check=True, capture_output=True, text=True)
    assert told.stdout.strip() == "[2]"
