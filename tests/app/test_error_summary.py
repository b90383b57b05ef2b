"""A form sent back with errors: its summary can take the focus, each line links to something that exists and
takes the focus, and that field says it is invalid and points to its error message."""

from __future__ import annotations

from html.parser import HTMLParser

from models import Role


class _Elements(HTMLParser):
    """Each element with an id: its attributes, and those of the elements around it."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, tuple[dict[str, str], list[dict[str, str]]]] = {}
        self.summary_links: list[str] = []
        self.summary: dict[str, str] | None = None
        self._stack: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {"tag": tag, **{name: value or "" for name, value in attrs}}
        if "id" in values:
            self.by_id[values["id"]] = (values, list(self._stack))
        if "error-summary" in values.get("class", "").split():
            self.summary = values
        if tag == "a" and any("error-summary" in a.get("class", "") for a in self._stack):
            self.summary_links.append(values.get("href", ""))
        if tag not in self.VOID:
            self._stack.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._stack.pop()


def _check_links(page: str) -> list[str]:
    elements = _Elements()
    elements.feed(page)
    assert elements.summary is not None and elements.summary.get("tabindex") == "-1"
    assert elements.summary_links, "aucun lien dans le résumé des erreurs"
    faults = []
    for href in elements.summary_links:
        target = href.removeprefix("#")
        if target not in elements.by_id:
            faults.append(f"{href} : aucun élément")
            continue
        attrs, around = elements.by_id[target]
        if attrs["tag"] not in ("input", "select", "textarea"):
            faults.append(f"{href} : {attrs['tag']} ne prend pas le focus")
        if attrs.get("aria-invalid") != "true":
            faults.append(f"{href} : sans aria-invalid")
        described = attrs.get("aria-describedby", "").split()
        described += [name for a in around if a["tag"] == "fieldset" for name in a.get("aria-describedby", "").split()]
        if not any(name in elements.by_id and "error-text" in elements.by_id[name][0].get("class", "")
                   for name in described):
            faults.append(f"{href} : aria-describedby ne désigne pas son message d'erreur")
    return faults


def test_every_line_of_the_summary_leads_to_an_invalid_field_described_by_its_error(
        client, csrf, login, make_user, make_pole):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    page = client.post(url, data={"csrf_token": csrf(url), "title": "", "text": ""}).get_data(as_text=True)
    assert 'href="#kind-0"' in page  # a group of radio buttons: its first choice
    assert _check_links(page) == []


def test_a_checkbox_in_error_shows_its_message_where_its_description_points(client, csrf, login, make_user):
    login(make_user(Role.FACILITATOR))
    url = "/compte/supprimer"
    page = client.post(url, data={"csrf_token": csrf(url)}).get_data(as_text=True)
    assert _check_links(page) == []


def test_the_page_loads_the_script_that_gives_the_summary_the_focus(client):
    page = client.get("/compte/connexion").get_data(as_text=True)
    assert "js/error_summary.js" in page and "js/menu.js" in page
