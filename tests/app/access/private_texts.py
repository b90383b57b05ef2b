"""What is private in a database, and for whom, read from its rows (``private_texts``), for the leak audit
(``test_region_leak_crawl``): each private text with its region, its pole and the people who take part in it.

Who may read a private text mirrors ``app.access.policy`` (``may_read``): administrators and national organisers
everything; a CRA the texts of its region's poles (``may_see_region``); anyone the texts of their own pole and those
they take part in (a transfer's resource person, a consultation's lawyer, a claim's claimant). A page shows a text
when its ``fragment`` (the longest run of words of letters, digits, spaces and hyphens that no public text holds: it
survives HTML escaping, the typography pass, CSV quoting, JSON and ICS escapes) is found in the page as ``readable``
reads it.

What is public is not looked for: the listed poles (``Pole.listed``), their needs and pages; validated resource
persons' and lawyers' names, offers and profiles (their directories); the agenda's sessions and the learning visits;
published experience sheets; every figure. A resource person not validated, or refused, is her region's named data
(``policy.may_decide_person``): her name, her profile's texts and her offers are looked for.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Accompaniment, Booking, CollectiveRegistration, CollectiveSession, ExperienceSheet, LawyerProfile, LearningVisit,
    LegalSlot, Need, NotificationPreferences, Offer, Pairing, PairingDay, PairingFeedback, Pole, PoleClaim,
    ResourcePerson, Role, TransferMessage, TransferObjective, User, ValidationStatus, VisitFeedback,
    VisitHostProposal, VisitRegistration, VisitRegistrationStatus,
)

#: The public texts of the database being read (``public_texts``), for ``fragment``.
_public: ContextVar[str] = ContextVar("public", default="")
_WORDS = re.compile(r"[^\W_]+(?:[ -][^\W_]+)*")
_SPACES = re.compile(r"\s+")


def fragment(text: str | None, public: str = "", *, shortest: int = 14, longest: int = 48) -> str | None:
    """The longest run of plain words of ``text`` (cut at ``longest`` characters on a word) that no ``public`` text
    holds (a day's report may quote the offer it follows), or None when none is long enough to name anything."""
    for run in sorted(_WORDS.findall(_SPACES.sub(" ", text or "")), key=len, reverse=True):
        if len(run) > longest:
            run = run[:longest].rsplit(" ", 1)[0]
        if len(run) < shortest:
            return None
        if run.casefold() not in public:
            return run.casefold()
    return None


def public_texts(session: Session) -> str:
    """What every visitor reads, as ``readable`` reads it: the listed poles and their needs, the offers and profiles
    of validated resource persons, the lawyers' specialties, the agenda's sessions and the learning visits."""
    texts = [text for pole in session.scalars(select(Pole).where(Pole.listed))
             for text in (pole.name, pole.description, pole.strengths)]
    validated = ResourcePerson.validation_status == ValidationStatus.VALIDATED
    texts += [text for column in (Offer.title, Offer.text) for text in session.scalars(
        select(column).join(ResourcePerson, ResourcePerson.id == Offer.resource_person_id).where(validated)) if text]
    texts += [text for column in (ResourcePerson.headline, ResourcePerson.bio)
              for text in session.scalars(select(column).where(validated)) if text]
    columns = [LawyerProfile.specialties, CollectiveSession.title, CollectiveSession.description,
               LearningVisit.title, LearningVisit.programme, LearningVisit.theme_text]
    texts += [text for column in columns for text in session.scalars(select(column)) if text]
    texts += [text for need in session.scalars(select(Need).join(Pole).where(Pole.listed))
              for text in (need.title, need.text)]
    return readable("\n".join(texts), "text/plain")


def readable(body: str, mimetype: str) -> str:
    """A response's text as ``fragment`` reads it: JSON and ICS escapes undone, HTML entities decoded, every kind
    of space one plain space, case folded."""
    if mimetype.endswith("json"):
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body), ensure_ascii=False)
    if mimetype == "text/calendar":
        body = re.sub(r"\r?\n[ \t]", "", body).replace("\\n", " ").replace("\\,", ",").replace("\\;", ";")
    return _SPACES.sub(" ", html.unescape(body)).casefold()


@dataclass(frozen=True)
class Private:
    """One private text: what it is, its region and pole, who else reads it, the URL values naming its objects."""

    what: str
    text: str
    #: The regions whose CRA reads it: its pole's (a resource person's e-mail: the regions of the poles she serves).
    regions: frozenset[str | None]
    pole_id: int | None = None
    #: Read by the organisers only (an accompaniment), not by the pole's facilitators.
    organisers_only: bool = False
    #: Looked for on these addresses only (their beginnings), where the text is public elsewhere: a listed pole's
    #: name is no secret, its answer to a visit's invitation is.
    pages: tuple[str, ...] = ()
    parties: frozenset[int] = frozenset()
    refs: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Visitor:
    """Someone not signed in, for ``may_read``."""

    id: int = 0
    role: Role | None = None
    pole_id: int | None = None
    region_code: str | None = None


def may_read(viewer: User | Visitor, private: Private) -> bool:
    """``app.access.policy`` in short: a CRA its region's, national organisers and admins everything, anyone their
    own pole's and what they take part in."""
    if viewer.role is Role.ADMIN or (viewer.role is Role.ORGANISER and not viewer.region_code):
        return True
    if viewer.id in private.parties or (viewer.pole_id is not None and viewer.pole_id == private.pole_id
                                        and not private.organisers_only):
        return True
    return viewer.role is Role.ORGANISER and viewer.region_code in private.regions


def _add(found: list[Private], what: str, text: str | None, *, region: str | None, **where: Any) -> None:
    shown = fragment(text, _public.get())
    if shown is not None:
        found.append(Private(what, shown, frozenset({region}), **where))


def private_texts(session: Session) -> list[Private]:
    """Every private text of the database with its owner (``Private``)."""
    _public.set(public_texts(session))
    found: list[Private] = []
    facilitators: dict[int, set[int]] = {}
    for user in session.scalars(select(User).where(User.pole_id.is_not(None))):
        facilitators.setdefault(user.pole_id, set()).add(user.id)
    for pairing in session.scalars(select(Pairing)):
        pole = pairing.need.pole
        person = pairing.resource_person
        parties = frozenset({pairing.requested_by_id, person.user_id if person else None} - {None})
        where = dict(region=pole.region_code, pole_id=pole.id, parties=parties,
                     refs=(("pairing_id", pairing.id), ("need_id", pairing.need_id), ("pole_id", pole.id)))
        _add(found, "transfer request message", pairing.message, **where)
        _add(found, "transfer decision note", pairing.decision_note, **where)
        for message in session.scalars(select(TransferMessage).where(TransferMessage.pairing_id == pairing.id)):
            _add(found, "transfer conversation", message.body, **where)
        for objective in session.scalars(select(TransferObjective).where(TransferObjective.pairing_id == pairing.id)):
            _add(found, "transfer objective", objective.text, **where)
        for day in session.scalars(select(PairingDay).where(PairingDay.pairing_id == pairing.id)):
            day_where = dict(where, refs=where["refs"] + (("session_id", day.session_id), ("stage", day.stage)))
            _add(found, "transfer day report", day.report_done, **day_where)
            _add(found, "transfer day next step", day.report_next, **day_where)
        for feedback in session.scalars(select(PairingFeedback).where(PairingFeedback.pairing_id == pairing.id)):
            _add(found, "transfer feedback comment", feedback.comment, **where)
        sheet = session.scalar(select(ExperienceSheet).where(ExperienceSheet.pairing_id == pairing.id))
        if sheet is not None and sheet.published_at is None:  # published, a sheet is public (« Expériences »)
            _add(found, "unpublished experience sheet", sheet.situation,
                 **dict(where, refs=where["refs"] + (("experience_sheet_id", sheet.id),)))
    for booking in session.scalars(select(Booking)):
        slot = session.get(LegalSlot, booking.slot_id)
        lawyer = session.get(LawyerProfile, slot.lawyer_profile_id) if slot.lawyer_profile_id else None
        pole = session.get(Pole, booking.pole_id)
        _add(found, "Juri-PTCE question", booking.question, region=pole.region_code, pole_id=pole.id,
             parties=frozenset({booking.booker_id, lawyer.user_id if lawyer else None} - {None}),
             refs=(("booking_id", booking.id), ("slot_id", slot.id), ("session_id", slot.session_id)))
    for note in session.scalars(select(Accompaniment)):
        pole = session.get(Pole, note.pole_id)
        where = dict(region=pole.region_code, pole_id=pole.id, organisers_only=True, refs=(("pole_id", pole.id),))
        _add(found, "accompaniment note", note.notes, **where)
        _add(found, "accompaniment next step", note.next_step, **where)
    for claim in session.scalars(select(PoleClaim)):
        pole = session.get(Pole, claim.pole_id)
        _add(found, "claim on a pole", claim.message, region=pole.region_code, pole_id=pole.id,
             parties=frozenset({claim.claimant_id}), refs=(("pole_id", pole.id),))
    for feedback in session.scalars(select(VisitFeedback)):
        pole = session.get(Pole, feedback.pole_id)
        _add(found, "visit feedback", feedback.text, region=pole.region_code, pole_id=pole.id,
             refs=(("visit_id", feedback.visit_id), ("pole_id", pole.id)))
    for proposal in session.scalars(select(VisitHostProposal)):
        pole = session.get(Pole, proposal.pole_id)
        _add(found, "visit host proposal", proposal.what_to_see, region=pole.region_code, pole_id=pole.id,
             refs=(("proposal_id", proposal.id), ("pole_id", pole.id)))
    found += _people_and_hidden_poles(session, facilitators)
    found += _participation(session, facilitators)
    return found


def _participation(session: Session, facilitators: dict[int, set[int]]) -> list[Private]:
    """Which poles answered a learning visit's invitation (``policy.visit_pole_named_to``), on the visit's pages:
    read by its region's CRA and its own people; once registered, by the host's region's CRA and the host's people
    too. Which poles' people came to the collective sessions, on the organisers' review of them
    (``scopes.pole_participation_listed_to``): its region's CRA."""
    found: list[Private] = []
    for registration in session.scalars(select(VisitRegistration)):
        pole, host = registration.pole, registration.visit.host_pole
        if host is not None and pole.id == host.id:
            continue
        registered = registration.status is VisitRegistrationStatus.REGISTERED
        found.append(Private(
            "pole's answer to a visit invitation", pole.name.casefold(),
            frozenset({pole.region_code} | ({host.region_code} if registered and host else set())), pole_id=pole.id,
            parties=frozenset(facilitators.get(host.id, ()) if registered and host else ()),
            refs=(("visit_id", registration.visit_id),),
            pages=(f"/visites/{registration.visit_id}", "/organisation/visites")))
    for registration in session.scalars(select(CollectiveRegistration)):
        pole = registration.user.pole if registration.user else None
        if pole is not None:
            found.append(Private("pole's people at a collective session", pole.name.casefold(),
                                 frozenset({pole.region_code}), pole_id=pole.id, organisers_only=True,
                                 refs=(("collective_session_id", registration.collective_session_id),),
                                 pages=("/organisation/bilan",)))
    return found


def _partners(session: Session, pole_id: int) -> set[int]:
    """Who works with a pole's people: its transfers' resource persons, its consultations' lawyers."""
    people = set(session.scalars(select(ResourcePerson.user_id).join(Pairing, Pairing.resource_person_id
                                                                    == ResourcePerson.id)
                                 .join(Need, Need.id == Pairing.need_id).where(Need.pole_id == pole_id)))
    lawyers = set(session.scalars(select(LawyerProfile.user_id).join(LegalSlot, LegalSlot.lawyer_profile_id
                                                                    == LawyerProfile.id)
                                  .join(Booking, Booking.slot_id == LegalSlot.id).where(Booking.pole_id == pole_id)))
    return people | lawyers


def _people_and_hidden_poles(session: Session, facilitators: dict[int, set[int]]) -> list[Private]:
    found: list[Private] = []
    for pole in session.scalars(select(Pole).where(Pole.id.in_(facilitators))):
        parties = frozenset(_partners(session, pole.id))
        for user in session.scalars(select(User).where(User.pole_id == pole.id)):
            sessions = tuple(("collective_session_id", r.collective_session_id) for r in session.scalars(
                select(CollectiveRegistration).where(CollectiveRegistration.user_id == user.id)))
            where = dict(regions=frozenset({pole.region_code}), pole_id=pole.id, parties=parties,
                         refs=(("user_id", user.id), ("pole_id", pole.id)) + sessions)
            found.append(Private("facilitator e-mail", user.email.casefold(), **where))
            found.append(Private("facilitator name", user.display_name.casefold(), **where))
            prefs = session.get(NotificationPreferences, user.id)
            if prefs is not None and prefs.phone:
                found.append(Private("facilitator phone", prefs.phone, **where))
        if not pole.listed:
            where = dict(pole_id=pole.id, parties=parties, refs=(("pole_id", pole.id),))
            if len(pole.name) >= 14:  # « Autre pôle » reads the same as « et 1 autre pôle », a count
                found.append(Private("unlisted pole name", pole.name.casefold(), frozenset({pole.region_code}),
                                     **where))
            for need in session.scalars(select(Need).where(Need.pole_id == pole.id)):
                need_where = dict(where, region=pole.region_code, refs=(("need_id", need.id), ("pole_id", pole.id)))
                _add(found, "unlisted pole's need title", need.title, **need_where)
                _add(found, "unlisted pole's need text", need.text, **need_where)
    for person in session.scalars(select(ResourcePerson)):
        served = list(session.execute(select(Pole.id, Pole.region_code).join(Need, Need.pole_id == Pole.id)
                                      .join(Pairing, Pairing.need_id == Need.id)
                                      .where(Pairing.resource_person_id == person.id)))
        readers = frozenset({person.user_id} | {u for pole, _ in served for u in facilitators.get(pole, ())})
        regions = frozenset({person.region_code} | {region for _, region in served})
        found.append(Private("resource person e-mail", person.user.email.casefold(), regions,
                             parties=readers, refs=(("profile_id", person.id), ("user_id", person.user_id))))
        if person.validation_status is not ValidationStatus.VALIDATED:
            found += _unvalidated_person(person)
    return found


def _unvalidated_person(person: ResourcePerson) -> list[Private]:
    """A resource person not validated (pending, refused): her name, texts and offers, read by herself and the
    organisers of her region (``policy.may_see_unvalidated_person``)."""
    found: list[Private] = []
    where = dict(region=person.region_code, parties=frozenset({person.user_id}),
                 refs=(("profile_id", person.id), ("user_id", person.user_id)))
    if len(person.user.display_name) >= 14:
        found.append(Private("unvalidated resource person name", person.user.display_name.casefold(),
                             frozenset({person.region_code}), parties=where["parties"], refs=where["refs"]))
    _add(found, "unvalidated resource person headline", person.headline, **where)
    for offer in person.offers:
        _add(found, "unvalidated resource person offer", offer.title,
             **dict(where, refs=where["refs"] + (("offer_id", offer.id),)))
    return found


def forbidden_to(viewer: User | Visitor, privates: Iterable[Private]) -> list[Private]:
    """The private texts ``viewer`` may not read, but for one that is also the text of a row it may read (two
    transfers' same greeting): finding it would prove nothing."""
    privates = list(privates)
    readable_texts = {private.text for private in privates if may_read(viewer, private)}
    return [private for private in privates if not may_read(viewer, private) and private.text not in readable_texts]


def leaks(pages: dict[str, str], forbidden: Iterable[Private]) -> list[tuple[str, str, str]]:
    """(what, text, address) of each forbidden text found in a page, but in the words the viewer searched for (the
    page repeats them: « Aucun résultat pour « … » »)."""
    return sorted((private.what, private.text, address) for private in forbidden
                  for address, page in pages.items()
                  if private.text in page and private.text not in unquote_plus(urlsplit(address).query).casefold()
                  and (not private.pages or address.startswith(private.pages)))
