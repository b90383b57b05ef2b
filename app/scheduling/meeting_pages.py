"""The page of the site a meeting leads to from a calendar or a reminder (walk 6: a webinar's event said neither
where nor how to join, its connection link being given on the session's page only)."""

from __future__ import annotations

from app.links import absolute_url
from models import Meeting


def session_page(collective_session_id: int) -> str:
    """A collective session's page, where its connection link is given."""
    return absolute_url("agenda.show", collective_session_id=collective_session_id)


def page_of(meeting: Meeting) -> str | None:
    """A collective session's slot: the session's page; None for other meetings (their details travel with them)."""
    return None if meeting.collective_session_id is None else session_page(meeting.collective_session_id)
