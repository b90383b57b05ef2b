"""gunicorn settings: the embedding model is loaded once per worker, right after the fork."""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 120


def post_worker_init(worker) -> None:  # noqa: ANN001 - gunicorn hook
    from app.suggestions.warmup import warm_up

    warm_up(worker.wsgi)
