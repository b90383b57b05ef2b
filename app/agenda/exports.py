"""The list of a session's registrations as a spreadsheet (walk of the organisers: for a national day of two
hundred places, the badges, the sign-in sheet and the list for the hosting venue had to be copied by hand from
« Inscrit·es et présences », the one place they were shown)."""

from __future__ import annotations

from app.agenda import queries
from app.agenda.attendance_sheet import presence_said
from app.agenda.services import has_started
from app.network.services import region_names
from models import CollectiveRegistration, CollectiveSession, RegistrationStatus

HEADER = ["Personne", "Pôle", "Région du pôle", "Statut", "Inscription le", "Présence", "Utilité (sur 5)"]


def _status(registration: CollectiveRegistration) -> str:
    if registration.walk_in:
        return "Venu sans inscription"
    by_team = registration.status is RegistrationStatus.CANCELLED and registration.cancelled_by_organiser
    return f"{registration.status.label} par l'organisation" if by_team else registration.status.label


def registrations_rows(session: CollectiveSession) -> tuple[list[str], list[list[object]]]:
    """The rows of « Inscrit·es et présences » in its order (registered, then waitlisted, then those who left;
    each by the time they asked), with the pole's region and the time of the registration. The presence in words
    as the page says it (« présent·e », « absent·e », « non noté·e »), empty before the session or off the list."""
    names = region_names()
    started = has_started(session)
    rows: list[list[object]] = []
    for registration in queries.registrations(session):
        pole = registration.pole
        person = registration.user.display_name if registration.user else "" if registration.walk_in \
            else "Compte supprimé"  # a pole come without registering is noted without a person
        rows.append([person,
                     pole.name if pole else "", names.get(pole.region_code, "") if pole else "",
                     _status(registration), registration.requested_at, presence_said(registration, started=started),
                     registration.usefulness])
    return HEADER, rows


def filename(session: CollectiveSession) -> str:
    """An ASCII name the download keeps: « inscriptions-session-12.csv »."""
    return f"inscriptions-session-{session.id}.csv"
