"""The pole an organiser names as a visit's host: its number or words of its name (or of its region).

The visit's form once offered every pole it may name in one list (two hundred and fifty and more at national
scale: no list one can read on a phone, by keyboard or with a screen reader). The organiser now types a few words
of the pole's name; the server finds the one it names, or says why it cannot: none, or several (the first few
offered to pick one). The reading is ``app.typed_lookup``'s, shared with the TSF console's need and person.
"""

from __future__ import annotations

from typing import Any

from app.access.scopes import pole_named_to
from app.poles.pole_lookup import find_pole
from app.typed_lookup import Found, Sayings

SAYINGS = Sayings(
    no_number="Aucun pôle ne porte le n°\u00a0{number} parmi ceux que vous voyez.",
    no_words="Aucun pôle ne correspond à « {typed} » : saisissez d'autres mots de son nom, ou de sa région.",
    counted=("pôle correspond", "pôles correspondent"),
    several="{count} à « {typed} » : choisissez le pôle hôte sous le champ, ou saisissez davantage de mots.",
    many="{count} à « {typed} » : choisissez le pôle hôte parmi les {listed} premiers sous le champ, ou saisissez "
         "davantage de mots (de son nom, de sa région).",
)


def find_host(typed: str, *, viewer: Any, chosen: str | None = None) -> Found:
    """The pole ``typed`` names (its number, or words of its name or region) among those ``viewer`` may name."""
    return find_pole(typed, among=pole_named_to(viewer), say=SAYINGS, chosen=chosen)
