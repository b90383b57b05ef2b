"""What a registered person is told by mail (and under the bell) when their registration to a collective session changes."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.notifications.inbox import notice_beside_mail, notify
from app.notifications.outbox import enqueue_template
from app.agenda.calendar import session_ics, slot_ics
from app.scheduling.ics import mail_attachment
from app.scheduling.thanks import take_back_thanks as take_back
from app.templating import format_range, zone_of
from app.typography import count
from models import CollectiveRegistration, CollectiveSession, Meeting, OutboxMessage, RegistrationStatus, User

#: The session's title in « » (walk 19: « Horaire modifié : Rencontre régionale … : coopérer avec … » read as
#: two labels when the title has a colon of its own), as the learning visits' mails.
MAIL_SUBJECTS = {
    "registered": "Inscription confirmée\u00a0: «\u00a0{title}\u00a0»",
    "waitlisted": "Liste d'attente\u00a0: «\u00a0{title}\u00a0»",
    "promoted": "Une place est disponible pour vous\u00a0: votre inscription à «\u00a0{title}\u00a0» est confirmée",
    "unregistered": "Désinscription enregistrée\u00a0: «\u00a0{title}\u00a0»",
    "thanks": "Merci de votre participation\u00a0: votre avis sur «\u00a0{title}\u00a0»",
    "cancelled": "Session annulée\u00a0: «\u00a0{title}\u00a0»",
    "cancelled_waitlisted": "Session annulée\u00a0: «\u00a0{title}\u00a0»",
    "moved": "Horaire modifié\u00a0: «\u00a0{title}\u00a0»",
    "changed": "Session modifiée\u00a0: «\u00a0{title}\u00a0»",
    "message": "Message de l'équipe qui organise «\u00a0{title}\u00a0»",
    "slot_cancelled": "Créneau annulé\u00a0: «\u00a0{title}\u00a0»",
    "organiser_cancelled": "Inscription annulée par l'équipe qui organise\u00a0: «\u00a0{title}\u00a0»",
    "organiser_cancelled_waitlisted": "Place en liste d'attente annulée par l'équipe qui organise\u00a0: «\u00a0{title}\u00a0»",
}

#: Changes of the session itself, also said under the bell (the mail leaves at once, digest or not).
BELL_NOTICES = {
    "cancelled": "Session annulée\u00a0: «\u00a0{title}\u00a0»",
    "cancelled_waitlisted": "Session annulée\u00a0: «\u00a0{title}\u00a0» (vous étiez en liste d'attente)",
    "moved": "Nouvel horaire pour «\u00a0{title}\u00a0»",
    "changed": "Session modifiée\u00a0: «\u00a0{title}\u00a0»",
    "message": "Message de l'équipe qui organise «\u00a0{title}\u00a0»",
    "slot_cancelled": "Un créneau de «\u00a0{title}\u00a0» est annulé",
    "organiser_cancelled": "L'équipe qui organise «\u00a0{title}\u00a0» a annulé votre inscription",
    "organiser_cancelled_waitlisted": "L'équipe qui organise «\u00a0{title}\u00a0» a annulé votre place en liste d'attente",
}
#: Longest notice under the bell (``Notification.text``): the organisers' message joins it only when it fits whole.
BELL_MAX = 300
#: Changes whose message the session's page keeps (``CollectiveSession.cancel_message``, ``Meeting.cancel_reason``):
#: a message too long for the bell is said to be there, the notice linking to the page.
KEPT_ON_PAGE = {"cancelled", "cancelled_waitlisted", "slot_cancelled"}
ON_PAGE = "message de l'équipe sur la page de la session"


def bell_text(event: str, title: str, message: str = "", when: str = "") -> str:
    """The bell's sentence for a change of the session, with the organisers' message when the whole fits
    (a message cut short would say something else: then the notice says it is on the page it links to when the
    page keeps it, else only the mail carries it). ``when``: the new time of a slot moved, said when it fits
    (walk 19: « Nouvel horaire pour « … » » left the reader to open the page to learn which)."""
    notice = BELL_NOTICES[event].format(title=title)
    if when and len(with_when := f"{notice}\u00a0: {when}") <= BELL_MAX:
        notice = with_when
    if not message:
        return notice
    with_message = f"{notice} — «\u00a0{' '.join(message.split())}\u00a0»"
    if len(with_message) <= BELL_MAX:
        return with_message
    pointer = f"{notice} — {ON_PAGE}"
    return pointer if event in KEPT_ON_PAGE and len(pointer) <= BELL_MAX else notice


def tell_registrant(session: CollectiveSession, registration: CollectiveRegistration, event: str, *,
                    cancelled: bool = False, suffix: str = "", message: str = "", slot: Meeting | None = None,
                    **context: object) -> None:
    """One message per registration change (unique outbox keys; ``suffix`` tells apart changes of the same
    registration, such as each new time of a slot), with the slots' .ics when it concerns them (``slot``: that one
    slot alone, a registered person's). ``message``: the organisers' word to the people signed up, in the mail (and
    under the bell when it fits)."""
    if registration.user is None or not registration.user.is_active:
        return  # a deactivated account is mailed nothing (its places to come are released: ``releases``)
    attachment = None
    seated = registration.status is RegistrationStatus.REGISTERED
    user = registration.user
    if slot is not None:
        if seated:  # a waitlisted person has no calendar entry for it
            attachment = mail_attachment("creneau.ics", lambda: slot_ics(slot, session, attendees=[user]))
    elif event in ("registered", "promoted") or cancelled or (event in ("moved", "changed") and seated):
        # Written again at commit: the slots' SEQUENCE may still move in this unit of work (a promotion is told
        # before the participants are written), and every mail of one change carries the same one.
        attachment = mail_attachment("session.ics", lambda: session_ics(session, cancelled=cancelled, attendees=[user]))
    key = mail_key(session, registration, event) + suffix
    subject = MAIL_SUBJECTS[event].format(title=session.title)[:300]
    if event == "promoted":  # a freed seat: under the bell too, by mail as the person chose
        # The bell says it as the subject does: a seat given, nothing left to do (walk 19 read « Une place est
        # disponible pour vous : « … » » as a seat to take).
        notify(user=registration.user, category="seat", text=subject,
               url=f"/agenda/{session.id}", key=key, subject=subject, template=f"agenda/mail/{event}.txt",
               attachment=attachment, collective=session, registration=registration, **context)
        return
    mail = enqueue_template(db.session, key=key, to=registration.user, subject=subject,
                            template=f"agenda/mail/{event}.txt", collective=session, registration=registration,
                            attachment=attachment, message=message, **context)
    if event in BELL_NOTICES and mail is not None:  # a change sent twice (same key) is said once
        moved = context.get("moved") if event == "moved" else None
        when = format_range(moved.starts_at, moved.ends_at, zone_of(user)) if isinstance(moved, Meeting) else ""
        notice_beside_mail(user=registration.user, category="reminder", url=f"/agenda/{session.id}",
                           text=bell_text(event, session.title, message, when=when))


def mail_key(session: CollectiveSession, registration: CollectiveRegistration, event: str) -> str:
    """The outbox key of ``event`` told to ``registration`` as it is now (its ``version``): the same change is told once."""
    return f"agenda:{session.id}:registration:{registration.id}:v{registration.version}:{event}"


REPLAY_SUBJECT = "Replay et supports de «\u00a0{title}\u00a0»"
REPLAY_NOTICE = "Le replay ou les supports de «\u00a0{title}\u00a0» sont en ligne"


def tell_replay(session: CollectiveSession) -> int:
    """The replay (or materials) link just given to a session whose people were already thanked: each person noted
    present, as the thanks mail reaches (registered people absent were not thanked, nor are they told), gets one
    short mail and a notice under the bell. Once per registration whatever the link becomes afterwards (the key
    has no version: a link corrected, or taken away and given again, tells nobody twice). Returns how many."""
    told = 0
    for registration in session.registrations:
        user = registration.user
        if not registration.attended or registration.walk_in or user is None or not user.is_active:
            continue
        subject = REPLAY_SUBJECT.format(title=session.title)[:300]
        key = f"agenda:{session.id}:registration:{registration.id}:replay"
        if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
            continue  # told already: notify would write a second notice beside a mail the outbox refuses
        notify(user=user, category="agenda", text=REPLAY_NOTICE.format(title=session.title),
               url=f"/agenda/{session.id}", key=key, subject=subject, template="agenda/mail/replay.txt",
               collective=session, registration=registration)
        told += 1
    return told


def take_back_thanks(session: CollectiveSession, registration: CollectiveRegistration) -> None:
    """A person noted present by mistake, then not: the thanks still waiting for the end of the session are not
    sent (``app.scheduling.thanks``, as a learning visit's)."""
    take_back(registration, key_prefix=mail_key(session, registration, "thanks"))


def reachable(session: CollectiveSession) -> list[CollectiveRegistration]:
    """The registrations a change of the session is told to: registered or waitlisted, with an active account
    (their accounts and poles read in the same go: a national day has hundreds)."""
    return list(db.session.scalars(
        select(CollectiveRegistration).join(CollectiveRegistration.user)
        .where(CollectiveRegistration.collective_session_id == session.id, User.is_active.is_(True),
               CollectiveRegistration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)))
        .options(selectinload(CollectiveRegistration.user).selectinload(User.pole))  # the pole: the mail's time zone
        .order_by(CollectiveRegistration.id)))


def signed_up(n: int) -> str:
    """« 1 personne inscrite ou en attente », « 3 personnes inscrites ou en attente »: whom the agenda's mails reach."""
    return count(n, "personne inscrite ou en attente", "personnes inscrites ou en attente")


def signed_up_told(n: int) -> str:
    """« 1 personne inscrite ou en attente est prévenue », « 3 personnes … sont prévenues »."""
    return f"{signed_up(n)} {'est prévenue' if n == 1 else 'sont prévenues'}"


def message_key(opened: str | None, message: str) -> str:
    """What tells one message apart from another: the same form (``opened``, its hidden field) sent twice with the
    same message writes it once."""
    return hashlib.sha256(f"{opened}|{message}".encode()).hexdigest()[:16]


def send_message(session: CollectiveSession, message: str, *, key: str,
                 among: list[CollectiveRegistration] | None = None) -> int:
    """The organisers' word on its own (« Message aux inscrit·es » sent with no change that carries it), to the
    registered and waitlisted people, or only ``among`` them; how many it reached (``key``: ``message_key``)."""
    if not message:
        return 0
    recipients = reachable(session) if among is None else among
    for registration in recipients:
        tell_registrant(session, registration, "message", suffix=f":{key}", message=message)
    return len(recipients)
