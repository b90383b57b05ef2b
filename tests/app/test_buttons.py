"""Primary, secondary and destructive buttons look different, destructive ones ask first (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models import Need, NeedKind, Role
from tests.app.html_parts import button

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text(encoding="utf-8")
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "confirm.js"


def _rules(css: str) -> list[tuple[str, dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip()) for name, _, value in
            (part.partition(":") for part in body.split(";") if ":" in part)
        )
        for selector in selectors.split(","):
            rules.append((selector.strip(), declarations))
    return rules


def _specificity(selector: str) -> tuple[int, int, int]:
    ids = len(re.findall(r"#[\w-]+", selector))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]+\]|:(?!:)[\w-]+", selector))
    elements = len(re.findall(r"(?:^|[\s>+~])([a-z][\w-]*)", selector))
    return ids, classes, elements


def _winning(class_names: set[str], prop: str, state: str = "") -> str:
    """The value of ``prop`` for an element with these classes (simple selectors only), as the cascade picks it."""
    best: tuple[tuple[int, int, int], int, str] | None = None
    for order, (selector, declarations) in enumerate(_rules(CSS)):
        if prop not in declarations or " " in selector or ">" in selector:
            continue
        match = re.fullmatch(r"(button)?((?:\.[\w-]+)+)(:hover)?", selector)
        if not match or (match.group(3) or "") not in ("", state):
            continue
        if not set(match.group(2).strip(".").split(".")) <= class_names:
            continue
        candidate = (_specificity(selector), order, declarations[prop])
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    assert best is not None, (class_names, prop)
    return best[2]


def _colour(value: str) -> tuple[float, float, float]:
    variables = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", CSS))
    while value.startswith("var("):
        value = variables[value[4:-1].strip()].strip()
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _contrast(a: str, b: str) -> float:
    def luminance(rgb: tuple[float, float, float]) -> float:
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(_colour(a)), luminance(_colour(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


KINDS = {"primary": {"button"}, "secondary": {"button", "button-secondary"}, "danger": {"button", "button-danger"}}


def test_secondary_and_danger_buttons_do_not_look_like_the_primary_one():
    looks = {kind: (_winning(classes, "background"), _winning(classes, "color"),
                    _winning(classes, "border-color") if kind != "primary" else None)
             for kind, classes in KINDS.items()}
    assert looks["secondary"][0] != looks["primary"][0], looks
    assert looks["danger"][0:2] != looks["primary"][0:2] and looks["danger"] != looks["secondary"], looks


@pytest.mark.parametrize("state", ["", ":hover"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_button_kind_has_aa_contrast(kind, state):
    classes = KINDS[kind]
    ratio = _contrast(_winning(classes, "color", state), _winning(classes, "background", state))
    assert ratio >= 4.5, (kind, state, ratio)


def test_every_page_loads_the_confirmation_script_and_the_favicon(client):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<script src="/static/js/confirm.js\?v=[0-9a-f]+" defer></script>', page)
    assert re.search(r'rel="icon" href="/static/favicon.svg\?v=[0-9a-f]+" type="image/svg\+xml"', page)
    with client.get("/static/js/confirm.js") as script:
        assert script.status_code == 200 and b"data-confirm" in script.data and b"showModal" in script.data
    for url in ("/static/favicon.svg", "/favicon.ico"):
        with client.get(url) as icon:
            assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


@pytest.mark.web
def test_closing_a_need_is_a_destructive_action_that_asks_first(client, login, db, make_user, make_pole):
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer la coordination",
                text="Le poste de coordination dépend d'une seule subvention annuelle.", kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    login(facilitator)
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    close = button(page, "Clore ce besoin")
    assert "button-danger" in close.classes and close.attrs["data-confirm"].startswith("Clore ce besoin\u00a0?")
    # Without JavaScript the form still works as it did: it posts, and the need is closed.
    assert "data-confirm" not in page.split("Clore ce besoin")[0].rsplit("<form", 1)[1].split(">", 1)[0]
