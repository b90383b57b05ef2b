"""gunicorn settings: the embedding model is loaded once per worker, right after the fork."""

from __future__ import annotations

import gc
import os
import sys

#: One BLAS thread per worker, unless the operator says otherwise; set before anything loads NumPy, the library reads it
#: once. A suggestion multiplies one vector by the offers' (1 × 512 by 512 × 10,000): OpenBLAS shares that between
#: threads, which on two cores busy with the workers' other requests mostly wait for each other. Measured with
#: ``bench_suggest``: the suggestion's CPU time halved (p50 ~35 → ~16 ms on a loaded machine), same results (README).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from config import int_setting

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: Read like every number setting (config.py): ``GUNICORN_WORKERS=abc`` (or ``0``) stops in ``on_starting`` with one
#: French line, not with a traceback while gunicorn loads this file (nor a master serving with no worker).
workers = int_setting("GUNICORN_WORKERS", 2, minimum=1)
threads = int_setting("GUNICORN_THREADS", 4, minimum=1)
worker_class = "gthread"
#: One listening socket per worker (SO_REUSEPORT): the kernel spreads new connections over the
#: workers. With a shared socket, the worker that wakes first accepts a whole burst of
#: keep-alive connections and keeps them while its sibling idles (seen under load: one worker
#: at 100 % CPU, the other at 0 %, a third of the throughput).
#: Not on a Unix socket (``GUNICORN_BIND=unix:/run/entrepairs/gunicorn.sock``, nginx on the same host) nor on a
#: socket handed over by systemd (``fd://3``): SO_REUSEPORT does not exist there, and every worker died at boot
#: (« [Errno 95] Operation not supported »), respawned for ever, while nginx answered 502.
reuse_port = not bind.startswith(("unix:", "fd://"))
timeout = 120
#: gunicorn ≥ 25.1 opens a control socket for ``gunicornc`` in $XDG_RUNTIME_DIR or ~/.gunicorn: one path for every
#: instance of a user (a second site, a test, took the first one's), and an ERROR at each start for a service user
#: without a home. Entrepairs is run by systemd and signals (``kill -HUP``): no control socket.
control_socket_disable = True


def on_starting(server) -> None:  # noqa: ANN001 - gunicorn hook
    """Stop before forking when a setting is missing or the database cannot be reached: one French
    sentence (app/startup_errors.py) instead of a traceback per worker."""
    from config import ConfigurationError

    from app.startup_errors import check_before_serving

    try:
        check_before_serving()
    except ConfigurationError as error:
        print(f"Erreur : {error}", file=sys.stderr, flush=True)
        sys.exit(1)


def when_ready(server) -> None:  # noqa: ANN001 - gunicorn hook
    """Say where the site listens: with one socket per worker (``reuse_port``) gunicorn's own line reads
    « Listening at:  » with no address."""
    from app.typography import count

    server.log.info("Entrepairs écoute sur %s (%s de %s chacun).", bind, count(workers, "processus", "processus"),
                    count(threads, "fil"))


def post_worker_init(worker) -> None:  # noqa: ANN001 - gunicorn hook
    from app.suggestions.warmup import warm_up

    warm_up(worker.wsgi)
    # Move what the worker loaded so far (app, libraries, model) out of the collector's reach:
    # otherwise a full collection walks ~200k long-lived objects (~100 ms) in the middle of
    # a request (bench/bench_network_pages.py shows it as the p95).
    gc.collect()
    gc.freeze()
