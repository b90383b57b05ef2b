"""Fields of law and their usual vocabulary, to read a lawyer's short specialties more widely.

A lawyer writes "fiscalité des organismes sans but lucratif"; a pole asks whether its invoices
make it liable to VAT. The question and the specialties share no word, though any jurist
knows VAT is part of that field. Each field of the reference list (``data/legal_fields.csv``)
goes to the lawyer whose specialties are lexically closest to it, and its vocabulary is
appended to that lawyer's text for the *lexical* signals of the router (document expansion).
Sentence embeddings keep the lawyer's own words: a list of thirty terms is not a sentence and
its embedding averages into a generic "law" vector.
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from matching.lexical import LexicalModel
from matching.types import LawyerProfile, LegalField

#: Character TF-IDF cosine under which a field and a lawyer's specialties share nothing specific.
MIN_FIELD_SIMILARITY = 0.15

#: The reference list shipped with the repository.
DEFAULT_LEGAL_FIELDS_CSV = Path(__file__).resolve().parent.parent / "data" / "legal_fields.csv"


def load_legal_fields(path: str | Path = DEFAULT_LEGAL_FIELDS_CSV) -> tuple[LegalField, ...]:
    """Fields from a CSV with columns ``code``, ``libelle``, ``vocabulaire``."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = []
    for number, row in enumerate(rows, start=2):
        code, label, vocabulary = (row.get(key, "").strip() for key in ("code", "libelle", "vocabulaire"))
        if not (code and label and vocabulary):
            raise ValueError(f"{path}, ligne {number} : code, libellé et vocabulaire sont obligatoires")
        fields.append(LegalField(code=code, label=label, vocabulary=vocabulary))
    return tuple(fields)


def assign_fields(lawyers: Sequence[LawyerProfile], fields: Sequence[LegalField]) -> list[list[LegalField]]:
    """For each lawyer, the fields whose vocabulary is closest to their specialties (each field goes once).

    A field whose best lawyer is under ``MIN_FIELD_SIMILARITY`` shares only generic words
    ("droit", "conseil") with the specialties: it is left out rather than handed to anyone.
    """
    if not lawyers or not fields:
        return [[] for _ in lawyers]
    field_texts = [field.text for field in fields]
    lawyer_texts = [lawyer.text for lawyer in lawyers]
    model = LexicalModel().fit(field_texts + lawyer_texts)
    similarity = model.similarity(field_texts, lawyer_texts)
    owned: list[list[LegalField]] = [[] for _ in lawyers]
    for field, row in zip(fields, similarity):
        best = int(row.argmax())
        if row[best] >= MIN_FIELD_SIMILARITY:
            owned[best].append(field)
    return owned


def expanded_text(lawyer: LawyerProfile, fields: Sequence[LegalField]) -> str:
    """The lawyer's specialties followed by the vocabulary of their fields."""
    return " ".join([lawyer.text, *(f"{field.text}." for field in fields)])
