"""Sending e-mail: a real SMTP client in production, files or the console in development.

Only the outbox delivery (``app.notifications.delivery``) sends: pages and services enqueue
(``app.notifications.outbox``), so a mail outage never breaks a page. Tests use the ``memory``
backend and read ``memory_outbox(app)`` after delivering the outbox.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from flask import Flask, current_app

log = logging.getLogger(__name__)

_MEMORY_KEY = "entrepairs.mail_memory"


def build_message(*, to: str, subject: str, body: str, sender: str,
                  attachments: list[tuple[str, str, bytes]] | None = None) -> EmailMessage:
    """A plain-text French message; ``attachments`` are (filename, mime type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="entrepairs.localhost")
    message.set_content(body)
    for filename, mime, data in attachments or []:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def deliver(message: EmailMessage, app: Flask | None = None) -> None:
    """Hand the message to the configured backend; raises on SMTP failure."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.config["MAIL_BACKEND"]
    if backend == "smtp":
        with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=30) as smtp:
            if app.config["MAIL_USE_TLS"]:
                smtp.starttls()
            if app.config.get("MAIL_USERNAME"):
                smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    elif backend == "file":
        directory = Path(app.config["MAIL_FILE_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("Mail écrit dans %s (%s)", path, message["Subject"])
    elif backend == "console":
        print(message.as_string())
    elif backend == "memory":
        app.extensions.setdefault(_MEMORY_KEY, []).append(message)
    else:
        raise RuntimeError(f"MAIL_BACKEND inconnu : {backend!r}")


def memory_outbox(app: Flask) -> list[EmailMessage]:
    """Messages delivered with the ``memory`` backend (tests)."""
    return app.extensions.setdefault(_MEMORY_KEY, [])
