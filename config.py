"""Settings of Entrepairs, read from the environment.

``Config`` holds the development defaults (SQLite file under ``instance/``, file mail
backend, the offline embedding model). ``ProductionConfig`` refuses to start when a
required setting is missing or left at its development value.
"""

from __future__ import annotations

import email.policy
import math
import os
from pathlib import Path
from urllib.parse import urlsplit


BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ENTREPAIRS_INSTANCE", BASE_DIR / "instance"))
DEV_SECRET_KEY = "dev-only-not-secret"
#: A shorter outbox claim could expire while its worker is still sending (app/notifications/delivery.py).
MIN_OUTBOX_CLAIM_TIMEOUT_SECONDS = 60


def _bool(name: str, default: bool) -> bool:
    """``1``, ``true``, ``yes``, ``on``, ``oui`` (any case) are true; unset or empty is the default."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


#: Settings whose value could not be read (French sentences): ``Config.check`` raises them as a
#: ``ConfigurationError``, which the CLI and gunicorn print as one line. Not raised here: the settings are read
#: when this module is imported, before any command can catch an error.
UNREADABLE_SETTINGS: list[str] = []


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        UNREADABLE_SETTINGS.append(f"{name} doit être un nombre entier (reçu : {value!r}).")
        return default


def int_setting(name: str, default: int, minimum: int) -> int:
    """An integer setting read outside ``Config`` (gunicorn's workers and threads, app/gunicorn_conf.py): unreadable
    or below ``minimum``, it joins UNREADABLE_SETTINGS like the others, and ``Config.check`` says it in one line."""
    number = _int(name, default)
    if number < minimum:
        UNREADABLE_SETTINGS.append(f"{name} doit valoir au moins {minimum} (reçu : {number}).")
        return default
    return number


def _float_or_none(name: str, default: float | None = None) -> float | None:
    """A decimal setting (« 0.6 », or « 0,6 » as French writes it); unreadable, it joins UNREADABLE_SETTINGS."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        UNREADABLE_SETTINGS.append(f"{name} doit être un nombre décimal, comme 0.5 (reçu : {value!r}).")
        return default
    return number


def _float(name: str, default: float) -> float:
    value = _float_or_none(name, default)
    return default if value is None else value


def public_base_url_problem(value: str | None) -> str | None:
    """What is wrong with ``value`` as PUBLIC_BASE_URL (a French sentence), or None when it is usable."""
    parts = urlsplit(value or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"PUBLIC_BASE_URL doit être une adresse absolue comme https://entrepairs.example.org (reçu : {value!r})."
    if parts.query or parts.fragment or parts.username:
        return f"PUBLIC_BASE_URL ne doit contenir ni « ? », ni « # », ni identifiants (reçu : {value!r})."
    return None


class ConfigurationError(RuntimeError):
    """A setting that cannot run: its message, in French, is all the operator needs (no traceback)."""


def sender_of_site(public_base_url: str | None) -> str:
    """« Entrepairs <ne-pas-repondre@HOST> » for the host of PUBLIC_BASE_URL (the development one without it)."""
    host = urlsplit(public_base_url or "").hostname or "entrepairs.localhost"
    return f"Entrepairs <ne-pas-repondre@{host}>"


def mail_sender_problem(value: str) -> str | None:
    """What is wrong with ``value`` as MAIL_DEFAULT_SENDER (a French sentence), or None when it is one address.

    « Réseau des PTCE, équipe <contact@…> » reads as two addresses (the comma), « Pôle : … <…> » as a group: the
    site started, then every mail failed at sending (an accented name could not even be written) and was given up.
    """
    header = email.policy.default.header_factory("From", value)
    addresses = header.addresses
    if header.defects or len(header.groups) != 1 or len(addresses) != 1 or not addresses[0].domain:
        return ("MAIL_DEFAULT_SENDER doit être une seule adresse, par exemple « Entrepairs "
                "<ne-pas-repondre@entrepairs.example.org> » ; un nom qui contient une virgule, un deux-points ou un "
                f"point-virgule s'écrit entre guillemets droits (reçu : {value!r}).")
    return None


ELIGIBILITY_RULES = ("warn", "block")
#: What app/mail.py can hand a message to (``memory``: the tests).
MAIL_BACKENDS = ("smtp", "file", "console", "memory")


def check_eligibility_rule(value: str) -> None:
    if value not in ELIGIBILITY_RULES:
        raise ConfigurationError(f"ELIGIBILITY_RULE doit valoir « warn » ou « block » (et non « {value} »).")


class Config:
    """Development defaults; every value can be overridden by an environment variable."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    DATABASE_URL = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'entrepairs.sqlite'}"
    )
    DATA_DIR = BASE_DIR / "data"
    INSTANCE_DIR = INSTANCE_DIR

    #: A pooled connection idle longer than this is pinged before use (see models/engine.py).
    DATABASE_PING_AFTER_IDLE_SECONDS = _float("DATABASE_PING_AFTER_IDLE_SECONDS", 10.0)

    # Mail: "smtp", "file" (one .eml per message under MAIL_FILE_DIR) or "console".
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_DIR = Path(os.environ.get("MAIL_FILE_DIR", INSTANCE_DIR / "mail"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int("MAIL_PORT", 25)
    #: STARTTLS after connecting (port 587 usually).
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    #: Implicit TLS, « SMTPS »: encrypted from the first byte (port 465, the one OVH, Gandi or o2switch give).
    #: Unset, it follows the port: on with 465, off otherwise.
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", MAIL_PORT == 465)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", sender_of_site(None))

    #: Where a person writes to exercise their rights on their data (correct a name or an address, ask a question):
    #: named with a link on the privacy page. Empty: the page names the network's team without an address.
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "").strip()

    #: Address of the site as its users reach it (scheme, host, optional path prefix): every link
    #: written into an e-mail or shown as a calendar feed URL starts with it (app/links.py), never
    #: with the Host header of the request that triggered it. Required in production.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    #: Number of reverse proxies in front of the app that set X-Forwarded-For/-Proto (app/proxy.py);
    #: 0 = clients connect directly, and those headers are ignored (a client cannot choose its IP).
    PROXY_FIX_HOPS = _int("PROXY_FIX_HOPS", 0)

    # Accounts
    TOKEN_MAX_AGE_SECONDS = _int("TOKEN_MAX_AGE_SECONDS", 2 * 24 * 3600)
    PASSWORD_MIN_LENGTH = _int("PASSWORD_MIN_LENGTH", 10)
    #: Login rate limiting (app/ratelimit.py), counted in the database across workers.
    LOGIN_MAX_FAILURES_PER_EMAIL = _int("LOGIN_MAX_FAILURES_PER_EMAIL", 5)
    LOGIN_MAX_FAILURES_PER_IP = _int("LOGIN_MAX_FAILURES_PER_IP", 30)
    LOGIN_WINDOW_SECONDS = _int("LOGIN_WINDOW_SECONDS", 15 * 60)
    #: Personal data: accounts inactive this long are deleted (`entrepairs purge-inactive`),
    #: after a warning e-mail sent RETENTION_WARNING_DAYS before.
    RETENTION_INACTIVE_DAYS = _int("RETENTION_INACTIVE_DAYS", 1095)
    RETENTION_WARNING_DAYS = _int("RETENTION_WARNING_DAYS", 30)
    #: A transfer closed (completed, cancelled, declined, expired) this long ago loses its messages, day
    #: reports and step notes (app/transfers/retention.py; a daily task of the scheduler).
    TRANSFER_MESSAGES_RETENTION_DAYS = _int("TRANSFER_MESSAGES_RETENTION_DAYS", 1095)

    # Matching: the embedding model is a setting (see matching.embedders.make_embedder).
    EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", "default")
    SUGGESTIONS_PER_NEED = _int("SUGGESTIONS_PER_NEED", 5)
    #: How often a process re-checks whether offers changed since it fitted its index.
    SUGGESTION_INDEX_CHECK_SECONDS = _float("SUGGESTION_INDEX_CHECK_SECONDS", 2.0)
    # Learning visits: cosine distance under which needs form one theme (and a need fits a
    # visit). None = the value calibrated for EMBEDDING_MODEL (0.60 for the default
    # use-multilingual, 0.50 for minilm; see app.visits.themes.cluster_threshold).
    VISIT_CLUSTER_THRESHOLD = _float_or_none("VISIT_CLUSTER_THRESHOLD")
    # Above this many texts missing from the vector cache, themes are computed in the background.
    VISIT_THEMES_SYNC_LIMIT = _int("VISIT_THEMES_SYNC_LIMIT", 300)

    # Transfers (TSF): a request or proposal unanswered this many days expires, with a reminder before.
    REQUEST_EXPIRY_DAYS = _int("REQUEST_EXPIRY_DAYS", 21)
    REQUEST_REMINDER_DAYS_BEFORE = _int("REQUEST_REMINDER_DAYS_BEFORE", 7)
    #: Follow-up page: a need whose best resource person scores below this has "no good match"
    #: (the engine's hybrid score, in units of standard deviations of evidence: see matching/engine.py);
    #: Unset (None): the engine's « proche » threshold, matching.explain.CLOSE_SCORE, where six pairs in ten are
    #: relevant (bench_score_scale) — read by the follow-up, so the settings do not import the engine.
    TRANSFER_GOOD_MATCH_THRESHOLD = _float_or_none("TRANSFER_GOOD_MATCH_THRESHOLD")
    #: Batch runs are solved as background jobs (tests may turn it off to run inline).
    BATCH_RUN_IN_BACKGROUND = _bool("BATCH_RUN_IN_BACKGROUND", True)

    # Background jobs (app/jobs/): "queue" = a row in the jobs table, claimed by a scheduler process
    # (production, PostgreSQL); "thread" = the same row, run at once in a thread of the process that
    # enqueued it (development on SQLite); "inline" = run before enqueue() returns (tests).
    # Empty = "queue" on PostgreSQL, "thread" elsewhere.
    JOBS_RUNNER = os.environ.get("JOBS_RUNNER", "")
    #: A running job's claim lasts this long and is renewed by its process every third of it; a job
    #: whose process died is taken again once its claim has expired.
    JOB_LEASE_SECONDS = _int("JOB_LEASE_SECONDS", 60)
    #: After this many attempts a failing (or crashing) job is "dead": kept, shown, never retried.
    JOB_MAX_ATTEMPTS = _int("JOB_MAX_ATTEMPTS", 3)
    #: Wait before retrying a failed job: this many seconds × 2^(attempt − 1).
    JOB_RETRY_SECONDS = _int("JOB_RETRY_SECONDS", 30)
    #: Jobs done longer ago than this many days are deleted (daily); dead jobs are kept.
    JOBS_KEEP_DAYS = _int("JOBS_KEEP_DAYS", 7)
    #: How often an idle scheduler process looks for queued jobs.
    JOBS_POLL_SECONDS = _float("JOBS_POLL_SECONDS", 2.0)

    # Scheduler: one process per host (`entrepairs scheduler`); one of them, elected with a PostgreSQL
    # advisory lock, runs the periodic tasks; all of them run jobs. Started inside `entrepairs run` in
    # development, never per web worker.
    # Eligibility to the national scheme (AMI PTCE phase-1 laureate or charter signatory):
    # ``warn`` shows organisers a warning on a request from a pole that is not eligible,
    # ``block`` refuses the request with the reason.
    ELIGIBILITY_RULE = os.environ.get("ELIGIBILITY_RULE", "warn")
    #: A CRA's « appui renforcé » queue: poles with nothing (transfer, visit, accompaniment) for this long.
    REINFORCED_SUPPORT_MONTHS = _int("REINFORCED_SUPPORT_MONTHS", 6)

    # Scheduler: started inside `entrepairs run` in development, never per web worker.
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", False)
    #: A scheduler that is not the leader tries to become it this often (seconds).
    SCHEDULER_LEADER_RETRY_SECONDS = _float("SCHEDULER_LEADER_RETRY_SECONDS", 15.0)
    #: Each scheduler process writes its heartbeat this often (seconds).
    SCHEDULER_HEARTBEAT_SECONDS = _float("SCHEDULER_HEARTBEAT_SECONDS", 15.0)
    #: /sante answers 503 when the last heartbeat of any scheduler is older than this (0 = not checked).
    HEALTH_SCHEDULER_MAX_AGE_SECONDS = _int("HEALTH_SCHEDULER_MAX_AGE_SECONDS", 120)
    #: How often the leader delivers the outbox (seconds).
    OUTBOX_DELIVER_EVERY_SECONDS = _int("OUTBOX_DELIVER_EVERY_SECONDS", 30)
    #: Sent (or cancelled) messages older than this many days lose their text, subject, attachment and
    #: address (the key stays, so nothing is sent twice); a daily task of the scheduler.
    OUTBOX_RETENTION_DAYS = _int("OUTBOX_RETENTION_DAYS", 90)
    #: Bell notices read and older than this many days are deleted, unread ones once older than twice
    #: that (app/notifications/retention.py; a daily task of the scheduler).
    NOTIFICATIONS_RETENTION_DAYS = _int("NOTIFICATIONS_RETENTION_DAYS", 365)

    # Juri-PTCE slots: every first Tuesday afternoon of the month, in this zone.
    LEGAL_SLOT_START = os.environ.get("LEGAL_SLOT_START", "14:00")
    LEGAL_SLOT_END = os.environ.get("LEGAL_SLOT_END", "17:30")
    LEGAL_SLOT_MINUTES = _int("LEGAL_SLOT_MINUTES", 45)
    LEGAL_SLOT_MONTHS_AHEAD = _int("LEGAL_SLOT_MONTHS_AHEAD", 3)
    LEGAL_SLOT_TIMEZONE = os.environ.get("LEGAL_SLOT_TIMEZONE", "Europe/Paris")
    #: Video link written in generated slots (empty: the lawyer sends it).
    LEGAL_SLOT_VIDEO_URL = os.environ.get("LEGAL_SLOT_VIDEO_URL", "")
    #: Cancel and reschedule are possible until this many hours before the slot.
    BOOKING_CHANGE_DEADLINE_HOURS = _int("BOOKING_CHANGE_DEADLINE_HOURS", 48)
    #: A slot freed and offered to the waitlist waits this long for an answer, then goes to the next.
    BOOKING_OFFER_HOURS = _int("BOOKING_OFFER_HOURS", 24)
    REMINDER_HOURS_BEFORE = _int("REMINDER_HOURS_BEFORE", 24)
    #: A message claimed longer ago than this by a worker that never marked it sent is taken again.
    OUTBOX_CLAIM_TIMEOUT_SECONDS = _int("OUTBOX_CLAIM_TIMEOUT_SECONDS", 300)
    OUTBOX_BATCH_SIZE = _int("OUTBOX_BATCH_SIZE", 50)
    #: A message not sent after this many attempts (5 min, 15 min, 1 h, 4 h, 12 h, then every 24 h) is given up,
    #: sooner when the SMTP server refused its recipient for good (5xx reply); see app/notifications/delivery.py.
    OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 10)
    OUTBOX_MAX_ATTEMPTS_REFUSED = _int("OUTBOX_MAX_ATTEMPTS_REFUSED", 3)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # WTForms' bundled French messages (FrenchForm.Meta.locales)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    @classmethod
    def check(cls) -> None:
        """Raise ``ConfigurationError`` when the settings cannot run safely."""
        if UNREADABLE_SETTINGS:
            raise ConfigurationError(" ".join(UNREADABLE_SETTINGS))
        if cls.OUTBOX_CLAIM_TIMEOUT_SECONDS < MIN_OUTBOX_CLAIM_TIMEOUT_SECONDS:
            raise ConfigurationError(
                f"OUTBOX_CLAIM_TIMEOUT_SECONDS doit valoir au moins {MIN_OUTBOX_CLAIM_TIMEOUT_SECONDS} s "
                f"(reçu : {cls.OUTBOX_CLAIM_TIMEOUT_SECONDS}) : un message pris par un processus vivant "
                "serait repris et envoyé deux fois.")
        for name in ("OUTBOX_MAX_ATTEMPTS", "OUTBOX_MAX_ATTEMPTS_REFUSED"):
            if getattr(cls, name) < 1:
                raise ConfigurationError(f"{name} doit valoir au moins 1 (reçu : {getattr(cls, name)}) : "
                                         "sans quoi aucun e-mail ne serait jamais tenté.")
        check_eligibility_rule(cls.ELIGIBILITY_RULE)
        if (problem := mail_sender_problem(cls.MAIL_DEFAULT_SENDER)) is not None:
            raise ConfigurationError(problem)
        if cls.MAIL_BACKEND not in MAIL_BACKENDS:
            # Else the site started, and every e-mail failed, retried for days before being given up.
            raise ConfigurationError(f"MAIL_BACKEND doit valoir « smtp », « file » ou « console » (reçu : "
                                     f"{cls.MAIL_BACKEND!r}).")
        if cls.MAIL_USE_SSL and cls.MAIL_USE_TLS:
            raise ConfigurationError(
                "MAIL_USE_SSL=1 (connexion chiffrée d'emblée, port 465) et MAIL_USE_TLS=1 (STARTTLS, port 587) "
                "s'excluent : gardez l'un des deux." if os.environ.get("MAIL_USE_SSL") else
                "Le port 465 attend une connexion chiffrée d'emblée, pas STARTTLS : retirez MAIL_USE_TLS=1 "
                "(ou mettez MAIL_USE_SSL=0 si votre serveur fait STARTTLS sur ce port).")


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    PUBLIC_BASE_URL = "http://entrepairs.test"
    PROXY_FIX_HOPS = 0
    MAIL_BACKEND = "memory"
    WTF_CSRF_ENABLED = True
    EMBEDDING_MODEL = os.environ.get("TEST_EMBEDDING_MODEL", "hashing")
    SUGGESTION_INDEX_CHECK_SECONDS = 0.0
    #: No scheduler runs beside the tests: /sante checks only the database unless a test turns it on.
    HEALTH_SCHEDULER_MAX_AGE_SECONDS = 0
    #: Jobs run in a thread of the test process on both databases (tests that need the queue say so).
    JOBS_RUNNER = "thread"


class ProductionConfig(Config):
    ENV_NAME = "production"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    #: The development sender (…@entrepairs.localhost) would be refused by any real mail relay: production
    #: sends from the site's own domain unless MAIL_DEFAULT_SENDER says otherwise.
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or sender_of_site(os.environ.get("PUBLIC_BASE_URL"))
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REQUIRED_KEYS = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL")
    #: Said after the name of a missing key, when the name alone does not tell what to put there.
    REQUIRED_HINTS = {
        "PUBLIC_BASE_URL": "l'adresse publique du site, par exemple https://entrepairs.example.org, "
                           "qui commence les liens des e-mails",
    }

    @classmethod
    def check(cls) -> None:
        super().check()
        missing = [key for key in cls.REQUIRED_KEYS if not os.environ.get(key)]
        if missing:
            raise ConfigurationError(
                "Configuration de production incomplète : variable(s) manquante(s) "
                + ", ".join(f"{key} ({cls.REQUIRED_HINTS[key]})" if key in cls.REQUIRED_HINTS else key
                            for key in missing)
            )
        if os.environ["SECRET_KEY"] in {DEV_SECRET_KEY, ""} or len(os.environ["SECRET_KEY"]) < 32:
            raise ConfigurationError(
                "SECRET_KEY doit être une valeur secrète d'au moins 32 caractères en production."
            )
        problem = public_base_url_problem(os.environ["PUBLIC_BASE_URL"])
        if problem:
            raise ConfigurationError(problem)


CONFIGS: dict[str, type[Config]] = {
    "development": Config,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The settings class named by ``ENTREPAIRS_ENV`` (default: development)."""
    name = os.environ.get("ENTREPAIRS_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigurationError(
            f"ENTREPAIRS_ENV inconnu : {name!r} (valeurs possibles : {', '.join(CONFIGS)})"
        ) from None
