"""What waits for an organiser, said on « Mon espace »: one count per kind of task, each with its page.

Every count is the length of the list the page that handles it shows (the same service, the same access
policy: a CRA counts its own region only), so the number read here is the number found there. An organiser
is shown what it may act on and is told about, what its organisation does first:

- Avise and the other national organisers run the transfers (requests and « Je peux aider » to validate),
  validate the resource persons, decide the requests to run a pole and the poles to confirm, and note the
  presences of the sessions they run and of the learning visits;
- Coorace and RTES run Juri-PTCE (a lawyer without specialties receives no question) and the national agenda
  (presences to note once a session is over), then share the national tasks above;
- a regional cell (CRA) decides the requests and confirms the poles of its region, follows the poles of its
  region in the « appui renforcé » queue, validates its region's transfer requests and notes the presences of
  its region's sessions and of the learning visits its region's poles host, and validates the resource persons of
  its region (``policy.may_decide_person``: the national organisers validate every region's);
- administrators see every task, and what waits for them on the page of mails: the mails the outbox gave up on
  (to read and send again once the cause is fixed), and those the SMTP server refused that still wait for another
  try (an outage shows nowhere else for hours: its cause is theirs to check), each counted as that page counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.access import policy
from app.accompaniments.queue import reinforced_support_queue
from app.agenda.queries import sessions_awaiting_attendance
from app.lawyers.services import lawyers_overview
from app.notifications.given_up import count_given_up, retrying
from app.poles import claims
from app.poles.services import unconfirmed_poles
from app.resources.validation import pending_people
from app.transfers.reports import requested_pairings
from app.typography import number
from app.visits.attendance import visits_awaiting_attendance
from models import Role, User


@dataclass(frozen=True)
class Wording:
    """How a count is said: « Aucune demande … », « 1 demande … », « 3 demandes … » (``{n}``: the number; a no-break
    space joins it to its word, as ``count`` writes it)."""

    none: str
    one: str
    several: str

    def of(self, n: int) -> str:
        if n == 0:
            return self.none
        return (self.one if n == 1 else self.several).format(n=number(n))


@dataclass(frozen=True)
class Page:
    """Where something is handled: an endpoint, its arguments and an anchor (the view builds the address)."""

    endpoint: str
    args: dict[str, int] = field(default_factory=dict)
    anchor: str = ""


@dataclass(frozen=True)
class Waiting:
    """One line of « À traiter »: how many wait, in words, and the page where they are handled (None: the
    named ``items`` below it each have theirs)."""

    key: str
    count: int
    text: str
    page: Page | None
    #: A few of them named, each with its own page (the sessions whose presences are to note).
    items: list[tuple[str, Page]] = field(default_factory=list)


TRANSFER_REQUESTS = Wording("Aucune demande de transfert à valider", "1\u00a0demande de transfert à valider",
                            "{n}\u00a0demandes de transfert à valider")
HELP_OFFERS = Wording("Aucune proposition « Je peux aider » à valider", "1\u00a0proposition « Je peux aider » à valider",
                      "{n}\u00a0propositions « Je peux aider » à valider")
PEOPLE_TO_VALIDATE = Wording("Aucune personne ressource à valider", "1\u00a0personne ressource à valider",
                             "{n}\u00a0personnes ressources à valider")
CLAIMS = Wording("Aucune demande pour animer un pôle", "1\u00a0demande pour animer un pôle à examiner",
                 "{n}\u00a0demandes pour animer un pôle à examiner")
POLES_TO_CONFIRM = Wording("Aucun pôle inscrit en attente de confirmation", "1\u00a0pôle inscrit à confirmer",
                           "{n}\u00a0pôles inscrits à confirmer")
REINFORCED = Wording("Aucun pôle à accompagner en priorité (appui renforcé)",
                     "1\u00a0pôle à accompagner en priorité (appui renforcé)",
                     "{n}\u00a0pôles à accompagner en priorité (appui renforcé)")
LAWYERS = Wording("Aucun·e avocat·e sans spécialités", "1\u00a0avocat·e sans spécialités : aucune question ne peut lui "
                  "être adressée", "{n}\u00a0avocat·es sans spécialités : aucune question ne peut leur être adressée")
ATTENDANCE = Wording("Aucune session passée dont les présences restent à noter",
                     "1\u00a0session passée dont les présences restent à noter",
                     "{n}\u00a0sessions passées dont les présences restent à noter")
VISIT_ATTENDANCE = Wording("Aucune visite apprenante passée dont les présences restent à noter",
                           "1\u00a0visite apprenante passée dont les présences restent à noter",
                           "{n}\u00a0visites apprenantes passées dont les présences restent à noter")
GIVEN_UP_MAILS = Wording("Aucun e-mail abandonné par la file d'envoi",
                         "1\u00a0e-mail abandonné après ses tentatives d'envoi : à lire et renvoyer",
                         "{n}\u00a0e-mails abandonnés après leurs tentatives d'envoi : à lire et renvoyer")
MAILS_RETRYING = Wording("Aucun e-mail refusé par le serveur SMTP en attente d'un nouvel essai",
                         "1\u00a0e-mail pas encore parti, refusé par le serveur SMTP : à vérifier (il sera essayé "
                         "de nouveau)",
                         "{n}\u00a0e-mails pas encore partis, refusés par le serveur SMTP : à vérifier (ils seront "
                         "essayés de nouveau)")

#: At most this many sessions (or visits) named under their count (the oldest first).
NAMED_SESSIONS = 5


def _transfer_requests(user: User) -> list[Waiting]:
    requested = requested_pairings(viewer=user)
    console = Page("transfers.console", anchor="demandes-titre")
    by_poles = sum(1 for p in requested if not p.offered_by_person)
    offers = len(requested) - by_poles
    return [Waiting("transfer_requests", by_poles, TRANSFER_REQUESTS.of(by_poles), console),
            Waiting("help_offers", offers, HELP_OFFERS.of(offers), console)]


def _people_to_validate(user: User) -> list[Waiting]:
    n = len(pending_people(user))
    return [Waiting("people_to_validate", n, PEOPLE_TO_VALIDATE.of(n), Page("resources.pending"))]


def _poles_to_decide(user: User) -> list[Waiting]:
    asked, unconfirmed = len(claims.pending_claims_for(user)), len(unconfirmed_poles(user))
    return [Waiting("claims", asked, CLAIMS.of(asked), Page("poles.claims")),
            Waiting("poles_to_confirm", unconfirmed, POLES_TO_CONFIRM.of(unconfirmed),
                    Page("poles.claims", anchor="poles-a-confirmer"))]


def _reinforced_support(user: User) -> list[Waiting]:
    n = len(reinforced_support_queue(region_code=policy.region_shown(user, None)))
    return [Waiting("reinforced_support", n, REINFORCED.of(n), Page("accompaniments.reinforced_support"))]


def _lawyers(user: User) -> list[Waiting]:
    if not policy.runs_juri_ptce(user):
        return []
    n = sum(1 for row in lawyers_overview() if not row.has_specialties)
    return [Waiting("lawyers_without_specialties", n, LAWYERS.of(n), Page("lawyers.overview"))]


def _to_note(kind: str, events: list, wording: Wording, page: Callable[[object], Page]) -> list[Waiting]:
    """Events over whose presences are still to note: one leads to its sheet; several, the oldest are named, each
    with its own link."""
    named = [(event.title, page(event)) for event in events[:NAMED_SESSIONS]]
    if len(events) == 1:
        return [Waiting(kind, 1, wording.of(1), named[0][1])]
    return [Waiting(kind, len(events), wording.of(len(events)), None, items=named)]


def _attendance(user: User) -> list[Waiting]:
    """The collective sessions over whose presences ``user`` notes."""
    return _to_note("attendance", sessions_awaiting_attendance(user), ATTENDANCE,
                    lambda s: Page("agenda.attendance", {"collective_session_id": s.id}))


def _visit_attendance(user: User) -> list[Waiting]:
    """The learning visits over whose presences ``user`` notes (nationally, or the CRA of the host's region)."""
    return _to_note("visit_attendance", visits_awaiting_attendance(user), VISIT_ATTENDANCE,
                    lambda v: Page("visits.attendance_sheet", {"visit_id": v.id}))


def _given_up_mails(user: User) -> list[Waiting]:
    if not policy.may_handle_given_up_mails(user):
        return []
    n = count_given_up()
    waiting = retrying()
    later = waiting.count if waiting is not None else 0
    return [Waiting("given_up_mails", n, GIVEN_UP_MAILS.of(n), Page("admin.given_up_mails")),
            Waiting("mails_retrying", later, MAILS_RETRYING.of(later),
                    Page("admin.given_up_mails", anchor="pas-encore-partis"))]


Task = Callable[[User], list[Waiting]]

NATIONAL: tuple[Task, ...] = (_transfer_requests, _people_to_validate, _poles_to_decide, _attendance,
                              _visit_attendance)
JURI_PTCE_AND_AGENDA: tuple[Task, ...] = (_lawyers, _attendance, _visit_attendance, _transfer_requests,
                                          _people_to_validate, _poles_to_decide)
REGIONAL: tuple[Task, ...] = (_poles_to_decide, _reinforced_support, _transfer_requests, _people_to_validate,
                              _attendance, _visit_attendance)
EVERYTHING: tuple[Task, ...] = (_given_up_mails, _transfer_requests, _people_to_validate, _poles_to_decide,
                                _reinforced_support, _lawyers, _attendance, _visit_attendance)


def tasks_of(user: User) -> tuple[Task, ...]:
    """The kinds of task ``user``'s organisation takes on (see the module's docstring); none for non-organisers."""
    if not policy.is_organiser(user):
        return ()
    if user.role is Role.ADMIN:
        return EVERYTHING
    if policy.organiser_region(user) is not None:
        return REGIONAL
    organisation = user.organisation
    if organisation is not None and organisation.kind in policy.JURI_PTCE_ORGANISATIONS:
        return JURI_PTCE_AND_AGENDA
    return NATIONAL


def waiting_for(user: User) -> list[Waiting]:
    """What waits for ``user`` (an organiser), in the order its work goes; an empty list for everyone else."""
    return [line for task in tasks_of(user) for line in task(user)]

