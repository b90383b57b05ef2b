"""A delivery worker run in its own OS process (spawn) by the race test."""

from __future__ import annotations

import os


def deliver_in_process(database_url: str, mail_dir: str, barrier, results) -> None:
    from app import create_app
    from app.notifications.delivery import deliver_all_due
    from config import TestConfig

    app = create_app(TestConfig, DATABASE_URL=database_url, MAIL_BACKEND="file", MAIL_FILE_DIR=mail_dir,
                     OUTBOX_BATCH_SIZE=7)
    with app.app_context():
        barrier.wait(timeout=120)
        report = deliver_all_due(worker=f"worker-{os.getpid()}")
    results.put((os.getpid(), report.sent))
