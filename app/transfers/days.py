"""How a planned transfer day is told: its time zone in words, its calendar file."""

from __future__ import annotations

#: Cities of the IANA zones of the regions whose French name differs from the zone's.
_CITY_NAMES = {"Reunion": "La Réunion"}


def zone_label(zone: str) -> str:
    """« heure de Paris » for ``Europe/Paris``, « heure de La Réunion » for ``Indian/Reunion``."""
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    city = _CITY_NAMES.get(city, city)
    return f"heure de {city}"
