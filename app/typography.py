"""French typography of the words and numbers the site writes: one place for every page, mail and export.

Pure functions (no Flask): the Jinja filters of ``app/templating.py`` and the services that write
sentences (flash messages, CLI output) use the same ones; ``number``, ``plural`` and ``count`` come from the
pure package ``wording``, which ``charts/``, ``matching/`` and ``geo/`` use as well.

- ``number(3.7, 2)`` → ``"3,70"``; ``number(12500)`` → ``"12 500"`` (narrow no-break space);
- ``tenths(2.5)`` → ``"2,5"``, ``tenths(3.0)`` → ``"3"``: an average to the tenth, no « ,0 »;
- ``count(2, "pôle")`` → ``"2 pôles"`` (no-break space), ``count(1, "pôle inscrit", "pôles inscrits")`` → ``"1 pôle inscrit"``
  (French: 0 and 1 take the singular);
- ``elide("que", "Aurélie")`` → ``"qu'Aurélie"``, ``elide("de", "Paris")`` → ``"de Paris"``;
- ``hour_of("Europe/Paris")`` → ``"heure de Paris"``, ``hour_of("Indian/Reunion")`` → ``"heure de La Réunion"``;
- ``of_pole("Pôle Sud")`` → ``"du Pôle Sud"``, ``of_pole("Le Damier")`` → ``"du pôle Le Damier"``;
- ``clock(9, 0)`` → ``"9 h"``, ``clock(9, 30)`` → ``"9 h 30"`` (no-break spaces, no leading zero, no « 00 »);
- ``excerpt(text, 220)``: cut at a word, « … » after it (the ``truncate`` filter of the templates);
- ``sorted(names, key=alphabetical)``: « Île-de-France » between « Hauts-de-France » and « Normandie ».
"""

from __future__ import annotations

import re
import unicodedata

from matching.text import strip_accents
# The pure ones, written once in ``wording`` and given from here to the rest of the site (``as``: re-exported).
from wording import NARROW_NBSP as NARROW_NBSP
from wording import NBSP as NBSP
from wording import count as count
from wording import number as number
from wording import plural as plural
from wording import to_tenth as to_tenth

#: Words that lose their last letter before a vowel sound, and what they become.
ELIDED = {"de": "d'", "que": "qu'", "le": "l'", "la": "l'", "ce": "cet ", "je": "j'", "ne": "n'",
          "se": "s'", "jusque": "jusqu'", "lorsque": "lorsqu'", "puisque": "puisqu'"}
#: Words starting with a mute h (the others, « Haute-Savoie », « Hauts-de-France », keep « de »). A list, not a
#: rule: an aspirated h (« Hauts-de-France », « Hamel », « Haddad ») keeps « de », and nothing in a name's letters
#: tells the two apart; a first name met here and missing reads « de Hortense », dated but not wrong.
MUTE_H = ("habitant", "habitat", "harmonie", "hébergement", "hélène", "héloïse", "henri", "héritage", "hervé",
          "heure", "histoire", "homme", "hôpital", "hortense", "hôtel", "hubert", "hugo", "hugues", "humain",
          "hygiène")
VOWELS = "aeiouàâäéèêëîïôöùûüœæ"

#: Readable names of the time zones the network lives in (« heure de … »).
ZONE_PLACES = {
    "Europe/Paris": "Paris",
    "America/Guadeloupe": "la Guadeloupe",
    "America/Martinique": "la Martinique",
    "America/Cayenne": "la Guyane",
    "Indian/Reunion": "La Réunion",
    "Indian/Mayotte": "Mayotte",
    "America/Miquelon": "Saint-Pierre-et-Miquelon",
    "Pacific/Noumea": "la Nouvelle-Calédonie",
    "Pacific/Tahiti": "la Polynésie française",
    "Pacific/Wallis": "Wallis-et-Futuna",
    "America/St_Barthelemy": "Saint-Barthélemy",
    "America/Marigot": "Saint-Martin",
    "UTC": "UTC",
}


def tenths(value: float | int | None) -> str:
    """A figure to the nearest tenth, its decimal only where there is one: an average of 2.5 is « 2,5 », one of
    3.0 is « 3 » (not « 3,0 », a whole quantity: the CSV says 3), 4.333… is « 4,3 »."""
    return "" if value is None else number(to_tenth(value))


def rating(value: float | int | None, scale: int = 5) -> str:
    """A rating as a French reader says it and a screen reader reads it: « 4,5 sur 5 » (« 4/5 » was read
    « 4 barre oblique 5 »), no-break spaces holding it on one line; an average to the tenth (``tenths``)."""
    return "" if value is None else f"{tenths(value)}{NBSP}sur{NBSP}{scale}"


_YEARS_IN_WORDS = {1: "un an", 2: "deux ans", 3: "trois ans", 4: "quatre ans", 5: "cinq ans", 10: "dix ans"}


def duration_in_days(days: int) -> str:
    """A duration set in days, as a reader says it: « trois ans » for 1 095 days (a whole number of 365-day
    years), else « 90 jours »."""
    years, rest = divmod(int(days), 365)
    if not rest and years in _YEARS_IN_WORDS:
        return _YEARS_IN_WORDS[years]
    return count(days, "jour")


def percent(share: float) -> str:
    """A percentage (``share`` out of 100) the French way: a decimal comma where a tenth is needed, a no-break
    space before the sign so it never starts a line (« 33,3 % », « 50 % »)."""
    return f"{tenths(share)}{NBSP}%"


def starts_with_vowel_sound(word: str) -> bool:
    text = word.strip().lstrip("«\u00a0 \"'(")
    if not text:
        return False
    lower = text.lower()
    first = lower[0]
    if first in VOWELS:
        return True
    if first == "h":
        return lower.startswith(MUTE_H)
    if first == "y":  # Yves, Yvelines (but not yaourt, yoga)
        return len(lower) > 1 and unicodedata.normalize("NFD", lower[1])[0] not in VOWELS
    return False


def in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, its acronyms and proper nouns kept
    (« Journée nationale des PTCE » → « journée nationale des PTCE »; « AMI PTCE » unchanged), where ``|lower``
    wrote « ptce »."""
    first = label.split(" ", 1)[0]
    if not label or (len(first) > 1 and first.isupper()):
        return label
    return label[0].lower() + label[1:]


def elide(word: str, following: str) -> str:
    """``word`` before ``following``, elided when French wants it: « qu'Aurélie », « de Paris », « l'offre »."""
    head, _, last = word.rpartition(" ")
    if following and starts_with_vowel_sound(following):
        replacement = ELIDED.get(last.lower())
        if replacement is not None:
            if last[:1].isupper():
                replacement = replacement[:1].upper() + replacement[1:]
            return f"{head} {replacement}{following}" if head else f"{replacement}{following}"
    return f"{word} {following}"


def zone_place(zone: str | None) -> str:
    """The place a time zone is named after, readable: « Paris », « la Martinique »."""
    if not zone:
        return "Paris"
    if zone in ZONE_PLACES:
        return ZONE_PLACES[zone]
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def hour_of(zone: str | None) -> str:
    """« heure de Paris », « heure de la Martinique », « heure d'Anchorage »."""
    return "heure " + elide("de", zone_place(zone))


def of_pole(name: str, article: str = "du") -> str:
    """« du pôle Le Damier », but « du Pôle Sud » and « du PTCE Ulisse » (never « du pôle Pôle Sud »).

    ``article`` is « du », « au » or « le »: the word the sentence needs before « pôle ».
    """
    lowered = name.strip().lower()
    if lowered.startswith(("pôle ", "pole ", "ptce ")):
        return f"{article} {name.strip()}"
    return f"{article} pôle {name.strip()}"


def clock(hour: int, minute: int) -> str:
    """A time of day the French way: « 9 h », « 14 h 45 », « 0 h 05 ».

    No leading zero on the hour and no « 00 » on a whole hour (« 14 h », as French writes it in a sentence;
    no page lines times up in a column, where « 14 h 00 » would be kept); no-break spaces around « h », so a
    line or a button never breaks inside the time (« 14 / h 45 »).
    """
    if minute == 0:
        return f"{hour}{NBSP}h"
    return f"{hour}{NBSP}h{NBSP}{minute:02d}"


def excerpt(text: str, length: int = 255, killwords: bool = False, end: str = "…", leeway: int = 5) -> str:
    """``text`` cut to about ``length`` characters at a word's end, with « … » (one character, as French prints it)
    and without the comma, colon or dash the cut left behind: « … entrée et sortie des associés… », not Jinja's
    « associés,... ». Jinja's ``truncate`` arguments, so it stands in for that filter in every template."""
    if len(text) <= length + leeway:
        return text
    cut = text[:max(length - len(end), 0)]
    if not killwords and " " in cut and not text[len(cut)].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" \t\n" + NBSP + NARROW_NBSP + ",;:.-–—(«") + end


def feminine_ordinal(n: int) -> str:
    """« 1ʳᵉ », « 21ᵉ »: a rank before a feminine noun (« 21ᵉ position » in a waitlist), as French prints it."""
    return f"{n}{'ʳᵉ' if n == 1 else 'ᵉ'}"


def alphabetical(text: str) -> tuple[str, str]:
    """Sort key of French names as a reader expects them: accents and case ignored (« Île-de-France »
    sorts under I, not after Z as Unicode code points would have it); the exact text breaks ties."""
    return strip_accents(text), text


def after_colon(sentence: str) -> str:
    """A sentence put after « : » starts with a small letter (« Créneau 1 : la fin doit suivre le début. »);
    an acronym or a word in capitals keeps them (« URL », « CRA »)."""
    if len(sentence) > 1 and sentence[0].isupper() and not sentence[1].isupper():
        return sentence[0].lower() + sentence[1:]
    return sentence


_SPACE_BEFORE = re.compile(r"[ \t]+([:;?!»])")
_SPACE_AFTER = re.compile(r"«[ \t]+")


def french_spacing(text: str) -> str:
    """A plain space before « : ; ? ! » » or after « « » made a no-break space, as French typography wants
    (« Rappel : » → « Rappel\u00a0: »), so the punctuation never starts a line; other text is left as it is."""
    return _SPACE_AFTER.sub("«" + NBSP, _SPACE_BEFORE.sub(NBSP + r"\1", text))


#: Hyphenated words a line must never break at their hyphen (« e- / mail » on a phone). In a page's text they are
#: wrapped in ``<span class="nowrap">`` (static/css/site.css): the letters stay the ones a person types, so the
#: browser's search, copy and paste and screen readers read « e-mail » as it is; a non-breaking hyphen (U+2011)
#: would hold the line too, but a search for « e-mail » would no longer find it. Each word is written first and
#: looked behind afterwards (fixed-width look-behinds over the word itself): the page pass then fails at once on
#: every other letter, where look-behinds first would be tried at every character of the page.
UNBROKEN_WORDS = re.compile(
    r'(?i:e-mail)(?<![\w@/.-]e-mail)(?<![\w@/.-]E-mail)(?<![\w@/.-]E-MAIL)(?<!class="nowrap">e-mail)'
    r'(?<!class="nowrap">E-mail)(?i:s?)(?![\w@/-])'
    r'|Juri-PTCE(?<![\w@/.-]Juri-PTCE)(?<!class="nowrap">Juri-PTCE)(?![\w@/-])')
NOWRAP_OPEN, NOWRAP_CLOSE = '<span class="nowrap">', "</span>"

#: Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko… and the Arabic presentation forms; the Arabic comma
#: and full stop among them), and what may sit between two of them inside one name: spaces, apostrophes, hyphens,
#: figures. Not a Latin comma or colon: « محمد, أحمد » in a French list are two names, each isolated in its place.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = rf"[{_RTL}](?:[\s\d'’-]*+[{_RTL}])*"
BDI_OPEN, BDI_CLOSE = "<bdi>", "</bdi>"

#: Elements whose text takes no markup (``_PLAIN_TEXT_TAG``), and attributes read to the reader (``_SPOKEN_ATTRIBUTE``):
#: named once for the pass and for the run it skips, which must never take one of them as unchanged.
_PLAIN_TEXT_ELEMENTS = "title|option|svg"
_SPOKEN_ATTRIBUTES = "title|aria-label|placeholder|alt|data-confirm|data-confirm-label"
#: A tag's inside whose spoken attributes ``_spaced_tag`` would give back as they are, whichever attributes they are: no
#: line break (made a space there), no space before « : ; ? ! » », none after « « ».
_SPACED_TAG_BODY = r"[^>\n \t«]*+(?:(?:[ \t]++(?![:;?!»])|«(?![ \t]))[^>\n \t«]*+)*+"
#: The text of a title or an option that the pass gives back as it is: no tag, no space before a sign, none after « « »
#: (« e-mail » is not wrapped there: its text takes no markup).
_SPACED_PLAIN_TEXT = r"[^< \t\r\n«]*+(?:(?:[ \t\r\n]++(?![:;?!»])|«(?![ \t\r\n]))[^< \t\r\n«]*+)*+"
#: What the page pass leaves as it is, one piece at a time: a tag that is not one of ``_HTML_PARTS``' raw elements or
#: comments, starts or ends no element of ``_PLAIN_TEXT_TAG`` and has no attribute ``_SPOKEN_ATTRIBUTE`` may read
#: (its « tag » match would come back unchanged), or whose spoken attributes have nothing to change
#: (``_SPACED_TAG_BODY``); a whole element of ``_PLAIN_TEXT_TAG`` whose tags and text have nothing to change (its start
#: and end leave the pass as deep as it was); a run of plain letters; a run of spaces no sign follows; a « no
#: space follows; a letter that starts no word of ``UNBROKEN_WORDS``. Each piece is exactly what ``_HTML_PARTS``
#: would skip or give back unchanged at that place, so a page comes out the same, but a run of them is one match,
#: not one call of ``spaced`` per tag (a national day's sheet has 15,000 tags: 90 ms a page, 30 ms in runs; the
#: organisers' map, 2,000 markers read aloud and 2,000 lines with a title: 24,000 calls, 60 ms a page, then 20 ms).
_UNCHANGED = (
    rf"<(?!/?(?:{_PLAIN_TEXT_ELEMENTS})\b|(?:script|style|textarea)\b|!--){_SPACED_TAG_BODY}>"
    rf"|<(?:{_PLAIN_TEXT_ELEMENTS})\b{_SPACED_TAG_BODY}(?<!/)>{_SPACED_PLAIN_TEXT}</(?:{_PLAIN_TEXT_ELEMENTS})>"
    rf"|<(?!/?(?:{_PLAIN_TEXT_ELEMENTS})\b|(?:script|style|textarea)\b|!--)"
    rf"[^>\s]*+(?:\s++(?!(?:{_SPOKEN_ATTRIBUTES})=)[^>\s]*+)*+>"
    rf"|[^< \t\r\n«eEjJ{_RTL}]++"
    r"|[ \t\r\n]++(?![:;?!»])"
    r"|«(?![ \t\r\n])"
    r"|(?!" + UNBROKEN_WORDS.pattern + r")[eEjJ]"
)
#: In a page: an element whose content is no reading text (code, styles, what a person types), a tag
#: (``french_spacing_html`` counts how deep it is in an element whose text takes no markup, ``_PLAIN_TEXT_TAG``),
#: a comment, a run of
#: breakable spaces (line breaks too: HTML reads them as spaces) before « : ; ? ! » » or after « «, a word that
#: must not break at its hyphen. First, a run the pass leaves as it is (``_UNCHANGED``), taken in one match.
_HTML_PARTS = re.compile(
    r"(?P<unchanged>(?:" + _UNCHANGED + r")++)"
    r"|(?P<raw><(?P<name>script|style|textarea)\b.*?</(?P=name)\s*>)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<tag><[^>]*>)"
    r"|[ \t\r\n]+(?P<sign>[:;?!»])"
    r"|«[ \t\r\n]+"
    r"|(?P<word>" + UNBROKEN_WORDS.pattern + ")"
    r"|(?P<rtl>" + _RTL_RUN + ")",
    re.S | re.I,
)
#: The tags that start or end an element whose text is read but takes no markup: the page's title, a menu's option,
#: a drawing (a <span> there would be shown as text, or break the drawing).
_PLAIN_TEXT_TAG = re.compile(rf"<(/?)(?:{_PLAIN_TEXT_ELEMENTS})\b", re.I)
#: Attributes of a tag that are read or shown to the reader (a tooltip, a name, a confirmation question).
_SPOKEN_ATTRIBUTE = re.compile(rf'(\s(?:{_SPOKEN_ATTRIBUTES})=")([^"]*)(")')


def _spaced_tag(tag: str) -> str:
    if '="' not in tag:
        return tag
    return _SPOKEN_ATTRIBUTE.sub(lambda a: a.group(1) + french_spacing(a.group(2).replace("\n", " ")) + a.group(3), tag)


def _spaced_part(match: re.Match[str], markup: bool = True) -> str:
    kind = match.lastgroup  # the alternative that matched (one look-up: this runs for every tag of a page)
    if kind == "tag":
        return _spaced_tag(match.group(0))
    if kind == "sign":
        return NBSP + match.group("sign")
    if kind in ("raw", "comment"):
        return match.group(0)
    if kind == "word":
        return NOWRAP_OPEN + match.group(0) + NOWRAP_CLOSE if markup else match.group(0)
    if kind == "rtl":
        return BDI_OPEN + match.group(0) + BDI_CLOSE if markup else match.group(0)
    return "«" + NBSP


def french_spacing_html(html: str) -> str:
    """``french_spacing`` applied to what a page says: its text and the attributes read to the reader, never its
    markup, its scripts or what a person types (a text area, an input's value). The site writes pages with
    plain spaces, as people type; this one pass gives every page — templates, labels, messages, sentences of the
    services, texts written by the members — the no-break spaces French wants before « : ; ? ! » and inside « »,
    so that a sign never starts a line, and keeps « e-mail » and « Juri-PTCE » whole at the end of a line
    (``UNBROKEN_WORDS``). A right-to-left run (an Arabic first name, a pole's name in Hebrew) is isolated in ``<bdi>``
    wherever a page shows it — a template, a notice under the bell, a service's sentence: without it the figures and
    signs after it join its run (« avec أحمد : 3 mars » read « avec 3 : أحمد mars »).
    ``tests/app/test_pages_of_every_role.py`` checks the pages of every role."""
    plain = 0  # how deep the pass is in elements whose text takes no markup (one pass, left to right)

    def spaced(match: re.Match[str]) -> str:
        nonlocal plain
        if match.lastgroup == "unchanged":
            return match.group(0)
        if match.lastgroup == "tag" and (element := _PLAIN_TEXT_TAG.match(match.group(0))) is not None:
            if element.group(1):
                plain = max(plain - 1, 0)
            elif not match.group(0).endswith("/>"):
                plain += 1
        return _spaced_part(match, markup=not plain)

    return _HTML_PARTS.sub(spaced, html)
