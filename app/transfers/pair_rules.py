"""Who may be paired with whom: the yearly capacity (load, the person lock, the checks), the hard rules
of any pair, and the pairs never to suggest again.

Load against the yearly capacity (``pairing_load``): pairings created this calendar year whose
status is proposed, validated, accepted, planned, in_progress or completed. A *request* does not
count until an organiser validates it (validation is refused when the person is full), so a
facilitator's wish never blocks the person for others; a proposal counts at once, so a second
batch run never gives the same free place twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.locks import lock_row
from app.scheduling.wall_clock import year_bounds, year_of
from app.templating import french_day
from app.suggestions.capacity import capacity_left, current_load, register_load_provider
from app.typography import count, plural
from app.transfers.states import COMMITTED_STATUSES, LOAD_STATUSES, OPEN_STATUSES, S, TransferError
from models import Need, NeedStatus, Pairing, PairingStatus, ResourcePerson, utcnow
from models.forbidden_pair import ForbiddenPair


def year_start(now: datetime | None = None) -> datetime:
    """When the year of a resource person's capacity began: 1 January at midnight in Paris, as naive UTC (a
    transfer asked at 0 h 30 on 1 January counts in the new year, not in the one just ended)."""
    now = now or utcnow()
    return year_bounds(year_of(now))[0]


def pairing_load(session: Session, ids: Sequence[int] | None) -> dict[int, int]:
    """Transfers counted this calendar year per resource person (registered as a load provider). A transfer kept
    after its person deleted her account (``resource_person_id`` NULL) is nobody's load."""
    query = (
        select(Pairing.resource_person_id, func.count(Pairing.id))
        .where(Pairing.status.in_(LOAD_STATUSES), Pairing.created_at >= year_start(),
               Pairing.resource_person_id.is_not(None))
        .group_by(Pairing.resource_person_id)
    )
    if ids is not None:
        if not ids:
            return {}
        query = query.where(Pairing.resource_person_id.in_(list(ids)))
    return {int(person_id): int(count) for person_id, count in session.execute(query)}


register_load_provider(pairing_load)


def _transfers(n: int) -> str:
    return count(n, "transfert")


def _lock_person(person: ResourcePerson) -> ResourcePerson:
    """Lock the resource person's row until the unit of work ends.

    Every path that consumes capacity (request, proposal, validation, acceptance, batch
    approval) counts under this lock: concurrent ones wait, then count what the first committed.
    """
    locked = lock_row(db.session, ResourcePerson, person.id)
    if locked is None:
        raise TransferError("Cette personne ressource n'existe plus.")
    return locked


def _check_capacity(person: ResourcePerson, *, extra: int = 1) -> None:
    """Refuse when ``person`` has fewer than ``extra`` transfers left this year (call under ``_lock_person``)."""
    left = capacity_left(db.session, [person])[person.id]
    if left < extra:
        raise TransferError(
            f"{person.user.display_name} n'a plus de disponibilité cette année "
            f"({_transfers(person.yearly_capacity)} par an, déjà {plural(person.yearly_capacity, 'engagé')}).")


def full_this_year(people: Sequence[ResourcePerson]) -> set[int]:
    """The ids of ``people`` with no transfer left this year: one load query for the whole list (a directory of
    forty people asks it once, not forty times)."""
    return {person_id for person_id, left in capacity_left(db.session, people).items() if left <= 0}


def _next_year_day() -> str:
    """The day a full person may be asked again: « 1er janvier 2027 » (her capacity is counted per calendar year),
    written as every date of the site."""
    return french_day(date(year_of(utcnow()) + 1, 1, 1))


def full_year_notice(person: ResourcePerson) -> str | None:
    """What a pole reads before asking a person with no place left this year — the refusal its request would meet
    once its message was written (walk of 6 December 2026: the offer page listed « Pour le besoin … » links, the
    form took the message, and only then said no), with the day she may be asked again."""
    if person.id not in full_this_year([person]):
        return None
    capacity, name = person.yearly_capacity, person.user.display_name
    if capacity <= 0:  # a pause, not a full year: nothing frees her on 1 January
        return (f"{name} ne prend pas de transfert pour le moment (aucun transfert par an)\u00a0: la page de votre "
                "besoin suggère d'autres personnes ressources.")
    return (f"{name} n'a plus de disponibilité cette année ({_transfers(capacity)} par an, déjà "
            f"{plural(capacity, 'engagé')})\u00a0: vous pourrez lui demander un transfert à partir du "
            f"{_next_year_day()}. D'ici là, la page de votre besoin suggère d'autres personnes ressources.")


def full_year_cards(people: Sequence[ResourcePerson]) -> dict[int, str]:
    """The line a directory card adds for each person of ``people`` whose year is full (the others are absent), so
    a pole sees it in the list rather than on opening her page: « Plus de disponibilité en 2026, de nouveau le
    1er janvier 2027 ». A capacity of zero says no date: nothing frees her on 1 January."""
    full, year = full_this_year(people), year_of(utcnow())
    return {person.id: (f"Plus de disponibilité en {year}\u00a0: de nouveau disponible le {_next_year_day()}"
                        if person.yearly_capacity > 0 else f"Pas de disponibilité en {year}")
            for person in people if person.id in full}


def _check_commitment(person: ResourcePerson, *, reader_is_person: bool = True) -> None:
    """Acceptance: the proposal already counts in the load; the person never says yes beyond capacity — nor does a
    pole accepting the help she offered (``reader_is_person`` False: said to the pole, about her)."""
    committed = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(COMMITTED_STATUSES),
        Pairing.created_at >= year_start()))
    if committed >= person.yearly_capacity and not reader_is_person:
        name = person.user.display_name
        said = (f"{name} a déjà accepté {_transfers(committed)} cette année, soit sa capacité annuelle" if committed
                else f"La capacité annuelle de {name} est de zéro transfert")
        raise TransferError(f"{said}\u00a0: cette aide ne pourra être acceptée que si cette capacité est relevée "
                            "dans son profil\u00a0; sinon, déclinez-la en disant pourquoi.")
    if committed >= person.yearly_capacity:
        # The way out too: her capacity may have been lowered mid-year under a transfer waiting for her answer.
        said = (f"Vous avez déjà accepté {_transfers(committed)} cette année, soit votre capacité annuelle "
                f"({_transfers(person.yearly_capacity)})" if committed else "Votre capacité annuelle est de zéro transfert")
        raise TransferError(f"{said}\u00a0: pour accepter celui-ci, portez votre capacité à {_transfers(committed + 1)} "
                            "par an dans votre profil\u00a0; sinon, déclinez-le en disant pourquoi.")


def _load_words(plural: bool) -> str:
    """The statuses counted in the load, in the words of their labels (« proposé, validé, … ou terminé »)."""
    words = []
    for status in LOAD_STATUSES:
        word = status.label.split(" par ")[0].lower()  # « Accepté par la personne ressource » → « accepté »
        words.append(word + "s" if plural and word.endswith("é") else word)
    return ", ".join(words[:-1]) + " ou " + words[-1]


def capacity_note(person: ResourcePerson, *, reader_is_person: bool = True) -> str | None:
    """Why a full resource person gets no new transfer this year; None while they have room.

    Written to the person (« Vos 2 transferts de l'année sont engagés ») or, for an organiser,
    about them. The statuses counted are named as the transfer pages name them.
    """
    if person.id not in full_this_year([person]):
        return None
    capacity, name = person.yearly_capacity, person.user.display_name
    if reader_is_person:
        info = (" : vous ne pouvez pas proposer votre aide cette année, "
                "les besoins ci-dessous sont montrés pour information.")
    else:
        info = " : les besoins ci-dessous sont montrés pour information."
    if capacity <= 0:
        return ("Votre capacité annuelle est de zéro transfert" if reader_is_person
                else f"La capacité annuelle de {name} est de zéro transfert") + info
    # A capacity lowered below what is already engaged: the transfers engaged are said, with the capacity
    # (« Vos 2 transferts de l'année sont engagés, pour 1 par an »), not « Votre transfert de l'année ».
    load = max(capacity, current_load(db.session, [person.id]).get(person.id, 0))
    engaged = "est engagé" if load == 1 else "sont engagés"
    counted = f" ({_load_words(load > 1)})" + (f", pour {capacity} par an" if load > capacity else "")
    if reader_is_person:
        owner = "Votre transfert" if load == 1 else f"Vos {_transfers(load)}"
        return f"{owner} de l'année {engaged}{counted}{info}"
    owner = "Le transfert" if load == 1 else f"Les {_transfers(load)}"
    return f"{owner} de l'année de {name} {engaged}{counted}{info}"


def capacity_use(person: ResourcePerson) -> str:
    """Where the person's yearly capacity stands, said to them on « Mon espace »: what is engaged, what is left."""
    capacity = person.yearly_capacity
    if capacity <= 0:
        return "Votre capacité annuelle est de zéro transfert\u00a0: modifiez votre profil pour en accompagner."
    load = current_load(db.session, [person.id]).get(person.id, 0)
    left = max(0, capacity - load)
    engaged = count(load, "transfert engagé", "transferts engagés", zero="aucun")
    room = "plus aucune place" if not left else "encore " + count(left, "place")
    return f"Cette année\u00a0: {engaged} sur {count(capacity, 'transfert')} par an\u00a0; {room}."


def lowered_capacity_notice(person: ResourcePerson, before: int | None) -> str | None:
    """Said on saving a profile whose capacity was just lowered to or below what this year already engaged; None
    otherwise. Accepted, not refused: the capacity only gates new load (``_check_capacity``), the transfers engaged
    go on, and lowering it is her way to say « no more this year » (walk of 6 December 2026: her page then read
    « 2 transferts engagés sur 1 » and nothing had told her what it meant)."""
    capacity = person.yearly_capacity
    if before is None or capacity >= before:
        return None
    load = current_load(db.session, [person.id]).get(person.id, 0)
    if load == 0 or load < capacity:
        return None
    engaged = count(load, "transfert est déjà engagé", "transferts sont déjà engagés")
    going_on = "il continue" if load == 1 else "ils continuent"
    until = "tant que votre capacité restera à zéro" if capacity <= 0 else f"avant le {_next_year_day()}"
    said = (f"Cette année, {engaged} pour une capacité de {count(capacity, 'transfert', zero='zéro')} par an\u00a0: "
            f"{going_on} comme prévu, mais aucune nouvelle demande ne pourra vous parvenir {until}.")
    committed = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(COMMITTED_STATUSES),
        Pairing.created_at >= year_start()))
    if load > committed and committed >= capacity:  # waiting for an acceptance: ``_check_commitment``
        said += _waiting_said(person, load - committed)
    return said


def _waiting_said(person: ResourcePerson, waiting: int) -> str:
    """What becomes of the ``waiting`` pairings of the year still to be accepted, once she is full: those that wait for
    her answer (a proposal, a pole's request), and her own offers of help that wait for the pole's
    (``states.answering_side``: it is the pole that accepts them, and she who may withdraw them)."""
    offers = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.resource_person_id == person.id, Pairing.status == S.VALIDATED,
        Pairing.requested_by_id == person.user_id, Pairing.created_at >= year_start()))
    hers, said = waiting - offers, ""
    if hers:
        said += (" Le transfert qui attend votre réponse ne pourra être accepté" if hers == 1 else
                 f" Les {count(hers, 'transfert')} qui attendent votre réponse ne pourront être acceptés") + (
            " qu'en relevant votre capacité\u00a0; sinon, déclinez-" + ("le" if hers == 1 else "les")
            + " en disant pourquoi.")
    if offers:
        said += (" Votre proposition d'aide, qui attend la réponse du pôle, ne pourra être acceptée" if offers == 1
                 else f" Vos {count(offers, 'proposition')} d'aide, qui attendent la réponse d'un pôle, ne pourront "
                 "être acceptées") + (" qu'en relevant votre capacité\u00a0; sinon, retirez-"
                                      + ("la" if offers == 1 else "les") + ".")
    return said


def _open_pairing_exists(need_id: int, person_id: int) -> bool:
    return db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.need_id == need_id, Pairing.resource_person_id == person_id,
        Pairing.status.in_(OPEN_STATUSES))) > 0


def check_pair_allowed(need: Need, person: ResourcePerson) -> None:
    """Hard rules for any pairing: open need, other pole, not forbidden, not declined before, no duplicate."""
    if need.status is NeedStatus.CLOSED:
        raise TransferError("Ce besoin est clos.")
    if person.pole_id is not None and person.pole_id == need.pole_id:
        raise TransferError("Une personne ressource n'accompagne jamais son propre pôle.")
    if not person.user.is_active:
        raise TransferError("Cette personne ressource n'est plus active.")
    if not person.is_validated:
        raise TransferError("Cette personne ressource n'est pas encore validée par l'équipe d'animation.")
    if db.session.scalar(select(ForbiddenPair.id).where(
            ForbiddenPair.need_id == need.id, ForbiddenPair.resource_person_id == person.id)) is not None:
        raise TransferError("L'équipe d'animation a exclu ce binôme.")
    if db.session.scalar(select(Pairing.id).where(
            Pairing.need_id == need.id, Pairing.resource_person_id == person.id,
            Pairing.status == S.DECLINED)) is not None:
        raise TransferError("Cette personne ressource a déjà décliné ce besoin.")
    if _open_pairing_exists(need.id, person.id):
        raise TransferError("Un transfert est déjà en cours avec cette personne ressource pour ce besoin.")



@dataclass(frozen=True)
class NeedPairs:
    """Where resource persons stand with one need, for the suggestions on its page."""

    #: (person id, pairing id, status) of the pairings still going somewhere.
    open: tuple[tuple[int, int, PairingStatus], ...] = ()
    #: Never suggested for this need again: they declined it, or the organisers excluded the pair.
    ruled_out: frozenset[int] = frozenset()

    def open_pairing(self, person_id: int) -> tuple[int, PairingStatus] | None:
        """(pairing id, status) of ``person_id``'s open pairing with the need, if any."""
        return next(((pairing_id, status) for person, pairing_id, status in self.open if person == person_id), None)


#: Why a pair is never suggested again (the batch keeps the reason in its snapshot).
WHY_EXCLUDED, WHY_DECLINED = "interdit", "refus"


def ruled_out_pairs(*, need_id: int | None = None, person_id: int | None = None) -> list[tuple[int, int, str]]:
    """(need id, person id, why) of the pairs never to suggest again, optionally of one need or one person.

    Excluded by the organisers (``WHY_EXCLUDED``) or declined by the resource person (``WHY_DECLINED``):
    the batch, the need page and the resource person's page all leave them out.
    """
    excluded = select(ForbiddenPair.need_id, ForbiddenPair.resource_person_id)
    declined = select(Pairing.need_id, Pairing.resource_person_id).where(Pairing.status == S.DECLINED).distinct()
    if need_id is not None:
        excluded = excluded.where(ForbiddenPair.need_id == need_id)
        declined = declined.where(Pairing.need_id == need_id)
    if person_id is not None:
        excluded = excluded.where(ForbiddenPair.resource_person_id == person_id)
        declined = declined.where(Pairing.resource_person_id == person_id)
    return ([(need, person, WHY_EXCLUDED) for need, person in db.session.execute(excluded)]
            + [(need, person, WHY_DECLINED) for need, person in db.session.execute(declined)])


def pairs_for_need(need_id: int) -> NeedPairs:
    open_pairings = db.session.execute(
        select(Pairing.resource_person_id, Pairing.id, Pairing.status)
        .where(Pairing.need_id == need_id, Pairing.status.in_(OPEN_STATUSES)).order_by(Pairing.id)).all()
    return NeedPairs(open=tuple((person, pairing_id, status) for person, pairing_id, status in open_pairings),
                     ruled_out=frozenset(person for _, person, _ in ruled_out_pairs(need_id=need_id)))


def needs_settled_for(person_id: int) -> frozenset[int]:
    """Needs not to suggest to ``person_id`` again: ruled out (declined, excluded), already in a transfer, or one
    she completed (it came back first among her needs to answer the day she completed it)."""
    engaged = db.session.scalars(select(Pairing.need_id).where(Pairing.resource_person_id == person_id,
                                                               Pairing.status.in_((*OPEN_STATUSES, S.COMPLETED))))
    return frozenset(engaged) | {need for need, _, _ in ruled_out_pairs(person_id=person_id)}

