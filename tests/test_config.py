"""Settings read from the environment (config.py), as a fresh process reads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(name: str, env: dict[str, str], cls: str = "ProductionConfig") -> str:
    clean = {key: value for key, value in os.environ.items() if key not in {"MAIL_DEFAULT_SENDER", "PUBLIC_BASE_URL"}}
    out = subprocess.run([sys.executable, "-c", f"import config; print(config.{cls}.{name})"],
                         env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_production_mails_leave_from_the_domain_of_the_site():
    # The development sender (…@entrepairs.localhost) is refused by real relays (SPF, unknown domain).
    env = {"PUBLIC_BASE_URL": "https://entrepairs.example.org/site"}
    assert _setting("MAIL_DEFAULT_SENDER", env) == "Entrepairs <ne-pas-repondre@entrepairs.example.org>"


def test_an_explicit_sender_wins_and_development_keeps_its_own():
    env = {"PUBLIC_BASE_URL": "https://entrepairs.example.org", "MAIL_DEFAULT_SENDER": "Réseau <contact@ptce.example>"}
    assert _setting("MAIL_DEFAULT_SENDER", env) == "Réseau <contact@ptce.example>"
    assert _setting("MAIL_DEFAULT_SENDER", {}, cls="Config") == "Entrepairs <ne-pas-repondre@entrepairs.localhost>"


def test_a_number_setting_that_is_no_number_stops_the_command_with_one_french_line(tmp_path):
    # Before: a ValueError traceback at `import config`, before any command could catch it.
    env = {**os.environ, "MAIL_PORT": "abc", "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite'}",
           "ENTREPAIRS_INSTANCE": str(tmp_path / "inst")}
    out = subprocess.run([sys.executable, "-m", "app", "routes"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == "Erreur : MAIL_PORT doit être un nombre entier (reçu : 'abc')."


def test_gunicorn_stops_on_a_number_setting_that_is_no_number(tmp_path):
    code = ("import sys\nfrom app import gunicorn_conf\n"
            "try:\n    gunicorn_conf.on_starting(None)\nexcept SystemExit as stop:\n    sys.exit(stop.code)\n")
    env = {**os.environ, "OUTBOX_BATCH_SIZE": "50 messages", "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == "Erreur : OUTBOX_BATCH_SIZE doit être un nombre entier (reçu : '50 messages')."


def _gunicorn_says(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}", "GUNICORN_BIND": "127.0.0.1:0",
           **settings}
    return subprocess.run([sys.executable, "-m", "gunicorn", "app.wsgi:app", "-c", "app/gunicorn_conf.py"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_gunicorn_workers_and_threads_that_are_no_number_stop_it_with_one_french_line(tmp_path):
    # Before: a ValueError traceback while gunicorn read app/gunicorn_conf.py (int() on the environment).
    out = _gunicorn_says(tmp_path, GUNICORN_WORKERS="abc")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == "Erreur : GUNICORN_WORKERS doit être un nombre entier (reçu : 'abc')."
    out = _gunicorn_says(tmp_path, GUNICORN_THREADS="quatre")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == ("Erreur : GUNICORN_THREADS doit être un nombre entier "
                                                   "(reçu : 'quatre').")


def test_gunicorn_without_a_worker_or_a_thread_is_refused_in_french(tmp_path):
    # Before: 0 workers started a master that served nobody; -1 stopped with gunicorn's English.
    for name, value in (("GUNICORN_WORKERS", "0"), ("GUNICORN_THREADS", "-1")):
        out = _gunicorn_says(tmp_path, **{name: value})
        assert out.returncode == 1
        assert out.stderr.strip().splitlines()[-1] == f"Erreur : {name} doit valoir au moins 1 (reçu : {value})."


def test_an_unknown_mail_backend_stops_the_command_with_one_french_line(tmp_path):
    # Before: the site started, and every e-mail failed (« MAIL_BACKEND inconnu »), retried for days.
    env = {**os.environ, "MAIL_BACKEND": "smpt", "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}",
           "ENTREPAIRS_INSTANCE": str(tmp_path / "inst")}
    out = subprocess.run([sys.executable, "-m", "app", "routes"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == "Erreur : MAIL_BACKEND doit valoir « smtp », « file » ou « console » (reçu : 'smpt')."


def test_a_decimal_setting_that_is_no_number_stops_the_command_with_one_french_line(tmp_path):
    # Before: a ValueError traceback at `import config` (float() read the environment directly).
    env = {**os.environ, "VISIT_CLUSTER_THRESHOLD": "six dixièmes", "DATABASE_URL": f"sqlite:///{tmp_path / 's.sqlite'}",
           "ENTREPAIRS_INSTANCE": str(tmp_path / "inst")}
    out = subprocess.run([sys.executable, "-m", "app", "routes"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip() == ("Erreur : VISIT_CLUSTER_THRESHOLD doit être un nombre décimal, comme 0.5 "
                                  "(reçu : 'six dixièmes').")


def test_a_decimal_setting_reads_a_french_comma_and_refuses_what_is_not_finite():
    assert _setting("VISIT_CLUSTER_THRESHOLD", {"VISIT_CLUSTER_THRESHOLD": "0,55"}, cls="Config") == "0.55"
    assert _setting("JOBS_POLL_SECONDS", {"JOBS_POLL_SECONDS": " 1.5 "}, cls="Config") == "1.5"
    assert _setting("JOBS_POLL_SECONDS", {}, cls="Config") == "2.0"
    out = subprocess.run([sys.executable, "-c", "import config; print(*config.UNREADABLE_SETTINGS, sep='|')"],
                         env={**os.environ, "SCHEDULER_HEARTBEAT_SECONDS": "nan", "JOBS_POLL_SECONDS": "inf"},
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().split("|") == [
        "JOBS_POLL_SECONDS doit être un nombre décimal, comme 0.5 (reçu : 'inf').",
        "SCHEDULER_HEARTBEAT_SECONDS doit être un nombre décimal, comme 0.5 (reçu : 'nan')."]


def test_port_465_means_implicit_tls_unless_told_otherwise():
    assert _setting("MAIL_USE_SSL", {"MAIL_PORT": "465"}) == "True"
    assert _setting("MAIL_USE_SSL", {"MAIL_PORT": "465", "MAIL_USE_SSL": "0"}) == "False"
    assert _setting("MAIL_USE_SSL", {"MAIL_PORT": "587"}) == "False"
    assert _setting("MAIL_USE_SSL", {"MAIL_PORT": "2465", "MAIL_USE_SSL": "oui"}) == "True"
    # An empty line in the environment file (« MAIL_USE_SSL= ») is no choice: the port decides.
    assert _setting("MAIL_USE_SSL", {"MAIL_PORT": "465", "MAIL_USE_SSL": ""}) == "True"
    assert _setting("SESSION_COOKIE_SECURE", {"SESSION_COOKIE_SECURE": " "}) == "True"


def _check_refusal(env: dict[str, str]) -> str:
    code = "import config\ntry:\n    config.Config.check()\nexcept config.ConfigurationError as e:\n    print(e)\n"
    clean = {key: value for key, value in os.environ.items() if not key.startswith("MAIL_")}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_starttls_on_the_implicit_tls_port_is_refused_at_start_up():
    assert _check_refusal({"MAIL_PORT": "465", "MAIL_USE_TLS": "1"}) == (
        "Le port 465 attend une connexion chiffrée d'emblée, pas STARTTLS : retirez MAIL_USE_TLS=1 "
        "(ou mettez MAIL_USE_SSL=0 si votre serveur fait STARTTLS sur ce port).")
    assert _check_refusal({"MAIL_PORT": "587", "MAIL_USE_TLS": "1", "MAIL_USE_SSL": "1"}) == (
        "MAIL_USE_SSL=1 (connexion chiffrée d'emblée, port 465) et MAIL_USE_TLS=1 (STARTTLS, port 587) "
        "s'excluent : gardez l'un des deux.")
    assert _check_refusal({"MAIL_PORT": "465", "MAIL_USE_TLS": "1", "MAIL_USE_SSL": "0"}) == ""


def test_a_sender_that_is_not_one_address_is_refused_at_start_up():
    """« Réseau des PTCE, équipe <…> » (a comma outside quotes) is two addresses: the site started, then every mail
    raised while being written (UnicodeEncodeError on the accented name) and was retried for days, then given up."""
    said = _check_refusal({"MAIL_DEFAULT_SENDER": "Réseau des PTCE, équipe <contact@ptce.example>"})
    assert said.startswith("MAIL_DEFAULT_SENDER doit être une seule adresse, par exemple")
    assert "Réseau des PTCE, équipe <contact@ptce.example>" in said
    for wrong in ("Pôle : Coopérer <contact@ptce.example>", "Entrepairs", "Entrepairs <sans-domaine>"):
        assert _check_refusal({"MAIL_DEFAULT_SENDER": wrong}).startswith("MAIL_DEFAULT_SENDER doit être"), wrong
    for right in ('"Réseau des PTCE, équipe" <contact@ptce.example>', "Réseau <contact@ptce.example>",
                  "contact@ptce.example"):
        assert _check_refusal({"MAIL_DEFAULT_SENDER": right}) == "", right
