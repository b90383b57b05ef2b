"""What the transfer pages show, asked of the services in one call per page (views stay thin)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import select

from app.access import can_view_pole
from app.access.scopes import batch_run_in_scope, need_in_scope
from app.extensions import db
from app.pair_space.objectives import unsettled as unsettled_objectives
from app.suggestions.capacity import capacity_left
from app.suggestions.services import explain_match
from app.templating import format_datetime
from app.transfers.following import days_held
from app.transfers.awaited import next_step
from app.transfers.batch_input import pair_key, stored_explanations
from app.transfers.step_notices import days_to_come, reached_person
from app.transfers import unattended
from app.transfers.services import (
    EVERYONE, ORGANISER, POLE, RESOURCE, STEP_ACTIONS, allowed_steps, answering_side, refuses_request, sides_of,
)
from app.typography import count, elide, number, of_pole
from matching.explain import CLOSE_SCORE, VERY_CLOSE_SCORE, without_moment_reasons
from matching.types import Explanation
from models import (
    BatchRun, BatchRunPair, Need, Pairing, PairingDay, PairingFeedback, PairingStatus, ResourcePerson, User,
)

S = PairingStatus
#: The pole's « yes » to the help a resource person offered (« Je peux aider »), once validated.
ACCEPT_HELP = "Accepter cette aide"
#: Statuses in which transfer days can still be planned.
PLANNABLE = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS)

#: How to read an affinity score, shown once wherever the number is (console, run, transfer, follow-up).
#: The score is the hybrid engine's (``matching/engine.py``): text signals standardised over the offers
#: a need may receive, plus shared themes; the words are those of ``matching.explain.closeness``.
AFFINITY_SCALE = (
    "Le score d'affinité mesure à quel point l'offre d'une personne ressource répond au besoin\u00a0: proximité de sens "
    "et vocabulaire communs aux deux textes, comparés aux autres offres possibles pour ce besoin, et thèmes partagés. "
    f"Il n'a pas de borne fixe\u00a0: 0 pour une offre moyenne, «\u00a0proche\u00a0» dès {number(CLOSE_SCORE)}, "
    f"«\u00a0très proche\u00a0» dès {number(VERY_CLOSE_SCORE)}\u00a0; les binômes les plus proches atteignent 8 à 12."
)


def can_plan(pairing: Pairing, user: User) -> bool:
    """Days are planned once the person accepted, by any party of the transfer."""
    return pairing.status in PLANNABLE and bool(sides_of(pairing, user) & EVERYONE)


@dataclass(frozen=True)
class StepChoice:
    """One step button of the transfer page, with the note it asks for."""

    to: PairingStatus
    action: str
    note_label: str
    note_required: bool = False
    #: Declines, refusals and cancellations look secondary and ask this confirmation (None: no question).
    confirm: str | None = None
    #: Cancelling ends the transfer for everyone: the page offers it last, under « Autres actions », never
    #: among the steps that move it forward (a decline or a refusal stays there: it is the answer asked for).
    ends_transfer: bool = False
    #: What it does, said beside it (the other actions only).
    consequence: str = ""

    @property
    def destructive(self) -> bool:
        """Red: a step that refuses, cancels or declines. Ending a transfer is final too, and asks first, but it
        is its good end: its confirming button stays the primary one."""
        return self.confirm is not None and self.to is not S.COMPLETED

    @property
    def asks_on_a_page(self) -> bool:
        """Without JavaScript, the step is asked again on a page of its own before it is taken (the ending)."""
        return self.to is S.COMPLETED


def completion_consequence(pairing: Pairing) -> str:
    """Said beside « Marquer le transfert comme terminé »: that no day took place yet, when so (ending it is still
    allowed: the know-how may have passed otherwise), and that ending the transfer takes the days still planned
    out of everyone's calendar (``lifecycle.transition``)."""
    said = []
    if not days_held(pairing):
        said.append("Aucune journée n'a encore eu lieu\u00a0: si vous marquez ce transfert comme terminé maintenant, "
                    "il sera clos sans aucune journée de transfert. Si le savoir-faire a été transmis autrement, dites-le "
                    "dans le commentaire.")
    to_come = days_to_come(pairing)
    when = ", ".join(format_datetime(day.session.starts_at) for day in to_come)
    if len(to_come) == 1:
        said.append(f"La journée encore prévue ({when}) sera alors annulée et retirée des agendas.")
    elif to_come:
        said.append(f"Les {count(len(to_come), 'journée')} encore prévues ({when}) seront alors annulées et retirées "
                    "des agendas.")
    return " ".join(said)


def completion_question(pairing: Pairing, user: User) -> str:
    """What « Marquer le transfert comme terminé » asks first (walk 6: it ended the transfer in one click): that
    it is final, who is told, what comes next, and the days it takes out of the calendars."""
    other = _other_side(pairing, sides_of(pairing, user))
    said = ["Terminer ce transfert ? C'est définitif\u00a0: il ne pourra pas être rouvert."]
    if other:
        said.append(f"{other[0].upper()}{other[1:]} en reçoit un e-mail. Vous donnerez ensuite votre retour, et la "
                    "fiche d'expérience pourra s'écrire.")
    still_open = len(unsettled_objectives(pairing))
    if still_open == 1:
        said.append("Un objectif est encore «\u00a0en cours\u00a0»\u00a0: il restera «\u00a0non terminé à la fin du "
                    "transfert\u00a0». S'il est atteint ou abandonné, dites-le d'abord dans «\u00a0Objectifs du "
                    "transfert\u00a0».")
    elif still_open:
        said.append(f"{count(still_open, 'objectif')} sont encore «\u00a0en cours\u00a0»\u00a0: ils resteront «\u00a0non "
                    "terminés à la fin du transfert\u00a0». Marquez d'abord ceux qui sont atteints ou abandonnés.")
    to_come = days_to_come(pairing)
    if len(to_come) == 1:
        said.append("La journée encore prévue sera annulée.")
    elif to_come:
        said.append(f"Les {count(len(to_come), 'journée')} encore prévues seront annulées.")
    return " ".join(said)


CANCEL_CONSEQUENCE = ("Le transfert s'arrête pour tout le monde : les autres personnes concernées en sont prévenues "
                      "et les journées à venir sont annulées. Une confirmation vous est demandée.")


WITHDRAW_CONSEQUENCE = ("Votre proposition d'aide s'arrête\u00a0: le pôle et l'équipe d'animation en sont prévenus. "
                        "Une confirmation vous est demandée.")


#: The person's reason for declining a request or a proposal: the pole and the organisers are told it by mail.
READ_BY_POLE_AND_ORGANISERS = "Raison du refus, que le pôle et l'équipe d'animation liront (obligatoire)"


def refusal_field(pairing: Pairing) -> str:
    """The label of an organiser's reason for refusing a request before its validation, naming who reads it: the
    pole its own request's; the person who offered her help, and the pole, hers (``step_notices.reached_person``)."""
    if pairing.offered_by_person:
        return f"Raison du refus, que {pairing.resource_person_name} et le pôle liront (obligatoire)"
    return "Raison du refus, que le pôle lira (obligatoire)"


def withdraws_offer(pairing: Pairing, sides: set[str]) -> bool:
    """The resource person withdrawing the help she offered, before the pole answered (« Retirer ma proposition »)."""
    return (RESOURCE in sides and pairing.offered_by_person and pairing.status in (S.REQUESTED, S.VALIDATED)
            and POLE not in sides)


def step_choices(pairing: Pairing, user: User) -> list[StepChoice]:
    """The steps ``user`` may take now (planning has its own form), each with what its note means."""
    sides = sides_of(pairing, user)
    choices = []
    pole_answers = answering_side(pairing) == POLE and POLE in sides  # the help a person offered
    person = pairing.resource_person_name
    for to in allowed_steps(pairing, user):
        if to is S.PLANNED:
            continue
        if to is S.DECLINED and pole_answers:
            choices.append(StepChoice(to, STEP_ACTIONS[to], f"Raison du refus, que {person} et l'équipe d'animation liront "
                                      "(obligatoire)", True,
                                      f"Décliner cette aide\u00a0? {person} et l'équipe d'animation liront votre raison."))
        elif to is S.VALIDATED and pairing.offered_by_person:  # beside « Refuser la proposition »
            choices.append(StepChoice(to, "Valider la proposition", "Commentaire (facultatif)"))
        elif to is S.ACCEPTED and pole_answers:
            choices.append(StepChoice(to, ACCEPT_HELP, "Commentaire (facultatif)"))
        elif to is S.DECLINED:
            choices.append(StepChoice(to, STEP_ACTIONS[to], READ_BY_POLE_AND_ORGANISERS, True,
                                      "Décliner ce transfert ? Le pôle et l'équipe d'animation liront votre raison."))
        elif refuses_request(pairing, to, sides) and pairing.offered_by_person:  # she reads why, and the pole
            choices.append(StepChoice(to, "Refuser la proposition", refusal_field(pairing), True,
                                      f"Refuser cette proposition d'aide\u00a0? {person} et le pôle liront votre "
                                      "raison."))
        elif refuses_request(pairing, to, sides):
            choices.append(StepChoice(to, "Refuser la demande", refusal_field(pairing),
                                      True, "Refuser cette demande de transfert ? Le pôle lira votre raison."))
        elif to is S.CANCELLED and withdraws_offer(pairing, sides):
            choices.append(StepChoice(to, "Retirer ma proposition", "Motif (facultatif)", False,
                                      "Retirer votre proposition d'aide\u00a0? Le pôle et l'équipe d'animation en "
                                      "seront prévenus.", ends_transfer=True, consequence=WITHDRAW_CONSEQUENCE))
        elif to is S.CANCELLED:
            choices.append(StepChoice(to, STEP_ACTIONS[to], "Motif de l'annulation (facultatif)", False,
                                      "Annuler ce transfert ? Les autres personnes concernées en seront prévenues.",
                                      ends_transfer=True, consequence=CANCEL_CONSEQUENCE))
        elif to is S.COMPLETED:
            choices.append(StepChoice(to, STEP_ACTIONS[to], "Commentaire (facultatif)",
                                      confirm=completion_question(pairing, user),
                                      consequence=completion_consequence(pairing)))
        else:
            choices.append(StepChoice(to, STEP_ACTIONS.get(to, to.label), "Commentaire (facultatif)"))
    return choices


def step_done(pairing: Pairing, to: PairingStatus, user: User) -> str:
    """What the page says once ``user`` took the step (asked before it is taken)."""
    sides = sides_of(pairing, user)
    if refuses_request(pairing, to, sides) and pairing.offered_by_person:
        return (f"Proposition refusée\u00a0: {pairing.resource_person_name} et le pôle en sont prévenus avec votre "
                "motif.")
    if refuses_request(pairing, to, sides):
        return "Demande refusée : le pôle en est prévenu avec votre motif."
    # The two answers that hand the transfer on say to whom, and what comes next (walk 5: « Transfert : Accepté
    # par la personne ressource. » said neither).
    if to is PairingStatus.ACCEPTED and POLE in sides and answering_side(pairing) == POLE:
        return (f"Vous avez accepté l'aide {elide('de', pairing.resource_person_name)}, qui en reçoit un e-mail. "
                "Planifiez une première journée ci-dessous, ou proposez une date dans la conversation.")
    if to is PairingStatus.DECLINED and POLE in sides and answering_side(pairing) == POLE:
        return (f"Aide déclinée : {pairing.resource_person_name} et l'équipe d'animation en reçoivent un e-mail "
                "avec votre raison.")
    if to is PairingStatus.ACCEPTED and RESOURCE in sides:
        return ("Vous avez accepté ce transfert : le pôle en est prévenu. Planifiez une première journée "
                "ci-dessous, ou proposez une date dans la conversation.")
    person = pairing.resource_person
    if (to is PairingStatus.VALIDATED and ORGANISER in sides and person is not None
            and pairing.requested_by_id != person.user_id):  # her own offer of help goes to the pole instead
        return (f"Demande validée : elle est transmise à {person.user.display_name}, "
                "qui peut l'accepter ou la décliner.")
    if to is PairingStatus.VALIDATED and ORGANISER in sides and person is not None:
        return (f"Proposition validée : elle est transmise {of_pole(pairing.need.pole.name, 'au')}, qui peut "
                f"accepter ou décliner l'aide {elide('de', person.user.display_name)}.")
    # Starting and ending said what next to neither side (walk 6: « Transfert : Terminé. », then a long page).
    other = _other_side(pairing, sides)
    if to is PairingStatus.IN_PROGRESS and other:
        return (f"Le transfert est en cours : {other} reçoit un e-mail. Notez vos objectifs et, après chaque journée, "
                "son compte rendu ; marquez le transfert comme terminé quand le savoir-faire est transmis.")
    if to is PairingStatus.COMPLETED and other:
        sheet = ("puis, si vous êtes d'accord tous les deux, écrivez la fiche d'expérience pour le réseau"
                 if POLE in sides else
                 "l'animation du pôle pourra écrire la fiche d'expérience, publiée avec votre accord")
        return f"Le transfert est terminé : {other} reçoit un e-mail. Donnez votre retour ci-dessous ; {sheet}."
    if to is PairingStatus.CANCELLED and withdraws_offer(pairing, sides):
        return "Votre proposition est retirée\u00a0: le pôle et l'équipe d'animation en reçoivent un e-mail."
    if to is PairingStatus.CANCELLED and POLE in sides and not reached_person(pairing):  # never sent to her
        return "Votre demande est retirée : l'équipe d'animation en reçoit un e-mail."
    if to is PairingStatus.CANCELLED and other:
        return f"Le transfert est annulé : {other} et l'équipe d'animation en reçoivent un e-mail."
    return f"Transfert : {to.label}."


def _other_side(pairing: Pairing, sides: set[str]) -> str | None:
    """Who the pair's step is told to, said from the side that took it: « Mireille Castagné », « le pôle »."""
    if POLE in sides and pairing.resource_person is not None:
        return pairing.resource_person.user.display_name
    if RESOURCE in sides:
        return "l'animation du pôle"
    return None


@dataclass(frozen=True)
class PairReasons:
    """« Pourquoi ce binôme »: the offer the pair rests on and the engine's reasons."""

    offer_title: str | None
    explanation: Explanation


def _explanation(data: dict[str, Any]) -> Explanation:
    """An explanation stored as JSON (``Explanation.to_dict``) read back, without the capacity left and the rank
    when it was made (the pairing itself may have taken that place since); unknown keys are left out."""
    return without_moment_reasons(Explanation(**{f.name: data[f.name] for f in fields(Explanation) if f.name in data}))


def pair_reasons(pairing: Pairing) -> PairReasons | None:
    """Why this pair, while the transfer is open: as stored when the pair was made, or else read now.

    The stored explanation is what the pole read when it asked (or what the proposal or the batch run said):
    read again later, the same pair could be told other words (« notable » for « élevée ») as offers come and go.
    A pair made without one (older data) is read now by the engine, without the rank and capacity of the moment.
    """
    if not pairing.status.is_open:
        return None
    if pairing.explanation:
        return PairReasons(pairing.offer.title if pairing.offer else None, _explanation(pairing.explanation))
    if pairing.resource_person is not None:
        match = explain_match(pairing.need, pairing.resource_person, offer_id=pairing.offer_id)
        if match is not None:
            return PairReasons(match.card.offer_title, without_moment_reasons(match.explanation))
    return None


@dataclass(frozen=True)
class TransferPage:
    pairing: Pairing
    #: The steps that move the transfer on (and the answer awaited from the viewer), near the top.
    steps: list[StepChoice]
    can_plan: bool
    can_feedback: bool
    #: The feedback this viewer may read (organisers read all; a party reads all once they gave theirs).
    feedback: list[PairingFeedback]
    mine_feedback: PairingFeedback | None
    timezone: str
    why: PairReasons | None
    #: What happens next, when someone's answer is awaited.
    next_step: str | None = None
    #: Cancelling, offered at the end of the page (``StepChoice.ends_transfer``).
    other_steps: list[StepChoice] = field(default_factory=list)
    #: The pole's page and its need's open to the viewer (``can_view_pole``): else named, not linked (an unlisted
    #: pole to a person it is only proposed to).
    pole_opens: bool = True
    #: The pole has no facilitator account any more (``unattended.page_notice``), said to the resource person
    #: and the organisers.
    unattended: str | None = None


def transfer_page(pairing: Pairing, user: User) -> TransferPage:
    sides = sides_of(pairing, user)
    feedback = list(db.session.scalars(select(PairingFeedback).where(PairingFeedback.pairing_id == pairing.id)
                                       .order_by(PairingFeedback.id)))
    mine = next((f for f in feedback if f.author_id == user.id), None)
    choices = step_choices(pairing, user)
    left_alone = unattended.page_notice(pairing, sides)
    # An offer nobody can answer: « elle attend la réponse du pôle… un e-mail vous dira sa réponse » would deny it.
    waits = None if left_alone and unattended.offer_unanswerable(pairing) else next_step(pairing, user)
    return TransferPage(
        pairing=pairing, steps=[c for c in choices if not c.ends_transfer],
        other_steps=[c for c in choices if c.ends_transfer], can_plan=can_plan(pairing, user),
        can_feedback=pairing.status is S.COMPLETED and bool(sides & {POLE, RESOURCE}),
        feedback=feedback if ORGANISER in sides or mine else [], mine_feedback=mine,
        timezone=pairing.need.pole.region.timezone, why=pair_reasons(pairing), next_step=waits,
        pole_opens=can_view_pole(pairing.need.pole_id, pairing.need.pole.listed),
        unattended=left_alone,
    )


def day_of(pairing: Pairing, stage: int) -> PairingDay | None:
    """The planned day of ``pairing`` at this stage (1 for the first), if any."""
    return next((day for day in pairing.days if day.stage == stage), None)


def find_pair(need_id: int | None, person_id: int | None) -> tuple[Need | None, ResourcePerson | None]:
    """The need and the resource person a form names (None for an id that names nothing)."""
    need = db.session.get(Need, need_id) if need_id else None
    person = db.session.get(ResourcePerson, person_id) if person_id else None
    return need, person


def capacity_of(person: ResourcePerson) -> int:
    return capacity_left(db.session, [person])[person.id]


@dataclass(frozen=True)
class RunPage:
    run: BatchRun
    needs: dict[int, Need]
    people: dict[int, ResourcePerson]


def visible_run(run_id: int, *, viewer: User) -> BatchRun | None:
    """The run, if the viewer may see it (a CRA: a run that paired a need of its region)."""
    return db.session.scalar(select(BatchRun).where(BatchRun.id == run_id, batch_run_in_scope(viewer)))


def run_page(run: BatchRun, *, viewer: User) -> RunPage:
    """A batch run read afresh, with the needs (those the viewer may see) and people of its snapshot."""
    db.session.refresh(run)
    needs: dict[int, Need] = {}
    people: dict[int, ResourcePerson] = {}
    if run.snapshot:
        needs = {n.id: n for n in db.session.scalars(select(Need).where(Need.id.in_(run.snapshot["need_ids"]),
                                                                        need_in_scope(viewer)))}
        people = {p.id: p for p in db.session.scalars(
            select(ResourcePerson).where(ResourcePerson.id.in_(run.snapshot["person_ids"])))}
    return RunPage(run=run, needs=needs, people=people)


def run_pair_reasons(run: BatchRun, pairs: list[BatchRunPair],
                     people: dict[int, ResourcePerson]) -> dict[int, PairReasons]:
    """« Pourquoi ce binôme » of each pair of a run, by pair id, for its review: the engine's reasons as the run
    stored them (a swapped pair's read now), the very words its proposal will carry."""
    stored = stored_explanations(run, pairs)
    reasons = {}
    for pair in pairs:
        why = stored.get(pair_key(pair.need_id, pair.resource_person_id)) or {}
        if not why.get("explanation"):
            continue
        person = people.get(pair.resource_person_id)
        offer = next((o for o in (person.offers if person else []) if str(o.id) == str(why.get("offer_id"))), None)
        reasons[pair.id] = PairReasons(offer.title if offer else None, _explanation(why["explanation"]))
    return reasons


def match_fields(need: Need, person: ResourcePerson, offer_id: str | None) -> dict[str, object]:
    """The score and explanation a new pairing stores, from the engine's reading of the pair."""
    try:
        chosen = int(offer_id) if offer_id else None
    except ValueError:
        chosen = None
    match = explain_match(need, person, offer_id=chosen)
    return {"score": match.score if match else None, "explanation": match.explanation.to_dict() if match else None}
