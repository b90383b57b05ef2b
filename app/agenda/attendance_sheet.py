"""The attendance sheet of a large session (a national day: 400 people noted on a phone at the door): read in a few
queries whatever its length, and a person found on it by their name or their pole's, accents and case ignored
(« dupre lauragais » finds « Anne Dupré (Pôle territoire solidaire du Lauragais) »). The page filters on the server
(``?q=``, no JavaScript needed); static/js/list_filter.js filters the same rows as one types.

Noted at the door while the session goes on, the sheet records who is there and nothing of the others: a person
not yet ticked may still arrive, so they stay « non noté·e » (``attended`` None) until a save once the session is
over notes them absent (``noted``).

Two or three organisers tick arrivals at once, each on a phone: a save records only what that phone changed
(``decided``), compared with what its sheet showed (``shown_present``, the boxes ticked when the page was drawn),
so a box left as it was never undoes what another phone noted meanwhile; the saves take turns on the session's edit
stamp (``check_and_stamp``), and each reads what the one before committed (``with_people``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.text_search import has_words, query_words
from app.typography import count
from models import CollectiveRegistration, CollectiveSession, RegistrationStatus, utcnow

#: How the sheet, its CSV and its cards say a registered person's presence.
PRESENCE_WORDS: dict[bool | None, str] = {True: "présent·e", False: "absent·e", None: "non noté·e"}


def presence_word(attended: bool | None) -> str:
    """« présent·e », « absent·e » or « non noté·e » (nobody noted it yet)."""
    return PRESENCE_WORDS[attended]


def presence_said(registration: CollectiveRegistration, *, started: bool) -> str:
    """The presence column of the sheet and of its CSV: in words for a person registered (or a pole come without
    registering) once the session has begun; empty for a waitlist place, a cancelled one, or before the session
    (a sign-in sheet printed ahead is not « non noté·e » on every line)."""
    if registration.status is not RegistrationStatus.REGISTERED or (registration.attended is None and not started):
        return ""
    return presence_word(registration.attended)


def is_over(session: CollectiveSession, now: datetime | None = None) -> bool:
    """The session's last slot still planned has ended (``CollectiveSession.ends_at``, as its page says « a eu
    lieu »): from then on, whoever was not noted present was absent."""
    end = session.ends_at
    return end is not None and end <= (now or utcnow())


def noted(ticked: bool, *, over: bool) -> bool | None:
    """What a save of the sheet records for a registered person: present when ticked; unticked, absent once the
    session is over, else not noted (None) — they may still arrive, and one ticked by mistake and unticked goes
    back to not noted rather than absent (nobody saw them leave: the save after the end settles it)."""
    if ticked:
        return True
    return False if over else None


def decided(stored: bool | None, *, ticked: bool, shown_ticked: bool | None, over: bool) -> bool | None:
    """What a save records for a registered person whose box the sheet showed: ``noted`` when that phone changed the
    box (``shown_ticked``: as the page drew it; None, a caller deciding every box), else what is stored — another
    phone may have noted them meanwhile — except that once the session is over, nobody noted is absent."""
    if shown_ticked is None or ticked != shown_ticked:
        return noted(ticked, over=over)
    return False if over and stored is None else stored


def shown_present(sent: str | None, registered_ids: Collection[int]) -> set[int]:
    """The ids of the hidden ``shown_present`` (the boxes ticked when the page was drawn, separated by spaces) that
    are people registered to the session: anything else in it (another session's ids, words, repeats, a page
    older than the field) is left out, so that it can only make a box count as unchanged, never write."""
    return {int(word) for word in (sent or "").split() if word.isdecimal() and len(word) <= 9} & set(registered_ids)


def attendee_label(registration: CollectiveRegistration) -> str:
    """How the attendance form names a registered person: « Aurélie Anim (Pôle des Monts) »."""
    if registration.user is None:
        return "—"
    return f"{registration.user.display_name} ({registration.pole.name})" if registration.pole \
        else registration.user.display_name


def registered(registrations: Sequence[CollectiveRegistration]) -> list[CollectiveRegistration]:
    """The people registered (not waiting, not gone, not a pole come without registering): the sheet's boxes."""
    return [r for r in registrations if r.status is RegistrationStatus.REGISTERED and not r.walk_in]


def walk_ins(registrations: Sequence[CollectiveRegistration]) -> list[CollectiveRegistration]:
    """The poles come without registering, in the order they were noted (``session.registrations``' order), taken
    from the sheet's registrations already read rather than by loading the session's again."""
    return sorted((r for r in registrations if r.walk_in), key=lambda r: r.id)


def found(registrations: Sequence[CollectiveRegistration], searched: str) -> set[int]:
    """The ids of the registrations where every word of ``searched`` is in the person's name or their pole's (an
    empty search finds everyone)."""
    words = query_words(searched)
    return {r.id for r in registrations
            if has_words(words, (r.user.display_name if r.user else None, r.pole.name if r.pole else None))}


def poles_found(choices: Sequence[SelectChoice], searched: str) -> list[SelectChoice]:
    """The poles offered as come without registration whose name holds every word of ``searched`` (all of them for an
    empty search): at the door, « Chercher » finds the pole that came among a hundred, as it finds a person."""
    words = query_words(searched)
    return [choice for choice in choices if has_words(words, (choice.label,))]


def with_people(session: CollectiveSession) -> list[CollectiveRegistration]:
    """``session.registrations`` with their accounts and poles read in the same go (three queries, not one per
    person: a national day has hundreds), as stored now: read after the edit stamp's lock, it sees the presences the
    save of another phone just committed, not those the request loaded before waiting."""
    return list(db.session.scalars(select(CollectiveRegistration)
                                   .where(CollectiveRegistration.collective_session_id == session.id)
                                   .options(selectinload(CollectiveRegistration.user),
                                            selectinload(CollectiveRegistration.pole))
                                   .order_by(CollectiveRegistration.id)
                                   .execution_options(populate_existing=True)))  # as the save before committed it


@dataclass(frozen=True)
class Tally:
    """What a save of the sheet noted: the people registered present, absent or not noted yet, and the poles come
    without registering."""

    present: int
    absent: int
    not_noted: int
    walk_ins: int

    @property
    def in_words(self) -> str:
        """« 1 personne présente, 2 absentes » ; « aucune personne présente, 3 pas encore notées ; 1 pôle venu sans
        inscription » (people counted as people, the poles come without registering apart)."""
        said = [count(self.present, "personne présente", "personnes présentes", zero="aucune")]
        if self.absent:
            said.append(count(self.absent, "absente"))
        if self.not_noted:
            said.append(count(self.not_noted, "pas encore notée", "pas encore notées"))
        words = ", ".join(said)
        if self.walk_ins:
            words += " ; " + count(self.walk_ins, "pôle venu sans inscription", "pôles venus sans inscription")
        return words


def tally(registrations: Sequence[CollectiveRegistration]) -> Tally:
    """The sheet's presences as noted in ``registrations`` (the session's, read after the save)."""
    people = [r.attended for r in registered(registrations)]
    return Tally(present=people.count(True), absent=people.count(False), not_noted=people.count(None),
                 walk_ins=len(walk_ins(registrations)))
