"""Fields of law and their usual vocabulary, to read a lawyer's short specialties more widely.

A lawyer writes "fiscalité des organismes sans but lucratif"; a pole asks whether its invoices
make it liable to VAT. The question and the specialties share no word, though any jurist
knows VAT is part of that field. Each field of the reference list (``data/legal_fields.csv``)
goes to the lawyer whose specialties are lexically closest to it, and its vocabulary is
appended to that lawyer's text for the *lexical* signals of the router (document expansion).
Sentence embeddings keep the lawyer's own words: a list of thirty terms is not a sentence and
its embedding averages into a generic "law" vector.

A lawyer may also name the field in two words where the reference list has thirty
(« Droit social. »): a field whose label or terms the profile names, in several words, goes
to that lawyer even when the texts are too unequal in length to be close character by character.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np

from matching.explain import word_key
from matching.lexical import LexicalModel, content_words
from matching.types import LawyerProfile, LegalField

#: Character TF-IDF cosine under which a field and a lawyer's specialties share nothing specific.
MIN_FIELD_SIMILARITY = 0.15

#: Added to the closeness of a field and a lawyer, times how surely the fields-of-law recogniser reads that field
#: in one of the lawyer's specialties (``readings`` of ``assign_fields``). Characters and named terms mistake
#: « employeurs associatifs » and « responsabilité civile de la structure et de ses dirigeants » for association
#: law; the recogniser, which learnt each field from the situations PTCE meet, reads them as labour law and
#: liability. Chosen among 0.3, 1 and 3 on the tuning catalogues (leave-one-set-out routing 0.883 → 0.904);
#: see ``bench/bench_routing_fusion.py``.
READING_WEIGHT = 1.0

#: Added to that similarity for each term of a field (its label or vocabulary, two words or more) that a
#: lawyer's profile names. Chosen on the tuning questions routed to dev.json's lawyers and to three
#: rewordings of them (prose, terse, directory-style): routing 0.882 → 0.902 on average, dev.json's own
#: lawyers unchanged (a one-word term such as « clause » named in « clauses sociales » misled it).
NAMED_TERM_WEIGHT = 0.1
#: Terms of fewer words than this say too little about a field to give it away.
MIN_NAMED_TERM_WORDS = 2

#: Words of the field vocabularies that say nothing legal on their own (« bureau », « membres »):
#: a question about running meetings is not a question of association law.
GENERIC_WORDS = frozenset(word_key(w) for w in (
    "droit", "droits", "bureau", "membres", "president", "conseil", "administration", "gestion", "activites",
    "reunions", "projet", "avocat", "avocate", "juridique", "question", "engagement", "capital", "structure"))

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


def term_keys(term: str) -> frozenset[str]:
    """The words of a specialty or vocabulary term that must all be in a text to name it."""
    return frozenset(word_key(w) for w in content_words(term) if len(w) >= 3)


#: A word, or a hyphenated compound (« non-lucrativité », « sous-louer »).
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def text_word_keys(text: str) -> dict[str, str]:
    """A text's content words: word key → the word as written (first spelling met). A word written inside a
    compound is shown as the compound (« non-lucrativité », not « non »): what the reader wrote."""
    written: dict[str, str] = {}
    for compound in _COMPOUND.findall(text):
        for raw in compound.split("-"):
            if content_words(raw):
                written.setdefault(word_key(raw), compound)
    return written


def field_terms(field: LegalField) -> list[str]:
    """The field's label and the terms of its vocabulary."""
    return [field.label, *(t.strip() for t in re.split(r"[,;:()]", field.vocabulary) if t.strip())]


def named_term_count(field: LegalField, words: Collection[str]) -> int:
    """How many of the field's terms of ``MIN_NAMED_TERM_WORDS`` words or more have all their words among
    ``words`` (word keys, see ``text_word_keys``)."""
    found = set(words)
    return sum(1 for keys in map(term_keys, field_terms(field))
               if len(keys) >= MIN_NAMED_TERM_WORDS and not keys <= GENERIC_WORDS and keys <= found)


def assign_fields(
    lawyers: Sequence[LawyerProfile], fields: Sequence[LegalField], *, readings: np.ndarray | None = None,
) -> list[list[LegalField]]:
    """For each lawyer, the fields closest to their specialties (each field goes once).

    Closeness is the character TF-IDF similarity of the field's vocabulary and the profile, plus
    ``NAMED_TERM_WEIGHT`` per term of the field the profile names, plus ``READING_WEIGHT`` times
    ``readings[field, lawyer]`` when given (the probability that one of the lawyer's specialties tells
    that field, see ``LegalSituationRecogniser.specialty_readings``). A field whose best lawyer is under
    ``MIN_FIELD_SIMILARITY`` and names none of its terms shares only generic words ("droit",
    "conseil") with the specialties: it is left out rather than handed to anyone.
    """
    if not lawyers or not fields:
        return [[] for _ in lawyers]
    field_texts = [field.text for field in fields]
    lawyer_texts = [lawyer.text for lawyer in lawyers]
    model = LexicalModel().fit(field_texts + lawyer_texts)
    similarity = model.similarity(field_texts, lawyer_texts)
    lawyer_words = [text_word_keys(text).keys() for text in lawyer_texts]
    owned: list[list[LegalField]] = [[] for _ in lawyers]
    for k, (field, row) in enumerate(zip(fields, similarity)):
        named = [named_term_count(field, words) for words in lawyer_words]
        closeness = [float(sim) + NAMED_TERM_WEIGHT * count for sim, count in zip(row, named)]
        if readings is not None:
            closeness = [c + READING_WEIGHT * float(r) for c, r in zip(closeness, readings[k])]
        best = max(range(len(lawyers)), key=closeness.__getitem__)
        if row[best] >= MIN_FIELD_SIMILARITY or named[best]:
            owned[best].append(field)
    return owned


def expanded_text(lawyer: LawyerProfile, fields: Sequence[LegalField]) -> str:
    """The lawyer's specialties followed by the vocabulary of their fields."""
    return " ".join([lawyer.text, *(f"{field.text}." for field in fields)])
