"""What a text typed by a person must be: no control characters, and real content when it is required.

Shared by the forms (``app.form_fields``: every field of every ``FrenchForm``), the query-string
guard (``app.security``) and the services, which check again what they store (a need of spaces
must not be « publié » by a script or an import any more than by the form).
"""

from __future__ import annotations

import unicodedata

from app.refused import Refused

#: Allowed in multi-line texts (text areas) only.
LINE_BREAKS = frozenset("\t\n\r")

CONTROL_MESSAGE = "Ce texte contient des caractères invisibles (caractères de contrôle) : retirez-les."
EMPTY_MESSAGE = "Ce champ doit contenir des lettres ou des chiffres, pas seulement des espaces ou de la ponctuation."


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """True if ``value`` holds a control character (NUL, escape…); tab and line breaks pass when ``multiline``."""
    return any(unicodedata.category(ch) == "Cc" and not (multiline and ch in LINE_BREAKS) for ch in value)


def has_real_content(value: str | None) -> bool:
    """True if ``value`` holds at least one letter or digit."""
    return bool(value) and any(ch.isalnum() for ch in value)


def require_text(value: str | None, *, field_label: str, multiline: bool = False,
                 error: type[Exception] = Refused) -> str:
    """``value`` stripped, refused (``error``, ``Refused`` by default) if it is blank, punctuation only or
    holds control characters."""
    text = (value or "").strip()
    if has_control_characters(text, multiline=multiline):
        raise error(f"« {field_label} » : {CONTROL_MESSAGE[0].lower()}{CONTROL_MESSAGE[1:]}")
    if not has_real_content(text):
        raise error(f"« {field_label} » doit contenir des lettres ou des chiffres, "
                    "pas seulement des espaces ou de la ponctuation.")
    return text
