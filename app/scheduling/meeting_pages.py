"""The page of the site a meeting leads to from a calendar or a reminder (walk 6: a webinar's event said neither
where nor how to join, its connection link being given on the session's page only)."""

from __future__ import annotations

from app.links import absolute_url
from models import Meeting


def page_of(meeting: Meeting) -> str | None:
    """A collective session's slot: the session's page; None for other meetings (their details travel with them)."""
    if meeting.collective_session_id is None:
        return None
    return absolute_url("agenda.show", collective_session_id=meeting.collective_session_id)
