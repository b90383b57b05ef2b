"""Readable French explanations for a (need, offer) pair, computed only for returned suggestions."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from matching.clustering_stopwords import FRENCH_STOP_WORDS as CLUSTER_STOP_WORDS
from matching.lexical import LexicalModel, content_words
from matching.stopwords_fr import FRENCH_STOP_WORDS
from matching.signals import MATURITY_LABELS
from matching.spelling import read_words
from matching.text import split_sentences, strip_accents
from matching.types import Explanation
from wording import count, plural

#: A word as written, apostrophes inside it kept (« l'écologie », « aujourd'hui », « presqu'île »).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Elided words that open a written word (« l' », « d' », « qu' »...): dropped, the word after them stays.
ELIDED_PREFIXES = frozenset(["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"])

#: Length of the prefix used as a crude French stem when looking for shared key words.
STEM_CHARS = 6


def stem(word: str) -> str:
    return word[:STEM_CHARS]


#: Words that are not stop words for ranking but tell a reader nothing as "shared vocabulary"
#: (accent-free, as ``content_words`` gives them).
FILLER_WORDS = frozenset(
    ["bien", "parfois", "souvent", "toujours", "jamais", "vraiment", "beaucoup", "trop", "assez", "plutot", "surtout",
     "moins", "mieux", "annee", "annees", "chose", "choses",
     # Everyday verbs (« nous avons monté », « faire vivre ») and the words every profile here uses (« pôle »,
     # « projet », « besoin »): shared by chance, they read as noise next to « légumerie » or « convention ».
     "monte", "montee", "montes", "montees", "monter", "vivre", "mettre", "trouver", "porter", "passer", "aller",
     "venir", "voir", "savoir", "pouvoir", "vouloir", "essayer", "essaye", "arriver", "arrive", "parler", "donner",
     "prendre", "tenir", "rester", "suffi", "suffit", "suffire", "demander", "rendre", "rendu",
     "rendue", "laisser", "pole", "poles", "projet", "projets",
     "besoin", "besoins",
     # Words written with an apostrophe inside, shown whole or not at all (« aujourd », cut, meant nothing).
     "aujourd'hui", "quelqu'un", "quelqu'une", "entr'aide"]
)


def _whole_word(raw: str) -> str:
    """``raw`` without its elided opening words (« d'aujourd'hui » → « aujourd'hui »), apostrophes made straight."""
    parts = raw.replace("’", "'").split("'")
    while len(parts) > 1 and strip_accents(parts[0]) in ELIDED_PREFIXES:
        parts = parts[1:]
    return "'".join(parts)


def word_key(word: str) -> str:
    """One key for the spellings of one word: accent-free, lower case, without a plural mark.

    « Réunions » and « réunion » share a key; « organiser » and « organisme » do not (a
    six-letter stem would join them, and a reader would be told of a word in neither text).
    """
    folded = strip_accents(word)
    if len(folded) > 4 and folded[-1] in "sx":
        folded = folded[:-1]
    return folded


def surface_words(text: str) -> dict[str, str]:
    """The content words of ``text`` by :func:`word_key`, each as first written in the text."""
    return dict(_surface_words(text))


@lru_cache(maxsize=4096)
def _surface_words(text: str) -> tuple[tuple[str, str], ...]:
    # Cached: a suggestion page reads the need once per card, and the offers it shows recur from page to page.
    out: dict[str, str] = {}
    for written in _WORD.findall(text):
        entry = _surface_entry(written)
        if entry is not None:
            out.setdefault(*entry)
    return tuple(out.items())


@lru_cache(maxsize=65536)
def _surface_entry(written: str) -> tuple[str, str] | None:
    """(key, spelling shown) of one written word, or None when it is not a content word. Cached: the same few
    thousand words make up every profile, and folding one takes a few microseconds."""
    raw = _whole_word(written)
    if "'" in raw:
        # A word that keeps an apostrophe (« presqu'île ») is one word: shown whole, never a part of it.
        if len(raw) < 4 or strip_accents(raw) in FILLER_WORDS:
            return None
    else:
        folded = content_words(raw)
        if len(folded) != 1 or len(folded[0]) < 4 or folded[0] in FILLER_WORDS:
            return None
    return word_key(raw), raw if raw.isupper() else raw.lower()


#: Words that never stand as evidence on their own (« d'après « appliquent selon » » told nothing): the
#: ranking's stop words, the wider list of the cluster labels (« selon », « faut »...), the fillers above,
#: and the verbs every legal question uses.
NOT_EVIDENCE = FRENCH_STOP_WORDS | CLUSTER_STOP_WORDS | FILLER_WORDS | frozenset(
    ["applique", "appliquent", "appliquer", "appliquee", "appliquees", "appliques", "concerne", "concernent",
     "concerner", "prevoit", "prevoient", "prevoir"])


def is_content_word(word: str) -> bool:
    """Whether ``word`` (as written, elision dropped) says something on its own: not a function word,
    an everyday verb or a filler."""
    folded = strip_accents(word)
    if "'" in folded:
        return len(folded) >= 4 and folded not in NOT_EVIDENCE
    return len(folded) >= 3 and folded.isalpha() and folded not in NOT_EVIDENCE


def content_passages(passages: Sequence[str], *, limit: int) -> list[str]:
    """Each passage cut to run from its first content word to its last (inner words kept: « comptes sont
    dans le rouge »); a passage without one is left out, as is a repeat. At most ``limit``."""
    out: dict[str, str] = {}
    for passage in passages:
        spans = []
        for match in _WORD.finditer(passage):
            whole = _whole_word(match.group())
            if is_content_word(whole):
                spans.append((match.end() - len(whole), match.end()))
        if spans:
            kept = passage[spans[0][0]:spans[-1][1]]
            out.setdefault(strip_accents(kept), kept)
    return list(out.values())[:limit]


def typed_surface_words(read: str, typed: str | None) -> dict[str, str]:
    """The content words of ``read`` (a text as the engine reads it), each spelled as ``typed`` first wrote it.

    The engine reads « comcom » as « communauté de communes » and « fiancement » as « financement »; a reader is
    shown « comcom » and « fiancement », the words the person wrote. Without ``typed``, the words as read."""
    return dict(_typed_surface_words(read, typed or ""))


@lru_cache(maxsize=4096)
def _typed_surface_words(read: str, typed: str) -> tuple[tuple[str, str], ...]:
    shown = surface_words(read)
    spelled: dict[str, str] = {}
    for written in _WORD.findall(typed):
        raw = _whole_word(written)
        for meant in _WORD.findall(read_words(raw)):
            entry = _surface_entry(meant)
            # A word read as typed, or only put in lower case, keeps its reading's spelling.
            if entry is not None and entry[0] in shown and meant.lower() != raw.lower():
                spelled.setdefault(entry[0], raw if raw.isupper() else raw.lower())
    return tuple((key, spelled.get(key, reading)) for key, reading in shown.items())


def key_words(need_text: str, offer_text: str, idf: Mapping[str, float], *, limit: int = 4,
              need_typed: str | None = None, offer_typed: str | None = None) -> list[str]:
    """Content words present in both texts, rarest first (``*_text``: each text as read; ``*_typed``: as typed).

    Each is shown as spelled in the need, followed by the offer's spelling when it differs
    (« réunions / réunion »): a reader can find every word shown in both texts. A typed word read as two shared
    words (« comcom ») is shown once.
    """
    need_words = typed_surface_words(need_text, need_typed)
    offer_words = typed_surface_words(offer_text, offer_typed)
    shared = [key for key in offer_words if key in need_words]
    ranked = sorted(shared, key=lambda key: (-idf.get(stem(key), 0.0), key))
    shown: list[str] = []
    quoted: set[str] = set()
    for key in ranked:
        if need_words[key] in quoted:
            continue
        quoted.add(need_words[key])
        shown.append(need_words[key] if need_words[key].lower() == offer_words[key].lower()
                     else f"{need_words[key]} / {offer_words[key]}")
    return shown[:limit]


def known_share(text: str, vocabulary: Mapping[str, float]) -> tuple[int, float]:
    """How many content words of ``text`` the corpus knows (by stem), and their share.

    Gibberish still gets a nearest neighbour in meaning; it is only called close when the
    text is made of words the offers use.
    """
    words = [w for w in content_words(text) if len(w) >= 4]
    if not words:
        return 0, 0.0
    known = sum(1 for w in words if stem(w) in vocabulary)
    return known, known / len(words)


def readable(text: str, vocabulary: Mapping[str, float]) -> bool:
    """Enough known words (at least two, and a third of them) for a closeness to mean something."""
    known, share = known_share(text, vocabulary)
    return known >= 2 and share >= 1 / 3


def stem_idf(texts: Sequence[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of word stems over ``texts``."""
    df: dict[str, int] = {}
    for text in texts:
        for s in {stem(w) for w in content_words(text)}:
            df[s] = df.get(s, 0) + 1
    n = len(texts)
    return {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}


def best_phrases(
    need_text: str, offer_texts: Sequence[str], lexical: LexicalModel, *, limit: int = 2
) -> list[tuple[list[str], list[str]]]:
    """For each offer: the need's and the offer's sentences that match each other best.

    Character n-gram cosine between sentences.
    """
    need_sents = split_sentences(need_text) or [need_text]
    offer_sents = [split_sentences(t) or [t] for t in offer_texts]
    need_m = lexical.transform(need_sents)
    # The offers' sentences come back from page to page: their rows are kept (one product for all offers).
    sim_all = np.asarray((need_m @ lexical.transform_kept([s for sents in offer_sents for s in sents]).T).todense())
    out: list[tuple[list[str], list[str]]] = []
    start = 0
    for sents in offer_sents:
        sim = sim_all[:, start : start + len(sents)]
        start += len(sents)
        need_order = np.argsort(-sim.max(axis=1), kind="stable")[:limit]
        offer_order = np.argsort(-sim.max(axis=0), kind="stable")[:limit]
        out.append((
            [need_sents[i] for i in need_order if sim[i].max() > 0],
            [sents[j] for j in offer_order if sim[:, j].max() > 0],
        ))
    return out


def semantic_reason(z: float) -> str | None:
    if z >= 1.5:
        return "Proximité de sens élevée entre le besoin et l'offre"
    if z >= 0.5:
        return "Proximité de sens notable entre le besoin et l'offre"
    return None


#: Human scale of a hybrid score (z-score units): the number itself is for organisers only. Read off the
#: labelled sets (``bench/bench_score_scale.py``, 12,472 pairs of dev.json without need themes and six story
#: sets): from 6, 88 % of pairs are relevant and 77 % ideal; from 4, 60 % are relevant. The former 3 and 1
#: gave 45 % and 20 %: every first card read « très proche », even on a need nothing answers.
VERY_CLOSE_SCORE = 6.0
#: « proche », and the organisers' « bonne correspondance » threshold (``TRANSFER_GOOD_MATCH_THRESHOLD``).
CLOSE_SCORE = 4.0


def closeness(score: float) -> str:
    """« très proche », « proche » or « à examiner » for a suggestion's score."""
    if score >= VERY_CLOSE_SCORE:
        return "très proche"
    if score >= CLOSE_SCORE:
        return "proche"
    return "à examiner"


def shared_reasons(explanations: Sequence[Explanation], *, keep: Sequence[str] = ()) -> list[str]:
    """The reasons every explanation gives (when there are several), in the first one's order, but those
    starting with one of ``keep``: what :func:`distinguishing` leaves out, for the page to say once."""
    if len(explanations) < 2:
        return []
    others = [set(e.reasons) for e in explanations[1:]]
    return [r for r in dict.fromkeys(explanations[0].reasons)
            if all(r in reasons for reasons in others) and not r.startswith(tuple(keep))]


def distinguishing(explanations: Sequence[Explanation], *, keep: Sequence[str] = ()) -> list[Explanation]:
    """The explanations with the reasons every card shares left out (when there are several cards).

    A reason on every card (« Expérience d'un pôle plus avancé », the same region) does not say
    why this card rather than another: :func:`shared_reasons` gives them, said once above the cards.
    Reasons starting with one of ``keep`` always stay.
    """
    common = set(shared_reasons(explanations, keep=keep))
    if not common:
        return list(explanations)
    return [replace(e, reasons=[r for r in e.reasons if r not in common]) for e in explanations]


def quoted(text: str) -> str:
    """« text » with the non-breaking spaces French typography puts inside guillemets, so a reason never
    ends a line on a lone « (the reasons are plain text, rendered as they are)."""
    return f"«\u00a0{text}\u00a0»"


def shared_themes_reason(declared: Sequence[str], read: Sequence[str], where: str = "le texte de l'offre") -> str:
    """« Thème en commun : Insertion ; lu dans le texte de l'offre : Mobilité ».

    ``declared``: themes both sides declared; ``read``: themes the need declared that the offer's
    author did not tick but that the theme model reads in ``where``.
    """
    found = f"{plural(len(read), 'lu')} dans {where} : " + ", ".join(read)
    if not declared:
        return f"{plural(len(read), 'Thème')} en commun, {found}"
    heading = "Thèmes en commun" if len(declared) + len(read) > 1 else "Thème en commun"
    return f"{heading} : " + ", ".join(declared) + (f" ; {found}" if read else "")


def inferred_themes_reason(labels: Sequence[tuple[str, float]]) -> str:
    """« Thèmes déduits du texte : Modèle économique (72 %) » for themes the need did not declare."""
    return "Thèmes déduits du texte : " + ", ".join(f"{label} ({likelihood_percent(p)}\u00a0%)" for label, p in labels)


def history_reason() -> str:
    """Said when past needs close to this one were paired with the offer. Neither the past need nor its pole is
    named (they belong to another pole), and the words suit both readers: the pole and the resource person."""
    return "A déjà accompagné un pôle sur un besoin proche de celui-ci"


def maturity_reason(need_maturity: str | None, offer_maturity: str | None, signal: float) -> str | None:
    if signal <= 0 or not offer_maturity or not need_maturity or offer_maturity == need_maturity:
        return None
    return f"Expérience d'un pôle plus avancé ({MATURITY_LABELS.get(offer_maturity, offer_maturity)})"


def capacity_reason(capacity_left: int) -> str:
    return f"Encore {count(capacity_left, 'transfert possible')} cette année"


def pole_rank_reason(rank: int, n_allowed: int) -> str:
    ordinal = "1er" if rank == 1 else f"{rank}e"
    return f"Classé {ordinal} sur {count(n_allowed, 'pôle')} ayant décrit ce qu'ils peuvent transmettre"


def rank_reason(rank: int, n_allowed: int, n_excluded: int) -> str:
    ordinal = "1re" if rank == 1 else f"{rank}e"
    text = f"Classée {ordinal} sur {count(n_allowed, 'offre possible')}"
    if n_excluded:
        text += f" ({count(n_excluded, 'exclue')} : même pôle ou capacité épuisée)"
    return text


def without_moment_reasons(explanation: Explanation) -> Explanation:
    """``explanation`` without what only held when it was read: the capacity left and the rank among the offers
    then possible (a full person, an explanation stored with a pair, no longer say what is true)."""
    return replace(explanation, reasons=[r for r in explanation.reasons
                                         if not r.startswith(("Encore ", "Classée "))])


def likelihood_percent(probability: float) -> int:
    """A model's probability as a whole percentage between 1 and 99: a guess read from a text is never
    certain (« 100 % » on a theme the person never chose would overstate it), nor impossible once shown."""
    return min(99, max(1, round(probability * 100)))
