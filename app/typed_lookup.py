"""One thing among many, named by typing: its number, or words of its name (and of what it belongs to).

A list of every need, person or pole grows with the network: at national scale a <select> of hundreds or
thousands of options, no list one can read on a phone, by keyboard or with a screen reader. The forms that name one
such thing take a text box instead; this reader finds the one the typed text names among those the caller lets
the viewer name, or says why it cannot: none, or several. When several match, the first few come back as
``choices``, which the form shows as radio buttons under the box (``macros/forms.html``: ``lookup_choices``): one
picked there (``chosen``) settles it, if the words typed still name it.

The callers say what they look in (``Row``) and how to say it (``Sayings``): ``app.transfers.need_lookup``,
``app.transfers.person_lookup``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from app.ids import parse_id
from app.text_search import fold, has_words, query_words
from app.typography import count

#: How many of the things a query names are offered to pick from.
LISTED = 8
#: The name of the radio buttons of the choices offered under a field (``macros/forms.html``: ``lookup_choices``).
CHOICE_SUFFIX = "-choix"


def chosen_for(field_name: str, data: Mapping[str, str]) -> str | None:
    """The number picked among the choices offered under the field ``field_name`` (None if none was)."""
    return data.get(field_name + CHOICE_SUFFIX) or None


@dataclass(frozen=True)
class Row:
    """One thing the words may name: its ``id``, how a list of several names it (``label``, after its number), the
    texts whose words rank it first (``first``: its title, her name) and the others searched too (``also``)."""

    id: int
    label: str
    first: tuple[str, ...]
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sayings:
    """The French of one kind of thing. ``no_number`` takes ``{number}``, ``no_words`` and ``several`` take
    ``{typed}``; ``several`` also ``{count}`` (« 3 personnes ressources correspondent »: ``counted``)."""

    no_number: str
    no_words: str
    counted: tuple[str, str]
    several: str
    many: str


@dataclass(frozen=True)
class Found:
    """The thing named (``id``), or why none is (``error``, in French); when several are, the few to pick from
    (``choices``, still shown with the one picked) and how many more the words name (``more``)."""

    id: int | None = None
    error: str | None = None
    choices: tuple[Row, ...] = ()
    more: int = 0


def number_typed(typed: str) -> str | None:
    """« n° 42 », « N°42 », « #42 », « 42 » → « 42 »; None for words."""
    text = typed.strip()
    for prefix in ("n°", "N°", "no ", "#"):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    return text if text.isascii() and text.isdigit() else None


def find_one(typed: str, *, known: Callable[[int], bool], rows: Callable[[], Iterable[Row]], say: Sayings,
             chosen: str | None = None) -> Found:
    """The one thing ``typed`` names: by its number if ``known`` knows it, else the one row whose texts hold every
    typed word (a ``first`` text typed whole wins over longer ones holding it); ``chosen`` (a number picked among
    the choices shown) settles several, if the words still name it (a picked one among them wins)."""
    number = number_typed(typed)
    if number is not None:
        thing_id = parse_id(number)
        if thing_id is not None and known(thing_id):
            return Found(id=thing_id)
        return Found(error=say.no_number.format(number=number))
    words = query_words(typed)
    matching = [row for row in rows() if has_words(words, row.first + row.also)]
    matching.sort(key=lambda row: not has_words(words, row.first))  # their own words first, then what they belong to
    listed = tuple(matching[:LISTED])
    picked = [row for row in matching if chosen is not None and str(row.id) == chosen.strip()]
    if picked:  # the choices stay shown, this one ticked: the form may come back for another field's error
        return Found(id=picked[0].id, choices=listed, more=len(matching) - len(listed))
    whole = [row for row in matching if any(fold(text).strip() == fold(typed).strip() for text in row.first)]
    for few in (whole, matching):
        if len(few) == 1:
            return Found(id=few[0].id)
    shown = typed.strip()
    if not matching:
        return Found(error=say.no_words.format(typed=shown))
    told = say.several if len(matching) <= LISTED else say.many
    return Found(error=told.format(typed=shown, count=count(len(matching), *say.counted), listed=len(listed)),
                 choices=listed, more=len(matching) - len(listed))
