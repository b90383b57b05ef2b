"""Sending e-mail: a real SMTP client in production, files or the console in development.

Only the outbox delivery (``app.notifications.delivery``) sends: pages and services enqueue
(``app.notifications.outbox``), so a mail outage never breaks a page. Tests use the ``memory``
backend and read ``memory_outbox(app)`` after delivering the outbox.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from email.header import Header
from email.headerregistry import UnstructuredHeader
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import Flask, current_app

log = logging.getLogger(__name__)

_MEMORY_KEY = "entrepairs.mail_memory"
SMTP_TIMEOUT_SECONDS = 30


#: Headers written on one line as they are: the default folder turns a long link it cannot break at a space
#: (« List-Unsubscribe: <https://…/desabonnement/eyJ1…> ») into RFC 2047 encoded-words, which no mail client reads
#: back as a link (RFC 2369 wants the angle brackets and the address as they are; a line may hold 998 characters).
UNFOLDED = frozenset({"list-unsubscribe", "list-unsubscribe-post"})


class FrenchTextPolicy(EmailPolicy):
    """The default policy, except that a non-ASCII free-text header (the subject) is folded by ``Header``.

    Python 3.11's folder loses or doubles the space where it splits such a header into two
    RFC 2047 encoded-words (« notre␣légumerie » read back as « notrelégumerie », « de␣l'équipe »
    as « de␣␣l'équipe »); ``email.header.Header`` encodes the whole text, spaces included, so a
    reader decodes exactly what was written. Structured headers (addresses) keep the default folder; the
    ``UNFOLDED`` ones are not folded at all.
    """

    def _fold(self, name: str, value: object, refold_binary: bool = False) -> str:
        text = str(value)
        if name.lower() in UNFOLDED and text.isascii() and len(name) + len(text) < 990:
            return f"{name}: {text}{self.linesep}"
        if self.utf8 or text.isascii() or not isinstance(value, UnstructuredHeader):
            return super()._fold(name, value, refold_binary)
        encoded = Header(text, "utf-8", maxlinelen=self.max_line_length, header_name=name).encode(linesep=self.linesep)
        return f"{name}: {encoded}{self.linesep}"


#: Every message is built with it; ``smtplib`` sends it with CRLF line ends (``policy.clone(linesep=…)``).
POLICY = FrenchTextPolicy()


def build_message(*, to: str, subject: str, body: str, sender: str,
                  attachments: list[tuple[str, str, bytes]] | None = None) -> EmailMessage:
    """A plain-text French message; ``attachments`` are (filename, mime type, bytes).

    A text attachment (an .ics, a CSV) says its charset: without it, RFC 2046 reads it as US-ASCII, and a
    calendar shows « PÃ´le » for « Pôle » in the event's title and place.
    """
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # Required by RFC 5322; smtplib adds none, and a relay that does not add it either marks the mail as spam.
    message["Date"] = formatdate(usegmt=True)
    # The sender's domain: a Message-ID @entrepairs.localhost is a spam sign once mail leaves from a real one.
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "entrepairs.localhost")
    # Every mail of the site is written by the site (RFC 3834): an out-of-office reply or a mail filter does not
    # answer it back to « ne-pas-repondre@ », and Outlook/Exchange read the second header for the same purpose.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(body)
    for filename, mime, data in attachments or []:
        maintype, subtype = mime.split("/", 1)
        params: dict[str, str] = {"charset": "utf-8"} if maintype == "text" else {}
        if mime == "text/calendar" and (method := calendar_method(data)):
            params["method"] = method
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return message


def calendar_method(ics: bytes) -> str | None:
    """The METHOD of an iCalendar file (REQUEST, CANCEL…): mail clients read it from the part's Content-Type
    (``text/calendar; method=CANCEL``) to add or remove the event, not only from the file."""
    for line in ics.decode("utf-8", "replace").splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper() or None
        if line.upper().startswith("BEGIN:VEVENT"):
            return None
    return None


class MailNotSent(RuntimeError):
    """The SMTP server did not take a message; ``str()`` says why and what to check, in French."""


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
    return f"{error.smtp_code} {' '.join(str(text).split())}"


def smtp_problem(error: BaseException, server: str, *, use_ssl: bool | None = None) -> str:
    """Why the SMTP server ``server`` (host:port) did not take a message, for the operator's log."""
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"le serveur SMTP {server} présente un certificat refusé ({error.verify_message}) : vérifiez que "
                "MAIL_SERVER est le nom inscrit sur son certificat (un certificat auto-signé doit être ajouté aux "
                "autorités de confiance, par exemple par SSL_CERT_FILE)")
    if isinstance(error, ssl.SSLError):
        return (f"la connexion chiffrée avec le serveur SMTP {server} a échoué ({error.reason or error}) : vérifiez "
                "MAIL_PORT et le chiffrement (MAIL_USE_SSL pour le port 465, MAIL_USE_TLS pour le port 587)")
    if isinstance(error, smtplib.SMTPServerDisconnected) and use_ssl is False:
        return (f"le serveur SMTP {server} a coupé la connexion ({error}) : s'il attend une connexion chiffrée "
                "d'emblée (port 465), mettez MAIL_USE_SSL=1")
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (f"le serveur SMTP {server} refuse l'expéditeur {error.sender} ({_reply(error)}) : "
                "vérifiez MAIL_DEFAULT_SENDER, MAIL_USERNAME et MAIL_PASSWORD")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{address} ({code} {reply.decode('utf-8', 'replace')})"
                            for address, (code, reply) in error.recipients.items())
        return f"le serveur SMTP {server} refuse le destinataire {refused}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"le serveur SMTP {server} refuse l'identification ({_reply(error)}) : vérifiez MAIL_USERNAME et MAIL_PASSWORD"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return f"le serveur SMTP {server} ne propose pas ce qui est demandé ({error}) : vérifiez MAIL_USE_TLS"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"le serveur SMTP {server} a répondu {_reply(error)}"
    if isinstance(error, smtplib.SMTPException):
        return f"échange interrompu avec le serveur SMTP {server} ({error})"
    if isinstance(error, TimeoutError) and use_ssl is False:
        return (f"le serveur SMTP {server} ne répond pas ({error}) : vérifiez MAIL_SERVER et MAIL_PORT ; "
                "s'il attend une connexion chiffrée d'emblée (port 465), mettez MAIL_USE_SSL=1")
    return (f"le serveur SMTP {server} ne répond pas ({error.strerror or error}) : "
            "vérifiez MAIL_SERVER et MAIL_PORT" if isinstance(error, OSError) else str(error))


def _smtp_connection(config: dict) -> smtplib.SMTP:
    """Implicit TLS (« SMTPS », port 465) with MAIL_USE_SSL, else a plain connection (STARTTLS comes after).

    Both check the server's certificate and name against the system's authorities (``SSL_CERT_FILE`` adds
    others): ``smtplib``'s own default context for STARTTLS checks neither.
    """
    if config.get("MAIL_USE_SSL"):
        return smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS,
                                context=ssl.create_default_context())
    return smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS)


def deliver(message: EmailMessage, app: Flask | None = None) -> None:
    """Hand the message to the configured backend; raises on SMTP failure."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    backend = app.config["MAIL_BACKEND"]
    if backend == "smtp":
        server = f"{app.config['MAIL_SERVER']}:{app.config['MAIL_PORT']}"
        try:
            with _smtp_connection(app.config) as smtp:
                if app.config["MAIL_USE_TLS"]:
                    smtp.starttls(context=ssl.create_default_context())
                if app.config.get("MAIL_USERNAME"):
                    smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"] or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailNotSent(smtp_problem(error, server, use_ssl=bool(app.config.get("MAIL_USE_SSL")))) from error
    elif backend == "file":
        directory = Path(app.config["MAIL_FILE_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{uuid.uuid4().hex}.eml"
        path.write_bytes(bytes(message))
        log.info("E-mail écrit dans %s (%s)", path, message["Subject"])
    elif backend == "console":
        print(readable(message), flush=True)
    elif backend == "memory":
        app.extensions.setdefault(_MEMORY_KEY, []).append(message)
    else:
        raise RuntimeError(f"MAIL_BACKEND inconnu : {backend!r}")


def readable(message: EmailMessage) -> str:
    """The message as a person reads it (the console backend): headers and text decoded, attachments named. Its raw
    form cut every link with quoted-printable soft breaks (« …/reinitialiser/eyJ1=⏎aWQ… »), which copied no longer
    opened, and wrote « Invitation_=C3=A0_rejoindre » for the subject."""
    lines = [f"{label} : {message[name]}" for name, label in (("From", "De"), ("To", "À"), ("Subject", "Objet"),
                                                               ("Date", "Date")) if message[name]]
    body = message.get_body(preferencelist=("plain",))
    lines += ["", body.get_content().rstrip() if body is not None else ""]
    lines += [f"[pièce jointe : {part.get_filename()}]" for part in message.iter_attachments()]
    return "\n".join(lines) + "\n"


def memory_outbox(app: Flask) -> list[EmailMessage]:
    """Messages delivered with the ``memory`` backend (tests)."""
    return app.extensions.setdefault(_MEMORY_KEY, [])
