"""What the operator reads when the site cannot start: one French sentence instead of a traceback.

A missing or wrong setting (``config.ConfigurationError``), a ``DATABASE_URL`` that names no known database
or that cannot be reached: ``entrepairs …`` (``app.cli.main``) and gunicorn (``app/gunicorn_conf.py``, before
any worker starts) print the sentence and stop. Any other error keeps its traceback: it is a bug.
"""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from config import ConfigurationError, config_from_env

URL_EXAMPLE = "postgresql+psycopg://utilisateur:mot-de-passe@hôte:5432/base"


def driver_reason(error: BaseException) -> str:
    """The first line of what the database driver said (its message goes on with the SQL and a link), for one line
    of log or of the operator's sentence."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def hidden_password(url: str) -> str:
    """``url`` as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(illisible)"


def operator_message(error: BaseException, database_url: str | None = None) -> str | None:
    """The sentence that tells the operator what to fix, or None when ``error`` is not theirs to fix."""
    if isinstance(error, ConfigurationError):
        return str(error)
    shown = hidden_password(database_url) if database_url else "DATABASE_URL"
    if isinstance(error, (NoSuchModuleError, ArgumentError)):
        return (f"DATABASE_URL ne désigne pas une base utilisable ({shown}) : écrivez-la comme "
                f"{URL_EXAMPLE} (PostgreSQL) ou sqlite:////chemin/entrepairs.sqlite.")
    if isinstance(error, ModuleNotFoundError) and database_url and not database_url.startswith(
            ("postgresql", "sqlite")):
        return f"DATABASE_URL : seules PostgreSQL ({URL_EXAMPLE}) et SQLite sont prises en charge (reçu : {shown})."
    if isinstance(error, OperationalError):
        return (f"Impossible de joindre la base de données {shown} : {driver_reason(error)}. Vérifiez DATABASE_URL, "
                "que PostgreSQL tourne et que la base existe (createdb), puis lancez « entrepairs init-db ».")
    return None


def check_before_serving() -> None:
    """Settings complete and database reachable, or ``ConfigurationError`` with the operator's sentence
    (gunicorn calls it once, in its master, before forking workers that would each fail with a traceback)."""
    config = config_from_env()
    config.check()
    check_database(config.DATABASE_URL)


def check_database(url: str) -> None:
    """One ``SELECT 1`` on ``url``, or ``ConfigurationError`` saying what to fix (bad address, no server, no base)."""
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            migrated = inspect(connection).has_table("alembic_version")
        engine.dispose()
    except Exception as error:
        message = operator_message(error, url)
        if message is None:
            raise
        raise ConfigurationError(message) from error
    if not migrated:
        raise ConfigurationError(f"La base {hidden_password(url)} est vide : lancez d'abord « entrepairs init-db » "
                                 "(schéma et données de référence).")
