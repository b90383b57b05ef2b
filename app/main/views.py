"""Home page and "my space"."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, send_from_directory
from flask_login import current_user, login_required

from app.main.services import network_figures
from app.resources.services import profile_of

bp = Blueprint("main", __name__)


@bp.route("/")
def home() -> str:
    return render_template("main/home.html", figures=network_figures())


@bp.route("/sante")
def health() -> tuple[str, int, dict[str, str]]:
    """Liveness probe (and the bare route of the load benchmark)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers and feed readers look for it without reading the page."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.route("/mon-espace")
@login_required
def dashboard() -> str:
    user = current_user._get_current_object()
    return render_template("main/dashboard.html", user=user, profile=profile_of(user))
