"""Administrators' changes to poles: a second or third facilitator, the merge of a duplicate pole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import PrimaryKeyConstraint, Table, UniqueConstraint, delete, func, select, tuple_, update
from sqlalchemy.orm import selectinload

from app.admin import audit, merge_eligibility
from app.admin.accounts import AdminRefused
from app.auth.role_names import role_beside_name
from app.extensions import db
from app.ids import parse_id
from app.locks import lock_rows
from app.poles.facilitators import POLE_FULL, no_seat_left
from app.poles.facilitators import facilitators as pole_facilitators
from app.templating import format_date
from app.transactions import transactional
from app.typed_lookup import Sayings
from app.typography import elide
from models import AuditEvent, Base, Pole, Role, User, utcnow

#: How the merge form's poles, typed, say none or several (``app.poles.pole_lookup``: every pole, listed or not).
MERGE_SAYINGS = Sayings(
    no_number="Aucun pôle ne porte le n°\u00a0{number}.",
    no_words="Aucun pôle ne correspond à « {typed} » : saisissez son numéro ou d'autres mots de son nom.",
    counted=("pôle correspond", "pôles correspondent"),
    several="{count} à « {typed} » : choisissez-le sous le champ, ou saisissez son numéro ou davantage de mots.",
    many="{count} à « {typed} » : choisissez-le parmi les {listed} premiers sous le champ, ou saisissez son numéro "
         "ou davantage de mots.",
)


def facilitators(pole: Pole) -> list[User]:
    return pole_facilitators(pole.id)


@transactional
def attach_facilitator(*, admin: User, pole: Pole, email: str) -> User:
    """Attach the facilitator account of ``email`` to ``pole`` (it leaves its former pole, if any)."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None:
        raise AdminRefused("Aucun compte n'a cette adresse : invitez la personne à s'inscrire comme animateur·rice.")
    if user.role is not Role.FACILITATOR:
        raise AdminRefused(f"Le compte {elide('de', user.display_name)} n'est pas un compte d'animation de pôle "
                           f"({role_beside_name(user)}).")
    if not user.is_active:
        raise AdminRefused(f"Le compte {elide('de', user.display_name)} est désactivé.")
    if user.pole_id == pole.id:
        raise AdminRefused(f"{user.display_name} anime déjà ce pôle.")
    # Two administrators attaching at once, or a claim accepted meanwhile: the second counts the first's.
    if no_seat_left(user, pole.id):
        raise AdminRefused(POLE_FULL)
    before = {"pole_id": user.pole_id}
    user.pole_id = pole.id
    audit.record(actor=admin, action="pole.attach_facilitator", target_type="pole", target_id=pole.id,
                 target_label=pole.name, before=before,
                 after={"pole_id": pole.id, "animateur·rice": f"{user.display_name} <{user.email}>"})
    return user


def _pole_references() -> list[tuple[Table, str, list[list[str]]]]:
    """(table, column, the other columns of each unique key holding it) for every reference to a pole; a key of the
    pole alone (one row per pole: its eligibility record) has none.

    Read from the models, so a table added later that points at poles is merged too.
    """
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name == "poles":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name != "poles":
                continue
            column = fk.parent
            keys = [c for c in table.constraints if isinstance(c, (UniqueConstraint, PrimaryKeyConstraint))]
            keys += [i for i in table.indexes if i.unique]
            others = [[c.name for c in key.columns if c is not column] for key in keys
                      if any(c is column for c in key.columns)]
            found.append((table, column.name, others))
    return found


#: What an administrator reads for each reference to a pole ("table.column") in the merge preview.
#: ``tests/app/admin/test_poles.py`` checks that every reference read from the models has its words here.
REFERENCE_WORDS = {
    "needs.pole_id": "Besoins (et leurs transferts)",
    "users.pole_id": "Comptes d'animation du pôle",
    "resource_persons.pole_id": "Personnes ressources rattachées",
    "pole_departements.pole_id": "Départements",
    "pole_themes.pole_id": "Thèmes",
    "pole_eligibility.pole_id": "Éligibilité (charte, AMI)",
    "pole_claims.pole_id": "Demandes pour animer le pôle",
    "accompaniments.pole_id": "Accompagnements",
    "bookings.pole_id": "Rendez-vous Juri-PTCE",
    "collective_registrations.pole_id": "Inscriptions aux sessions collectives",
    "collective_session_invited_poles.pole_id": "Invitations à des sessions collectives",
    "learning_visits.host_pole_id": "Visites apprenantes accueillies",
    "visit_registrations.pole_id": "Inscriptions aux visites apprenantes",
    "visit_feedback.pole_id": "Avis sur des visites apprenantes",
    "visit_host_proposals.pole_id": "Propositions d'accueil d'une visite",
    "pole_region_moves.pole_id": "Changements de région (pour le bilan)",
}


#: Said to a merge whose duplicate another merge already removed (a double click, two administrators).
MERGED_ALREADY = "Ce doublon n'existe plus : il vient d'être fondu (ou supprimé). Rechargez la page pour voir les pôles."


@dataclass(frozen=True)
class MergeDone:
    """A merge already made, read from its audit record: the form sent again answers with it."""

    duplicate_name: str
    #: The pole that survives it (the kept pole, or the one it was itself merged into since).
    kept_id: int
    kept_name: str
    at: datetime
    by: str

    @property
    def message(self) -> str:
        by = self.by.split(" <", 1)[0]
        return (f"«\u00a0{self.duplicate_name}\u00a0» a déjà été fondu dans «\u00a0{self.kept_name}\u00a0» "
                f"le {format_date(self.at)} par {by}\u00a0: rien n'a été refait.")


class MergedAlready(AdminRefused):
    """The duplicate was merged before this form came back (Back then send again, a double click)."""

    def __init__(self, done: MergeDone) -> None:
        super().__init__(done.message)
        self.done = done


def _merge_of(duplicate_id: int) -> AuditEvent | None:
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "pole.merge")
                                .order_by(AuditEvent.id.desc()))
    return next((event for event in events
                 if ((event.before or {}).get("doublon") or {}).get("id") == duplicate_id), None)


def merge_done(duplicate_id: int) -> MergeDone | None:
    """The merge that removed the pole ``duplicate_id``, if one did, leading to the pole that survives it
    (followed through later merges of the kept pole); None when no merge removed it (or nothing survives)."""
    first = _merge_of(duplicate_id)
    event, seen = first, set()
    while event is not None and event.target_id not in seen:
        seen.add(event.target_id)
        if (kept := db.session.get(Pole, event.target_id)) is not None:
            return MergeDone(duplicate_name=first.before["doublon"].get("nom", ""), kept_id=kept.id,
                             kept_name=kept.name, at=first.at, by=first.actor_label)
        event = _merge_of(event.target_id)
    return None


def merged_already(duplicate_id: str | None) -> MergeDone | None:
    """The merge already made of the duplicate a form sent again names (the pole gone since), if any."""
    pole_id = parse_id(duplicate_id)  # « 99999999999999999999 » is no pole (and no integer the database takes)
    if pole_id is None or db.session.get(Pole, pole_id) is not None:
        return None
    return merge_done(pole_id)


#: The reference the eligibility section of the preview speaks of (one record per pole, merged fact by fact).
ELIGIBILITY = "pole_eligibility.pole_id"


@dataclass(frozen=True)
class MergePreview:
    kept: Pole
    duplicate: Pole
    #: "table.column" → rows that will point at the kept pole.
    moved: dict[str, int]
    #: The two eligibility records: what the kept pole keeps, takes from the duplicate and drops.
    eligibility: merge_eligibility.EligibilityMerge

    @property
    def lines(self) -> list[tuple[str, int]]:
        """(what moves, in words, how many rows): the preview's table. A reference without words (a table
        added since) is said by its table's name rather than left out. The duplicate's eligibility record does
        not move when the kept pole has one: the preview's eligibility section says what becomes of it."""
        return [(REFERENCE_WORDS.get(key, key), count) for key, count in self.moved.items()
                if key != ELIGIBILITY or self.eligibility.kept is None]


def preview_merge(*, kept: Pole, duplicate: Pole) -> MergePreview:
    if kept.id == duplicate.id:
        raise AdminRefused("Choisissez deux pôles différents.")
    moved = {}
    for table, column, _ in _pole_references():
        count = db.session.scalar(select(func.count()).select_from(table).where(table.c[column] == duplicate.id))
        if count:
            moved[f"{table.name}.{column}"] = count
    return MergePreview(kept=kept, duplicate=duplicate, moved=moved,
                        eligibility=merge_eligibility.plan(kept.eligibility, duplicate.eligibility))


@transactional
def merge_poles(*, admin: User, kept: Pole, duplicate: Pole) -> dict[str, int]:
    """Move everything of ``duplicate`` (needs and their pairings, facilitators, resource persons, visits,
    registrations, bookings, themes, départements...) to ``kept``, then remove ``duplicate``: one transaction.

    Where a unique key would hold twice (both poles registered for the same visit, same theme),
    the kept pole's row stays and the duplicate's is dropped; of two eligibility records, the kept pole's takes
    the facts only the duplicate's had first (``merge_eligibility``). Returns the rows moved per table. Both poles are
    locked first: a second click (or a second administrator) waits, then finds the duplicate gone and is told.
    """
    kept_id, duplicate_id = kept.id, duplicate.id
    if kept_id != duplicate_id and len(lock_rows(db.session, Pole, [kept_id, duplicate_id])) < 2:
        if (done := merge_done(duplicate_id)) is not None:
            raise MergedAlready(done)
        raise AdminRefused(MERGED_ALREADY)
    preview = preview_merge(kept=kept, duplicate=duplicate)
    before = {"conserve": {"id": kept.id, "nom": kept.name, "region": kept.region_code},
              "doublon": {"id": duplicate.id, "nom": duplicate.name, "region": duplicate.region_code}}
    merge_eligibility.apply(preview.eligibility, kept.eligibility)
    db.session.flush()
    dropped: dict[str, int] = {}
    for table, column, unique_others in _pole_references():
        col = table.c[column]
        for others in unique_others:
            if not others:  # one row per pole: the kept pole's, if it has one, stays
                kept_has_one = db.session.scalar(select(func.count()).select_from(table).where(col == kept.id))
                gone = db.session.execute(delete(table).where(col == duplicate.id)).rowcount if kept_has_one else 0
            else:
                kept_rows = select(*(table.c[name] for name in others)).where(col == kept.id)
                clash = delete(table).where(col == duplicate.id,
                                            tuple_(*(table.c[name] for name in others)).in_(kept_rows))
                gone = db.session.execute(clash).rowcount
            if gone:
                dropped[f"{table.name}.{column}"] = dropped.get(f"{table.name}.{column}", 0) + gone
        db.session.execute(update(table).where(col == duplicate.id).values({column: kept.id}))
    duplicate_id, duplicate_name = duplicate.id, duplicate.name
    db.session.execute(delete(Pole).where(Pole.id == duplicate_id))
    db.session.expire_all()
    kept = db.session.get(Pole, kept.id, options=[selectinload(Pole.needs)])
    kept.updated_at = utcnow()
    audit.record(actor=admin, action="pole.merge", target_type="pole", target_id=kept.id,
                 target_label=f"{duplicate_name} → {kept.name}", before=before,
                 after={"deplaces": preview.moved, "ecartes_en_double": dropped}
                 | ({"eligibilite": preview.eligibility.audit()} if preview.eligibility.said else {}))
    return preview.moved
