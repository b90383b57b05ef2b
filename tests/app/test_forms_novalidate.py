"""Every form sent by POST that holds a field a browser would check (a required field, an e-mail or web address,
a pattern, a length floor, or a field drawn by a macro or by WTForms, which adds ``required`` itself) carries
``novalidate``: the site says what is missing in French beside the field, with the error summary above
(templates/macros/forms.html), never Chromium's own bubble in the browser's language.

Read on the templates themselves, so that a new form without ``novalidate`` fails here even before a page of it
is walked."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
#: What makes a browser check a field before sending: constraint attributes, typed inputs, and the fields drawn by
#: the macros of macros/forms.html or by WTForms (``{{ form.x() }}``, which writes ``required`` for a required one).
CHECKED = re.compile(r"""\brequired\b|\bpattern=|\bminlength\b|type=["'](?:email|url|number|date|time)["']"""
                     r"""|\{\{-?\s*(?:field|choices)\(|\{\{-?\s*[\w.\[\]]+\.(?!csrf_token|label)\w+\(""")


def unguarded_forms(text: str) -> list[int]:
    """The line of each POST form of a template with a checked field and no ``novalidate``."""
    lines = []
    for match in FORM.finditer(text):
        attributes, body = match.groups()
        if re.search(r"""method=["']post["']""", attributes, re.I) and "novalidate" not in attributes \
                and CHECKED.search(body):
            lines.append(text.count("\n", 0, match.start()) + 1)
    return lines


def test_the_scan_finds_a_form_without_novalidate():
    assert unguarded_forms('<form method="post">\n<textarea name="x" required></textarea></form>') == [1]
    assert unguarded_forms('<form method="post">{{ field(form.title) }}</form>') == [1]
    assert unguarded_forms('<form method="post">{{ swap.person_id() }}</form>') == [1]
    assert unguarded_forms('<form method="post" novalidate>{{ field(form.title) }}</form>') == []
    assert unguarded_forms('<form method="post">{{ form.csrf_token }}<button>Valider</button></form>') == []
    assert unguarded_forms('<form method="get"><input type="email" required></form>') == []


def test_every_post_form_with_a_checked_field_carries_novalidate():
    faults = [f"{path.relative_to(TEMPLATES)}:{line}" for path in sorted(TEMPLATES.rglob("*.html"))
              for line in unguarded_forms(path.read_text(encoding="utf-8"))]
    assert faults == [], "formulaires sans novalidate :\n" + "\n".join(faults)
