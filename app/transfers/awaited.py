"""What a transfer's page says of the answer awaited (``next_step``): who gives it, by when, and what follows.

Who answers is ``states.answering_side``: the organisers validate a request; the resource person answers a proposal
and a pole's request once validated; the pole's facilitators answer the help a resource person offered herself
(« Je peux aider ») once validated, while she waits, as a pole waits for the person it asked.
"""

from __future__ import annotations

from app.templating import format_date
from app.transfers.expiry import expires_at
from app.transfers.following import days_held
from app.transfers.parties import sides_of
from app.transfers.states import EVERYONE, ORGANISER, POLE, RESOURCE, STEP_ACTIONS, S, answering_side
from app.typography import elide, of_pole
from models import Pairing, User


def answer_deadline(pairing: Pairing) -> str:
    """The day a request or proposal left unanswered expires (``REQUEST_EXPIRY_DAYS`` after its last step)."""
    return format_date(expires_at(pairing))


def _offer_waits(pairing: Pairing, sides: set[str], deadline: str) -> str | None:
    """The help a resource person offered, while it waits for its validation, then for the pole's answer."""
    person, pole = pairing.resource_person_name, pairing.need.pole.name
    if pairing.status is S.REQUESTED and ORGANISER not in sides:
        if RESOURCE in sides:
            return (f"Votre proposition attend la validation de l'équipe d'animation, d'ici au {deadline}\u00a0: vous "
                    f"n'avez rien à faire d'ici là. Une fois validée, elle est transmise {of_pole(pole, 'au')}, qui "
                    "pourra accepter ou décliner votre aide sur cette page\u00a0; un e-mail vous dira sa réponse.")
        if POLE in sides:
            return (f"{person} propose son aide sur ce besoin\u00a0; l'équipe d'animation examine cette proposition "
                    f"d'ici au {deadline}. Une fois validée, un e-mail vous le dira, et vous pourrez accepter ou "
                    "décliner cette aide sur cette page.")
    if pairing.status is not S.VALIDATED:
        return None
    if POLE in sides:
        return (f"Votre réponse est attendue d'ici au {deadline}\u00a0: acceptez ou déclinez ci-dessous l'aide "
                f"{elide('de', person)}, validée par l'équipe d'animation\u00a0; un e-mail lui dira votre réponse. "
                "Sans réponse à cette date, la proposition expire.")
    if RESOURCE in sides:
        return (f"Votre proposition est validée\u00a0: elle attend la réponse {of_pole(pole)}, qui peut accepter ou "
                f"décliner votre aide d'ici au {deadline}. Un e-mail vous dira sa réponse. Si le pôle accepte, vous "
                "planifierez ensemble les journées de transfert sur cette page\u00a0; sans réponse à cette date, la "
                "proposition expire.")
    if ORGANISER in sides:
        return (f"En attente de la réponse {of_pole(pole)}, qui peut accepter ou décliner l'aide {elide('de', person)} "
                f"d'ici au {deadline}.")
    return None


def next_step(pairing: Pairing, user: User) -> str | None:
    """What happens next, said to whoever waits for someone else's answer (or must give it)."""
    sides = sides_of(pairing, user)
    person = pairing.resource_person_name
    deadline = answer_deadline(pairing)
    if pairing.offered_by_person and pairing.status in (S.REQUESTED, S.VALIDATED):
        return _offer_waits(pairing, sides, deadline)
    if answering_side(pairing) == RESOURCE:  # a proposal, a pole's request validated
        what = "la proposition" if pairing.status is S.PROPOSED else "la demande"
        if RESOURCE in sides:
            return (f"Votre réponse est attendue d'ici au {deadline}\u00a0: acceptez ou déclinez ce transfert "
                    f"ci-dessous\u00a0; le pôle est prévenu de votre réponse. Sans réponse à cette date, {what} expire.")
        if POLE in sides:
            return (f"En attente de la réponse {elide('de', person)}, qui peut accepter ou décliner ce transfert "
                    f"d'ici au {deadline}. Un e-mail vous dira sa réponse. Si la personne ressource "
                    "accepte, vous planifierez ensemble les journées de transfert sur cette page\u00a0; sans réponse "
                    f"à cette date, {what} expire. Vous n'avez rien à faire d'ici là, sauf annuler le transfert si "
                    "votre besoin a changé (en bas de page, «\u00a0Autres actions\u00a0»).")
        if ORGANISER in sides:
            return f"En attente de la réponse {elide('de', person)}, d'ici au {deadline}."
    held = days_held(pairing) if pairing.status is S.PLANNED and sides & EVERYONE else []
    if held:  # the step is not taken by itself (no background job): the page asks for it once a day is held
        first = min(held, key=lambda day: day.session.starts_at)
        return (f"La première journée a eu lieu le {format_date(first.session.starts_at)}\u00a0: passez le "
                f"transfert «\u00a0{S.IN_PROGRESS.label}\u00a0» avec «\u00a0{STEP_ACTIONS[S.IN_PROGRESS]}\u00a0» "
                "ci-dessous, puis notez vos objectifs et le compte rendu de chaque journée.")
    if pairing.status is S.REQUESTED and POLE in sides and ORGANISER not in sides:
        return (f"Votre demande attend la validation de l'équipe d'animation, d'ici au {deadline}. "
                f"Une fois validée, elle est transmise à {person}, qui pourra accepter ou décliner le transfert\u00a0; "
                "un e-mail vous prévient à chaque étape.")
    if pairing.status is S.REQUESTED and RESOURCE in sides and ORGANISER not in sides:
        return (f"Cette demande attend la validation de l'équipe d'animation, d'ici au {deadline}\u00a0: vous n'avez "
                "rien à faire d'ici là. Une fois validée, un e-mail vous le dira, et vous pourrez accepter ou décliner "
                "ce transfert sur cette page.")
    return None
