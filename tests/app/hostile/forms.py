"""The forms a crawl finds: every page of every GET route, as each user of the world, read as a browser would send
its forms (field names, kinds, the values the page put there). The form that posts to a POST rule tells the hostile
test who may use the rule (whoever was shown it), where the form lives and what its real fields are."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule


@dataclass
class Field:
    """One named input of a form: its kind (``text``, ``number``, ``date``, ``select``, ``textarea``…), the value the
    page gave it (the first option of a select, a checked box's value) and whether the browser sends it untouched."""

    name: str
    kind: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    sent: bool = True


@dataclass
class Form:
    """A ``<form method="post">`` of a page: where it posts, and its fields in the order of the page."""

    page: str
    action: str
    fields: list[Field] = field(default_factory=list)

    def browser_data(self) -> list[tuple[str, str]]:
        """What a browser sends untouched: every field with the page's value (checked boxes only)."""
        return [(f.name, f.value) for f in self.fields if f.sent]

    def names(self) -> list[str]:
        """The field names a person can change (not the CSRF token), once each."""
        return list(dict.fromkeys(f.name for f in self.fields if f.name != "csrf_token"))


class _Forms(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(self.page, a.get("action") or self.page) if a.get("method", "").lower() == "post" \
                else None
            if self._form:
                self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":  # a named submit button is sent only when it is the one pressed
                    form.fields.append(Field(a["name"], kind, a.get("value", ""), sent=False))
                return
            form.fields.append(Field(a["name"], kind, a.get("value", "on" if kind in ("checkbox", "radio") else ""),
                                     sent=kind not in ("checkbox", "radio") or "checked" in a))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.fields.append(Field(a["name"], "submit", a.get("value", ""), sent=False))
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            form.fields.append(self._textarea)
        elif tag == "select":
            self._select = Field(a["name"], "select", sent=False)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option(a)

    def _option(self, a: dict[str, str]) -> None:
        select = self._select
        assert select is not None
        select.options.append(a.get("value", ""))
        if not select.sent or "selected" in a:
            select.value, select.sent = a.get("value", ""), True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data.removeprefix("\n") if not self._textarea.value else data


def forms_of(page: str, html: str) -> list[Form]:
    """The post forms of ``html`` (the page at ``page``), the header's sign-out form left out."""
    parser = _Forms(page)
    parser.feed(html)
    return [form for form in parser.forms if form.action.partition("#")[0] != "/compte/deconnexion"]


def rule_of(app: Flask, action: str) -> Rule | None:
    """The POST rule ``action`` (a path, maybe with a query string) reaches, if any."""
    path = action.partition("#")[0].partition("?")[0].removeprefix("http://entrepairs.test")
    try:
        rule, _ = app.url_map.bind("entrepairs.test").match(path, method="POST", return_rule=True)
    except HTTPException:
        return None
    return rule
