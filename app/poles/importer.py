"""CSV import of poles: every row validated first, then all rows written or none."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.eligibility.services import laureate_from_import, signatory_from_official_list
from app.locks import lock_rows
from app.poles.region_history import record_move
from app.poles.region_joined import tell_region_joined, withdraw_notices_left_behind
from app.text_rules import has_control_characters, one_line_break, without_direction_controls
from app.transactions import unit_of_work
from app.typography import count, plural
from models import Departement, Maturity, Pole, PoleRegionMove, Region, Theme, utcnow

REQUIRED_COLUMNS = ("nom", "region")
TRUE_VALUES = {"1", "oui", "true", "vrai", "x", "yes"}
FALSE_VALUES = {"", "0", "non", "false", "faux", "no"}


@dataclass
class RowError:
    line: int
    name: str
    reason: str

    def __str__(self) -> str:
        if self.line == 0:  # the whole file (« ligne 0 » read as a bug)
            return self.reason
        label = f" « {self.name} »" if self.name else ""
        return f"ligne {self.line}{label} : {self.reason}"


@dataclass
class PoleRow:
    line: int
    name: str
    carrier_structure: str | None
    region_code: str
    departement_codes: list[str]
    maturity: Maturity
    charter_signatory: bool
    ami_laureate: bool
    description: str
    website: str | None
    theme_codes: list[str]


@dataclass
class ImportReport:
    rows: list[PoleRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: ImportReport) -> None:
        lines = [error for error in report.errors if error.line]
        super().__init__(f"{count(len(lines), 'ligne invalide', 'lignes invalides')} : rien n'a été importé." if lines
                         else "rien n'a été importé.")
        self.report = report


def _key(text: str) -> str:
    """Accent-, case- and dash-insensitive lookup key."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("'", " ").replace("’", " ").split())


def _bool(value: str | None, column: str) -> bool:
    value = (value or "").strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ValueError(f"valeur « {value} » non reconnue pour « {column} » (oui/non)")


def _delimiter(text: str) -> str:
    """``;`` for a file a French spreadsheet saved (its header line has more ``;`` than ``,``), else ``,``: read
    with commas, its header was one column and the import said « colonnes obligatoires absentes : nom, region »."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


#: The columns read as one line (a name, a structure): the others may hold line breaks (a description).
_ONE_LINE_COLUMNS = ("nom", "structure_porteuse", "region", "departements", "maturite", "themes", "site_web")


def _refuse_control_characters(row: dict[str, str]) -> None:
    """A line break quoted in a name (« "Pôle\\nBcc: x@y" ») went into the pages, the mails' subjects and the
    calendars as it was: the forms refuse it (``app.text_rules``), the import does too."""
    for column, value in row.items():
        text = one_line_break(value)  # a Unicode line separator is a line break too
        if has_control_characters(text, multiline=column not in _ONE_LINE_COLUMNS):
            where = "un saut de ligne" if "\n" in text else "un caractère invisible (caractère de contrôle)"
            raise ValueError(f"la colonne «\u00a0{column}\u00a0» contient {where} : retirez-le")


def parse_rows(text: str, session: Session, *, charter_signatories: bool = False) -> ImportReport:
    """Validate every row of the CSV ``text``; nothing is written."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        report.errors.append(RowError(1, "", plural(len(missing), "colonne obligatoire absente", "colonnes obligatoires absentes")
                                      + " : " + ", ".join(missing)))
        return report
    regions = {}
    for region in session.scalars(select(Region)):
        regions[_key(region.name)] = region.code
        regions[_key(region.code)] = region.code
    departements: dict[str, Departement] = {}
    for dep in session.scalars(select(Departement)):
        departements[_key(dep.name)] = dep
        departements[_key(dep.code)] = dep
    themes = {t.code for t in session.scalars(select(Theme))}
    seen: set[str] = set()
    next_line = 2
    for raw in reader:  # the line a row starts on: a description quoted over several lines is one row
        line, next_line = next_line, reader.line_num + 1
        row = {(k or "").strip(): without_direction_controls(v or "").strip() for k, v in raw.items() if k is not None}
        name = row.get("nom", "")
        try:
            if not name:
                raise ValueError("le nom du pôle est vide")
            _refuse_control_characters(row)
            if len(name) > 200:
                raise ValueError("le nom dépasse 200 caractères")
            if _key(name) in seen:
                raise ValueError("ce pôle apparaît deux fois dans le fichier")
            region_code = regions.get(_key(row.get("region", "")))
            if region_code is None:
                raise ValueError(f"région inconnue « {row.get('region', '')} »")
            dep_codes = []
            for part in filter(None, (p.strip() for p in row.get("departements", "").split(";"))):
                dep = departements.get(_key(part))
                if dep is None:
                    raise ValueError(f"département inconnu « {part} »")
                if dep.region_code != region_code:
                    raise ValueError(f"le département « {dep.name} » n'est pas dans la région « {row['region']} »")
                dep_codes.append(dep.code)
            maturity_text = row.get("maturite", "") or Maturity.EMERGENT.value
            try:
                maturity = Maturity(_key(maturity_text).replace(" ", "_"))
            except ValueError:
                raise ValueError(f"maturité inconnue « {maturity_text} » (en_creation, emergent, consolide)") from None
            theme_codes = [t.strip() for t in row.get("themes", "").split(";") if t.strip()]
            unknown = [t for t in theme_codes if t not in themes]
            if unknown:
                raise ValueError(plural(len(unknown), "thème inconnu", "thèmes inconnus") + " : " + ", ".join(unknown))
            website = row.get("site_web") or None
            if website and not website.startswith(("http://", "https://")):
                raise ValueError("le site web doit commencer par http:// ou https://")
            report.rows.append(PoleRow(
                line=line, name=name, carrier_structure=row.get("structure_porteuse") or None,
                region_code=region_code, departement_codes=sorted(set(dep_codes)), maturity=maturity,
                charter_signatory=charter_signatories or _bool(row.get("signataire_charte"), "signataire_charte"),
                ami_laureate=_bool(row.get("laureat_ami"), "laureat_ami"),
                description=row.get("description", ""), website=website, theme_codes=theme_codes,
            ))
            seen.add(_key(name))
        except ValueError as error:
            report.errors.append(RowError(line, name, str(error)))
    return report


def import_poles(path: Path, session: Session, *, charter_signatories: bool = False,
                 source: str | None = None) -> ImportReport:
    """Import (or update, by name) every pole of the CSV file, in one transaction."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        report = ImportReport(errors=[RowError(0, "", "le fichier n'est pas encodé en UTF-8 : dans le tableur, "
                                                            "enregistrez-le au format « CSV UTF-8 »")])
        raise ImportFailed(report) from None
    report = parse_rows(text, session, charter_signatories=charter_signatories)
    if not report.ok:
        raise ImportFailed(report)
    existing = {_key(p.name): p for p in session.scalars(select(Pole))}
    moved: list[tuple[Pole, PoleRegionMove]] = []
    with unit_of_work(session):
        # The poles the file names locked and read again: the region a move leaves is the one a form's move (or a
        # merge) committed since they were read; a pole merged away meanwhile is no longer there to update.
        named = {existing[_key(row.name)].id for row in report.rows if _key(row.name) in existing}
        locked = lock_rows(session, Pole, named, others_may_refer=True)
        existing = {key: pole for key, pole in existing.items() if pole.id in locked or pole.id not in named}
        for row in report.rows:
            pole = existing.get(_key(row.name))
            if pole is None:
                pole = Pole(name=row.name, source=source or f"import:{path.name}",
                            confirmed_at=utcnow(), confirmed_by="import")
                session.add(pole)
                report.created += 1
            else:
                report.updated += 1
            pole.carrier_structure = row.carrier_structure
            left, pole.region_code = pole.region_code, row.region_code
            if (move := record_move(pole, from_region=left, session=session)) is not None:  # counted where it was
                moved.append((pole, move))
            pole.maturity = row.maturity
            # Imported lists add what they attest, never erase what an organiser verified.
            if row.charter_signatory:
                signatory_from_official_list(pole)
            if row.ami_laureate:
                laureate_from_import(pole)
            if row.description:
                pole.description = row.description
            pole.website = row.website
            pole.departements = [session.get(Departement, c) for c in row.departement_codes]  # type: ignore[misc]
            if row.theme_codes:
                pole.themes = list(session.scalars(select(Theme).where(Theme.code.in_(row.theme_codes))))
        if moved:  # as the form does (``update_pole``): the CRA joined is told, once per pole, in this same unit
            session.flush()
            for pole, move in moved:
                session.expire(pole, ["region"])  # the region joined, not the one left
                tell_region_joined(pole, move, by=None)
                withdraw_notices_left_behind(pole, move)
    return report
