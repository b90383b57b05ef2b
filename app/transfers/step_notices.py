"""The mails of a transfer step: who hears of it, the notice itself, the .ics of the day it is about.

The one rule of a step's recipients (``step_recipients``): the pole's facilitators, the resource person
(not for the pole's own request), the region's organisers for the steps they follow
(``ORGANISER_STEPS``). The bell notice of a step (``app/pair_space/step_bell.py``) goes to the same people.
"""

from __future__ import annotations

from datetime import datetime

from app.extensions import db
from app.links import absolute_url
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import meeting_ics
from app.templating import format_date, french_day, local_day, zone_of
from app.transfers.days import zone_label
from app.transfers.expiry import expires_at
from app.transfers.parties import facilitators_of, organisers
from app.transfers.states import ENDING_STEPS, ORGANISER_STEPS, POLE, RESOURCE, STEP_VERBS, S, answering_side
from app.typography import of_pole
from models import Need, Pairing, PairingDay, PairingStatus, ResourcePerson, User, utcnow


#: A validated request as its resource person reads it: she is the one to answer.
ASKED_PERSON_TITLE = "Transfert demandé, à vous de répondre"
#: The help a resource person offered, validated, as the pole's facilitators read it: they are the ones to answer.
ASKED_POLE_TITLE = "Aide proposée, à vous de répondre"
#: The same step as the person who offered it reads it: she waits for the pole's answer.
OFFER_VALIDATED_TITLE = "Votre proposition d'aide est validée"


def step_recipients(pairing: Pairing, to_status: PairingStatus) -> list[User]:
    """Everyone who hears of a step to ``to_status`` (its actor included: the callers leave them out). The resource
    person hears of nothing about a pole's request that never reached her (``reached_person``): neither the request
    nor its end when it is withdrawn, refused or expires before an organiser validated it."""
    person = pairing.resource_person if reached_person(pairing) else None
    return recipients_of(pairing.need, person, to_status)


def reached_person(pairing: Pairing) -> bool:
    """The resource person was told of the pairing: her own offer of help, or a step proposed or validated to her
    (a pole's request is hers to answer once validated; the mail of the validation is the first she receives)."""
    return pairing.offered_by_person or any(event.to_status in (S.PROPOSED, S.VALIDATED) for event in pairing.events)


def recipients_of(need: Need, person: ResourcePerson | None, to_status: PairingStatus) -> list[User]:
    """Who hears of a step of the pair (``need``, ``person``), before a pairing exists (a run's approval
    says how many people its proposals will reach)."""
    people: dict[int, User] = {}
    if to_status is not S.REQUESTED and person is not None:
        user = person.user
        if user.is_active:
            people[user.id] = user
    for user in facilitators_of(need.pole_id):
        people[user.id] = user
    if to_status in ORGANISER_STEPS:
        for user in organisers(need.pole.region_code):
            people[user.id] = user
    return list(people.values())


def step_title(pairing: Pairing, to_status: PairingStatus, recipient: User, *, new_day: bool = False,
               day_cancelled: PairingDay | None = None) -> str:
    """A step's mail subject and bell notice: what happened, to which need, and with whom — the resource
    person, or for that person the pole — so two requests on one need never read as the same notice.
    A mail that takes a day out of the calendar says which day (« Transfert terminé » alone hid it)."""
    what = "Nouvelle journée de transfert" if new_day else STEP_VERBS[to_status]
    if to_status is S.VALIDATED:  # « Demande de transfert validée » did not tell who was asked
        answerer = answering_side(pairing, S.VALIDATED)
        if recipient_side(pairing, recipient) == answerer:
            what = ASKED_PERSON_TITLE if answerer == RESOURCE else ASKED_POLE_TITLE
        elif answerer == POLE and _person_user_id(pairing) == recipient.id:
            what = OFFER_VALIDATED_TITLE
    if day_cancelled is not None:
        when = french_day(local_day(day_cancelled.session.starts_at, zone_of(recipient)), with_weekday=True)
        what = f"{what}, journée du {when} annulée"
    person = pairing.resource_person
    other = of_pole(pairing.need.pole.name, "le") if person is not None and person.user_id == recipient.id \
        else pairing.resource_person_name
    return f"{what} — {pairing.need.title}, avec {other}"[:300]


def days_to_come(pairing: Pairing, now: datetime | None = None) -> list[PairingDay]:
    """The pairing's planned days not begun yet, soonest first."""
    now = now or utcnow()
    return [d for d in sorted(pairing.days, key=lambda d: d.session.starts_at) if d.session.starts_at > now]


def _day_told(pairing: Pairing, to_status: PairingStatus) -> PairingDay | None:
    """The day a step's mail is about: the newest planned one, or when the transfer ends the next one to come."""
    if to_status is S.PLANNED and pairing.days:
        return pairing.days[-1]
    if to_status in ENDING_STEPS:
        return next(iter(days_to_come(pairing)), None)
    return None


def notify_ended(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str,
                 days: list[PairingDay]) -> None:
    """Tell that the transfer ended (cancelled or completed): the step's notice carries the next day's ICS CANCEL,
    each further day to come gets its own (so no planned day stays in anyone's calendar)."""
    notify_step(pairing, to_status, actor=actor, note=note, day=days[0] if days else None)
    for day in days[1:]:
        notify_step(pairing, to_status, actor=actor, note=note, day=day)


def notify_step(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str,
                day: PairingDay | None = None) -> None:
    """Tell the other parties; a planned day comes with its date, place and an .ics for their calendar,
    a cancelled transfer with the .ics that takes its next day out of their calendar."""
    link = absolute_url("transfers.show", pairing_id=pairing.id)
    day = day or _day_told(pairing, to_status)
    added = day is not None and to_status is S.PLANNED and day.stage > 1
    # A day recorded after the fact (« Cette journée a déjà eu lieu »): told as held, with no file for a calendar.
    held = day is not None and to_status not in ENDING_STEPS and day.session.ends_at <= utcnow()
    attachment = None
    if day is not None and not held:
        attachment = (f"transfert-{pairing.id}-journee-{day.stage}.ics", "text/calendar",
                      meeting_ics(day.session, cancelled=to_status in ENDING_STEPS))
    further_day = day is not None and to_status in ENDING_STEPS and day is not _day_told(pairing, to_status)
    answer_by = _answer_by(pairing, to_status)
    answerer = answering_side(pairing, to_status)
    if day is not None and to_status not in ENDING_STEPS:
        note = ""  # « Journée du … planifiée » is the history's line: the mail tells the day itself, not « Message : »
    for user in step_recipients(pairing, to_status):
        if actor is not None and user.id == actor.id:
            continue
        key = (f"pairing:{pairing.id}:day:{day.session_id}:user:{user.id}" if added
               else f"pairing:{pairing.id}:day:{day.session_id}:cancelled:user:{user.id}" if further_day
               else f"pairing:{pairing.id}:{to_status.value}:user:{user.id}")
        removed = day if day is not None and to_status in ENDING_STEPS else None
        enqueue_template(
            db.session, key=key, to=user,
            subject=step_title(pairing, to_status, user, new_day=added, day_cancelled=removed),
            template="transfers/mail_step.txt", pairing=pairing, status=to_status, actor=actor,
            note=note, link=link, day=day, day_removed=removed is not None, day_held=held, further_day=further_day,
            attachment=attachment, zone_label=zone_label,
            asked=answer_by if recipient_side(pairing, user) == answerer else None,
            awaited=answer_by if recipient_side(pairing, user) not in (answerer, None) else None,
            pole_answers=answerer == POLE,
        )


def recipient_side(pairing: Pairing, user: User) -> str | None:
    """The party ``user`` hears of a step as: the resource person, the pole (its facilitators), or neither (None)."""
    if _person_user_id(pairing) == user.id:
        return RESOURCE
    return POLE if user.pole_id is not None and user.pole_id == pairing.need.pole_id else None


def _person_user_id(pairing: Pairing) -> int | None:
    person = pairing.resource_person
    return person.user_id if person is not None else None


def _answer_by(pairing: Pairing, to_status: PairingStatus) -> str | None:
    """The day the answer is due by, when the step asks for one (a request validated, a proposal): the mail of
    whoever answers (``answering_side``) then carries what is asked and that day, where « Demande de transfert
    validée » told the resource person neither that she was asked nor by when (walk of 6 December 2026)."""
    if to_status not in (S.VALIDATED, S.PROPOSED):
        return None
    return format_date(expires_at(pairing))
