"""What a text typed by a person must be: no control characters, real content when it is required, and no
longer than its limit (refused with a French message, never cut: the person chooses what to keep).

Shared by the forms (``app.form_fields``: every field of every ``FrenchForm``), the query-string
guard (``app.security``) and the services, which check again what they store (a need of spaces
must not be « publié » by a script or an import any more than by the form).
"""

from __future__ import annotations

import re
import unicodedata

from app.refused import Refused
from app.typography import after_colon, count, number

#: Allowed in multi-line texts (text areas) only. A vertical tab is Word's line break (Maj+Entrée) and a form feed
#: its page break, both kept when its text is pasted: read as line breaks, not refused as invisible characters
#: the person cannot find to remove.
LINE_BREAKS = frozenset("\t\n\r\v\f")

#: Every way a pasted text may break a line, read as « \n »: Windows' « \r\n », old Mac's « \r », Word's
#: vertical tab and page break, Unicode's line and paragraph separators.
_LINE_BREAK = re.compile("\r\n|[\r\v\f\u2028\u2029]")

#: The invisible marks that force a direction of writing (embeddings, overrides, isolates and their end):
#: a « \u202e » left open in a name or a title turns the rest of its line backwards wherever it is shown
#: (« Élodie \u202eNouvelle — Animation de PTCE » reads « Élodie ECTP ed noitaminA — ellevuoN »), on every
#: page and in every mail that quotes it. Nobody types them: they come pasted (a phone number copied on Windows
#: carries « \u202a…\u202c »), so they are dropped, not refused with a message about characters no one sees.
#: The implicit marks (U+200E, U+200F) stay: they order a neighbouring character and never spill over.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

CONTROL_MESSAGE = "Ce texte contient des caractères invisibles (caractères de contrôle) : retirez-les."
EMPTY_MESSAGE = "Ce champ doit contenir des lettres ou des chiffres, pas seulement des espaces ou de la ponctuation."


def without_direction_controls(value: str) -> str:
    """``value`` without the marks that force a direction of writing (``_DIRECTION_CONTROLS``)."""
    return _DIRECTION_CONTROLS.sub("", value)


#: Two blank lines or more (lines of spaces count as blank): one blank line parts two paragraphs, the rest is a gap.
_BLANK_LINES = re.compile("\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+")


def one_line_break(value: str) -> str:
    """Each line break as one « \\n »: browsers send « \\r\\n » but count it as one against ``maxlength``,
    so a text typed up to its limit must not be refused as one character too long per line; a line break pasted
    from Word (vertical tab, page break) or a Unicode separator reads as a line break too. At most one blank line
    in a row: twenty typed (or pasted) showed as a screen of nothing on every page, mail and calendar quoting it."""
    return _BLANK_LINES.sub("\n\n", _LINE_BREAK.sub("\n", value))


#: Every character ``str.splitlines`` (and so the mail headers' check) reads as a line end, with the blanks around it.
_HEADER_BREAK = re.compile("[ \t]*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


def on_one_line(value: str) -> str:
    """``value`` with each line break (and the blanks around it) as one space: a mail subject quoting a name
    imported with a line break in it (« Pôle\\nBcc: … ») is refused by ``email`` (« Header values may not
    contain linefeed »), so the mail never left; on one line it is sent, and no header can be slipped in."""
    return _HEADER_BREAK.sub(" ", value).strip()


#: A tab and the spaces around it: a cell boundary of a text pasted from a spreadsheet.
_TAB_RUN = re.compile(r"[ ]*\t[\t ]*")


def tabs_as_space(value: str) -> str:
    """Each run of tabs (and the spaces around it) as one space: a title pasted from a spreadsheet cell
    (« Titre\tSuite ») reads « Titre Suite » in a one-line field, instead of being refused as holding an
    invisible character. Text areas keep their tabs."""
    return _TAB_RUN.sub(" ", value)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if ``value`` holds a control character (NUL, escape…); tab and line breaks pass when ``multiline``."""
    return any(unicodedata.category(ch) == "Cc" and not (multiline and ch in LINE_BREAKS) for ch in value)


def has_real_content(value: str | None) -> bool:
    """True if ``value`` holds at least one letter or digit."""
    return bool(value) and any(ch.isalnum() for ch in value)


def length_message(most: int, length: int) -> str:
    """« 5 000 caractères au plus (ce texte en compte 22 000). »: forms and services say it the same way."""
    return f"{count(most, 'caractère')} au plus (ce texte en compte {number(length)})."


def text_problem(value: str | None, *, most: int | None = None, required: bool = False,
                 multiline: bool = False) -> str | None:
    """What is wrong with a typed text (stripped), in French, or ``None``: control characters, nothing real
    when it is required, more than ``most`` characters."""
    text = one_line_break(without_direction_controls(value or "").strip())
    if has_control_characters(text, multiline=multiline):
        return CONTROL_MESSAGE
    if required and not has_real_content(text):
        return EMPTY_MESSAGE
    if most is not None and len(text) > most:
        return length_message(most, len(text))
    return None


def require_text(value: str | None, *, field_label: str, multiline: bool = False, most: int | None = None,
                 error: type[Exception] = Refused) -> str:
    """``value`` stripped, refused (``error``, ``Refused`` by default) if it is blank, punctuation only,
    holds control characters or is longer than ``most`` characters."""
    return _checked(value, field_label=field_label, most=most, required=True, multiline=multiline, error=error)


def bounded_text(value: str | None, *, field_label: str, most: int | None, multiline: bool = True,
                 error: type[Exception] = Refused) -> str:
    """An optional text, stripped (``""`` for nothing); refused (``error``) if it holds control characters
    or is longer than ``most`` characters: a text is never cut without the person knowing."""
    return _checked(value, field_label=field_label, most=most, required=False, multiline=multiline, error=error)


def _checked(value: str | None, *, field_label: str, most: int | None, required: bool, multiline: bool,
             error: type[Exception]) -> str:
    """``text_problem`` said as a refusal naming the field, else the text stripped, one character per line break."""
    problem = text_problem(value, most=most, required=required, multiline=multiline)
    if problem == EMPTY_MESSAGE:
        raise error(f"« {field_label} » doit contenir des lettres ou des chiffres, "
                    "pas seulement des espaces ou de la ponctuation.")
    if problem is not None:
        raise error(f"« {field_label} » : {after_colon(problem)}")
    return one_line_break(without_direction_controls(value or "").strip())
