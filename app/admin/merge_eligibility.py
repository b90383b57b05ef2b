"""The eligibility records of two merged poles: what the surviving pole keeps, takes from the duplicate, drops.

A pole has one eligibility record (its key is the pole). Merging a duplicate used to keep the surviving pole's
record and drop the duplicate's without a word, so a charter signed by the duplicate vanished when the surviving
pole had not signed. The network verified each fact on one of the two rows of the same pole: the merge keeps the
union of the facts, and where both rows say something different about one fact (two charter versions, two AMI
years), the surviving pole's stands and the duplicate's is dropped — said in the preview before anything is done,
and kept in the audit log.

Per fact: the charter (version and date of signature, which go together) is the surviving pole's, else the
duplicate's; a date the surviving pole lacks for the same version is taken from the duplicate. The AMI PTCE result
is the higher phase (phase 2 implies phase 1) with its year; for the same phase, a year the surviving pole lacks is
taken from the duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.templating import format_date
from models import CharterVersion, PoleEligibility


@dataclass(frozen=True)
class Facts:
    """What one eligibility record says (all empty: nothing verified)."""

    charter_version: CharterVersion | None = None
    charter_signed_on: date | None = None
    ami_phase: int | None = None
    ami_year: int | None = None

    @classmethod
    def of(cls, record: PoleEligibility | None) -> Facts | None:
        if record is None:
            return None
        return cls(record.charter_version, record.charter_signed_on, record.ami_phase, record.ami_year)


def charter_words(facts: Facts) -> str:
    """« signataire de la charte actualisée en 2021, signée le 1er mars 2021 », « non signataire de la charte »."""
    if facts.charter_version is None:
        return "non signataire de la charte"
    words = f"signataire de la {facts.charter_version.label[0].lower()}{facts.charter_version.label[1:]}"
    return words + (f", signée le {format_date(facts.charter_signed_on)}" if facts.charter_signed_on else "")


def ami_words(facts: Facts) -> str:
    """« lauréat de l'AMI PTCE, phase 1 (2016) », « non lauréat de l'AMI PTCE »."""
    if facts.ami_phase is None:
        return "non lauréat de l'AMI PTCE"
    return f"lauréat de l'AMI PTCE, phase {facts.ami_phase}" + (f" ({facts.ami_year})" if facts.ami_year else "")


def facts_words(facts: Facts | None) -> str:
    """A record in one sentence, for the preview and the audit log."""
    if facts is None:
        return "rien de vérifié"
    return f"{charter_words(facts)} ; {ami_words(facts)}"


@dataclass(frozen=True)
class EligibilityMerge:
    """The two records and what the surviving pole ends with."""

    kept: Facts | None
    duplicate: Facts | None
    result: Facts | None
    #: Facts of the duplicate the surviving pole takes (« signataire de la charte de 2014 »).
    taken: list[str] = field(default_factory=list)
    #: Facts of the duplicate dropped, each with what the surviving pole keeps instead (« …, le pôle conservé
    #: restant … »).
    dropped: list[str] = field(default_factory=list)

    @property
    def said(self) -> bool:
        """Whether the preview has something to say (the duplicate has a record)."""
        return self.duplicate is not None

    @property
    def kept_words(self) -> str:
        return facts_words(self.kept)

    @property
    def duplicate_words(self) -> str:
        return facts_words(self.duplicate)

    @property
    def result_words(self) -> str:
        return facts_words(self.result)

    @property
    def changes_kept(self) -> bool:
        return self.kept is not None and self.result != self.kept

    def audit(self) -> dict[str, object]:
        return {"conserve": facts_words(self.kept), "doublon": facts_words(self.duplicate),
                "apres": facts_words(self.result), "repris": self.taken, "ecartes": self.dropped}


def _charter(kept: Facts, duplicate: Facts, taken: list[str], dropped: list[str]) -> tuple[CharterVersion | None,
                                                                                            date | None]:
    version, signed_on = kept.charter_version, kept.charter_signed_on
    if duplicate.charter_version is None:
        return version, signed_on
    if version is None:
        taken.append(charter_words(duplicate))
        return duplicate.charter_version, duplicate.charter_signed_on
    if duplicate.charter_version is version:
        if duplicate.charter_signed_on is None or duplicate.charter_signed_on == signed_on:
            return version, signed_on
        if signed_on is None:
            taken.append(f"la date de signature de la charte ({format_date(duplicate.charter_signed_on)})")
            return version, duplicate.charter_signed_on
    dropped.append(f"{charter_words(duplicate)}, le pôle conservé restant {charter_words(kept)}")
    return version, signed_on


def _ami(kept: Facts, duplicate: Facts, taken: list[str], dropped: list[str]) -> tuple[int | None, int | None]:
    phase, year = kept.ami_phase, kept.ami_year
    if duplicate.ami_phase is None:
        return phase, year
    if phase is None or duplicate.ami_phase > phase:
        taken.append(ami_words(duplicate) + ("" if phase is None else f", au lieu de la phase {phase}"))
        return duplicate.ami_phase, duplicate.ami_year
    if duplicate.ami_phase == phase and (duplicate.ami_year is None or duplicate.ami_year == year):
        return phase, year
    if duplicate.ami_phase == phase and year is None:
        taken.append(f"l'année de l'AMI PTCE ({duplicate.ami_year})")
        return phase, duplicate.ami_year
    dropped.append(f"{ami_words(duplicate)}, le pôle conservé restant {ami_words(kept)}")
    return phase, year


def plan(kept: PoleEligibility | None, duplicate: PoleEligibility | None) -> EligibilityMerge:
    """What merging the duplicate's record into the surviving pole's does, fact by fact (nothing written)."""
    kept_facts, duplicate_facts = Facts.of(kept), Facts.of(duplicate)
    if kept_facts is None or duplicate_facts is None:  # one record at most: it is the surviving pole's
        return EligibilityMerge(kept_facts, duplicate_facts, kept_facts or duplicate_facts)
    taken: list[str] = []
    dropped: list[str] = []
    version, signed_on = _charter(kept_facts, duplicate_facts, taken, dropped)
    phase, year = _ami(kept_facts, duplicate_facts, taken, dropped)
    return EligibilityMerge(kept_facts, duplicate_facts, Facts(version, signed_on, phase, year), taken, dropped)


def apply(merge: EligibilityMerge, kept: PoleEligibility | None) -> None:
    """Write the union on the surviving pole's record (the duplicate's row goes with the merge's generic rule)."""
    if kept is None or merge.result is None or not merge.changes_kept:
        return
    kept.charter_version, kept.charter_signed_on = merge.result.charter_version, merge.result.charter_signed_on
    kept.ami_phase, kept.ami_year = merge.result.ami_phase, merge.result.ami_year
