"""Home page and "my space"."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, send_from_directory
from flask_login import current_user, login_required

from app.access.policy import is_organiser, organiser_region
from app.agenda.run_by_me import sessions_run_by
from app.auth.role_names import role_beside_name
from app.lawyers.services import profile_gaps
from app.main.health import health as health_of_site
from app.main.next_meetings import next_meetings
from app.main.services import network_figures, next_consultations, pending_claim_in_space, space_transfers
from app.main.waiting import waiting_for
from app.resources.services import profile_of
from app.transfers import services as transfers
from app.visits.hosting import open_proposals_count
from app.visits.reading import invitations_awaiting
from models import Role

bp = Blueprint("main", __name__)


@bp.route("/")
def home() -> str:
    return render_template("main/home.html", figures=network_figures())


@bp.route("/sante")
def health() -> tuple[Response, int]:
    """Health probe: 200 when the database answers and a scheduler beat recently, else 503 (short JSON)."""
    report = health_of_site()
    # Read by a person with curl as often as by a probe: « non vérifié », not « non v\u00e9rifi\u00e9 ».
    response = current_app.response_class(json.dumps(report.as_dict(), ensure_ascii=False) + "\n",
                                          mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if report.ok else 503


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers and feed readers look for it without reading the page."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml", max_age=86400)


@bp.route("/mon-espace")
@login_required
def dashboard() -> str:
    user = current_user._get_current_object()
    profile = profile_of(user)
    return render_template("main/dashboard.html", user=user, role_label=role_beside_name(user), profile=profile,
                           capacity_use=transfers.capacity_use(profile) if profile else None,
                           consultations=next_consultations(user), next_meetings=next_meetings(user),
                           lawyer_gaps=profile_gaps(user),
                           transfers=space_transfers(user), claim=pending_claim_in_space(user),
                           visit_invitations=invitations_awaiting(user.pole_id if user.role is Role.FACILITATOR else None),
                           waiting=waiting_for(user), region_code=organiser_region(user),
                           open_host_proposals=open_proposals_count(user) if is_organiser(user) else 0,
                           sessions_run=sessions_run_by(user) if is_organiser(user) else None)
