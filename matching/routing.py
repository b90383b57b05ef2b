"""Route a legal question to the lawyer whose specialties fit best.

Lawyer descriptions are lists of specialties, so besides whole-text similarity the router
compares the question with each specialty clause and keeps the best one (a question is
usually about one specialty). It also hears the field of law behind a story and the terms of a
specialty the question names; ``matching/routing_fusion.py`` says how much each counts (weights fitted
on the tuning questions).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from matching.embedders import Embedder, l2_normalise
from matching.explain import likelihood_percent, quoted, semantic_reason
from matching.lexical import LexicalModel, content_words
from matching.reading import read_text
from matching.text import normalise_spaces, split_sentences
from matching.legal_fields import GENERIC_WORDS, assign_fields, expanded_text, term_keys, text_word_keys
from matching.legal_situations import MIN_FIELD_PROBABILITY, LegalSituationRecogniser, RecognisedField
from matching.routing_fusion import FusionWeights, routing_features
from matching.types import Explanation, LawyerProfile, LegalField, Routing

#: Punctuation, line breaks, and the markers of a list (« • », or a dash that opens a line or stands between spaces:
#: « - Immobilier d'activité : baux commerciaux » on a line of its own, « … monnaies locales – Fiscalité … »).
_CLAUSE_SPLIT = re.compile(r"[:;,.()\n•·▪]|(?:^|\s)[-–—*](?=\s)", re.MULTILINE)
#: Clauses shorter than this are left out (« et », a stray letter; an acronym alone such as « SCI » too: gluing it to
#: its neighbour changed no routing on any labelled set).
MIN_CLAUSE_CHARS = 4


#: Shown when the question names no term of the lawyers' specialties or fields of law and tells no
#: situation the recogniser knows.
NOT_RECOGNISED = ("Nous n'avons pas reconnu de domaine du droit dans votre question : "
                  "choisissez à qui la poser, elle sera lue avant le rendez-vous")


def specialty_clauses(text: str) -> list[str]:
    """The specialties of a lawyer description: separated by punctuation, line breaks or list markers.

    Read before the description's spaces are collapsed: a list written one specialty a line would otherwise run
    its lines together (« monnaies locales - Fiscalité des coopératives - Immobilier d'activité » read as one).
    """
    clauses = [normalise_spaces(c) for c in _CLAUSE_SPLIT.split(text)]
    return [c for c in clauses if len(c) >= MIN_CLAUSE_CHARS] or [normalise_spaces(text)]


def _zscore(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    return (values - values.mean()) / (std if std > 1e-6 else 1.0)


#: A term a question names: (the term, its field of law or None for the lawyer's own words, the question's words).
NamedTerm = tuple[str, str | None, list[str]]


@dataclass(frozen=True)
class _Heard:
    """What the router heard in one question, for every lawyer."""

    question: str
    signals: dict[str, np.ndarray]
    best_clause: np.ndarray
    named: list[list[NamedTerm]]
    fields_heard: dict[str, float] | None
    fields_voted: dict[str, float] | None


class LawyerRouter:
    """Fit once on the lawyers, then ``route`` questions. Modes mirror ``HybridMatcher``."""

    def __init__(
        self,
        *,
        embedder: Embedder | None,
        fusion: FusionWeights = FusionWeights(),
        mode: Literal["hybrid", "embedding", "tfidf"] = "hybrid",
        fields: Sequence[LegalField] = (),
        situations: LegalSituationRecogniser | None = None,
    ) -> None:
        self.embedder = embedder
        self.situations = situations
        self.fusion = fusion
        self.mode = mode
        #: Fields of law whose vocabulary widens the lexical reading of the specialties.
        self.fields = tuple(fields)

    def fit(self, lawyers: Sequence[LawyerProfile], lawyer_vectors: np.ndarray | None = None) -> LawyerRouter:
        lawyers = list(lawyers)
        if not lawyers:
            raise ValueError("Aucun avocat : impossible d'orienter la question")
        for lawyer in lawyers:
            if len(content_words(lawyer.text)) < 2:
                raise ValueError(f"avocat {lawyer.id} : description vide ou trop courte")
        self.lawyers_ = lawyers
        texts = [normalise_spaces(lw.text) for lw in lawyers]
        own_clauses = [specialty_clauses(lw.text) for lw in lawyers]
        readings = None
        if self.situations is not None and self.fields:
            readings = self.situations.specialty_readings(own_clauses, self.fields)
        self.fields_ = assign_fields(lawyers, self.fields, readings=readings)
        #: Fields of law no lawyer was given: a question about one is told so, not « not recognised ».
        self.unowned_fields_ = [f for f in self.fields if not any(f in owned for owned in self.fields_)]
        #: Per lawyer: (clause, field label or None when the clause is the lawyer's own words).
        self.clauses_ = [
            [(c, None) for c in clauses]
            + [(c, field.label) for field in owned for c in specialty_clauses(field.text)]
            for clauses, owned in zip(own_clauses, self.fields_)
        ]
        flat = [c for cs in self.clauses_ for c, _ in cs]
        self.clause_owner_ = np.array([i for i, cs in enumerate(self.clauses_) for _ in cs])
        if self.mode != "tfidf":
            if lawyer_vectors is None:
                if self.embedder is None:
                    raise ValueError("Ni vecteurs d'avocats ni embedder")
                lawyer_vectors = self.embedder.encode(texts)
            self.vectors_ = l2_normalise(lawyer_vectors)
        lexical_texts = [normalise_spaces(expanded_text(lw, owned)) for lw, owned in zip(lawyers, self.fields_)]
        #: Per lawyer: (term, field label or None, its word keys), to tell what the question names.
        self.terms_ = [
            [(c, None, term_keys(c)) for c in clauses]
            + [(term.strip(), field.label, term_keys(term)) for field in owned
               for term in re.split(r"[,;:()]", field.vocabulary) if term.strip()]
            for clauses, owned in zip(own_clauses, self.fields_)
        ]
        self.lexical_ = LexicalModel().fit(lexical_texts + flat)
        self.text_lex_ = self.lexical_.transform(lexical_texts)
        self.clause_lex_ = self.lexical_.transform(flat)
        return self

    def _clause_max(self, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per lawyer: best clause similarity and the index of that clause in ``clauses_[i]``."""
        best = np.zeros(len(self.lawyers_), dtype=np.float32)
        where = np.zeros(len(self.lawyers_), dtype=np.int64)
        for i in range(len(self.lawyers_)):
            own = np.nonzero(self.clause_owner_ == i)[0]
            j = int(np.argmax(sims[own]))
            best[i], where[i] = sims[own[j]], j
        return best, where

    def route(self, question: str, *, question_vector: np.ndarray | None = None) -> Routing:
        heard = self._hear(question, question_vector)
        comps = heard.signals
        if self.mode == "embedding":
            total = comps["embedding"]
        elif self.mode == "tfidf":
            total = comps["lexical"]
        else:
            # The small z-score term only breaks ties between equal scores.
            total = (self._features(heard) @ self.fusion.vector()
                     + 1e-4 * (_zscore(comps["embedding"]) + _zscore(comps["lexical"]) + _zscore(comps["lexical_clause"])))
        order = np.argsort(-total, kind="stable")
        best = int(order[0])
        ranking = [(self.lawyers_[i].id, float(total[i])) for i in order]
        named = heard.named[best]
        field = unclaimed = None
        if heard.fields_heard is not None and self.situations is not None:
            # Its words are quoted as the person typed them (« asso »), never as read (« association »).
            field = self.situations.recognised_field(heard.question, self.fields_[best], heard.fields_heard,
                                                     written=question)
            if field is None and not named:
                unclaimed = self.situations.recognised_field(heard.question, self.unowned_fields_, heard.fields_heard,
                                                             written=question)
        return Routing(
            lawyer_id=self.lawyers_[best].id,
            score=float(total[best]),
            explanation=self._explain(heard.question, best, comps, total, heard.best_clause, named, field, unclaimed),
            ranking=ranking,
            recognised=bool(named) or field is not None,
        )

    def features(self, question: str, *, question_vector: np.ndarray | None = None) -> np.ndarray:
        """The fusion's features of every lawyer for ``question`` (hybrid mode): what its weights are fitted on."""
        if self.mode != "hybrid":
            raise ValueError("Les traits de fusion n'existent qu'en mode hybride")
        return self._features(self._hear(question, question_vector))

    def _hear(self, question: str, question_vector: np.ndarray | None) -> _Heard:
        """Every signal of ``question`` for every lawyer, computed once."""
        if not hasattr(self, "lawyers_"):
            raise RuntimeError("LawyerRouter non entraîné : appeler fit(avocats) d'abord")
        question = read_text(question)
        if len(content_words(question)) < 2:
            raise ValueError("question : texte vide ou trop court pour être orienté")
        comps: dict[str, np.ndarray] = {}
        q_lex = self.lexical_.transform([question])
        comps["lexical"] = np.asarray((q_lex @ self.text_lex_.T).todense(), dtype=np.float32)[0]
        clause_sims = np.asarray((q_lex @ self.clause_lex_.T).todense(), dtype=np.float32)[0]
        comps["lexical_clause"], best_clause = self._clause_max(clause_sims)
        qv = None
        if self.mode != "tfidf":
            if question_vector is None:
                if self.embedder is None:
                    raise ValueError("Ni vecteur de question ni embedder")
                question_vector = self.embedder.encode([question])
            qv = l2_normalise(np.asarray(question_vector).reshape(1, -1))[0]
            comps["embedding"] = (self.vectors_ @ qv).astype(np.float32)
        # The fields-of-law probabilities, computed once (hybrid only): the word model's, calibrated, for the
        # explanation; blended with the nearest situations in meaning for the score.
        fields_heard = self.situations.probabilities(question) if self.mode == "hybrid" and self.situations else None
        fields_voted = fields_heard
        if fields_heard is not None and self.situations is not None and qv is not None:
            fields_voted = self.situations.with_nearest(fields_heard, qv)
        return _Heard(question, comps, best_clause, self._named_by_lawyer(question), fields_heard, fields_voted)

    def _features(self, heard: _Heard) -> np.ndarray:
        field_probability = np.zeros(len(self.lawyers_), dtype=np.float32)
        if heard.fields_voted is not None and self.situations is not None:
            field_probability = self.situations.lawyer_scores(heard.question, self.fields_, heard.fields_voted)
            favourite = int(np.argmax(field_probability)) if float(field_probability.max()) > 0.0 else None
            if names_precisely_another_specialty(heard.named, favourite):
                field_probability = np.zeros_like(field_probability)
        return routing_features(
            embedding=heard.signals["embedding"], lexical=heard.signals["lexical"], clause=heard.signals["lexical_clause"],
            field_probability=field_probability, likely=MIN_FIELD_PROBABILITY,
            own_named=[sum(1 for _, field, _ in terms if field is None) for terms in heard.named],
            field_named=[sum(1 for _, field, _ in terms if field is not None) for terms in heard.named],
        )

    def _named_by_lawyer(self, question: str) -> list[list[tuple[str, str | None, list[str]]]]:
        """``named_terms`` for every lawyer, reading the question's words once."""
        written = text_word_keys(question)
        return [self._named(written, i) for i in range(len(self.lawyers_))]

    def named_terms(self, question: str, lawyer: int) -> list[tuple[str, str | None, list[str]]]:
        """The terms of ``lawyer``'s specialties and fields that ``question`` names, most words first.

        Each with its field (None for the lawyer's own words) and the question's words as written.
        A term is named when every one of its words is in the question; generic words alone
        (« bureau », « membres ») name nothing.
        """
        return self._named(text_word_keys(question), lawyer)

    def _named(self, written: dict[str, str], lawyer: int) -> list[tuple[str, str | None, list[str]]]:
        """The terms of ``lawyer`` whose every word is among ``written`` (word key → word as written)."""
        found = []
        for term, field, keys in self.terms_[lawyer]:
            if keys and keys <= written.keys() and not keys <= GENERIC_WORDS:
                found.append((term, field, [written[k] for k in sorted(keys)]))
        return sorted(found, key=lambda item: -len(item[2]))

    def _explain(
        self, question: str, best: int, comps: dict[str, np.ndarray], total: np.ndarray, best_clause: np.ndarray,
        named: list[tuple[str, str | None, list[str]]], heard: RecognisedField | None = None,
        unclaimed: RecognisedField | None = None,
    ) -> Explanation:
        clause, field = self.clauses_[best][int(best_clause[best])]
        sentences = split_sentences(question) or [question]
        sims = self.lexical_.similarity(sentences, [clause])[:, 0]
        components = {key: float(values[best]) for key, values in comps.items()}
        components["total"] = float(total[best])
        if not named and heard is None:
            # Nothing in the question names a specialty or tells a situation of this lawyer's fields: no reason would
            # be true. When it tells a field nobody was given, it says which.
            reason = unclaimed_reason(unclaimed) if unclaimed is not None else NOT_RECOGNISED
            return Explanation(shared_themes=[], need_phrases=[], offer_phrases=[], reasons=[reason],
                               components=components)
        reasons = []
        if heard is not None:
            reasons.append(recognised_reason(heard))
        if named:
            term, field, words = named[0]
            if field is None:
                reasons.append(f"Spécialité la plus proche : {quoted(term)}")
            elif heard is None or field != heard.field.label:
                reasons.append(f"Domaine du droit couvert : {field} ({quoted(term)})")
            shown = list(dict.fromkeys(w for _, _, ws in named for w in ws))[:5]
            reasons.append("Mots de votre question reconnus : " + ", ".join(quoted(w) for w in shown))
        if "embedding" in comps:
            reason = semantic_reason(float(_zscore(comps["embedding"])[best]) * 1.5)
            if reason:
                # Read under the suggested lawyer's name (« Maître X — notre suggestion »): « ses spécialités »
                # says whose, with no gender mark.
                reasons.append(reason.replace("le besoin et l'offre", "votre question et ses spécialités"))
        return Explanation(
            shared_themes=[],
            need_phrases=[sentences[int(np.argmax(sims))]],
            offer_phrases=[clause],
            reasons=reasons,
            components=components,
        )


#: Words of one of a lawyer's own specialties a question must name, all of them, for that naming to outweigh the
#: field of law read in the question.
PRECISE_NAMING_WORDS = 3


def names_precisely_another_specialty(named_by_lawyer: Sequence[Sequence[NamedTerm]], favourite: int | None) -> bool:
    """Whether the question names, in ``PRECISE_NAMING_WORDS`` words or more, one of the own specialties of a lawyer
    other than ``favourite`` (the one whose field of law it most likely tells).

    The fitted weights trust the recognised field far more than the words a question shares with a lawyer, and
    rightly so for stories; but a lawyer whose specialty lies outside the reference fields (urbanism, « permis de
    construire et changement de destination des bâtiments ») owns no field, and a question that names her specialty
    that precisely is about it, whatever field its other words suggest. The field then counts for nobody and the
    text signals decide. No tuning or check question names a specialty so precisely, so the fit does not see it.
    """
    return any(field is None and len(words) >= PRECISE_NAMING_WORDS
               for lawyer, terms in enumerate(named_by_lawyer) if lawyer != favourite for _, field, words in terms)


def unclaimed_reason(heard: RecognisedField) -> str:
    """What a question about a field of law that no lawyer was given reads instead of « not recognised »:
    « Votre question relève sans doute du domaine « Financement citoyen… » (87 %, d'après « prêter »), qu'aucun·e
    des avocat·es ne cite parmi ses spécialités : choisissez à qui la poser… »."""
    evidence = f"{likelihood_percent(heard.probability)}\u00a0%"
    if heard.triggers:
        evidence += ", d'après " + ", ".join(quoted(t) for t in heard.triggers)
    return (f"Votre question relève sans doute du domaine {quoted(heard.field.label)} ({evidence}), qu'aucun·e des "
            "avocat·es ne cite parmi ses spécialités : choisissez à qui la poser, elle sera lue avant le rendez-vous")


def recognised_reason(heard: RecognisedField) -> str:
    """« Situation reconnue : Bénévolat et volontariat (91 %) — d'après « sans pouvoir les salarier » »."""
    reason = f"Situation reconnue : {heard.field.label} ({likelihood_percent(heard.probability)}\u00a0%)"
    if heard.triggers:
        reason += " — d'après " + ", ".join(quoted(t) for t in heard.triggers)
    return reason


def route_question(
    question: str,
    lawyers: Sequence[LawyerProfile],
    *,
    embedder: Embedder | None,
    mode: Literal["hybrid", "embedding", "tfidf"] = "hybrid",
    fields: Sequence[LegalField] = (),
) -> Routing:
    """One-shot routing (fits a ``LawyerRouter`` each call; keep a router for repeated use)."""
    return LawyerRouter(embedder=embedder, mode=mode, fields=fields).fit(lawyers).route(question)
