"""The need an organiser names by its number or by words of its title, to exclude a pair.

The console once offered every transfer need in one list (three thousand at national scale: most of the page,
and no list one can read by keyboard or screen reader at that length). The organiser now types the number the
console's tables show, or a few words of the title (or of the pole's name); the server finds the one need they
name among those the viewer may see, or says why it cannot: none, or several (a few of them named, to choose).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.access.scopes import need_in_scope
from app.extensions import db
from app.ids import parse_id
from app.text_search import fold, has_words, query_words
from app.typography import count
from app.transfers.states import TRANSFER_NEED_KINDS
from models import Need, NeedStatus, Pole, User

#: How many of the needs a query names the error lists, to choose among.
NAMED_IN_ERROR = 5


@dataclass(frozen=True)
class Found:
    """The need named (``need_id``), or why none is (``error``, in French)."""

    need_id: int | None = None
    error: str | None = None


def _number(typed: str) -> str:
    """« n° 42 », « N°42 », « #42 » → « 42 » (anything else as typed)."""
    text = typed.strip()
    for prefix in ("n°", "N°", "no ", "#"):
        if text.startswith(prefix):
            return text[len(prefix):].strip()
    return text


def _scope(viewer: User):  # noqa: ANN202 - a SQLAlchemy clause
    """The needs a pair may be excluded for: transfer needs not closed (even with a transfer under way)."""
    return (Need.status != NeedStatus.CLOSED, Need.kind.in_(TRANSFER_NEED_KINDS), need_in_scope(viewer))


def find_need(typed: str, *, viewer: User) -> Found:
    """The one need ``typed`` names (its number, or words of its title or pole) among those ``viewer`` sees."""
    number = _number(typed)
    if number.isascii() and number.isdigit():
        need_id = parse_id(number)
        found = need_id is not None and db.session.scalar(
            select(Need.id).join(Need.pole).where(Need.id == need_id, *_scope(viewer)))
        if found:
            return Found(need_id=need_id)
        return Found(error=f"Aucun besoin de transfert non clos ne porte le n°\u00a0{number} parmi ceux que vous voyez.")
    words = query_words(typed)
    rows = db.session.execute(select(Need.id, Need.title, Pole.name).join(Need.pole).where(*_scope(viewer))
                              .order_by(Need.title, Need.id)).all()
    matching = [row for row in rows if has_words(words, (row.title, row.name))]
    matching.sort(key=lambda row: not has_words(words, (row.title,)))  # the titles' own words first, then poles'
    exact = [row for row in matching if fold(row.title).strip() == fold(typed).strip()]
    if len(exact) == 1:
        matching = exact
    if len(matching) == 1:
        return Found(need_id=matching[0].id)
    if not matching:
        return Found(error=f"Aucun besoin de transfert non clos ne correspond à « {typed.strip()} » : saisissez son "
                           "numéro (colonne N° des besoins à apparier) ou d'autres mots de son titre.")
    named = " ; ".join(f"n°\u00a0{row.id} « {row.title} » ({row.name})" for row in matching[:NAMED_IN_ERROR])
    more = "…" if len(matching) > NAMED_IN_ERROR else ""
    return Found(error=f"{count(len(matching), 'besoin correspond', 'besoins correspondent')} à « {typed.strip()} » : "
                       f"saisissez davantage de mots, ou le numéro de celui à exclure ({named}{more}).")
