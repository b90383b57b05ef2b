"""Settings of Entrepairs, read from the environment.

``Config`` holds the development defaults (SQLite file under ``instance/``, file mail
backend, the offline embedding model). ``ProductionConfig`` refuses to start when a
required setting is missing or left at its development value.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("ENTREPAIRS_INSTANCE", BASE_DIR / "instance"))
DEV_SECRET_KEY = "dev-only-not-secret"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def _float_or_none(name: str) -> float | None:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else None


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def public_base_url_problem(value: str | None) -> str | None:
    """What is wrong with ``value`` as PUBLIC_BASE_URL (a French sentence), or None when it is usable."""
    parts = urlsplit(value or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"PUBLIC_BASE_URL doit être une adresse absolue comme https://entrepairs.example.org (reçu : {value!r})."
    if parts.query or parts.fragment or parts.username:
        return f"PUBLIC_BASE_URL ne doit contenir ni « ? », ni « # », ni identifiants (reçu : {value!r})."
    return None


ELIGIBILITY_RULES = ("warn", "block")


def check_eligibility_rule(value: str) -> None:
    if value not in ELIGIBILITY_RULES:
        raise RuntimeError(f"ELIGIBILITY_RULE doit valoir « warn » ou « block » (et non « {value} »).")


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
    DATABASE_PING_AFTER_IDLE_SECONDS = float(os.environ.get("DATABASE_PING_AFTER_IDLE_SECONDS", "10"))

    # Mail: "smtp", "file" (one .eml per message under MAIL_FILE_DIR) or "console".
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_DIR = Path(os.environ.get("MAIL_FILE_DIR", INSTANCE_DIR / "mail"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Entrepairs <ne-pas-repondre@entrepairs.localhost>"
    )

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

    # Matching: the embedding model is a setting (see matching.embedders.make_embedder).
    EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", "default")
    SUGGESTIONS_PER_NEED = _int("SUGGESTIONS_PER_NEED", 5)
    #: How often a process re-checks whether offers changed since it fitted its index.
    SUGGESTION_INDEX_CHECK_SECONDS = float(os.environ.get("SUGGESTION_INDEX_CHECK_SECONDS", "2"))
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
    #: (the engine's hybrid score, in units of standard deviations of evidence: see matching/engine.py).
    TRANSFER_GOOD_MATCH_THRESHOLD = float(os.environ.get("TRANSFER_GOOD_MATCH_THRESHOLD", "1.0"))
    #: Batch runs are solved in a background thread (tests may turn it off to run inline).
    BATCH_RUN_IN_BACKGROUND = _bool("BATCH_RUN_IN_BACKGROUND", True)

    # Eligibility to the national scheme (AMI PTCE phase-1 laureate or charter signatory):
    # ``warn`` shows organisers a warning on a request from a pole that is not eligible,
    # ``block`` refuses the request with the reason.
    ELIGIBILITY_RULE = os.environ.get("ELIGIBILITY_RULE", "warn")
    #: A CRA's « appui renforcé » queue: poles with nothing (transfer, visit, accompaniment) for this long.
    REINFORCED_SUPPORT_MONTHS = _int("REINFORCED_SUPPORT_MONTHS", 6)

    # Scheduler: started inside `entrepairs run` in development, never per web worker.
    SCHEDULER_ENABLED = _bool("SCHEDULER_ENABLED", False)

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
        """Raise ``RuntimeError`` when the settings cannot run safely."""
        check_eligibility_rule(cls.ELIGIBILITY_RULE)


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


class ProductionConfig(Config):
    ENV_NAME = "production"
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
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
            raise RuntimeError(
                "Configuration de production incomplète : variable(s) manquante(s) "
                + ", ".join(f"{key} ({cls.REQUIRED_HINTS[key]})" if key in cls.REQUIRED_HINTS else key
                            for key in missing)
            )
        if os.environ["SECRET_KEY"] in {DEV_SECRET_KEY, ""} or len(os.environ["SECRET_KEY"]) < 32:
            raise RuntimeError(
                "SECRET_KEY doit être une valeur secrète d'au moins 32 caractères en production."
            )
        problem = public_base_url_problem(os.environ["PUBLIC_BASE_URL"])
        if problem:
            raise RuntimeError(problem)


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
        raise RuntimeError(
            f"ENTREPAIRS_ENV inconnu : {name!r} (valeurs possibles : {', '.join(CONFIGS)})"
        ) from None
