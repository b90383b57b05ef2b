"""Commands: the scheduler process, `run` with its development scheduler, one-off jobs."""

from __future__ import annotations

import logging
import os
import time

import click
from flask import current_app
from flask.cli import get_debug_flag
from flask.logging import default_handler
from flask.cli import run_command as flask_run_command

from app.typography import count


@click.command("scheduler", short_help="Lance le planificateur (un par hôte).")
def scheduler_command() -> None:
    """Lance le planificateur (un par hôte) : tâches de fond ; envois, rappels, créneaux, vecteurs sur l'élu."""
    import signal

    from app.scheduling.scheduler import SchedulerProcess
    from app.startup_errors import check_database

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    check_database(app.config["DATABASE_URL"])  # a wrong address stops here, in one sentence
    # What the process does (elected or not, mails sent, reminders queued) is logged at INFO by the app's
    # loggers: without this the service's journal only ever said « démarré ».
    app_log = logging.getLogger("app")  # the package's modules log under it
    app_log.setLevel(logging.INFO)
    if not app_log.handlers:
        app_log.addHandler(default_handler)  # Flask's: to stderr, the service's journal
    process = SchedulerProcess(app)
    signal.signal(signal.SIGTERM, lambda *_: process.stop())
    click.echo(f"Planificateur {process.worker} démarré (Ctrl+C pour arrêter).")
    try:
        process.run()
    except (KeyboardInterrupt, SystemExit):
        process.stop()
    click.echo("Planificateur arrêté.")


def _is_serving_process(reload: bool | None) -> bool:
    """With the reloader, only the child process (WERKZEUG_RUN_MAIN) serves: start there only."""
    if reload is None:
        reload = get_debug_flag()
    return not reload or os.environ.get("WERKZEUG_RUN_MAIN") == "true"


def development_base_url(app: object, *, host: str | None, port: int | None) -> str | None:
    """In development, the address the site is served at, when ``PUBLIC_BASE_URL`` was not set.

    ``make demo PORT=5105`` then puts ``http://127.0.0.1:5105`` in the links of the mails and in
    the calendar feed address, instead of the default port 5000 where nothing answers. An explicit
    ``PUBLIC_BASE_URL`` always wins, and production never guesses (it requires the setting).
    """
    if app.config.get("ENV_NAME") != "development" or os.environ.get("PUBLIC_BASE_URL"):  # type: ignore[attr-defined]
        return None
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):  # listening everywhere: this machine's loopback is where links work
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port or 5000}"


@click.command("run", short_help="Serveur de développement, avec son planificateur.", params=[*flask_run_command.params,
                              click.Option(["--no-scheduler"], is_flag=True,
                                           help="Ne pas lancer le planificateur en développement.")])
@click.pass_context
def run_command(ctx: click.Context, no_scheduler: bool, **kwargs: object) -> None:
    """Serveur de développement, avec le planificateur dans un fil d'exécution (développement seulement)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    base_url = development_base_url(app, host=kwargs.get("host"), port=kwargs.get("port"))  # type: ignore[arg-type]
    if base_url:
        app.config["PUBLIC_BASE_URL"] = base_url
        click.echo(f" * Liens des e-mails et de l'agenda : {base_url} (PUBLIC_BASE_URL pour en choisir d'autres).")
    if (not no_scheduler and app.config.get("ENV_NAME") == "development"
            and _is_serving_process(kwargs.get("reload"))):  # type: ignore[arg-type]
        from app.scheduling.scheduler import SchedulerProcess

        SchedulerProcess(app).start_in_thread()
        click.echo(" * Planificateur lancé dans ce processus (développement).")
    ctx.invoke(flask_run_command, **kwargs)


@click.command("generate-slots", short_help="Crée les créneaux Juri-PTCE manquants.")
@click.option("--months", type=click.IntRange(1, 36), default=None,
              help="Nombre de mois à couvrir (par défaut LEGAL_SLOT_MONTHS_AHEAD).")
def generate_slots_command(months: int | None) -> None:
    """Crée les créneaux Juri-PTCE manquants (premiers mardis) ; relancer ne crée rien de plus."""
    from app.legal.services import generate_slots
    from app.legal.slots import active_lawyers

    created = generate_slots(months=months)
    if not created and not active_lawyers():  # a new site: « 0 créneau » alone read as a fault
        click.echo("Aucun créneau Juri-PTCE créé : aucun compte d'avocat·e Juri-PTCE actif. Invitez les avocat·es "
                   "(« Administration », « Inviter une personne », rôle « Conseil juridique Juri-PTCE ») ; leurs "
                   "créneaux se créent ensuite chaque jour, ou tout de suite par cette commande.")
        return
    click.echo(f"{count(created, 'créneau Juri-PTCE créé', 'créneaux Juri-PTCE créés')}.")


@click.command("send-reminders", short_help="Met en file les rappels des rencontres proches.")
def send_reminders_command() -> None:
    """Met en file les rappels des rencontres qui approchent."""
    from app.scheduling.reminders import enqueue_due_reminders

    click.echo(f"{count(enqueue_due_reminders(), 'rappel mis', 'rappels mis')} en file.")


@click.command("deliver-outbox", short_help="Envoie les e-mails dus de la file d'envoi.")
@click.option("--once", is_flag=True, help="Un seul passage puis sortie.")
@click.option("--interval", type=float, default=5.0, help="Secondes entre deux passages.")
def deliver_outbox_command(once: bool, interval: float) -> None:
    """Envoie les messages dus de la file d'envoi."""
    from app.notifications.delivery import deliver_all_due

    while True:
        report = deliver_all_due()
        click.echo(f"{count(report.sent, 'message envoyé', 'messages envoyés')}, {count(report.failed, 'échec')}.")
        if once:
            return
        time.sleep(interval)
