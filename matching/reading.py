"""What a person meant, from what they typed: the form of a text every signal of the engine reads.

People write needs and questions as they come: pasted from an e-mail (« Le 3 déc. à 10:12, X a écrit : » and
« > » lines), between « Bonjour, » and « Merci d'avance, Bonne journée, Marie », as notes one item a line,
with emoji, in capitals, with the apostrophes their phone types (’). None of it changes what they ask; all of it
reached the sentence embedder, and courtesy words weighed as content. ``read_text`` keeps the request:

- quoted-mail marks and the lines that frame a quoted or forwarded e-mail are dropped (never the quoted text);
- a greeting that opens the text or a line (« Bonjour Marie, », « je me permets de vous écrire au nom de notre
  pôle. »), and a closing formula with the signature under it, are dropped —
  a closing line only when it is all courtesy (« Merci d'avance pour votre aide ! »; never « Merci de vos
  conseils sur la fiscalité des dons ») and the lines under it are short;
- a line break ends a sentence when a list item starts or ends there or the next line starts with a capital
  (a hard-wrapped line running on in small letters is joined), and so does the last line; list markers are dropped;
- emoji are dropped; typographic apostrophes become straight ones; a text shouted in capitals is read in
  small letters (the embedder reads « ASSOCIATION » as another word than « association »);
- then Unicode NFC and collapsed spaces, as ``normalise_spaces``;
- last, each word as it was meant (``matching/spelling.py``): shorthand spelt out (« les assos du dpt »), a slip of
  the keyboard corrected (« fiancement »).

A clean text whose words the domain's vocabulary knows comes out as ``normalise_spaces`` gives it, so its content
hash and cached vector do not change;
``read_text`` of its own output gives it back unchanged.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from matching.spelling import read_words
from matching.stopwords_fr import FRENCH_STOP_WORDS

_SPACES = re.compile(r"\s+")
#: Apostrophes as phones and word processors type them (’ ‘ ʼ ′ ´ `), read as the straight one.
APOSTROPHES = re.compile("[’‘ʼ′´`]")
#: Emoji and pictographs, with the joiners and selectors that compose them.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u203C\u2049\u20E3\uFE0E\uFE0F\u200D]+")
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
#: A line that frames a quoted or forwarded e-mail: « Le … a écrit : », « --- Message transféré --- »,
#: « Envoyé de mon iPhone », a signature delimiter.
_MAIL_MARK = re.compile(
    r"^\s*(?:(?:le|on)\b.{0,160}\b(?:a écrit|wrote)\s*:?"
    r"|-{2,}\s*(?:message (?:transféré|d'origine|original)|forwarded message|original message)\s*-*"
    r"|(?:envoyé (?:de|depuis)|sent from) (?:mon|my) \S+.*)\s*$", re.IGNORECASE | re.MULTILINE)
#: Header lines of a forwarded e-mail (read only when the text is one): « De : », « Envoyé : », « À : »… ;
#: « Objet : » keeps its words.
_MAIL_HEADER = re.compile(r"^\s*(?:de|from|envoyé|sent|à|a|to|cc|date)\s*:.*$", re.IGNORECASE | re.MULTILINE)
_SUBJECT = re.compile(r"^\s*(?:objet|subject)\s*:\s*(?:(?:tr|fwd?|re)\s*:\s*)*", re.IGNORECASE | re.MULTILINE)
_FORWARD_NOTE = re.compile(
    r"^\s*(?:je (?:vous|te) (?:transf[eè]re|fais suivre|relaie)|pour info(?:rmation)?|fyi)\b[^\n]{0,100}$",
    re.IGNORECASE | re.MULTILINE)
_GREETING_WORDS = r"(?:bonjour|bonsoir|salut|coucou|hello|madame|monsieur|mesdames|messieurs|ma[iî]tre|ch[eè]re?s?)"
#: Who a greeting is addressed to: « à toutes et à tous », « Maître », « l'équipe », a name (a capital first).
_ADDRESSEE = (r"(?:à|a|et|toutes|tous|tout|le|la|les|vous|madame|monsieur|mesdames|messieurs|maître|maitre|"
              r"l['’]équipe|équipe|collègues|amis|amies|(?-i:[A-ZÀ-Ý][\w'’-]*))")
#: A greeting and up to five words of address, closed by a comma, a « ! » or the end of its line.
_GREETING = re.compile(rf"^[ \t]*{_GREETING_WORDS}\b(?:[ \t]+{_ADDRESSEE}\b){{0,5}}[ \t]*(?:[,!]|$)",
                       re.IGNORECASE | re.MULTILINE)
#: A sentence that only says one is writing (« je me permets de vous écrire au nom de notre pôle. »).
_OPENING = re.compile(
    r"^[ \t]*(?:je me permets de vous (?:écrire|contacter|solliciter)|je vous (?:écris|contacte|sollicite))"
    r"(?:[ \t]+(?:au nom de|de la part de|pour le compte de)(?:[ \t]+[^\s,.!?;:]+){1,4})?[ \t]*(?:[.!]|$)",
    re.IGNORECASE | re.MULTILINE)
_SIGNATURE_DELIMITER = re.compile(r"^\s*(?:--|__+)\s*$")
_COURTESY = """
merci mercis remercie remercions remerciant remerciements avance aide retour retours reponse reponses cordialement
cordiales cordiale bien bonne bonnes belle journee soiree semaine fin vite bientot tres salutations sinceres
amicalement amities bises attente lire lecture votre vos beaucoup infiniment sincerement respectueusement
distinguees meilleures sentiments agreer veuillez prie croire expression temps disponibilite interet encore
"""
#: Words a closing formula is made of (accent-free, lower case), beside the stop words.
COURTESY_WORDS = frozenset(_COURTESY.split())
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-–—*•·▪◦‣+]|\d{1,2}[.)])[ \t]+")
_ENDS_SENTENCE = re.compile(r"[.!?;:…,]$")
_WORD = re.compile(r"[^\W\d_]+")
#: Lines under a closing formula that are a signature (a name, a role, a telephone number): at most this many,
#: each at most this long.
SIGNATURE_LINES, SIGNATURE_CHARS = 6, 80
#: A text whose cased letters are at least this share of capitals is shouted (from this many letters on).
SHOUTED_SHARE, SHOUTED_LETTERS = 0.7, 12
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞŒÆ]")
_SMALL = re.compile(r"[a-zß-öø-ÿœæ]")


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode("ascii")


def is_courtesy(line: str) -> bool:
    """Whether ``line`` says nothing but courtesy (« Merci beaucoup pour votre aide et à très vite ! »)."""
    words = [_fold(w) for w in _WORD.findall(line)]
    return (any(w in COURTESY_WORDS for w in words)
            and all(w in COURTESY_WORDS or w in FRENCH_STOP_WORDS or len(w) < 3 for w in words))


def _without_mail_frame(text: str) -> str:
    quoted = len(_QUOTE_MARKS.findall(text)) >= 2
    if not quoted and not _MAIL_MARK.search(text):
        return text
    text = _QUOTE_MARKS.sub("", text) if quoted else text
    text = _MAIL_HEADER.sub("", _MAIL_MARK.sub("", text))
    return _FORWARD_NOTE.sub("", _SUBJECT.sub("", text))


def _without_closing(lines: list[str]) -> list[str]:
    """``lines`` without the closing formula and the signature under it (never the first line)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return lines
    cut = None
    for i in reversed(filled[1:]):
        below = [lines[j] for j in filled if j > i]
        if len(below) > SIGNATURE_LINES or any(len(line.strip()) > SIGNATURE_CHARS for line in below):
            break
        if is_courtesy(lines[i]) or _SIGNATURE_DELIMITER.match(lines[i]):
            cut = i
    return lines if cut is None else lines[:cut]


def _sentences_from_lines(lines: list[str]) -> str:
    """One text from ``lines``: a blank line, a list item or a capital after a break ends a sentence (and then the
    last line ends one too); a hard-wrapped line running on in small letters is joined to the one before."""
    out: list[str] = []
    previous_item = listed = False
    for line in lines:
        item = bool(_LIST_MARKER.match(line))
        listed |= item
        line = _LIST_MARKER.sub("", line).strip()
        if not line:
            if out and not _ENDS_SENTENCE.search(out[-1]):
                out[-1] += "."
            previous_item = False
            continue
        if out and not _ENDS_SENTENCE.search(out[-1]) and (item or previous_item or line[0].isupper()):
            out[-1] += "."
            listed = True
        out.append(line)
        previous_item = item
    if listed and out and not _ENDS_SENTENCE.search(out[-1]):
        out[-1] += "."  # the last line ends its sentence like the others
    return " ".join(out)


def _unshouted(text: str) -> str:
    capitals, small = len(_CAPITAL.findall(text)), len(_SMALL.findall(text))
    if capitals + small < SHOUTED_LETTERS or capitals < SHOUTED_SHARE * (capitals + small):
        return text
    lowered = text.lower()
    return re.sub(r"(^|[.!?]\s+)(\w)", lambda m: m.group(1) + m.group(2).upper(), lowered)


@lru_cache(maxsize=8192)
def read_text(text: str) -> str:
    """The request in ``text``, without what frames it (see the module's docstring), NFC, spaces collapsed.

    Cached: a suggestion page reads the same offers' texts call after call (``bench_suggest``)."""
    text = unicodedata.normalize("NFC", text or "")
    if "\n" in text or "\r" in text:
        text = _without_mail_frame(text.replace("\r\n", "\n").replace("\r", "\n"))
        lines = _without_closing(_OPENING.sub("", _GREETING.sub("", text)).split("\n"))
        text = _sentences_from_lines(lines)
    while _GREETING.match(text) or _OPENING.match(text):
        text = _OPENING.sub("", _GREETING.sub("", text, count=1).lstrip(), count=1)
    text = _EMOJI.sub(" ", APOSTROPHES.sub("'", text))
    return read_words(_unshouted(_SPACES.sub(" ", text).strip()))
