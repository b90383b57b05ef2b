"""What an outgoing e-mail must never read like: a double space, a space before a comma or a period; and in
its subject, a plain space (or none) where French wants a no-break one: before « : ; ? ! », inside « ».

``mail_text_faults`` reads a message as a mail reader does (the subject decoded from the bytes sent),
so a fault added by the header folding counts as well as one written in a template.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
NO_BREAK = "\u00a0\u202f"
FAULTS = {
    "double espace": re.compile(rf"(?<=[^\s])[{SPACES}]{{2,}}"),
    "espace avant une virgule ou un point": re.compile(rf"[{SPACES}][,.](?=\s|$)", re.MULTILINE),
}
#: The subject is one line the site writes whole (the body's templates are checked for the above only).
SUBJECT_FAULTS = {
    "espace ordinaire ou absente avant « : ; ? ! »": re.compile(rf"(?<![{NO_BREAK}?!])[:;?!](?=\s|$)"),
    "espace ordinaire ou absente dans « »": re.compile(rf"«(?![{NO_BREAK}])|(?<![{NO_BREAK}])»"),
}


def mail_text_faults(message: EmailMessage) -> list[str]:
    """Each fault of ``message``'s subject and plain-text body, as « where: what: the line »."""
    received = message_from_bytes(bytes(message), policy=policy.default)
    body = received.get_body(("plain",))
    texts = {"objet": received["Subject"] or "", "corps": body.get_content() if body is not None else ""}
    faults = [f"{where} : {fault} : {line.strip()!r}"
              for where, text in texts.items() for line in text.splitlines()
              for fault, pattern in FAULTS.items() if pattern.search(line)]
    return faults + [f"objet : {fault} : {texts['objet']!r}"
                     for fault, pattern in SUBJECT_FAULTS.items() if pattern.search(texts["objet"])]
