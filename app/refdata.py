"""Reference data shipped in ``data/``: themes, regions and départements (read-only CSV)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.asked_themes import AskedExample, load_asked_examples
from matching.legal_fields import load_legal_fields
from matching.legal_situations import load_legal_situations
from matching.theme_inference import load_theme_situations
from matching.types import LegalField

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
#: What stands for the needs (or offers) no theme was declared for, in counts by theme: said apart from the
#: themes, after them, never ranked as one of them.
NO_THEME = "Sans thème déclaré"


@dataclass(frozen=True)
class ThemeRow:
    code: str
    family: str
    label: str


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    timezone: str


@dataclass(frozen=True)
class DepartementRow:
    code: str
    name: str
    region_code: str
    latitude: float
    longitude: float


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def themes() -> tuple[ThemeRow, ...]:
    return tuple(ThemeRow(r["code"], r["famille"], r["libelle"]) for r in _rows("themes.csv"))


@lru_cache(maxsize=1)
def regions() -> tuple[RegionRow, ...]:
    return tuple(
        RegionRow(r["code_insee"], r["nom"], r["fuseau_horaire"]) for r in _rows("regions.csv")
    )


@lru_cache(maxsize=1)
def departements() -> tuple[DepartementRow, ...]:
    return tuple(
        DepartementRow(
            r["code"], r["nom"], r["code_region"], float(r["latitude"]), float(r["longitude"])
        )
        for r in _rows("departements.csv")
    )


def theme_labels() -> dict[str, str]:
    return {theme.code: theme.label for theme in themes()}


@lru_cache(maxsize=1)
def legal_fields() -> tuple[LegalField, ...]:
    """Fields of law and their vocabulary, used to route Juri-PTCE questions."""
    return load_legal_fields(DATA_DIR / "legal_fields.csv")


@lru_cache(maxsize=1)
def theme_situations() -> dict[str, list[str]]:
    """For each theme, situations in a pole's own words (the theme model's cold start)."""
    return load_theme_situations(DATA_DIR / "theme_situations.csv")


@lru_cache(maxsize=1)
def legal_situations() -> dict[str, list[str]]:
    """For each field of law, situations PTCE meet (recognising the field behind a story)."""
    return load_legal_situations(DATA_DIR / "legal_situations.csv")


@lru_cache(maxsize=1)
def asked_theme_examples() -> tuple[AskedExample, ...]:
    """Needs already answered, with the themes of their answers (the need theme model's cold start)."""
    return tuple(load_asked_examples())
