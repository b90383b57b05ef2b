"""What an outgoing e-mail must never read like: a double space, a space before a comma or a period.

``mail_text_faults`` reads a message as a mail reader does (the subject decoded from the bytes sent),
so a fault added by the header folding counts as well as one written in a template.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage

SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
FAULTS = {
    "double espace": re.compile(rf"(?<=[^\s])[{SPACES}]{{2,}}"),
    "espace avant une virgule ou un point": re.compile(rf"[{SPACES}][,.](?=\s|$)", re.MULTILINE),
}


def mail_text_faults(message: EmailMessage) -> list[str]:
    """Each fault of ``message``'s subject and plain-text body, as « where: what: the line »."""
    received = message_from_bytes(bytes(message), policy=policy.default)
    body = received.get_body(("plain",))
    texts = {"objet": received["Subject"] or "", "corps": body.get_content() if body is not None else ""}
    return [f"{where} : {fault} : {line.strip()!r}"
            for where, text in texts.items() for line in text.splitlines()
            for fault, pattern in FAULTS.items() if pattern.search(line)]
