"""Two people with the same edit form open: read a page's form as a browser would send it, sign in a second client."""

from __future__ import annotations

from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient

from models import User
from tests.conftest import PASSWORD, extract_csrf


class _Form(HTMLParser):
    """The fields of the page's form whose ``method`` is post and that holds ``opened_on``, with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.actions: list[str] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._first_option: dict[str, str] = {}
        self._chosen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.forms.append([])
            self.actions.append(a.get("action", ""))
        if not self._in_form:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            fields.append((self._textarea or "", ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in a:
                fields.append((self._select, value))
                self._chosen.add(self._select)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if self._select not in self._chosen and self._select in self._first_option:
                self.forms[-1].append((self._select, self._first_option[self._select]))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self.forms:
            name, value = self.forms[-1][-1]
            self.forms[-1][-1] = (name, value + data)


def open_form(client: FlaskClient, url: str, action: str | None = None, *,
              marker: str = "opened_on") -> dict[str, list[str]]:
    """GET ``url`` and return its edit form's values (the one carrying ``opened_on``, or the hidden field ``marker``),
    ready to change and post. On a page with several edit forms, ``action`` picks the one that posts to that path."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return form_in(response.get_data(as_text=True), action, marker=marker)


def form_in(page: str, action: str | None = None, *, marker: str = "opened_on") -> dict[str, list[str]]:
    """The values of ``page``'s edit form (carrying ``marker``; posting to ``action`` when given)."""
    parser = _Form()
    parser.feed(page)
    for fields, form_action in zip(parser.forms, parser.actions, strict=True):
        if action is not None and form_action.partition("#")[0] != action:
            continue
        if any(name == marker for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value.removeprefix("\n"))
            return data
    raise AssertionError(f"no edit form carrying {marker}" + (f" posting to {action}" if action else ""))


def signed_in(app: Flask, user: User) -> FlaskClient:
    """A second browser: its own cookies, signed in as ``user``."""
    other = app.test_client()
    token = extract_csrf(other.get("/compte/connexion").get_data(as_text=True))
    response = other.post("/compte/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return other


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.opened_on_with_id = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if a.get("name") == "opened_on" and "id" in a:
            self.opened_on_with_id = True


def duplicate_ids(page: str) -> list[str]:
    """Ids given to more than one element of ``page``; an ``opened_on`` field with an id counts as one."""
    parser = _Ids()
    parser.feed(page)
    twice = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    return twice + (["opened_on"] if parser.opened_on_with_id else [])


#: What every conflict notice says after who and when, then what it means for the form.
NOT_SAVED = ("pendant que vous l'éditiez.</p>\n      <p><strong>Vos modifications ne sont pas encore enregistrées</strong>, "
             "mais le formulaire garde ce que vous avez")


def renewed(page: str) -> str:
    """The ``opened_on`` a conflict page renews: sending the kept form with it saves it on purpose."""
    start = page.index('name="opened_on"')
    tag = page[page.rindex("<input", 0, start):page.index(">", start)]
    return tag.split('value="', 1)[1].split('"', 1)[0]
