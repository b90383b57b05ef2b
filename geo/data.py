"""Loading the reference files of ``data/`` that the geo helpers need."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The repository's reference data folder (``<repo>/data``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: Codes of the overseas regions (INSEE), whose départements are 971 to 976.
OVERSEAS_REGION_CODES = frozenset({"01", "02", "03", "04", "06"})
#: Corsica is mainland for the map but an island for travel.
CORSICA_DEPARTEMENTS = frozenset({"2A", "2B"})


@dataclass(frozen=True)
class Departement:
    """One row of ``departements.csv``: centroid in WGS 84 degrees."""

    code: str
    nom: str
    code_region: str
    nom_region: str
    latitude: float
    longitude: float

    @property
    def outre_mer(self) -> bool:
        return self.code_region in OVERSEAS_REGION_CODES


def _data_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


@lru_cache(maxsize=8)
def _load_departements(path: Path) -> dict[str, Departement]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Departement(
                code=row["code"],
                nom=row["nom"],
                code_region=row["code_region"],
                nom_region=row["nom_region"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        }


def load_departements(data_dir: str | Path | None = None) -> dict[str, Departement]:
    """The 101 départements by code ("01", "2A", "974"), read once per folder."""
    return _load_departements(_data_dir(data_dir).resolve() / "departements.csv")


def get_departement(code: str, data_dir: str | Path | None = None) -> Departement:
    """A département by code; accepts "1" for "01". Raises KeyError if unknown."""
    departements = load_departements(data_dir)
    key = code.strip().upper()
    if key not in departements and key.isdigit() and len(key) == 1:
        key = key.zfill(2)
    try:
        return departements[key]
    except KeyError:
        raise KeyError(f"unknown département code {code!r}") from None
