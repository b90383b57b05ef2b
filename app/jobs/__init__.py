"""Background jobs: one runner for long work (batch runs, visit themes, re-embedding).

``queue.enqueue(kind, payload)`` adds a row to the ``jobs`` table; in production the scheduler
processes claim rows (``SELECT … FOR UPDATE SKIP LOCKED``) and run them (``runner``), with
progress, a renewed claim, retries with backoff and a dead-job rule. In development on SQLite the
same call runs the job at once in a thread of the process (``JOBS_RUNNER``). Handlers are
registered by kind in ``kinds``.
"""
