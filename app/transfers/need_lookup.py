"""The need an organiser names by its number or by words of its title, to exclude a pair.

The console once offered every transfer need in one list (three thousand at national scale: most of the page,
and no list one can read by keyboard or screen reader at that length). The organiser now types the number the
console's tables show, or a few words of the title (or of the pole's name); the server finds the one need they
name among those the viewer may see, or says why it cannot: none, or several (the first few offered to pick one).
The reading is ``app.typed_lookup``'s, shared with the resource person of the same form (``person_lookup``).
"""

from __future__ import annotations

from sqlalchemy import select

from app.access.scopes import need_in_scope
from app.extensions import db
from app.transfers.states import TRANSFER_NEED_KINDS
from app.typed_lookup import Found, Row, Sayings, find_one
from models import Need, NeedStatus, Pole, User

SAYINGS = Sayings(
    no_number="Aucun besoin de transfert non clos ne porte le n°\u00a0{number} parmi ceux que vous voyez.",
    no_words="Aucun besoin de transfert non clos ne correspond à « {typed} » : saisissez son numéro (colonne N° des "
             "besoins à apparier) ou d'autres mots de son titre.",
    counted=("besoin correspond", "besoins correspondent"),
    several="{count} à « {typed} » : choisissez celui à exclure sous le champ, ou saisissez davantage de mots.",
    many="{count} à « {typed} » : choisissez celui à exclure parmi les {listed} premiers sous le champ, ou "
         "saisissez davantage de mots ou son numéro.",
)


def _scope(viewer: User):  # noqa: ANN202 - a SQLAlchemy clause
    """The needs a pair may be excluded for: transfer needs not closed (even with a transfer under way)."""
    return (Need.status != NeedStatus.CLOSED, Need.kind.in_(TRANSFER_NEED_KINDS), need_in_scope(viewer))


def find_need(typed: str, *, viewer: User, chosen: str | None = None) -> Found:
    """The one need ``typed`` names (its number, or words of its title or pole) among those ``viewer`` sees;
    ``chosen``, a number picked among the needs offered when several matched."""

    def known(need_id: int) -> bool:
        return db.session.scalar(select(Need.id).join(Need.pole).where(Need.id == need_id, *_scope(viewer))) is not None

    def rows() -> list[Row]:
        found = db.session.execute(select(Need.id, Need.title, Pole.name).join(Need.pole).where(*_scope(viewer))
                                   .order_by(Need.title, Need.id))
        return [Row(id=r.id, label=f"« {r.title} » ({r.name})", first=(r.title,), also=(r.name,)) for r in found]

    return find_one(typed, known=known, rows=rows, say=SAYINGS, chosen=chosen)
