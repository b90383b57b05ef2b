"""WSGI entry point for gunicorn: ``gunicorn app.wsgi:app -c app/gunicorn_conf.py``."""

from app import create_app

app = create_app()
