"""The resource person an organiser names by her number or by words of her name (or of her region).

« Exclure un binôme » and « Proposer une personne ressource » once offered every active resource person in one
list (six hundred and more at national scale: no list one can read on a phone, by keyboard or with a screen reader).
The organiser now types her number (the N° column of the console's « Personnes ressources disponibles ») or a few
words of her name, and of her region to tell two namesakes apart; the server finds the one she names, or says why
it cannot: none, or several (the first few offered to pick one). The reading is ``app.typed_lookup``'s, shared with
the need of the same form (``need_lookup``).
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.resources.validation import listed
from app.transfers.forms import capacity_text
from app.transfers.lifecycle import proposal_candidates
from app.typography import alphabetical
from app.typed_lookup import Found, Row, Sayings, find_one
from models import Need, Region, ResourcePerson, User

_SEVERAL = "{count} à « {typed} » : choisissez-la sous le champ, ou saisissez davantage de mots (son prénom, sa région)."
_MANY = ("{count} à « {typed} » : choisissez-la parmi les {listed} premières sous le champ, ou saisissez davantage de "
         "mots (son prénom, sa région).")
_COUNTED = ("personne ressource correspond", "personnes ressources correspondent")
_NO_NUMBER = "Aucune personne ressource active ne porte le n°\u00a0{number}."

#: Said by « Exclure un binôme » (the console shows the persons' numbers).
EXCLUSION = Sayings(
    no_number=_NO_NUMBER, counted=_COUNTED, several=_SEVERAL, many=_MANY,
    no_words="Aucune personne ressource active ne correspond à « {typed} » : saisissez son numéro (colonne N° des "
             "personnes ressources disponibles) ou d'autres mots de son nom.")
#: Said by « Proposer une personne ressource » (a page of its own, with no table of numbers).
PROPOSAL = Sayings(
    no_number=_NO_NUMBER, counted=_COUNTED, several=_SEVERAL, many=_MANY,
    no_words="Aucune personne ressource active, hors de ce pôle, ne correspond à « {typed} » : saisissez d'autres "
             "mots de son nom ou de sa région.")


def _known(person_id: int) -> bool:
    """An active, validated resource person (a proposal's page then says if she cannot take this need)."""
    return db.session.scalar(select(ResourcePerson.id).join(ResourcePerson.user).where(
        ResourcePerson.id == person_id, User.is_active.is_(True), listed())) is not None


def _by_name(rows: list[Row]) -> list[Row]:
    """In the order a reader expects names (« Éloïse » before « Fanny », not after « Zoé » as SQL has it)."""
    return sorted(rows, key=lambda row: alphabetical(row.first[0]))


def find_person(typed: str, *, chosen: str | None = None) -> Found:
    """The active resource person ``typed`` names (her number, or words of her name or region), to exclude a pair."""

    def rows() -> list[Row]:
        found = db.session.execute(
            select(ResourcePerson.id, User.display_name, Region.name.label("region")).join(ResourcePerson.user)
            .join(ResourcePerson.region).where(User.is_active.is_(True), listed())
            .order_by(User.display_name, ResourcePerson.id))
        return _by_name([Row(id=r.id, label=f"{r.display_name} — {r.region}", first=(r.display_name,),
                             also=(r.region,)) for r in found])

    return find_one(typed, known=_known, rows=rows, say=EXCLUSION, chosen=chosen)


def find_candidate(typed: str, *, need: Need, chosen: str | None = None) -> Found:
    """The resource person ``typed`` names to propose for ``need``: by words, never one of its own pole, and each
    offered with her capacity left; by number, any active one (the pair's page says why one cannot be proposed)."""

    def rows() -> list[Row]:
        return _by_name([Row(id=person.id, first=(person.user.display_name,), also=(person.region.name,),
                             label=f"{person.user.display_name} — {person.region.name} — {capacity_text(left)}")
                         for person, left in proposal_candidates()
                         if person.pole_id is None or person.pole_id != need.pole_id])

    return find_one(typed, known=_known, rows=rows, say=PROPOSAL, chosen=chosen)
