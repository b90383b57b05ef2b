"""Calendars: an .ics per session, the private feed URL and its management page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.confirmation import asks_first
from app.access import get_or_404
from app.links import absolute_url
from app.read_only import writes_on_get
from app.scheduling import feeds
from app.scheduling.ics import ics_response, meeting_ics
from models import Meeting

bp = Blueprint("scheduling", __name__)


@bp.route("/seances/<int:session_id>.ics")
@login_required
def meeting_file(session_id: int) -> Response:
    meeting = get_or_404(Meeting, session_id)
    if meeting.id not in {s.id for s in feeds.meetings_of(current_user._get_current_object())}:
        abort(404)
    return ics_response(meeting_ics(meeting), filename=f"rencontre-{meeting.id}.ics")


#: The new feed's address, kept in the session from the POST that made it to the page that shows it once.
_NEW_FEED_URL = "new_feed_url"


@bp.route("/calendrier/")
@login_required
def calendar() -> str:
    return render_template("scheduling/calendar.html", feed=feeds.active_feed(current_user._get_current_object()),
                           new_url=session.pop(_NEW_FEED_URL, None))


@bp.route("/calendrier/nouveau", methods=["POST"])
@login_required
@asks_first
def new_feed() -> Response:
    """Makes the link, then shows it on a page reached by a redirection: reloading that page does not send the form
    again, which made another link and stopped the one just pasted in a calendar (walk of 6 December 2026)."""
    token = feeds.create_feed(user=current_user._get_current_object())
    session[_NEW_FEED_URL] = absolute_url("scheduling.feed", token=token)
    return redirect(url_for("scheduling.calendar"))


@bp.route("/calendrier/revoquer", methods=["POST"])
@login_required
@asks_first
def revoke_feed() -> Response:
    feeds.revoke_feeds(user=current_user._get_current_object())
    flash("Le lien d'abonnement est révoqué : les agendas abonnés ne recevront plus vos rendez-vous.", "success")
    return redirect(url_for("scheduling.calendar"))


@bp.route("/calendrier/<token>.ics")
@writes_on_get  # records when the calendar application last read the feed
def feed(token: str) -> Response:
    user = feeds.user_for_token(token)
    if user is None:
        abort(404)
    return ics_response(feeds.feed_for(user), headers={"Cache-Control": "private, max-age=300"})
