"""The attendance sheet of a large session (a national day: 400 people noted on a phone at the door): read in a few
queries whatever its length, and a person found on it by their name or their pole's, accents and case ignored
(« dupre lauragais » finds « Anne Dupré (Pôle territoire solidaire du Lauragais) »). The page filters on the server
(``?q=``, no JavaScript needed); static/js/list_filter.js filters the same rows as one types."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.text_search import has_words, query_words
from models import CollectiveRegistration, CollectiveSession, Pole, RegistrationStatus, User


def found(registrations: Sequence[CollectiveRegistration], searched: str) -> set[int]:
    """The ids of the registrations where every word of ``searched`` is in the person's name or their pole's (an
    empty search finds everyone)."""
    words = query_words(searched)
    return {r.id for r in registrations
            if has_words(words, (r.user.display_name if r.user else None, r.pole.name if r.pole else None))}


def with_people(session: CollectiveSession) -> list[CollectiveRegistration]:
    """``session.registrations`` with their accounts and poles read in the same go (three queries, not one per
    person: a national day has hundreds, and ``check_and_stamp`` has just expired what the request had loaded)."""
    return list(db.session.scalars(select(CollectiveRegistration)
                                   .where(CollectiveRegistration.collective_session_id == session.id)
                                   .options(selectinload(CollectiveRegistration.user),
                                            selectinload(CollectiveRegistration.pole))
                                   .order_by(CollectiveRegistration.id)))


def marked_present(session: CollectiveSession) -> list[str]:
    """The labels of the people marked present (``attendee_label``), read in one query: the form's check reads them
    after ``check_and_stamp`` expired every account and pole the request had loaded (one query per person)."""
    rows = db.session.execute(
        select(User.display_name, Pole.name).select_from(CollectiveRegistration)
        .outerjoin(User, User.id == CollectiveRegistration.user_id)
        .outerjoin(Pole, Pole.id == CollectiveRegistration.pole_id)
        .where(CollectiveRegistration.collective_session_id == session.id,
               CollectiveRegistration.status == RegistrationStatus.REGISTERED,
               CollectiveRegistration.walk_in.is_(False), CollectiveRegistration.attended.is_(True))
        .order_by(CollectiveRegistration.id))
    return ["—" if name is None else f"{name} ({pole})" if pole else name for name, pole in rows]
